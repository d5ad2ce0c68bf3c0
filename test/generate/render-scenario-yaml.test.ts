// Scenario documents as YAML: they read back to the same value, short collections on one line, comments kept.
import test from 'ava';
import { parse } from 'yaml';
import { renderScenarioYaml } from '../../src/generate/render-scenario-yaml.ts';
import type { ScenarioDocument } from '../../src/generate/scenario-document.ts';

const SELECTOR = { matchLabels: { pod: 'a' } };
const DOCUMENT: ScenarioDocument = {
  apiVersion: 'netpol-probe/v1',
  kind: 'Scenario',
  metadata: { name: 'demo', tags: ['generated'] },
  spec: {
    namespaces: [{ name: 'x' }],
    pods: [{ namespace: 'x', name: 'a', labels: { pod: 'a' } }],
    policies: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { namespace: 'x', name: 'p' },
        // The same object twice: written out twice, never as a YAML alias.
        spec: { podSelector: SELECTOR, ingress: [{ from: [{ podSelector: SELECTOR }] }] },
      },
    ],
    steps: [{ name: 'one', apply: ['x/p'], expect: [{ from: 'x/a', to: 'x/a', port: 80, allowed: true }] }],
  },
};

test('the YAML reads back to the same document', (t) => {
  t.deepEqual(parse(renderScenarioYaml(DOCUMENT)), DOCUMENT);
});

test('short maps go on one line, shared objects are not aliased, header and step comments are written', (t) => {
  const text = renderScenarioYaml(DOCUMENT, { header: ['top line'], stepComments: [['why this step']] });
  t.true(text.startsWith('# top line\n'));
  t.true(text.includes('    - {namespace: x, name: a, labels: {pod: a}}\n'));
  t.true(text.includes('    # why this step\n'));
  t.false(/[&*]a\d/.test(text));
});
