// Where a probe pod stands, from its status: ready with IPs, still coming, or stuck for good.
import test from 'ava';
import type { PodReadiness, PodStatusView } from '../../../src/targets/kube/pod-status.ts';
import { evaluatePodReadiness, readPodAddresses } from '../../../src/targets/kube/pod-status.ts';

const readiness = test.macro((t, pod: PodStatusView, expected: PodReadiness) => {
  t.deepEqual(evaluatePodReadiness(pod), expected);
});

const running: PodStatusView = {
  status: {
    phase: 'Running',
    podIPs: [{ ip: '10.244.0.7' }, { ip: 'fd00:10:244::7' }],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
};

test('a Running, Ready pod with IPs is ready with both families', readiness, running, {
  state: 'ready',
  ips: { IPv4: '10.244.0.7', IPv6: 'fd00:10:244::7' },
});

test(
  'a Running pod that is not Ready yet waits',
  readiness,
  { status: { ...running.status, conditions: [{ type: 'Ready', status: 'False' }] } },
  {
    state: 'waiting',
    why: 'not Ready',
  },
);

test(
  'a pod whose containers are being created waits, saying so',
  readiness,
  {
    status: {
      phase: 'Pending',
      containerStatuses: [{ name: 'c', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }],
    },
  },
  { state: 'waiting', why: 'ContainerCreating' },
);

test(
  'ImagePullBackOff is fatal, with the container named',
  readiness,
  {
    status: {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'cont-80-tcp',
          ready: false,
          state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } },
        },
      ],
    },
  },
  { state: 'failed', reason: 'ImagePullBackOff', message: 'container cont-80-tcp: Back-off pulling image "x"' },
);

test(
  'ErrImagePull is fatal too',
  readiness,
  {
    status: {
      phase: 'Pending',
      containerStatuses: [{ name: 'c', ready: false, state: { waiting: { reason: 'ErrImagePull' } } }],
    },
  },
  { state: 'failed', reason: 'ErrImagePull', message: 'container c: ErrImagePull' },
);

test(
  'an unschedulable pod is fatal with the scheduler message',
  readiness,
  {
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' }],
    },
  },
  { state: 'failed', reason: 'Unschedulable', message: '0/1 nodes are available' },
);

test(
  'a pod being deleted is fatal',
  readiness,
  { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: running.status },
  {
    state: 'failed',
    reason: 'Terminating',
    message: 'the pod is being deleted',
  },
);

test('an old server that only sets status.podIP still gives the address', (t) => {
  t.deepEqual(readPodAddresses({ status: { podIP: '10.1.2.3' } }), { IPv4: '10.1.2.3' });
});
