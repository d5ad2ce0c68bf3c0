import test from 'ava';
import {
  checkRunId,
  externalBridgePortName,
  externalNamespaceName,
  MAX_INTERFACE_NAME,
  nodeNamespaceName,
  parseNamespaceName,
  podBridgePortName,
  podNamespaceName,
} from '../../../src/targets/local/names.ts';

test('namespaces carry the run id: node, p<i> for pods, e<i> for externals', (t) => {
  t.deepEqual(
    [nodeNamespaceName('3f2a'), podNamespaceName('3f2a', 0), podNamespaceName('3f2a', 12), externalNamespaceName('3f2a', 1)],
    ['npp-3f2a-node', 'npp-3f2a-p0', 'npp-3f2a-p12', 'npp-3f2a-e1'],
  );
});

test('a namespace name reads back to its run, role and index', (t) => {
  t.deepEqual(['npp-3f2a-node', 'npp-3f2a-p7', 'npp-ab-e0'].map(parseNamespaceName), [
    { runId: '3f2a', role: 'node' },
    { runId: '3f2a', role: 'pod', index: 7 },
    { runId: 'ab', role: 'external', index: 0 },
  ]);
});

test('names this target would not create are not read as its own', (t) => {
  t.deepEqual(
    ['npp-3f2a-bank-app', 'npp-3F2A-node', 'npp-3f2a-p01', 'xnpp-3f2a-node', 'npp--node', 'npp-3f2a-node-x', 'cni-1234'].map(
      parseNamespaceName,
    ),
    [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
  );
});

test('bridge-side interface names stay within 15 characters for any index', (t) => {
  for (const index of [0, 9, 99_999, 999_999_999]) {
    t.true(podBridgePortName(index).length <= MAX_INTERFACE_NAME);
    t.true(externalBridgePortName(index).length <= MAX_INTERFACE_NAME);
  }
});

test('a run id must be short lower-case hex', (t) => {
  t.deepEqual(['3f2a', '0', 'abcdef012345'].map(checkRunId), [undefined, undefined, undefined]);
  t.deepEqual(
    ['', '3F2A', 'abc-1', 'abcdef0123456', '3f2a;rm'].map((id) => checkRunId(id) !== undefined),
    [true, true, true, true, true],
  );
});
