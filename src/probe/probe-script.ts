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

// Each client starts straight from the script as a background job (one fork+exec per probe, no
// subshell), its stdout and stderr in files of the batch's scratch folder, its pid kept; then
// `wait PID` collects each exit status (POSIX shells keep them) and npp_emit prints the line with
// builtins only. On a small machine hundreds of probes then really run at once and a step costs
// about one timeout.
const PROLOGUE = [
  'npp_d="${TMPDIR:-/tmp}/npp.$$"',
  'mkdir -p "$npp_d" || { echo "netpol-probe: cannot create $npp_d" >&2; exit 97; }',
  'trap \'rm -rf "$npp_d"\' EXIT',
  '# npp_emit ID STATUS [IDENTITY]: the result line of probe ID from its files; with IDENTITY, a reply',
  '# whose first line is not exactly IDENTITY is reported as 2',
  'npp_emit() {',
  '  npp_f="$npp_d/$1"',
  "  npp_1='' npp_2='' npp_3=''",
  '  { IFS= read -r npp_1; IFS= read -r npp_2; IFS= read -r npp_3; } <"$npp_f.e"',
  '  if [ -s "$npp_f.o" ]; then npp_o=1; else npp_o=0; fi',
  '  if [ $# -ge 3 ] && [ $npp_o = 1 ]; then',
  "    npp_r=''",
  '    IFS= read -r npp_r <"$npp_f.o"',
  '    [ "$npp_r" = "$3" ] || npp_o=2',
  '  fi',
  `  printf '${PROBE_LINE_TAG} %s %s %s %s\\n' "$1" "$2" "$npp_o" "$npp_1 $npp_2 $npp_3"`,
  '}',
];

/** The lines that start one probe's client in the background and keep its pid. */
const startLines = (id: number, input: string | undefined, argv: readonly string[]): string[] => {
  const file = `"$npp_d/${String(id)}`;
  const command = argv.map(quoteShellWord).join(' ');
  if (input === undefined || input === '') return [`${command} </dev/null >${file}.o" 2>${file}.e" & npp_p${String(id)}=$!`];
  return [
    `printf '%s\\n' ${quoteShellWord(input)} >${file}.i"`,
    `${command} <${file}.i" >${file}.o" 2>${file}.e" & npp_p${String(id)}=$!`,
  ];
};

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
    ...PROLOGUE,
  ];
  for (let first = 0; first < batch.probes.length; first += maxConcurrent) {
    const wave = batch.probes.slice(first, first + maxConcurrent);
    for (const probe of wave) {
      const command = buildProbeCommand(probe, batch.method, batch.timeoutMs);
      lines.push(...startLines(probe.id, command.input, command.argv));
    }
    for (const probe of wave) {
      const identity = probe.identity === undefined ? '' : ` ${quoteShellWord(probe.identity)}`;
      lines.push(`wait "$npp_p${String(probe.id)}"; npp_emit ${String(probe.id)} $?${identity}`);
    }
  }
  return `${lines.join('\n')}\n`;
};
