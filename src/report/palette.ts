// ANSI styling for terminal reports; a no-op palette when color is off, so renderers stay pure.
import type { MismatchClass } from '../model/result.ts';

export interface Palette {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly magenta: (text: string) => string;
  readonly green: (text: string) => string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const plain = (text: string): string => text;

/** The palette for a terminal that does (or does not) want color. */
export const buildPalette = (color: boolean): Palette =>
  color
    ? { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), magenta: wrap(35, 39), green: wrap(32, 39) }
    : { bold: plain, dim: plain, red: plain, yellow: plain, magenta: plain, green: plain };

/** How each mismatch class is highlighted. */
export const classStyle = (palette: Palette, mismatch: MismatchClass): ((text: string) => string) => {
  switch (mismatch) {
    case 'violation':
      return (text) => palette.bold(palette.red(text));
    case 'divergence':
      return palette.yellow;
    case 'probe-error':
      return palette.magenta;
  }
};
