// "Did you mean": the known name closest to a mistyped one, for messages about unknown pods, steps,
// policies and commands.

/** Edit distance, for "did you mean". */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
};

const shortName = (name: string): string => name.slice(name.indexOf('/') + 1);

/**
 * The closest known name, compared whole and by the part after `namespace/`: at most a third of the
 * mistyped name's length in edits (at least one), and never as many edits as it has characters.
 */
export const suggestName = (wanted: string, known: readonly string[]): string | undefined => {
  const lower = wanted.toLowerCase();
  const short = shortName(lower);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const full = name.toLowerCase();
    const d = Math.min(distance(lower, full), distance(short, shortName(full)));
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(short.length / 3)) && bestDistance < short.length
    ? best
    : undefined;
};

/** `; did you mean "bank-app/backend"?` or nothing. */
export const didYouMean = (wanted: string, known: readonly string[]): string => {
  const suggestion = suggestName(wanted, known);
  return suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`;
};
