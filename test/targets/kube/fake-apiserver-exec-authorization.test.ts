// The fake authorizes a WebSocket exec as a real API server does: `get pods/exec` (the handshake is a
// GET) and, from 1.35, `create pods/exec` too (kubernetes/kubernetes#134577).
import test from 'ava';
import WebSocket from 'ws';
import type { AccessRule, FakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { startFakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { execVerbsChecked } from '../../fake-apiserver/exec-authorization.ts';

/** The HTTP status a WebSocket exec handshake gets (the pod does not exist: 404 once authorized). */
const handshakeStatus = (fake: FakeApiServer): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(
      `${fake.url.replace('http', 'ws')}/api/v1/namespaces/ns/pods/missing/exec?command=true&stdout=true`,
      ['v5.channel.k8s.io'],
      { headers: { Authorization: `Bearer ${fake.token}` } },
    );
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', reject);
  });

const statusFor = async (denied: readonly AccessRule[], kubeMinor?: number): Promise<number> => {
  const fake = await startFakeApiServer({ denied, ...(kubeMinor === undefined ? {} : { kubeMinor }) });
  try {
    return await handshakeStatus(fake);
  } finally {
    await fake.close();
  }
};

test('a WebSocket exec is a GET, so a user with only create on pods/exec gets 403, on every version', async (t) => {
  t.is(await statusFor([{ verb: 'get', resource: 'pods/exec' }]), 403);
  t.is(await statusFor([{ verb: 'get', resource: 'pods/exec' }], 34), 403);
});

test('from 1.35 a WebSocket exec also needs create on pods/exec; before, get alone was enough', async (t) => {
  t.is(await statusFor([{ verb: 'create', resource: 'pods/exec' }]), 403);
  t.is(await statusFor([{ verb: 'create', resource: 'pods/exec' }], 35), 403);
  t.is(await statusFor([{ verb: 'create', resource: 'pods/exec' }], 34), 404);
  t.is(await statusFor([]), 404);
});

test('SPDY (POST) is checked as create only; a WebSocket (GET) as get, then create from 1.35', (t) => {
  t.deepEqual(execVerbsChecked('POST', 36), ['create']);
  t.deepEqual(execVerbsChecked('POST', 30), ['create']);
  t.deepEqual(execVerbsChecked('GET', 34), ['get']);
  t.deepEqual(execVerbsChecked('GET', 35), ['get', 'create']);
});
