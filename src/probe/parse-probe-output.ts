// Read a probe script's stdout back into one result per probe, strictly: nothing is dropped silently.
import type { ProbeBatch, ProbeResult } from '../model/probe.ts';
import { classifyOutcome } from './classify-outcome.ts';
import { type ProbeLine, parseProbeLine } from './probe-line.ts';

export interface ParsedProbeOutput {
  /** Exactly one per probe of the batch, in batch order. */
  readonly results: readonly ProbeResult[];
  /**
   * Every line that was not a clean result: unparsable, an id not in the batch, an id seen
   * twice. Empty on a healthy run; the caller reports these (a lost line already shows in
   * `results` as an `error`).
   */
  readonly problems: readonly string[];
}

const MAX_QUOTED = 120;

const quoteLine = (line: string): string => JSON.stringify(line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}…` : line);

const splitLines = (stdout: string): string[] => {
  if (stdout === '') return [];
  const lines = stdout.split('\n');
  // One final newline ends the last line (and may already be stripped, as execa does).
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * One result per probe from the script's stdout. A probe without a line is `error` with detail
 * `no result line` (a lost line is a failed probe, never "blocked"); a probe with several lines is
 * `error` too, since none of them can be trusted over the others.
 */
export const parseProbeOutput = (batch: ProbeBatch, stdout: string): ParsedProbeOutput => {
  const known = new Map(batch.probes.map((probe) => [probe.id, probe]));
  const linesById = new Map<number, ProbeLine[]>();
  const problems: string[] = [];
  if (known.size !== batch.probes.length) problems.push(`${batch.from}: the batch repeats a probe id`);

  splitLines(stdout).forEach((text, index) => {
    const where = `${batch.from}: probe output line ${String(index + 1)}`;
    const line = parseProbeLine(text);
    if (line === undefined) {
      problems.push(`${where}: not a result line: ${quoteLine(text)}`);
      return;
    }
    if (!known.has(line.id)) {
      problems.push(`${where}: unknown probe id ${String(line.id)}: ${quoteLine(text)}`);
      return;
    }
    const seen = linesById.get(line.id) ?? [];
    if (seen.length > 0) problems.push(`${where}: duplicate result for probe id ${String(line.id)}: ${quoteLine(text)}`);
    linesById.set(line.id, [...seen, line]);
  });

  const results = batch.probes.map((probe): ProbeResult => {
    const lines = linesById.get(probe.id) ?? [];
    const [line] = lines;
    if (line === undefined) return { id: probe.id, outcome: 'error', detail: 'no result line' };
    if (lines.length > 1) return { id: probe.id, outcome: 'error', detail: `${String(lines.length)} result lines for one probe` };
    const { outcome, detail } = classifyOutcome(
      batch.method,
      probe.protocol,
      line.exitCode,
      line.detail,
      line.replyBytes,
      probe.identity,
    );
    return detail === undefined ? { id: probe.id, outcome } : { id: probe.id, outcome, detail };
  });

  return { results, problems };
};
