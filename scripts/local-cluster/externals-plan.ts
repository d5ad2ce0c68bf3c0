// Prints what the local cluster's externals lab must serve for the given scenarios (files or
// directories), one external per line: `NAME IP IDENTITY PROTO/PORT...`. IPv4 only (the local cluster
// is single-stack); externals at one address are merged (their ports united, the first name kept).
import { loadScenarios } from '../../src/cli/load-scenarios.ts';

interface Entry {
  name: string;
  ip: string;
  ports: Set<string>;
}

/** An identity as the lab format allows it: 1–63 characters of A-Za-z0-9.- */
const identityOf = (name: string): string => `npp-ext-${name}`.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 63);

const scenarios = await loadScenarios(process.argv.slice(2), 'externals-plan');
const byIp = new Map<string, Entry>();
for (const scenario of scenarios) {
  for (const external of scenario.cluster.externals) {
    if (external.family !== 'IPv4') continue;
    const entry = byIp.get(external.ip) ?? { name: external.name, ip: external.ip, ports: new Set<string>() };
    for (const port of external.ports) if (port.protocol !== 'SCTP') entry.ports.add(`${port.protocol}/${String(port.port)}`);
    byIp.set(external.ip, entry);
  }
}
for (const entry of byIp.values()) {
  process.stdout.write(`${[entry.name, entry.ip, identityOf(entry.name), ...[...entry.ports].sort()].join(' ')}\n`);
}
