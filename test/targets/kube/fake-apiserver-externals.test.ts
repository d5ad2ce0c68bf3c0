// Externals on the kube target (docs/kube-externals.md), against the fake API server over real
// packets: without a lab they are never probed (not even when something answers at their literal
// addresses), with the fake acting as a lab they are probed and prove their identity, and an
// impostor at a published address makes its cells probe errors. Needs root, like every dataplane test.
import { join } from 'node:path';
import test from 'ava';
import { parseAddress } from '../../../src/engine/ip-address.ts';
import type { RunResult } from '../../../src/model/result.ts';
import { loadScenario } from '../../../src/scenario/load.ts';
import { METADATA_ADDRESSES } from '../../../src/targets/kube/external-mappings.ts';
import type { FakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { declareLocalPrerequisites, localTest } from '../local/local-gate.ts';
import { startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

declareLocalPrerequisites();

const BANK_APP = 'scenarios/bank-app.yaml';
const bankApp = await loadScenario(BANK_APP);
const externalAddresses = new Set(bankApp.cluster.externals.map((external) => external.ip));

/** Every address a probe was sent to: the addresses on the client lines of every exec'd probe script. */
const probedAddresses = (fake: FakeApiServer): Set<string> => {
  const addresses = new Set<string>();
  for (const { command } of fake.execs) {
    const script = command.at(-1) ?? '';
    for (const line of script.split('\n')) {
      if (line.startsWith('#') || !/^(nc|curl|\/agnhost) /.test(line)) continue;
      for (const word of line.replace(/[[\]']/g, ' ').split(/[\s/]+/)) {
        const host = word.replace(/:\d+$/, '');
        const address = parseAddress(host) ?? parseAddress(word);
        if (address !== undefined) addresses.add(address.toString());
      }
    }
  }
  return addresses;
};

const isMetadataAddress = (text: string): boolean => {
  const address = parseAddress(text);
  return address !== undefined && (address.range() === 'linkLocal' || METADATA_ADDRESSES.has(address.toString()));
};

const externalCells = (result: RunResult) =>
  result.steps.flatMap((step) => step.cells.filter((cell) => cell.to.startsWith('external/')));

localTest(
  'without a lab, bank-app external cells are not-probed on the kube target and no probe goes to their addresses, though something answers there',
  async (t) => {
    t.timeout(300_000);
    // The fake's dataplane serves the externals, but nothing publishes them: a real cluster's
    // metadata service or a neighbour's host at the literal address would look the same.
    const cluster = await startFakeCluster({ dataplane: true, scenario: BANK_APP });
    try {
      const out = join(cluster.folder, 'result.json');
      const run = await cluster.run(BANK_APP, ['--out', out]);
      t.is(run.code, 0, run.stderr);
      const result = await readOnlyResult(out);
      const cells = externalCells(result);
      t.true(cells.length > 0);
      t.deepEqual([...new Set(cells.map((cell) => cell.outcome))], ['not-probed']);
      t.true(cells.every((cell) => cell.match === undefined && cell.class === undefined && cell.observed === undefined));
      t.regex(cells[0]?.detail ?? '', /no lab provisions .* \(namespace netpol-probe-lab does not exist\) and no --external/);
      t.is(result.summary.notProbed, cells.length);
      t.like(result.summary, { violations: 0, probeErrors: 0 });
      t.is(result.summary.matched, result.summary.cells - cells.length);
      // The except of the backend's ipBlock is exercised only by external cells: not credited.
      t.true(result.steps.some((step) => step.features?.includes('ip-block-except') === true));
      t.false(result.steps.some((step) => step.observedFeatures?.includes('ip-block-except') === true));
      // The run says so in one line.
      const lines = run.stderr.split('\n').filter((line) => line.includes('externals not probed:'));
      t.is(lines.length, 1, run.stderr);
      t.regex(lines[0] ?? '', /metadata-api, internal-net, next-net, partner-api/);
      const sent = probedAddresses(cluster.fake);
      t.true(sent.size > 0);
      t.deepEqual(
        [...sent].filter((address) => externalAddresses.has(address)),
        [],
      );
      t.deepEqual([...sent].filter(isMetadataAddress), []);
    } finally {
      await cluster.close();
    }
  },
);

localTest(
  'with the fake acting as a lab, bank-app external cells are probed with identity and all match; metadata addresses are probed only as the lab provisioned them',
  async (t) => {
    t.timeout(300_000);
    const cluster = await startFakeCluster({ dataplane: true, lab: { externals: bankApp.cluster.externals } });
    try {
      const out = join(cluster.folder, 'result.json');
      const run = await cluster.run(BANK_APP, ['--out', out]);
      t.is(run.code, 0, run.stderr);
      t.notRegex(run.stderr, /externals not probed/);
      const result = await readOnlyResult(out);
      const cells = externalCells(result);
      t.true(cells.length > 0);
      t.deepEqual(
        cells.filter((cell) => cell.match !== true),
        [],
      );
      t.is(result.summary.notProbed, undefined);
      t.true(result.steps.some((step) => step.observedFeatures?.includes('ip-block-except') === true));
      t.like(result.summary, { violations: 0, probeErrors: 0, divergences: 0 });
      // Probes to externals went only to published addresses, as identity-checking nc probes.
      const sent = probedAddresses(cluster.fake);
      for (const address of externalAddresses) t.true(sent.has(address), address);
      const scripts = cluster.fake.execs.map(({ command }) => command.at(-1) ?? '').join('\n');
      t.regex(scripts, /npp_emit \d+ \$\? ext-partner-api\n/);
      t.deepEqual(
        [...sent].filter(isMetadataAddress).filter((address) => !externalAddresses.has(address)),
        [],
      );
    } finally {
      await cluster.close();
    }
  },
);

localTest(
  'an external that answers without the identity the lab published fails the control round: its cells are probe errors, never allowed or denied',
  async (t) => {
    t.timeout(300_000);
    const partner = bankApp.cluster.externals.filter((external) => external.name === 'partner-api');
    const cluster = await startFakeCluster({
      dataplane: true,
      lab: { externals: partner, publishedIdentity: () => 'someone-else' },
    });
    try {
      const out = join(cluster.folder, 'result.json');
      const run = await cluster.run(BANK_APP, ['--out', out, '--step', 'baseline']);
      const result = await readOnlyResult(out);
      const cells = externalCells(result).filter((cell) => cell.to === 'external/partner-api');
      t.true(cells.length > 0, run.stderr);
      t.deepEqual([...new Set(cells.map((cell) => cell.class))], ['probe-error']);
      t.regex(cells[0]?.detail ?? '', /control round: external\/partner-api .* with its identity someone-else/);
      t.regex(cells[0]?.detail ?? '', /the reply was not someone-else/);
      t.is(run.code, 0, run.stderr);
    } finally {
      await cluster.close();
    }
  },
);

localTest('--external NAME=IP probes the external at the mapped address only, and leaves the others not-probed', async (t) => {
  t.timeout(300_000);
  const partner = bankApp.cluster.externals.find((external) => external.name === 'partner-api');
  if (partner === undefined) throw new Error('bank-app has no partner-api');
  // The user's own endpoint, somewhere else than the scenario says.
  const cluster = await startFakeCluster({ dataplane: true, externals: [{ ...partner, ip: '198.51.100.7' }] });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run(BANK_APP, ['--out', out, '--step', 'baseline', '--external', 'partner-api=198.51.100.7']);
    t.is(run.code, 0, run.stderr);
    const result = await readOnlyResult(out);
    const cells = externalCells(result);
    const mapped = cells.filter((cell) => cell.to === 'external/partner-api');
    t.true(mapped.length > 0);
    t.true(mapped.every((cell) => cell.match === true && cell.outcome === 'connected'));
    t.true(cells.filter((cell) => cell.to !== 'external/partner-api').every((cell) => cell.outcome === 'not-probed'));
    const sent = probedAddresses(cluster.fake);
    t.true(sent.has('198.51.100.7'));
    t.deepEqual(
      [...sent].filter((address) => externalAddresses.has(address)),
      [],
    );
  } finally {
    await cluster.close();
  }
});

test('--external refuses link-local and cloud metadata destinations with exit 2 before anything is created', async (t) => {
  const { runCliCaptured } = await import('../../cli/run-cli.ts');
  for (const ip of ['169.254.169.254', '169.254.1.1', 'fe80::1', 'fd00:ec2::254', '168.63.129.16', '100.100.100.200']) {
    const run = await runCliCaptured(['run', BANK_APP, '--target', 'kube', '--external', `partner-api=${ip}`]);
    t.is(run.code, 2, `${ip}: ${run.stderr}`);
    t.regex(run.stderr, new RegExp(`--external "partner-api=${ip.replace(/\./g, '\\.')}": .*never probed as a mapped external`));
  }
});
