// The result line a probe script prints: the one grammar the script writer and the parser share.
//
//   NPP1 <id> <exit> <replyBytes> <detail>
//
// `id` is the probe id, `exit` the client's exit code (0-255), `replyBytes` 1 when the client printed
// anything on stdout (a reply) and 0 otherwise; for a probe with an identity, 1 when the reply's first
// line is exactly the identity and 2 when it printed something else, `detail` the client's stderr as the script read it
// (its first lines joined by spaces; may be empty; the space before it is always there). The script
// uses shell builtins only, so the parser, not the script, reduces the detail to DETAIL_CHARSET,
// squeezes spaces and cuts it to DETAIL_MAX_CHARS.

export const PROBE_LINE_TAG = 'NPP1';

/** The characters a detail keeps, as a regex class body; everything else becomes a space. */
export const DETAIL_CHARSET = 'A-Za-z0-9 .,:_/=-';

/** How many characters of a client's stderr the line carries: enough for the words that classify. */
export const DETAIL_MAX_CHARS = 240;

const NUMBER = '(0|[1-9][0-9]{0,15})';

/** The whole line; numbers without leading zeros, the detail any text up to the end of the line. */
export const PROBE_LINE_PATTERN = new RegExp(`^${PROBE_LINE_TAG} ${NUMBER} ${NUMBER} ${NUMBER} (.*)$`);

const OUTSIDE_CHARSET = new RegExp(`[^${DETAIL_CHARSET}]`, 'g');

/** A client's raw stderr reduced to the words that classify it. */
export const sanitizeDetail = (raw: string): string =>
  raw.replace(OUTSIDE_CHARSET, ' ').replace(/ {2,}/g, ' ').trim().slice(0, DETAIL_MAX_CHARS).trim();

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
  return { id: Number(id), exitCode: code, replyBytes: Number(replyBytes), detail: sanitizeDetail(detail) };
};
