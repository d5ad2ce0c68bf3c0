import test from 'ava';
import type { Cluster } from '../../src/model/cluster.ts';
import { InputError } from '../../src/model/errors.ts';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import {
  listPlaceholders,
  resolvePlaceholders,
  restorePlaceholders,
  substitutePolicyValue,
} from '../../src/scenario/placeholders.ts';

const cluster: Cluster = {
  namespaces: [{ name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }],
  pods: [
    { namespace: 'x', name: 'a', labels: {}, ports: [], ips: { IPv4: '10.244.0.1', IPv6: 'fd00:10:244::1' } },
    { namespace: 'x', name: 'b', labels: {}, ports: [], ips: { IPv4: '10.244.0.2' } },
  ],
  externals: [],
};

const policy = (cidr: string, except?: string[]): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace: 'x', name: 'p' },
  spec: {
    podSelector: {},
    ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr, ...(except === undefined ? {} : { except }) } }] }],
    egress: [{ to: [{ ipBlock: { cidr: '{{x/a:v6}}/128' } }] }],
  },
});

test('listPlaceholders finds every placeholder in cidr and except, with its path and family', (t) => {
  t.deepEqual(listPlaceholders(policy('10.244.0.0/16', ['{{x/a}}/32', '{{ x/b }}/32', '{{nonsense}}/32'])), [
    { path: ['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'except', 0], placeholder: '{{x/a}}', pod: 'x/a', family: 'IPv4' },
    { path: ['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'except', 1], placeholder: '{{ x/b }}', pod: 'x/b', family: 'IPv4' },
    { path: ['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'except', 2], placeholder: '{{nonsense}}', family: 'IPv4' },
    { path: ['spec', 'egress', 0, 'to', 0, 'ipBlock', 'cidr'], placeholder: '{{x/a:v6}}', pod: 'x/a', family: 'IPv6' },
  ]);
});

test('resolvePlaceholders puts in the IPv4 and IPv6 addresses of the pods', (t) => {
  const resolved = resolvePlaceholders(policy('{{x/b}}/32', []), cluster);
  t.deepEqual(resolved.spec.ingress?.[0]?.from?.[1], { ipBlock: { cidr: '10.244.0.2/32', except: [] } });
  t.deepEqual(resolved.spec.egress?.[0]?.to?.[0], { ipBlock: { cidr: 'fd00:10:244::1/128' } });
  t.deepEqual(resolved.spec.ingress?.[0]?.from?.[0], { podSelector: {} });
});

test('a placeholder under a shorter prefix resolves to the network holding the pod, with no host bits (Kubernetes 1.36 rejects them)', (t) => {
  // Upstream's makeLargeCIDRForIP (test/e2e/network/netpol/network_policy.go) masks the pod IP to the
  // prefix; since 1.36 (StrictIPCIDRValidation, beta and on) the API server rejects "10.244.0.2/4".
  const resolved = resolvePlaceholders(policy('{{x/b}}/4', ['{{x/a}}/32', '{{x/b}}/24']), cluster);
  t.deepEqual(resolved.spec.ingress?.[0]?.from?.[1], {
    ipBlock: { cidr: '0.0.0.0/4', except: ['10.244.0.1/32', '10.244.0.0/24'] },
  });
  const v6 = resolvePlaceholders(
    { ...policy('{{x/b}}/32'), spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '{{x/a:v6}}/64' } }] }] } },
    cluster,
  );
  t.deepEqual(v6.spec.egress?.[0]?.to?.[0], { ipBlock: { cidr: 'fd00:10:244::/64' } });
});

test('resolvePlaceholders leaves a policy without placeholders as it is', (t) => {
  const plain: NetworkPolicy = { ...policy('10.0.0.0/8'), spec: { podSelector: {} } };
  t.is(resolvePlaceholders(plain, cluster), plain);
});

test('resolvePlaceholders throws an InputError naming every address it cannot find', (t) => {
  const error = t.throws(() => resolvePlaceholders(policy('{{x/b:v6}}/128', ['{{x/zz}}/32']), cluster), {
    instanceOf: InputError,
  });
  t.deepEqual(error?.problems, [
    'policy x/p: spec.ingress[0].from[1].ipBlock.cidr: {{x/b:v6}}: pod x/b has no IPv6 address',
    'policy x/p: spec.ingress[0].from[1].ipBlock.except[0]: {{x/zz}}: no pod x/zz',
  ]);
});

test('substitution for validation keeps unknown placeholders and restoring puts the written text back', (t) => {
  const written = policy('10.244.0.0/16', ['{{x/a}}/32', '{{x/zz}}/32']);
  const lookup = (pod: string) => (pod === 'x/a' ? '10.244.0.1' : undefined);
  const substituted = substitutePolicyValue(written, lookup) as NetworkPolicy;
  t.deepEqual(substituted.spec.ingress?.[0]?.from?.[1], {
    ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.0.1/32', '{{x/zz}}/32'] },
  });
  t.deepEqual(restorePlaceholders(substituted, written), written);
});

test('a CIDR built on a placeholder resolves to its network address, the canonical form a 1.36 API server accepts', (t) => {
  const resolved = resolvePlaceholders(policy('{{x/a}}/4', ['{{x/b}}/32', '{{x/a}}/24']), cluster);
  t.deepEqual(resolved.spec.ingress?.[0]?.from?.[1], {
    ipBlock: { cidr: '0.0.0.0/4', except: ['10.244.0.2/32', '10.244.0.0/24'] },
  });
  const v6 = resolvePlaceholders(
    { ...policy('10.0.0.0/8'), spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '{{x/a:v6}}/64' } }] }] } },
    cluster,
  );
  t.deepEqual(v6.spec.egress?.[0]?.to?.[0], { ipBlock: { cidr: 'fd00:10:244::/64' } });
  const value = substitutePolicyValue(policy('{{x/a}}/4'), (pod) => (pod === 'x/a' ? '10.244.0.1' : undefined)) as NetworkPolicy;
  t.is(value.spec.ingress?.[0]?.from?.[1]?.ipBlock?.cidr, '0.0.0.0/4');
});
