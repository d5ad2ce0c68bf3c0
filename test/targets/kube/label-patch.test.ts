// Relabelling sends exactly the difference as a JSON merge patch.
import test from 'ava';
import { applyLabelPatch, buildLabelPatch } from '../../../src/targets/kube/label-patch.ts';

test('changed and new labels are set, dropped ones become null', (t) => {
  t.deepEqual(buildLabelPatch({ app: 'web', tier: 'front', old: 'x' }, { app: 'web', tier: 'back', role: 'api' }), {
    metadata: { labels: { tier: 'back', role: 'api', old: null } },
  });
});

test('labels that already match need no patch', (t) => {
  t.is(buildLabelPatch({ app: 'web' }, { app: 'web' }), undefined);
});

test('applying the patch gives the wanted labels', (t) => {
  const current = { app: 'web', old: 'x' };
  const wanted = { app: 'api', extra: 'y' };
  t.deepEqual(applyLabelPatch(current, buildLabelPatch(current, wanted)), wanted);
});
