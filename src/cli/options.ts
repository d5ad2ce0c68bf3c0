// Command-line flags: one table of every option, parsed strictly into typed values.
import { parseArgs } from 'node:util';
import { DEVIATIONS, isDeviation } from '../engine/deviations.ts';
import { DEFAULT_KUBE_MINOR } from '../engine/validate.ts';
import type { Deviation } from '../engine/deviations.ts';
import type { Channel } from '../model/cluster-network-policy.ts';
import { CHANNELS } from '../model/cluster-network-policy.ts';
import { InputError } from '../model/errors.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import { PROBE_METHODS } from '../model/scenario.ts';
import { parseDuration } from '../scenario/parse-duration.ts';
import { TIMEOUT_BOUNDS_MS } from '../scenario/build-probe.ts';
import { parseExternalMappings } from '../targets/kube/external-mappings.ts';
import type { MatrixChoice } from '../report/run-report.ts';
import { MATRIX_CHOICES } from '../report/run-report.ts';
import type { CommandSpec } from './command-specs.ts';
import { COMMAND_SPECS, isCommandName } from './command-specs.ts';

export const OUTPUTS = ['table', 'json', 'junit', 'markdown', 'html', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUTS)[number];
export const TARGET_KINDS = ['kube', 'local'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const OPTION_TABLE = {
  target: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  output: { type: 'string', short: 'o' },
  out: { type: 'string' },
  timeout: { type: 'string' },
  'probe-method': { type: 'string' },
  deviations: { type: 'string' },
  keep: { type: 'boolean' },
  step: { type: 'string', multiple: true },
  strict: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string' },
  family: { type: 'string' },
  format: { type: 'string' },
  'run-id': { type: 'string' },
  'kube-version': { type: 'string' },
  all: { type: 'boolean' },
  image: { type: 'string' },
  via: { type: 'string' },
  external: { type: 'string', multiple: true },
  tags: { type: 'string' },
  matrices: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'cnp-channel': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

export interface CliOptions {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly target?: TargetKind;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly output: OutputFormat;
  readonly out?: string;
  readonly timeoutMs?: number;
  readonly probeMethod?: ProbeMethod;
  readonly deviations: readonly Deviation[];
  readonly keep: boolean;
  readonly steps?: readonly string[];
  readonly strict: boolean;
  readonly from?: string;
  readonly to?: string;
  readonly port?: string;
  readonly family?: 'IPv4' | 'IPv6';
  readonly format?: OutputFormat;
  readonly runId?: string;
  /** `--kube-version 1.35`: validate policies as that API server does (DEFAULT_KUBE_MINOR when absent). */
  readonly kubeMinor: number;
  /** cleanup: live runs too. */
  readonly all: boolean;
  readonly image?: string;
  readonly via: 'pod' | 'service';
  /** run --target kube: `--external NAME=IP`, parsed and checked (docs/kube-externals.md). */
  readonly externals: ReadonlyMap<string, string>;
  /** generate: `a,b`, the tags every written case carries. */
  readonly tags?: string;
  /** run, report: which steps print their matrix. */
  readonly matrices: MatrixChoice;
  /** validate: the namespace of manifests without one. */
  readonly namespace?: string;
  /** validate: the CRD channel plain ClusterNetworkPolicy manifests are checked against. */
  readonly cnpChannel: Channel;
  readonly color: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

const oneOf = <T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  problems: string[],
  command?: string,
): T | undefined => {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(
    `${command === undefined ? '' : `${command} `}--${flag}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
  );
  return undefined;
};

/** Parse argv (without node and script) into options; every problem at once as an InputError. */
export const parseCliOptions = (
  argv: readonly string[],
  env: { readonly noColor: boolean; readonly tty: boolean },
): CliOptions => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTION_TABLE, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new InputError([`${message}. See 'netpol-probe --help'.`]);
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  const [command, ...rest] = positionals;
  const spec: CommandSpec | undefined = command !== undefined && isCommandName(command) ? COMMAND_SPECS[command] : undefined;
  if (spec !== undefined && command !== undefined) {
    const allowed = new Set<string>([...spec.flags, 'help', 'version']);
    for (const name of Object.keys(values)) {
      if (!allowed.has(name)) {
        problems.push(`${command}: unknown flag --${name} (${command} does not use it). See 'netpol-probe ${command} --help'.`);
      }
    }
  }
  const outputs = spec?.outputs ?? OUTPUTS;
  const deviations: Deviation[] = [];
  for (const name of (values.deviations ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')) {
    if (isDeviation(name)) deviations.push(name);
    else problems.push(`--deviations: unknown deviation ${JSON.stringify(name)}; known: ${DEVIATIONS.join(', ')}`);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const duration = parseDuration(values.timeout);
    if (duration === undefined || duration < TIMEOUT_BOUNDS_MS.min || duration > TIMEOUT_BOUNDS_MS.max) {
      problems.push(
        `--timeout: must be a duration between ${TIMEOUT_BOUNDS_MS.min}ms and ${TIMEOUT_BOUNDS_MS.max / 1000}s such as 500ms or 1s, got ${JSON.stringify(values.timeout)}`,
      );
    } else timeoutMs = duration;
  }
  const target = oneOf('target', values.target, TARGET_KINDS, problems);
  const outputOf = spec === undefined ? undefined : command;
  const output = oneOf('output', values.output, outputs as readonly OutputFormat[], problems, outputOf) ?? 'table';
  const format = oneOf('format', values.format, outputs as readonly OutputFormat[], problems, outputOf);
  const matrices = oneOf('matrices', values.matrices, MATRIX_CHOICES, problems) ?? 'failed';
  const probeMethod = oneOf('probe-method', values['probe-method'], PROBE_METHODS, problems);
  const family = oneOf('family', values.family, ['IPv4', 'IPv6'] as const, problems);
  const via = oneOf('via', values.via, ['pod', 'service'] as const, problems) ?? 'pod';
  const cnpChannel = oneOf('cnp-channel', values['cnp-channel'], CHANNELS, problems) ?? 'standard';
  if (values['run-id'] !== undefined && !/^[0-9a-f]{4,12}$/.test(values['run-id'])) {
    problems.push(`--run-id: must be 4–12 lowercase hex digits, got ${JSON.stringify(values['run-id'])}`);
  }
  const kubeVersion = /^v?1\.(\d{1,2})(?:\.\d+)?$/.exec(values['kube-version'] ?? `1.${String(DEFAULT_KUBE_MINOR)}`);
  if (kubeVersion === null) {
    problems.push(`--kube-version: must be a Kubernetes version such as 1.35, got ${JSON.stringify(values['kube-version'])}`);
  }
  if (values.all === true && values['run-id'] !== undefined) problems.push('--all and --run-id: give one of them');
  const { mappings: externals, problems: mappingProblems } = parseExternalMappings(values.external ?? []);
  problems.push(...mappingProblems);
  if (problems.length > 0) throw new InputError(problems);
  return {
    command,
    positionals: rest,
    ...(target === undefined ? {} : { target }),
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.context === undefined ? {} : { context: values.context }),
    output,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(probeMethod === undefined ? {} : { probeMethod }),
    deviations,
    keep: values.keep ?? false,
    ...(values.step === undefined ? {} : { steps: values.step }),
    strict: values.strict ?? false,
    ...(values.from === undefined ? {} : { from: values.from }),
    ...(values.to === undefined ? {} : { to: values.to }),
    ...(values.port === undefined ? {} : { port: values.port }),
    ...(family === undefined ? {} : { family }),
    ...(format === undefined ? {} : { format }),
    ...(values['run-id'] === undefined ? {} : { runId: values['run-id'] }),
    all: values.all ?? false,
    kubeMinor: Number(kubeVersion?.[1] ?? DEFAULT_KUBE_MINOR),
    ...(values.image === undefined ? {} : { image: values.image }),
    via,
    externals,
    ...(values.tags === undefined ? {} : { tags: values.tags }),
    matrices,
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    cnpChannel,
    color: !(values['no-color'] ?? false) && !env.noColor && env.tty,
    help: values.help ?? false,
    version: values.version ?? false,
  };
};
