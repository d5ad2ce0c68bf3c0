// Read the document `run`, `predict` and `report -o json` write (one shape for one scenario or many).
import { readFile } from 'node:fs/promises';
import type { ResultSet } from '../../src/model/result-set.ts';
import type { RunResult } from '../../src/model/result.ts';

/** The roll-up document in a text; throws unless it has that shape. */
export const parseResultSet = (text: string): ResultSet => {
  const document = JSON.parse(text) as ResultSet;
  if (document.kind !== 'results' || document.schemaVersion !== 2 || !Array.isArray(document.results)) {
    throw new Error(`not a result set: ${text.slice(0, 120)}`);
  }
  return document;
};

/** The one result of a one-scenario document. */
export const onlyResult = (text: string): RunResult => {
  const { results } = parseResultSet(text);
  const [first] = results;
  if (first === undefined || results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return first;
};

export const readResults = async (path: string): Promise<readonly RunResult[]> =>
  parseResultSet(await readFile(path, 'utf8')).results;

export const readOnlyResult = async (path: string): Promise<RunResult> => onlyResult(await readFile(path, 'utf8'));
