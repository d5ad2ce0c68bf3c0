// The result line a probe script prints: the one grammar the script writer and the parser share.
//
//   NPP1 <id> <exit> <replyBytes> <detail>
//
// `id` is the probe id, `exit` the client's exit code (0-255), `replyBytes` how many bytes the
// client printed on stdout, `detail` the start of its stderr reduced to DETAIL_CHARSET with runs of
// spaces squeezed (may be empty; the space before it is always there).

export const PROBE_LINE_TAG = 'NPP1';

/** The bytes a detail may keep, as a `tr` set; everything else becomes a space. */
export const DETAIL_CHARSET = 'A-Za-z0-9 .,:_/=-';

/** How many characters of a client's stderr the line carries: enough for the words that classify. */
export const DETAIL_MAX_CHARS = 240;

const NUMBER = '(0|[1-9][0-9]{0,15})';

/** The whole line; numbers without leading zeros, the detail only from DETAIL_CHARSET. */
export const PROBE_LINE_PATTERN = new RegExp(`^${PROBE_LINE_TAG} ${NUMBER} ${NUMBER} ${NUMBER} ([${DETAIL_CHARSET}]*)$`);

export interface ProbeLine {
  readonly id: number;
  readonly exitCode: number;
  readonly replyBytes: number;
  readonly detail: string;
}

/** One line in the grammar, or undefined when it is not one (an exit code above 255 is not one). */
export const parseProbeLine = (line: string): ProbeLine | undefined => {
  const match = PROBE_LINE_PATTERN.exec(line);
  if (match === null) return undefined;
  const [, id, exitCode, replyBytes, detail] = match as unknown as [string, string, string, string, string];
  const code = Number(exitCode);
  if (code > 255 || !Number.isSafeInteger(Number(id))) return undefined;
  return { id: Number(id), exitCode: code, replyBytes: Number(replyBytes), detail: detail.trim() };
};
