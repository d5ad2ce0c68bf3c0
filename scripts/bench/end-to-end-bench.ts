// The end-to-end benchmark: `run scenarios/bank-app.yaml --target local` as a user runs it (the
// built CLI in a fresh process): wall time, exit code and peak memory.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface EndToEndFigures {
  readonly command: string;
  readonly wallMs: number;
  readonly exitCode: number;
  readonly peakRssMb: number;
  readonly targetMs: number;
  readonly met: boolean;
}

/** One run of the CLI from source, with its peak RSS reported by a preloaded hook. */
export const benchEndToEnd = async (): Promise<EndToEndFigures> => {
  const rssFile = join(await mkdtemp(join(tmpdir(), 'npp-bench-')), 'rss');
  const args = ['src/cli/main.ts', 'run', 'scenarios/bank-app.yaml', '--target', 'local', '--output', 'json'];
  const started = performance.now();
  const result = await execa(process.execPath, ['--import', './scripts/bench/report-rss.ts', ...args], {
    reject: false,
    env: { NPP_BENCH_RSS_FILE: rssFile },
  });
  const wallMs = Math.round(performance.now() - started);
  const targetMs = 10_000;
  return {
    command: `netpol-probe ${args.slice(1).join(' ')}`,
    wallMs,
    exitCode: result.exitCode ?? -1,
    peakRssMb: Number(await readFile(rssFile, 'utf8')),
    targetMs,
    met: wallMs <= targetMs && result.exitCode === 0,
  };
};
