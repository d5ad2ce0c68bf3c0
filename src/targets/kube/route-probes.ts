// Which probes of a batch the kube target sends, and where, and which it answers itself: a probe to a
// port whose server cannot run on its node (a crash-looping SCTP server) is `unsupported` with the pod
// status's reason, and with --via service a probe whose destination's Service has no cluster IP of the
// probe's family is `unsupported` too, never silently sent to the pod IP instead. Pure.
import type { Addresses } from '../../model/cluster.ts';
import type { ProbeBatch, ProbeResult } from '../../model/probe.ts';
import type { DownPort } from './pod-status.ts';

export interface RoutedProbes {
  /** The batch to run, destinations rewritten to cluster IPs with --via service. */
  readonly sent: ProbeBatch;
  /** Results known without probing. */
  readonly answered: readonly ProbeResult[];
}

export const routeKubeProbes = (
  batch: ProbeBatch,
  context: {
    readonly down: ReadonlyMap<string, readonly DownPort[]>;
    /** With --via service: each pod's Service cluster IPs; absent: probes go to pod IPs. */
    readonly services?: ReadonlyMap<string, Addresses>;
  },
): RoutedProbes => {
  const answered: ProbeResult[] = [];
  const probes = batch.probes.flatMap((probe) => {
    const down = context.down.get(probe.to)?.find((d) => d.port === probe.port && d.protocol === probe.protocol);
    if (down !== undefined) {
      answered.push({
        id: probe.id,
        outcome: 'unsupported',
        detail: `no ${probe.protocol} server on ${probe.to}: ${down.reason}`,
      });
      return [];
    }
    if (context.services === undefined || probe.to.startsWith('external/')) return [probe];
    const ip = context.services.get(probe.to)?.[probe.family];
    if (ip === undefined) {
      answered.push({
        id: probe.id,
        outcome: 'unsupported',
        detail: `--via service: the Service of ${probe.to} has no ${probe.family} cluster IP (a single-stack cluster or Service)`,
      });
      return [];
    }
    return [{ ...probe, ip }];
  });
  return { sent: { ...batch, probes }, answered };
};
