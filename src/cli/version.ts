// The tool's version, from its own package.json (the same relative path from src/ and dist/).
import { readFileSync } from 'node:fs';

/** Read once at startup; falls back to 0.0.0 if the file is unreadable. */
export const readVersion = (): string => {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(text) as { version?: unknown };
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
};
