// Warnings for what a scenario allows but cannot show: a policy port name that no pod serves matches
// nothing (the API server accepts it; the rule then allows no traffic), so it is most likely a typo.
import type { NetworkPolicyPort, Protocol } from '../model/network-policy.ts';
import type { Scenario } from '../model/scenario.ts';
import { didYouMean } from './suggest-name.ts';

/** One warning per named policy port no pod of the scenario serves under that name and protocol. */
export const findUnservedPortNames = (scenario: Scenario): string[] => {
  const served = scenario.cluster.pods.flatMap((pod) => pod.ports.filter((port) => port.name !== undefined));
  const names = [...new Set(served.map((port) => port.name ?? ''))];
  const warnings: string[] = [];
  const check = (where: string, path: string, ports: readonly NetworkPolicyPort[] | undefined): void => {
    for (const [index, port] of (ports ?? []).entries()) {
      if (typeof port.port !== 'string') continue;
      const protocol: Protocol = port.protocol ?? 'TCP';
      if (served.some((candidate) => candidate.name === port.port && candidate.protocol === protocol)) continue;
      const otherProtocols = [
        ...new Set(served.filter((candidate) => candidate.name === port.port).map((candidate) => candidate.protocol)),
      ];
      warnings.push(
        `${where} ${path}.ports[${index}].port: no pod in the scenario serves a port named ` +
          `${JSON.stringify(port.port)} on ${protocol}, so this entry matches nothing` +
          (otherProtocols.length > 0 ? ` (it is served on ${otherProtocols.join(', ')})` : didYouMean(port.port, names)),
      );
    }
  };
  for (const { key, policy, source } of scenario.policies) {
    const where = `${source.file}:${source.line}:${source.column}: policy ${key}`;
    policy.spec.ingress?.forEach((rule, index) => {
      check(where, `spec.ingress[${index}]`, rule.ports);
    });
    policy.spec.egress?.forEach((rule, index) => {
      check(where, `spec.egress[${index}]`, rule.ports);
    });
  }
  return warnings;
};
