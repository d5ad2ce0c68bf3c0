// `npm run bench`: performance figures (not tests). Prints a table and writes .bench/results.json.
//   engine     synthetic clusters of 100–5,000 pods: time and peak memory for the full matrix
//   probe      one default-deny step of scenarios/upstream-model.yaml on the local target: batched vs
//              one process per probe with 3 workers (upstream's method), 5 repetitions, medians (root)
//   end-to-end run scenarios/bank-app.yaml --target local: wall time and peak memory (root)
import { mkdir, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { benchProbe } from './bench/probe-bench.ts';
import { benchEndToEnd } from './bench/end-to-end-bench.ts';

interface EngineFigure {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly cells: number;
  readonly ms: number;
  readonly peakRssMb: number;
}

const ENGINE_CASES: readonly (readonly [number, number])[] = [
  [100, 10],
  [1000, 50],
  [2000, 100],
  [5000, 100],
];

const benchEngine = async (): Promise<EngineFigure[]> => {
  const figures: EngineFigure[] = [];
  for (const [pods, namespaces] of ENGINE_CASES) {
    const { stdout } = await execa(process.execPath, ['scripts/bench/engine-case.ts', String(pods), String(namespaces)]);
    figures.push(JSON.parse(stdout) as EngineFigure);
  }
  return figures;
};

const row = (cells: readonly (string | number)[]): string => cells.map((c) => String(c).padStart(12)).join(' ');

const engine = await benchEngine();
console.log('engine: full predicted matrix (4 port/protocols, 0.25 policies per pod)');
console.log(row(['pods', 'namespaces', 'policies', 'cells', 'ms', 'ns/cell', 'peak MB']));
for (const f of engine)
  console.log(row([f.pods, f.namespaces, f.policies, f.cells, f.ms, ((f.ms * 1e6) / f.cells).toFixed(1), f.peakRssMb]));
const target2000 = engine.find((f) => f.pods === 2000);
if (target2000 !== undefined) {
  console.log(
    `target 2,000 pods ≤ 1000 ms and ≤ 512 MB: ${target2000.ms <= 1000 && target2000.peakRssMb <= 512 ? 'met' : 'NOT met'}`,
  );
}

const isRoot = process.getuid?.() === 0;
const probe = isRoot ? await benchProbe() : undefined;
if (probe !== undefined) {
  console.log(
    `\nprobe: ${probe.scenario} step ${probe.step}, ${probe.cells} cells (${probe.deniedCells} denied), timeout ${probe.timeoutMs} ms, ${probe.repetitions} runs`,
  );
  console.log(row(['method', 'median ms', 'runs ms']));
  console.log(row(['batched', probe.batchedMedianMs, probe.batchedMs.join(',')]));
  console.log(row(['per-probe×3', probe.perProbeMedianMs, probe.perProbeMs.join(',')]));
  console.log(`ratio ${probe.ratio}×; target batched ≤ ${probe.targetMs} ms and ≥ 10× faster: ${probe.met ? 'met' : 'NOT met'}`);
}
const endToEnd = isRoot ? await benchEndToEnd() : undefined;
if (endToEnd !== undefined) {
  console.log(`\nend to end: ${endToEnd.command}`);
  console.log(
    `${endToEnd.wallMs} ms wall, exit ${endToEnd.exitCode}, peak ${endToEnd.peakRssMb} MB; target ≤ ${endToEnd.targetMs} ms: ${endToEnd.met ? 'met' : 'NOT met'}`,
  );
}
if (!isRoot) console.log('\nprobe and end-to-end benchmarks need root (the local target): skipped');

await mkdir('.bench', { recursive: true });
await writeFile(
  '.bench/results.json',
  `${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, engine, probe, endToEnd }, null, 2)}\n`,
);
console.log('\nwrote .bench/results.json');
