// Before the first step, with no policy applied yet, every probed external port is probed once from an
// unrestricted pod: a port that does not answer there (with its identity, when it has one) cannot tell
// "denied" from "nothing there", so its cells become probe errors (docs/kube-externals.md).
import type { Cluster, External } from '../model/cluster.ts';
import { externalKey } from '../model/cluster.ts';
import type { ExternalProbing, Probe, ProbeResult } from '../model/probe.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import type { ExternalPlanning } from '../probe/probe-plan.ts';
import { controlKey, externalNotProbedReason } from '../probe/probe-plan.ts';
import type { Target } from '../targets/target.ts';

/** How many times a control probe is tried before its port counts as not answering. */
export const CONTROL_ATTEMPTS = 3;

export interface ControlRoundInput {
  readonly target: Target;
  /** The world as the target created it (real addresses). */
  readonly world: Cluster;
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

interface ControlProbe {
  readonly from: string;
  readonly probe: Probe;
}

/** The control probes: one per probed port of every probed external, from the first pod of its family. */
export const buildControlProbes = (world: Cluster, probing: ReadonlyMap<string, ExternalProbing>): ControlProbe[] => {
  const probes: ControlProbe[] = [];
  const sourceOf = (external: External): string | undefined => {
    const pod = world.pods.find((candidate) => candidate.ips[external.family] !== undefined);
    return pod === undefined ? undefined : `${pod.namespace}/${pod.name}`;
  };
  for (const external of world.externals) {
    const key = externalKey(external);
    const entry = probing.get(key);
    const from = sourceOf(external);
    if (from === undefined) continue;
    for (const { port, protocol } of external.ports) {
      if (externalNotProbedReason(entry, { from, to: key, port, protocol, family: external.family }) !== undefined) continue;
      // SCTP carries no identity and is rarely there at all: its cells speak for themselves.
      if (protocol === 'SCTP') continue;
      const identity = entry?.identity;
      probes.push({
        from,
        probe: {
          id: probes.length,
          to: key,
          ip: external.ip,
          port,
          protocol,
          family: external.family,
          ...(identity === undefined ? {} : { identity }),
        },
      });
    }
  }
  return probes;
};

const describeFailure = (control: ControlProbe, result: ProbeResult | undefined): string => {
  const { probe, from } = control;
  const seen = result === undefined ? 'no result' : `${result.outcome}${result.detail === undefined ? '' : `: ${result.detail}`}`;
  return (
    `control round: ${probe.to} (${probe.ip}) ${String(probe.port)}/${probe.protocol} did not answer` +
    `${probe.identity === undefined ? '' : ` with its identity ${probe.identity}`} the unrestricted pod ${from}` +
    ` before the first step (${String(CONTROL_ATTEMPTS)} attempts, last: ${seen})`
  );
};

/**
 * What the run knows about its externals: the target's ExternalProbing and the ports whose control
 * round failed. Undefined when the target says nothing about externals (they are probed plainly).
 */
export const prepareExternals = async (input: ControlRoundInput): Promise<ExternalPlanning | undefined> => {
  const probing = input.target.externalProbing?.();
  if (probing === undefined) return undefined;
  let pending = buildControlProbes(input.world, probing);
  const last = new Map<number, ProbeResult>();
  for (let attempt = 0; attempt < CONTROL_ATTEMPTS && pending.length > 0; attempt++) {
    const bySource = new Map<string, ControlProbe[]>();
    for (const control of pending) bySource.set(control.from, [...(bySource.get(control.from) ?? []), control]);
    await Promise.all(
      [...bySource].map(async ([from, controls]) => {
        let results: readonly ProbeResult[];
        try {
          results = await input.target.runProbes(
            { from, probes: controls.map((control) => control.probe), method: input.method, timeoutMs: input.timeoutMs },
            input.signal,
          );
        } catch (error) {
          input.signal.throwIfAborted();
          const detail = error instanceof Error ? error.message : String(error);
          results = controls.map((control) => ({ id: control.probe.id, outcome: 'error', detail }));
        }
        for (const result of results) last.set(result.id, result);
      }),
    );
    pending = pending.filter((control) => last.get(control.probe.id)?.outcome !== 'connected');
  }
  const controlFailures = new Map<string, string>();
  for (const control of pending) {
    const { probe } = control;
    controlFailures.set(
      controlKey(probe.to, probe.port, probe.protocol, probe.family),
      describeFailure(control, last.get(probe.id)),
    );
  }
  return { probing, controlFailures };
};
