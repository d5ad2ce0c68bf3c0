// The kube target answers probes it must not send: to a crash-looping SCTP server (unsupported, with the
// pod status's reason) and, with --via service, to a Service without a cluster IP of the probe's family
// (unsupported, never silently sent to the pod IP).
import test from 'ava';
import type { ProbeBatch } from '../../../src/model/probe.ts';
import { evaluatePodReadiness } from '../../../src/targets/kube/pod-status.ts';
import { routeKubeProbes } from '../../../src/targets/kube/route-probes.ts';
import { buildKubeWorldPlan, buildServiceManifest } from '../../../src/targets/kube/manifests.ts';
import { buildServiceName } from '../../../src/targets/kube/names.ts';

const batch: ProbeBatch = {
  from: 'x/client',
  method: 'agnhost',
  timeoutMs: 1000,
  probes: [
    { id: 1, to: 'x/server', ip: '10.244.0.5', port: 80, protocol: 'TCP', family: 'IPv4' },
    { id: 2, to: 'x/server', ip: '10.244.0.5', port: 9000, protocol: 'SCTP', family: 'IPv4' },
    { id: 3, to: 'x/server', ip: 'fd00::5', port: 80, protocol: 'TCP', family: 'IPv6' },
  ],
};

test('a probe to a crash-looping SCTP server is unsupported with the reason; the others are sent', (t) => {
  const down = new Map([
    ['x/server', [{ port: 9000, protocol: 'SCTP' as const, reason: 'container cont-9000-sctp: CrashLoopBackOff' }]],
  ]);
  const routed = routeKubeProbes(batch, { down });
  t.deepEqual(
    routed.sent.probes.map((p) => p.id),
    [1, 3],
  );
  t.deepEqual(routed.answered, [
    { id: 2, outcome: 'unsupported', detail: 'no SCTP server on x/server: container cont-9000-sctp: CrashLoopBackOff' },
  ]);
});

test('--via service never falls back to the pod IP: a family without a cluster IP is unsupported', (t) => {
  const services = new Map([['x/server', { IPv4: '10.96.0.10' }]]);
  const routed = routeKubeProbes(batch, { down: new Map(), services });
  t.deepEqual(
    routed.sent.probes.map((p) => [p.id, p.ip]),
    [
      [1, '10.96.0.10'],
      [2, '10.96.0.10'],
    ],
  );
  t.is(routed.answered[0]?.id, 3);
  t.is(routed.answered[0]?.outcome, 'unsupported');
  t.regex(routed.answered[0]?.detail ?? '', /has no IPv6 cluster IP/);
});

test('a pod whose only unready container is a crash-looping SCTP server is ready, with that port down', (t) => {
  const readiness = evaluatePodReadiness({
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.244.0.5' }],
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        { name: 'cont-80-tcp', ready: true, state: {} },
        {
          name: 'cont-9000-sctp',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', message: 'socket: protocol not supported' } },
        },
      ],
    },
  });
  t.deepEqual(readiness, {
    state: 'ready',
    ips: { IPv4: '10.244.0.5' },
    down: [
      {
        port: 9000,
        protocol: 'SCTP',
        reason: 'container cont-9000-sctp: CrashLoopBackOff: back-off 40s; last exited 1 (Error): socket: protocol not supported',
      },
    ],
  });
  const tcpCrash = evaluatePodReadiness({
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'cont-80-tcp', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    },
  });
  t.is(tcpCrash.state, 'failed');
});

test('probe pods run on Linux nodes and are exec-ed beside a server that stays up, never in an SCTP server', (t) => {
  const plan = buildKubeWorldPlan('beef', {
    namespaces: [{ name: 'x', labels: {} }],
    pods: [
      { namespace: 'x', name: 'sctp-only', labels: {}, ports: [{ port: 9000, protocol: 'SCTP' }], ips: {} },
      {
        namespace: 'x',
        name: 'mixed',
        labels: {},
        ports: [
          { port: 9000, protocol: 'SCTP' },
          { port: 80, protocol: 'TCP' },
        ],
        ips: {},
      },
    ],
  });
  t.deepEqual(
    plan.pods.map((p) => p.execContainer),
    ['idle', 'cont-80-tcp'],
  );
  t.deepEqual(
    plan.pods[0]?.manifest.spec.containers.map((c) => c.name),
    ['idle', 'cont-9000-sctp'],
  );
  t.true(plan.pods.every((p) => p.manifest.spec.nodeSelector['kubernetes.io/os'] === 'linux'));
});

test('Service names are DNS-1035 labels whatever the pod is called, and the Service selects its pod by the same value', (t) => {
  t.is(buildServiceName('web'), 'web');
  const dns1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
  const names = ['1st-pod', 'web.v2', 'a'.repeat(200), '9', 'x-'.repeat(40) + 'y'];
  const built = names.map(buildServiceName);
  for (const name of built) t.regex(name, dns1035);
  t.is(new Set(built).size, names.length);
  t.is(buildServiceName('1st-pod'), buildServiceName('1st-pod'));
  const plan = buildKubeWorldPlan(
    'beef',
    {
      namespaces: [{ name: 'x', labels: {} }],
      pods: [{ namespace: 'x', name: '1st-pod', labels: {}, ports: [{ port: 80, protocol: 'TCP' }], ips: {} }],
    },
    { via: 'service' },
  );
  const pod = plan.pods[0];
  if (pod === undefined) return t.fail();
  const service = buildServiceManifest(pod);
  t.regex(service.metadata.name, dns1035);
  t.deepEqual(service.spec.selector, { 'netpol-probe.io/pod': service.metadata.name });
  t.is(pod.manifest.metadata.labels?.['netpol-probe.io/pod'], service.metadata.name);
});
