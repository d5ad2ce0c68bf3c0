// Durations as people write them in scenarios and flags: `500ms`, `1s`, `1.5s`, `1m`.

const UNITS = { ms: 1, s: 1000, m: 60_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

/** Milliseconds (rounded) for a duration string; undefined when the text is not one. */
export const parseDuration = (text: string): number | undefined => {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const unit = match[2] as keyof typeof UNITS;
  return Math.round(Number(match[1]) * UNITS[unit]);
};
