// The fake API server refuses NetworkPolicies as a real one of its version does, with its own transcription
// of upstream's decoding and validation (networkpolicy-decode.ts, networkpolicy-validation.ts), never the
// project's validator.
import test from 'ava';
import type { FakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { startFakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { decodeNetworkPolicy, DecodeError } from '../../fake-apiserver/networkpolicy-decode.ts';
import { validateNetworkPolicy } from '../../fake-apiserver/networkpolicy-validation.ts';
import { UPSTREAM_POLICY_CASES, UPSTREAM_POLICY_UPDATE_CASES } from '../../fakes/upstream-networkpolicy-cases.ts';

interface Reply {
  readonly status: number;
  readonly body: {
    readonly message?: string;
    readonly reason?: string;
    readonly details?: {
      readonly group?: string;
      readonly kind?: string;
      readonly causes?: readonly { readonly field: string }[];
    };
  };
}

/** A fake of `kubeMinor` with namespace `namespace`, and a way to send NetworkPolicy requests to it. */
const withFake = async (
  kubeMinor: number,
  namespace: string,
  use: (fake: FakeApiServer, send: (method: string, body?: unknown, name?: string) => Promise<Reply>) => Promise<void>,
): Promise<void> => {
  const fake = await startFakeApiServer({ kubeMinor });
  const headers = { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' };
  const send = async (method: string, body?: unknown, name?: string): Promise<Reply> => {
    const url = `${fake.url}/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies${name === undefined ? '' : `/${name}`}`;
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  };
  try {
    await fetch(`${fake.url}/api/v1/namespaces`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }),
    });
    await use(fake, send);
  } finally {
    await fake.close();
  }
};

const blockPolicy = (cidr: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'x' },
  spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr, except: ['10.244.0.2/32'] } }] }] },
});

test('a 1.36 fake refuses an ipBlock cidr with host bits with 422 and upstream message; a 1.35 one stores it', async (t) => {
  await withFake(36, 'x', async (_, send) => {
    const strict = await send('POST', blockPolicy('10.244.0.1/4'));
    t.is(strict.status, 422);
    t.is(
      strict.body.message,
      'NetworkPolicy.networking.k8s.io "p" is invalid: spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.244.0.1/4": must not have bits set beyond the prefix length',
    );
    t.is((await send('POST', blockPolicy('0.0.0.0/4'))).status, 201);
  });
  await withFake(35, 'x', async (_, send) => {
    t.is((await send('POST', blockPolicy('10.244.0.1/4'))).status, 201);
  });
});

test('a 1.36 fake answers every upstream NetworkPolicy case as the API server: 201, or 422 naming each field', async (t) => {
  await withFake(36, 'bar', async (_, send) => {
    for (const row of UPSTREAM_POLICY_CASES) {
      const reply = await send('POST', row.policy);
      if (row.fields.length === 0) {
        t.is(reply.status, 201, row.name);
        await send('DELETE', undefined, 'foo');
      } else {
        t.is(reply.status, 422, row.name);
        t.like(reply.body.details, { group: 'networking.k8s.io', kind: 'NetworkPolicy' }, row.name);
        t.deepEqual(
          reply.body.details?.causes?.map((cause) => cause.field),
          row.fields,
          row.name,
        );
      }
    }
  });
});

test('the fake validates a replace as ValidateNetworkPolicyUpdate: CIDRs already stored pass unchecked, new ones do not', async (t) => {
  await withFake(35, 'bar', async (fake, send) => {
    for (const row of UPSTREAM_POLICY_UPDATE_CASES) {
      // A 1.35 server stores the old object (host bits allowed); upgraded to 1.36, it validates the update.
      t.is((await send('POST', row.old)).status, 201, row.name);
      fake.setKubeMinor(36);
      t.is((await send('PUT', row.update, 'foo')).status, row.fields.length === 0 ? 200 : 422, row.name);
      await send('DELETE', undefined, 'foo');
      fake.setKubeMinor(35);
    }
  });
});

