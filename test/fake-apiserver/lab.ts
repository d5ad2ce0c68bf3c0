// The fake API server as an externals lab (docs/kube-externals.md): the externals are served on its
// dataplane (each answering with its identity, like agnhost serve-hostname), and published exactly as
// a real lab publishes them: the labelled namespace netpol-probe-lab and its ConfigMap `externals`.
import type { External } from '../../src/model/cluster.ts';
import { provisionedIdentity } from '../../src/model/probe.ts';
import type { Lab, LabPort } from '../../src/targets/kube/externals-lab.ts';
import { buildLabConfigMap, LAB_FORMAT, LAB_LABEL, LAB_NAMESPACE } from '../../src/targets/kube/externals-lab.ts';
import type { ObjectStore } from './object-store.ts';

/** What a lab serving these externals publishes: their TCP and UDP ports, with their identities. */
export const describeLab = (
  name: string,
  externals: readonly External[],
  identityOf: (external: External) => string = (external) => provisionedIdentity(external.name),
): Lab => ({
  name,
  externals: externals.map((external) => ({
    name: external.name,
    ip: external.ip,
    family: external.family,
    identity: identityOf(external),
    ports: external.ports.flatMap((port): LabPort[] =>
      port.protocol === 'SCTP' ? [] : [{ port: port.port, protocol: port.protocol }],
    ),
  })),
});

/** Store the lab's namespace and ConfigMap. */
export const publishLab = (
  store: ObjectStore,
  lab: {
    readonly name: string;
    readonly externals: readonly External[];
    readonly publishedIdentity?: (external: External) => string;
  },
): void => {
  store.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: LAB_NAMESPACE, labels: { [LAB_LABEL]: LAB_FORMAT, 'kubernetes.io/metadata.name': LAB_NAMESPACE } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  const configMap = buildLabConfigMap(describeLab(lab.name, lab.externals, lab.publishedIdentity));
  store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', ...configMap });
};
