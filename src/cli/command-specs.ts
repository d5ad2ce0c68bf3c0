// Every command's synopsis and the flags it uses, for `COMMAND --help`, `help COMMAND` and the rule
// that a flag a command does not use is an error, not silently ignored.

/** Every flag's argument and one-line meaning, shared by the commands that use it. */
export const FLAG_HELP = {
  target: ['kube|local', 'where to run: default kube when a kubeconfig context exists, else local'],
  kubeconfig: ['FILE', 'the kubeconfig (default: KUBECONFIG, then ~/.kube/config)'],
  context: ['NAME', 'the kubeconfig context'],
  output: ['FORMAT', 'what to print'],
  format: ['FORMAT', 'the same as --output'],
  out: ['FILE', 'also write the result there (run, predict: the JSON roll-up, one shape for one scenario or many)'],
  timeout: ['DURATION', 'probe timeout, e.g. 500ms or 1s'],
  'probe-method': ['agnhost|curl|nc', 'the probe client'],
  deviations: ['a,b', 'local target: behave like a CNI with these gaps; predict, explain: predict under them'],
  keep: ['', 'leave the world in place after the run'],
  step: ['NAME', 'only this step (repeatable)'],
  strict: ['', 'divergences, probe errors and cells not probed fail the run too'],
  from: ['NS/POD', 'the source pod'],
  to: ['NS/POD|external/NAME', 'the destination'],
  port: ['PORT[/PROTO]', 'a port number or name, optionally with TCP, UDP or SCTP'],
  family: ['IPv4|IPv6', 'the address family (default IPv4)'],
  'run-id': ['ID', 'run: the run id (4–12 hex digits); cleanup: remove only that run'],
  image: ['IMAGE', 'kube: the agnhost image (for mirrors)'],
  via: ['pod|service', 'kube: probe pod IPs (default) or one ClusterIP Service per pod'],
  external: [
    'NAME=IP',
    'kube: external NAME is really the endpoint at IP (repeatable; link-local and metadata addresses refused)',
  ],
  'kube-version': ['1.N', 'validate policies as that API server version does (default 1.36: StrictIPCIDRValidation)'],
  all: ['', 'cleanup: also remove runs that are still live'],
  tags: ['a,b', 'the tags every written case carries'],
  matrices: ['all|failed|none', 'which steps print their matrix (default failed: steps with a mismatch)'],
  namespace: ['NS', 'the namespace of manifests without metadata.namespace, as kubectl apply -n'],
  'cnp-channel': [
    'standard|experimental',
    'the ClusterNetworkPolicy CRD channel plain manifests are validated against (default standard)',
  ],
  'no-color': ['', 'no ANSI colors (also NO_COLOR=1)'],
  help: ['', 'this command’s help'],
} as const;

export type FlagName = keyof typeof FLAG_HELP;

export interface CommandSpec {
  readonly synopsis: string;
  readonly summary: string;
  readonly flags: readonly FlagName[];
  /** The values `--output` (and `--format`) accept, first the default. */
  readonly outputs?: readonly string[];
  readonly notes?: readonly string[];
}

const KUBE = ['kubeconfig', 'context'] as const;

export const COMMAND_SPECS = {
  run: {
    synopsis: 'netpol-probe run SCENARIO... [--target kube|local] [flags]',
    summary: 'deploy, apply each step, probe, diff against the spec, report',
    flags: [
      'target',
      ...KUBE,
      'output',
      'out',
      'matrices',
      'timeout',
      'probe-method',
      'deviations',
      'step',
      'keep',
      'strict',
      'run-id',
      'image',
      'via',
      'external',
      'kube-version',
      'no-color',
    ],
    outputs: ['table', 'json', 'junit', 'markdown', 'html'],
    notes: ['SCENARIO may be a directory: every scenario in it, recursively, with a roll-up per scenario and per tag.'],
  },
  predict: {
    synopsis: 'netpol-probe predict SCENARIO... [flags]',
    summary: "the spec's matrix of every step, no cluster needed",
    flags: ['output', 'out', 'deviations', 'step', 'kube-version', 'no-color'],
    outputs: ['table', 'json', 'yaml'],
    notes: ['Exits 1 when an expect entry disagrees with the prediction.'],
  },
  explain: {
    synopsis: 'netpol-probe explain SCENARIO --from NS/POD --to NS/POD|external/NAME --port PORT[/PROTO] [flags]',
    summary: 'why one cell is allowed or denied, step by step',
    flags: ['from', 'to', 'port', 'family', 'step', 'deviations', 'kube-version'],
  },
  validate: {
    synopsis: 'netpol-probe validate FILE|DIR... [-n NAMESPACE] [--cnp-channel standard|experimental]',
    summary: "scenarios, NetworkPolicy or ClusterNetworkPolicy manifests, checked with the API server's rules",
    flags: ['namespace', 'kube-version', 'cnp-channel'],
  },
  compare: {
    synopsis: 'netpol-probe compare RESULT.json... [flags]',
    summary: 'side-by-side conformance of several runs (one per CNI); exits 1 on a violation or a disagreement',
    flags: ['output', 'format', 'out', 'no-color'],
    outputs: ['table', 'markdown', 'html', 'json'],
  },
  report: {
    synopsis: 'netpol-probe report RESULT.json [--format FORMAT] [--out FILE]',
    summary: 'render a saved result',
    flags: ['format', 'output', 'out', 'matrices', 'no-color'],
    outputs: ['table', 'json', 'junit', 'markdown', 'html'],
  },
  generate: {
    synopsis: 'netpol-probe generate --out DIR [--tags a,b]',
    summary: 'write the feature-tagged conformance cases',
    flags: ['out', 'tags'],
  },
  cleanup: {
    synopsis: 'netpol-probe cleanup [--target kube|local] [--run-id ID | --all]',
    summary: 'remove what finished runs left behind (a live run only when named or with --all)',
    flags: ['target', ...KUBE, 'run-id', 'all'],
  },
} as const satisfies Readonly<Record<string, CommandSpec>>;

export type CommandName = keyof typeof COMMAND_SPECS;

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_SPECS, name);

const flagLabel = (name: FlagName): string => {
  const [argument] = FLAG_HELP[name];
  const short = name === 'output' ? '-o, ' : name === 'namespace' ? '-n, ' : name === 'help' ? '-h, ' : '';
  return `${short}--${name}${argument === '' ? '' : ` ${argument}`}`;
};

/** `netpol-probe run --help`: synopsis, what it does, its flags and notes. */
export const renderCommandHelp = (name: CommandName): string => {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const flags = [...spec.flags, 'help' as const];
  const labels = flags.map(flagLabel);
  const width = Math.max(...labels.map((label) => label.length));
  const describe = (flag: FlagName): string =>
    flag === 'output' || flag === 'format'
      ? `${FLAG_HELP[flag][1]}: ${(spec.outputs ?? []).join(', ')} (default ${spec.outputs?.[0] ?? 'table'})`
      : FLAG_HELP[flag][1];
  return [
    spec.summary,
    '',
    'Usage:',
    `  ${spec.synopsis}`,
    '',
    'Flags:',
    ...flags.map((flag, index) => `  ${(labels[index] ?? '').padEnd(width)}  ${describe(flag)}`),
    ...(spec.notes === undefined ? [] : ['', ...spec.notes]),
    '',
  ].join('\n');
};