test('a body the API server cannot decode (a port as a bool) is a 400 BadRequest, not a 422', async (t) => {
  await withFake(36, 'x', async (_, send) => {
    const reply = await send('POST', {
      ...blockPolicy('10.0.0.0/8'),
      spec: { podSelector: {}, ingress: [{ ports: [{ port: true }] }] },
    });
    t.is(reply.status, 400);
    t.is(reply.body.reason, 'BadRequest');
    t.regex(
      reply.body.message ?? '',
      /^NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: json: cannot unmarshal bool/,
    );
  });
});

const withSpec = (spec: unknown) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'x' },
  spec,
});

// What Kubernetes v1.36.4 answered for each body (sigs.k8s.io/json into networking/v1, then defaulting,
// conversion and ValidateNetworkPolicy), run in a scratch program outside the repository: a decode error
// (400, its sigs.k8s.io/json message), or the fields of its errors (422 when any). Unknown fields and keys in the wrong case are ignored.
const DECODING: readonly [string, unknown, { readonly decode: string } | readonly string[]][] = [
  [
    'a port as a bool',
    withSpec({ podSelector: {}, ingress: [{ ports: [{ port: true }] }] }),
    { decode: 'json: cannot unmarshal bool into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32' },
  ],
  [
    'a port as a fraction',
    withSpec({ podSelector: {}, ingress: [{ ports: [{ port: 80.5 }] }] }),
    { decode: 'json: cannot unmarshal number 80.5 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32' },
  ],
  [
    'a port past int32',
    withSpec({ podSelector: {}, ingress: [{ ports: [{ port: 4294967296 }] }] }),
    {
      decode:
        'json: cannot unmarshal number 4294967296 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32',
    },
  ],
  [
    'an endPort as a string',
    withSpec({ podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: '90' }] }] }),
    { decode: 'json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32' },
  ],
  [
    'a protocol as a number',
    withSpec({ podSelector: {}, ingress: [{ ports: [{ protocol: 6 }] }] }),
    {
      decode:
        'json: cannot unmarshal number into Go struct field NetworkPolicyPort.spec.ingress.ports.protocol of type v1.Protocol',
    },
  ],
  [
    'a label value as a number',
    withSpec({ podSelector: { matchLabels: { a: 1 } } }),
    { decode: 'json: cannot unmarshal number into Go struct field LabelSelector.spec.podSelector.matchLabels of type string' },
  ],
  [
    'a podSelector as a list',
    withSpec({ podSelector: [] }),
    { decode: 'json: cannot unmarshal array into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector' },
  ],
  [
    'nulls decode as zero values',
    withSpec({ podSelector: null, ingress: [null, { from: [null], ports: [null] }], egress: null }),
    ['spec.ingress[1].from[0]'],
  ],
  [
    'null peer kinds are absent',
    withSpec({ podSelector: {}, ingress: [{ from: [{ podSelector: null, ipBlock: null }] }] }),
    ['spec.ingress[0].from[0]'],
  ],
  ['an unknown field is not an error', withSpec({ podSelector: {}, bogus: 1 }), []],
  ['a key in the wrong case is an unknown field', withSpec({ PodSelector: { matchLabels: { a: 'B C' } } }), []],
  [
    'a null except entry is ""',
    withSpec({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: [null] } }] }] }),
    ['spec.egress[0].to[0].ipBlock.except[0]'],
  ],
];

for (const [name, body, expected] of DECODING) {
  test(`the fake decodes a body as Kubernetes v1.36.4 does: ${name}`, (t) => {
    if ('decode' in expected) {
      t.throws(() => decodeNetworkPolicy(body), {
        instanceOf: DecodeError,
        message: `NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: ${expected.decode}`,
      });
      return;
    }
    const fields = validateNetworkPolicy(decodeNetworkPolicy(body).policy, { strictCidr: true }).map((cause) => cause.field);
    t.deepEqual(fields, expected);
  });
}
