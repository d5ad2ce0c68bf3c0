// One POSIX sh script per source pod: every probe in the background at once, one result line each.
import type { ProbeBatch } from '../model/probe.ts';
import { buildProbeCommand, checkProbe } from './probe-command.ts';
import { DETAIL_CHARSET, DETAIL_MAX_CHARS, PROBE_LINE_TAG } from './probe-line.ts';
import { quoteShellWord } from './shell-word.ts';

/** How many clients run at once unless the caller says otherwise. */
export const DEFAULT_MAX_CONCURRENT = 256;

export interface ProbeScriptOptions {
  /** Probes per wave: a batch larger than this runs in waves, each waited for before the next. */
  readonly maxConcurrent?: number;
}

// npp_probe ID INPUT ARGV...: run ARGV (INPUT, when not empty, as one line on its stdin; else
// /dev/null), then print its result line. Client stderr goes to fd 3 (the capture), client stdout
// is only counted by wc. The exit code and the count are written after the client has exited, so
// their markers are always the last ones in the capture.
const PROBE_FUNCTION = [
  'npp_probe() {',
  '  npp_id=$1',
  '  npp_in=$2',
  '  shift 2',
  '  npp_r=$( { { if [ -n "$npp_in" ]; then printf \'%s\\n\' "$npp_in" | "$@"; else "$@" </dev/null; fi 2>&3;' +
    " printf '\\nNPPRC=%s\\n' \"$?\" >&3; } | wc -c | sed 's/^[^0-9]*/NPPOUT=/'; } 3>&1 )",
  '  npp_o=${npp_r##*NPPOUT=}',
  '  npp_r=${npp_r%NPPOUT=*}',
  '  npp_c=${npp_r##*NPPRC=}',
  '  npp_c=${npp_c%%[!0-9]*}',
  `  npp_e=$(printf '%s' "\${npp_r%NPPRC=*}" | tr -c ${quoteShellWord(DETAIL_CHARSET)} ' ' | tr -s ' ' | cut -c 1-${String(DETAIL_MAX_CHARS)})`,
  `  printf '${PROBE_LINE_TAG} %s %s %s %s\\n' "$npp_id" "$npp_c" "$npp_o" "$npp_e"`,
  '}',
];

const commentSafe = (text: string): string => text.replace(/[^A-Za-z0-9_./:@-]/g, '?');

/**
 * The script a target runs (`sh -c SCRIPT`, or on stdin with `sh -s` for very large batches, since
 * one argv element is capped at 128 KiB on Linux). Throws when a probe is malformed or ids repeat.
 */
export const buildProbeScript = (batch: ProbeBatch, options: ProbeScriptOptions = {}): string => {
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const problems = batch.probes.flatMap((probe) => checkProbe(probe, batch.timeoutMs));
  if (!Number.isSafeInteger(maxConcurrent) || maxConcurrent < 1)
    problems.push(`maxConcurrent: must be a positive integer, got ${String(maxConcurrent)}`);
  const seen = new Set<number>();
  for (const { id } of batch.probes) {
    if (seen.has(id)) problems.push(`probe id ${String(id)}: appears more than once in the batch`);
    seen.add(id);
  }
  if (problems.length > 0) throw new Error(`cannot build the probe script of ${batch.from}: ${problems.join('; ')}`);

  const waves = Math.ceil(batch.probes.length / maxConcurrent);
  const lines = [
    `# netpol-probe: ${String(batch.probes.length)} probe(s) from ${commentSafe(batch.from)} by ${batch.method},` +
      ` timeout ${String(batch.timeoutMs)} ms, ${String(waves)} wave(s) of at most ${String(maxConcurrent)}`,
    ...PROBE_FUNCTION,
  ];
  batch.probes.forEach((probe, index) => {
    const command = buildProbeCommand(probe, batch.method, batch.timeoutMs);
    const words = [String(probe.id), command.input ?? '', ...command.argv].map(quoteShellWord);
    lines.push(`npp_probe ${words.join(' ')} &`);
    if ((index + 1) % maxConcurrent === 0 || index === batch.probes.length - 1) lines.push('wait');
  });
  return `${lines.join('\n')}\n`;
};
