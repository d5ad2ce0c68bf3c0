// The fake API server refuses NetworkPolicies as a real one of its version does, with its own transcription
// of upstream's ipBlock validation (not the project's validator).
import test from 'ava';
import { startFakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';

const createPolicy = async (kubeMinor: number, cidr: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const fake = await startFakeApiServer({ kubeMinor });
  try {
    const headers = { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' };
    await fetch(`${fake.url}/api/v1/namespaces`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }),
    });
    const response = await fetch(`${fake.url}/apis/networking.k8s.io/v1/namespaces/x/networkpolicies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'p', namespace: 'x' },
        spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr, except: ['10.244.0.2/32'] } }] }] },
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await fake.close();
  }
};

test('a 1.36 fake refuses an ipBlock cidr with host bits with 422 and upstream message; a 1.35 one stores it', async (t) => {
  const strict = await createPolicy(36, '10.244.0.1/4');
  t.is(strict.status, 422);
  t.is(
    strict.body['message'],
    'NetworkPolicy.networking.k8s.io "p" is invalid: spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.244.0.1/4": must not have bits set beyond the prefix length',
  );
  t.is((await createPolicy(35, '10.244.0.1/4')).status, 201);
  t.is((await createPolicy(36, '0.0.0.0/4')).status, 201);
});
