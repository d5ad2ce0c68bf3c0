// Which externals a kube run probes, where, and with which identity (docs/kube-externals.md): a user
// mapping first, then what a lab publishes at the external's address; everything else is not probed.
// Pure.
import type { External } from '../../model/cluster.ts';
import { externalKey } from '../../model/cluster.ts';
import type { ExternalProbing } from '../../model/probe.ts';
import { portKey } from '../../model/probe.ts';
import type { ExternalMappings } from './external-mappings.ts';
import type { Lab } from './externals-lab.ts';

/** What reading the lab gave: a lab, or why there is none. */
export type LabReading = { readonly lab: Lab } | { readonly absent: string };

export interface KubeExternalsPlan {
  /** The externals as probed: a mapped one at its mapped address. */
  readonly externals: readonly External[];
  /** By `external/NAME`. */
  readonly probing: ReadonlyMap<string, ExternalProbing>;
  /** The one line the run prints when something is not probed. */
  readonly notProbedLine?: string;
}

const planOne = (
  external: External,
  mappings: ExternalMappings,
  reading: LabReading,
): { external: External; probing: ExternalProbing } => {
  const mapped = mappings.get(external.name);
  if (mapped !== undefined) return { external: { ...external, ip: mapped }, probing: { source: 'mapped' } };
  const lab = 'lab' in reading ? reading.lab : undefined;
  const entry = lab?.externals.find((candidate) => candidate.ip === external.ip);
  if (lab === undefined || entry === undefined) {
    const why = 'lab' in reading ? `lab ${reading.lab.name} does not publish ${external.ip}` : reading.absent;
    return {
      external,
      probing: {
        source: 'none',
        notProbed: `not probed: no lab provisions ${external.ip} (${why}) and no --external ${external.name}=IP maps it`,
      },
    };
  }
  const served = new Set(entry.ports.map((port) => portKey(port.port, port.protocol)));
  const portsNotProbed = new Map<string, string>();
  for (const { port, protocol } of external.ports) {
    const key = portKey(port, protocol);
    if (protocol === 'SCTP')
      portsNotProbed.set(key, `not probed: lab ${lab.name} serves TCP and UDP only (agnhost serve-hostname)`);
    else if (!served.has(key)) portsNotProbed.set(key, `not probed: lab ${lab.name} does not serve ${key} at ${external.ip}`);
  }
  return {
    external,
    probing: {
      source: 'lab',
      identity: entry.identity,
      ...(portsNotProbed.size === 0 ? {} : { portsNotProbed }),
    },
  };
};

/** Decide every external's fate; mappings must already have been checked against these externals. */
export const planKubeExternals = (
  externals: readonly External[],
  mappings: ExternalMappings,
  reading: LabReading,
): KubeExternalsPlan => {
  const planned = externals.map((external) => planOne(external, mappings, reading));
  const probing = new Map(planned.map(({ external, probing: entry }) => [externalKey(external), entry]));
  const whole = planned.filter(({ probing: entry }) => entry.notProbed !== undefined).map(({ external }) => external.name);
  const ports = planned.flatMap(({ external, probing: entry }) =>
    [...(entry.portsNotProbed?.keys() ?? [])].map((key) => `${external.name} ${key}`),
  );
  const parts = [
    ...(whole.length === 0
      ? []
      : [
          `${whole.join(', ')} (no lab provisions ${whole.length === 1 ? 'it' : 'them'}: ${'lab' in reading ? `lab ${reading.lab.name} does not publish their addresses` : reading.absent}; and no --external NAME=IP maps ${whole.length === 1 ? 'it' : 'them'})`,
        ]),
    ...(ports.length === 0 ? [] : [`${ports.join(', ')} (not served by the lab)`]),
  ];
  return {
    externals: planned.map(({ external }) => external),
    probing,
    ...(parts.length === 0
      ? {}
      : { notProbedLine: `externals not probed: ${parts.join('; ')}; their cells are not-probed (docs/kube-externals.md)` }),
  };
};
