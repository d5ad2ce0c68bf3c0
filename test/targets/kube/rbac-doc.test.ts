// docs/rbac.yaml grants every permission the preflight checks, so a user given exactly that role passes
// preflight and can then do what the run does.
import { readFile } from 'node:fs/promises';
import test from 'ava';
import { parseAllDocuments } from 'yaml';
import { buildRequiredAccess, renderAccessCheck } from '../../../src/targets/kube/required-access.ts';

interface Rule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

test('docs/rbac.yaml grants every permission the preflight checks, get and create on pods/exec and the ClusterNetworkPolicy verbs included', async (t) => {
  const documents = parseAllDocuments(await readFile('docs/rbac.yaml', 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  const role = documents.find((d) => d['kind'] === 'ClusterRole');
  const rules = (role?.['rules'] ?? []) as Rule[];
  const granted = (verb: string, group: string, resource: string): boolean =>
    rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
  const missing = buildRequiredAccess('service', true)
    .filter((c) => !granted(c.verb, c.group, c.subresource === undefined ? c.resource : `${c.resource}/${c.subresource}`))
    .map(renderAccessCheck);
  t.deepEqual(missing, []);
  t.true(granted('get', '', 'pods/exec') && granted('create', '', 'pods/exec'));
  t.true(
    ['create', 'update', 'delete', 'get', 'list'].every((verb) =>
      granted(verb, 'policy.networking.k8s.io', 'clusternetworkpolicies'),
    ),
  );
});
