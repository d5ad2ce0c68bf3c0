// The run's objects as data: names, labels, agnhost containers per port, Pod Security "restricted".
import test from 'ava';
import type { Namespace, Pod } from '../../../src/model/cluster.ts';
import { TargetError } from '../../../src/model/errors.ts';
import {
  AGNHOST_IMAGE,
  buildContainerName,
  buildKubeWorldPlan,
  buildNamespaceManifest,
  buildPodManifest,
  buildServiceManifest,
  PROBE_USER_ID,
} from '../../../src/targets/kube/manifests.ts';
import { checkRestricted } from '../../fake-apiserver/pod-security.ts';

const namespace: Namespace = { name: 'bank-app', labels: { 'kubernetes.io/metadata.name': 'bank-app', team: 'pay' } };

const backend: Pod = {
  namespace: 'bank-app',
  name: 'backend',
  labels: { component: 'backend' },
  ports: [
    { port: 8443, protocol: 'TCP', name: 'https' },
    { port: 53, protocol: 'UDP', name: 'dns' },
    { port: 9000, protocol: 'SCTP' },
  ],
  ips: {},
};

const idle: Pod = { namespace: 'bank-app', name: 'api-gw', labels: { app: 'api-gw' }, ports: [], ips: {} };

test('a namespace gets the per-run name, the run labels and the scenario labels, but not the name label', (t) => {
  t.deepEqual(buildNamespaceManifest('3f2a', namespace), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'npp-3f2a-bank-app',
      labels: { team: 'pay', 'netpol-probe.io/run-id': '3f2a', 'app.kubernetes.io/managed-by': 'netpol-probe' },
    },
  });
});

test('a probe pod has one agnhost container per served port and protocol, as the upstream e2e suite', (t) => {
  const pod = buildPodManifest('3f2a', backend, AGNHOST_IMAGE);
  t.deepEqual(
    pod.spec.containers.map((c) => ({ name: c.name, command: c.command, env: c.env, ports: c.ports })),
    [
      {
        name: 'cont-8443-tcp',
        command: ['/agnhost', 'serve-hostname', '--tcp', '--http=false', '--port', '8443'],
        env: undefined,
        ports: [{ containerPort: 8443, protocol: 'TCP', name: 'https' }],
      },
      {
        name: 'cont-53-udp',
        command: ['/agnhost', 'serve-hostname', '--udp', '--http=false', '--port', '53'],
        env: undefined,
        ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }],
      },
      {
        name: 'cont-9000-sctp',
        command: ['/agnhost', 'porter'],
        env: [{ name: 'SERVE_SCTP_PORT_9000', value: 'foo' }],
        ports: [{ containerPort: 9000, protocol: 'SCTP' }],
      },
    ],
  );
});

test('every container runs the pinned agnhost unless --image names another', (t) => {
  t.true(
    buildPodManifest('3f2a', backend, AGNHOST_IMAGE).spec.containers.every(
      (c) => c.image === 'registry.k8s.io/e2e-test-images/agnhost:2.53',
    ),
  );
  t.true(
    buildPodManifest('3f2a', backend, 'mirror.example/agnhost:2.53').spec.containers.every(
      (c) => c.image === 'mirror.example/agnhost:2.53',
    ),
  );
});

test('a probe pod satisfies Pod Security restricted: numeric non-root user, RuntimeDefault seccomp, no capabilities, no escalation', (t) => {
  const pod = buildPodManifest('3f2a', backend, AGNHOST_IMAGE);
  t.like(pod.spec.securityContext, {
    runAsNonRoot: true,
    runAsUser: PROBE_USER_ID,
    runAsGroup: PROBE_USER_ID,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  for (const container of pod.spec.containers) {
    t.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
    });
  }
  t.deepEqual(checkRestricted(pod as unknown as Record<string, unknown>), []);
  t.deepEqual(checkRestricted(buildPodManifest('3f2a', idle, AGNHOST_IMAGE) as unknown as Record<string, unknown>), []);
});

