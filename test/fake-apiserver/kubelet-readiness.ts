// What a kubelet waits for before it marks a pod Ready: every container's readiness probe. A container
// without one is ready once it runs, whether or not its server listens yet (a real cluster does the same).
import type { Protocol } from '../../src/model/network-policy.ts';
import type { ServedPort } from '../../src/model/cluster.ts';
import type { KubeObject } from './object-store.ts';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The ports the pod's containers' tcpSocket readiness probes check (by number, or by a declared port name). */
export const readinessProbedPorts = (pod: KubeObject): ServedPort[] => {
  const containers = record(pod['spec'])['containers'];
  return (Array.isArray(containers) ? containers : []).flatMap((container: unknown) => {
    const spec = record(container);
    const probed = record(record(spec['readinessProbe'])['tcpSocket'])['port'];
    if (probed === undefined) return [];
    const ports = Array.isArray(spec['ports']) ? spec['ports'].map(record) : [];
    const named = ports.find((p) => p['name'] === probed);
    const port = typeof probed === 'number' ? probed : Number(named?.['containerPort']);
    const protocol: Protocol = 'TCP';
    return Number.isInteger(port) ? [{ port, protocol }] : [];
  });
};
