// One POSIX sh script per source pod: every probe in the background at once, one result line each.
import type { ProbeBatch } from '../model/probe.ts';
import { buildProbeCommand, checkProbe } from './probe-command.ts';
import { PROBE_LINE_TAG } from './probe-line.ts';
import { quoteShellWord } from './shell-word.ts';

/** How many clients run at once unless the caller says otherwise. */
export const DEFAULT_MAX_CONCURRENT = 256;

export interface ProbeScriptOptions {
  /** Probes per wave: a batch larger than this runs in waves, each waited for before the next. */
  readonly maxConcurrent?: number;
}

// npp_probe ID INPUT ARGV...: run ARGV with INPUT (when not empty) as one line on its stdin, its
// stdout and stderr in files of the batch's scratch folder, then print its result line. Everything
// but the client itself is a shell builtin, so a probe costs one fork and one exec: on a small
// machine hundreds of probes then really run at once and a step costs about one timeout.
const PROBE_FUNCTION = [
  'npp_d="${TMPDIR:-/tmp}/npp.$$"',
  'mkdir -p "$npp_d" || { echo "netpol-probe: cannot create $npp_d" >&2; exit 97; }',
  'trap \'rm -rf "$npp_d"\' EXIT',
  'npp_probe() {',
  '  npp_id=$1',
  '  npp_in=$2',
  '  shift 2',
  '  npp_f="$npp_d/$npp_id"',
  '  if [ -n "$npp_in" ]; then',
  '    printf \'%s\\n\' "$npp_in" >"$npp_f.i"',
  '    "$@" <"$npp_f.i" >"$npp_f.o" 2>"$npp_f.e"',
  '  else',
  '    "$@" </dev/null >"$npp_f.o" 2>"$npp_f.e"',
  '  fi',
  '  npp_c=$?',
  "  npp_1='' npp_2='' npp_3=''",
  '  { IFS= read -r npp_1; IFS= read -r npp_2; IFS= read -r npp_3; } <"$npp_f.e"',
  '  npp_e="$npp_1 $npp_2 $npp_3"',
  '  if [ -s "$npp_f.o" ]; then npp_o=1; else npp_o=0; fi',
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