test('the unprivileged-port sysctl is set only when a served port is below 1024', (t) => {
  t.deepEqual(buildPodManifest('3f2a', backend, AGNHOST_IMAGE).spec.securityContext.sysctls, [
    { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
  ]);
  const high: Pod = { ...backend, ports: [{ port: 8443, protocol: 'TCP' }] };
  t.is(buildPodManifest('3f2a', high, AGNHOST_IMAGE).spec.securityContext.sysctls, undefined);
});

test('the probe script has a writable /tmp: an emptyDir mounted in every container', (t) => {
  const pod = buildPodManifest('3f2a', backend, AGNHOST_IMAGE);
  t.deepEqual(pod.spec.volumes, [{ name: 'tmp', emptyDir: {} }]);
  t.true(pod.spec.containers.every((c) => c.volumeMounts.some((m) => m.mountPath === '/tmp' && m.name === 'tmp')));
});

test('a pod serving nothing still has a container to exec into', (t) => {
  const pod = buildPodManifest('3f2a', idle, AGNHOST_IMAGE);
  t.deepEqual(
    pod.spec.containers.map((c) => [c.name, c.command]),
    [['idle', ['/agnhost', 'pause']]],
  );
});

test('a pod keeps exactly its scenario labels unless probes go through services', (t) => {
  t.deepEqual(buildPodManifest('3f2a', backend, AGNHOST_IMAGE).metadata.labels, { component: 'backend' });
  t.deepEqual(buildPodManifest('3f2a', backend, AGNHOST_IMAGE, 'service').metadata.labels, {
    component: 'backend',
    'netpol-probe.io/pod': 'backend',
  });
});

test('the plan maps every scenario namespace and execs into the first container', (t) => {
  const plan = buildKubeWorldPlan('3f2a', { namespaces: [namespace], pods: [backend, idle] });
  t.deepEqual([...plan.namespaceNames], [['bank-app', 'npp-3f2a-bank-app']]);
  t.deepEqual(
    plan.pods.map((p) => [p.key, p.namespace, p.execContainer]),
    [
      ['bank-app/backend', 'npp-3f2a-bank-app', 'cont-8443-tcp'],
      ['bank-app/api-gw', 'npp-3f2a-bank-app', 'idle'],
    ],
  );
});

test('a namespace whose per-run name would pass 63 characters is refused before anything is created', (t) => {
  const long: Namespace = { name: 'n'.repeat(50), labels: {} };
  const error = t.throws(() => buildKubeWorldPlan('0123456789ab', { namespaces: [long, namespace], pods: [] }), {
    instanceOf: TargetError,
  });
  t.regex(error.message, /npp-0123456789ab-n{50}/);
  t.notRegex(error.message, /bank-app/);
});

test('a service fronts one pod by its own label, one named port per served port', (t) => {
  const plan = buildKubeWorldPlan('3f2a', { namespaces: [namespace], pods: [backend] }, { via: 'service' });
  const pod = plan.pods[0];
  if (pod === undefined) return t.fail();
  t.deepEqual(buildServiceManifest(pod).spec, {
    type: 'ClusterIP',
    ipFamilyPolicy: 'PreferDualStack',
    selector: { 'netpol-probe.io/pod': 'backend' },
    ports: [
      { name: 'p-8443-tcp', port: 8443, targetPort: 8443, protocol: 'TCP' },
      { name: 'p-53-udp', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'p-9000-sctp', port: 9000, targetPort: 9000, protocol: 'SCTP' },
    ],
  });
  return undefined;
});

test('container names follow the upstream cont-<port>-<protocol> pattern', (t) => {
  t.is(buildContainerName({ port: 80, protocol: 'TCP' }), 'cont-80-tcp');
  t.is(buildContainerName({ port: 5353, protocol: 'UDP', name: 'mdns' }), 'cont-5353-udp');
});

test('the restricted check the fake enforces does flag a pod without a seccomp profile or with escalation', (t) => {
  const pod = buildPodManifest('3f2a', backend, AGNHOST_IMAGE);
  const loose = {
    ...pod,
    spec: {
      ...pod.spec,
      securityContext: { runAsNonRoot: true },
      containers: pod.spec.containers.map((c) => ({
        ...c,
        securityContext: { ...c.securityContext, allowPrivilegeEscalation: true },
      })),
    },
  };
  const violations = checkRestricted(loose);
  t.true(violations.some((v) => v.startsWith('allowPrivilegeEscalation != false')));
  t.true(violations.some((v) => v.startsWith('seccompProfile')));
});

test('a TCP server container is Ready only once its port accepts connections; UDP and SCTP ones cannot be checked so', (t) => {
  const pod = buildPodManifest('3f2a', backend, AGNHOST_IMAGE);
  t.deepEqual(
    pod.spec.containers.map((c) => [c.name, c.readinessProbe?.tcpSocket.port ?? null]),
    backend.ports.map((p) => [`cont-${p.port}-${p.protocol.toLowerCase()}`, p.protocol === 'TCP' ? p.port : null]),
  );
  t.true(pod.spec.containers.some((c) => c.readinessProbe !== undefined));
  t.deepEqual(checkRestricted(pod as unknown as Record<string, unknown>), []);
});
