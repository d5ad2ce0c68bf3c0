// POSIX sh quoting: one argv element in, one shell word out, whatever bytes it holds.

const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quote a word for sh so it reaches the command unchanged; plain words stay readable. */
export const quoteShellWord = (word: string): string => (PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
