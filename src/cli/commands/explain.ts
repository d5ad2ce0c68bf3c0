// `explain SCENARIO --from --to --port [--step]`: the chain of reasons behind one cell.
import { validationRulesFor } from '../../engine/validate.ts';
import { renderExplanationChain } from '../../engine/explain.ts';
import { addressText } from '../../engine/endpoints.ts';
import type { Family } from '../../model/cluster.ts';
import { describeServedPorts } from '../../model/cluster.ts';
import { InputError } from '../../model/errors.ts';
import { didYouMean } from '../../scenario/suggest-name.ts';
import { PROTOCOLS } from '../../model/network-policy.ts';
import type { Protocol } from '../../model/network-policy.ts';
import { predictStep } from '../../runner/predict-scenario.ts';
import { loadScenarios } from '../load-scenarios.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { requireSteps } from '../steps.ts';

interface PortQuery {
  readonly port: number | string;
  readonly protocol?: Protocol;
}

/** `80`, `80/UDP`, `admin-interface` or `dns/UDP`. */
export const parsePortQuery = (text: string): PortQuery | undefined => {
  const [portText = '', protocolText, extra] = text.split('/');
  if (extra !== undefined || portText === '') return undefined;
  const protocol = protocolText?.toUpperCase();
  if (protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(protocol)) return undefined;
  const port = /^\d+$/.test(portText) ? Number(portText) : portText;
  return { port, ...(protocol === undefined ? {} : { protocol: protocol as Protocol }) };
};

/** Print the reasons for one cell in every selected step. */
export const explainCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const missing = (['from', 'to', 'port'] as const).filter((flag) => options[flag] === undefined).map((flag) => `--${flag}`);
  if (missing.length > 0 || options.positionals.length !== 1) {
    throw new InputError([
      `explain: usage: netpol-probe explain SCENARIO --from NS/POD --to NS/POD|external/NAME --port PORT[/PROTO] [--step NAME]` +
        (missing.length > 0 ? `; missing ${missing.join(', ')}` : ''),
    ]);
  }
  const [scenario] = await loadScenarios(options.positionals, 'explain', {
    rules: validationRulesFor(options.kubeMinor),
    warn: (message) => {
      io.stderr(`warning: ${message}\n`);
    },
  });
  if (scenario === undefined) return 2;
  requireSteps(scenario, options.steps);
  const query = parsePortQuery(options.port ?? '');
  if (query === undefined)
    throw new InputError([`--port: expected PORT, PORT/PROTOCOL or a port name, got ${JSON.stringify(options.port)}`]);
  const from = options.from ?? '';
  const to = options.to ?? '';
  const endpoints = [
    ...scenario.cluster.pods.map((p) => ({ key: `${p.namespace}/${p.name}`, ports: p.ports })),
    ...scenario.cluster.externals.map((e) => ({ key: `external/${e.name}`, ports: e.ports })),
  ];
  const problems: string[] = [];
  if (!scenario.cluster.pods.some((p) => `${p.namespace}/${p.name}` === from))
    problems.push(
      `--from: no pod ${JSON.stringify(from)} in ${scenario.file}${didYouMean(
        from,
        scenario.cluster.pods.map((p) => `${p.namespace}/${p.name}`),
      )}`,
    );
  const destination = endpoints.find((e) => e.key === to);
  if (destination === undefined) {
    problems.push(
      `--to: no pod or external ${JSON.stringify(to)} in ${scenario.file}${didYouMean(
        to,
        endpoints.map((e) => e.key),
      )}`,
    );
  }
  const served = destination?.ports.find(
    (p) =>
      (typeof query.port === 'number' ? p.port === query.port : p.name === query.port) &&
      (query.protocol === undefined || p.protocol === query.protocol),
  );
  if (destination !== undefined && served === undefined) {
    problems.push(`--port: ${to} does not serve ${options.port}; it serves ${describeServedPorts(destination.ports)}`);
  }
  if (problems.length > 0 || served === undefined) throw new InputError(problems);
  const family: Family = options.family ?? 'IPv4';
  const lines: string[] = [];
  scenario.steps.forEach((step, index) => {
    if (options.steps !== undefined && !options.steps.includes(step.name)) return;
    const { prediction } = predictStep(scenario, index, scenario.cluster, options.deviations);
    const verdict = prediction.verdict({ from, to, port: served.port, protocol: served.protocol, family });
    lines.push(`step ${step.name} (policies: ${step.apply.length === 0 ? 'none' : step.apply.join(', ')})`);
    if (verdict === undefined) {
      lines.push(`  no such cell: ${from} or ${to} has no ${family} address`);
      return;
    }
    const source = prediction.world.byKey.get(from);
    const target = prediction.world.byKey.get(to);
    lines.push(
      ...renderExplanationChain(verdict, {
        ...(source === undefined ? {} : { from: addressText(source, family) }),
        ...(target === undefined ? {} : { to: addressText(target, family) }),
      }),
    );
  });
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
};
