// A saved result file's text → its documents, checked enough that every renderer can trust the shape;
// every problem named with the file and where in it.
import { InputError } from '../model/errors.ts';
import { RESULT_SET_SCHEMA_VERSION } from '../model/result-set.ts';
import type { RunResult } from '../model/result.ts';

const SUPPORTED_SCHEMA_VERSION = 1;
/** Problems listed per file before the rest are only counted. */
const PROBLEM_LIMIT = 10;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describeValue = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : Array.isArray(value)
      ? 'an array'
      : value === null
        ? 'null'
        : `${typeof value} ${JSON.stringify(value)}`;

const checkCell = (cell: unknown, where: string, problems: string[]): void => {
  if (!isObject(cell)) {
    problems.push(`${where}: must be an object, got ${describeValue(cell)}`);
    return;
  }
  for (const field of ['from', 'to', 'protocol', 'family'] as const) {
    if (typeof cell[field] !== 'string') problems.push(`${where}.${field}: must be a string, got ${describeValue(cell[field])}`);
  }
  if (typeof cell['port'] !== 'number') problems.push(`${where}.port: must be a number, got ${describeValue(cell['port'])}`);
  if (cell['predicted'] !== 'allow' && cell['predicted'] !== 'deny') {
    problems.push(`${where}.predicted: must be "allow" or "deny", got ${describeValue(cell['predicted'])}`);
  }
};

const checkStep = (step: unknown, where: string, problems: string[]): void => {
  if (!isObject(step)) {
    problems.push(`${where}: must be an object, got ${describeValue(step)}`);
    return;
  }
  if (typeof step['name'] !== 'string') problems.push(`${where}.name: must be a string, got ${describeValue(step['name'])}`);
  for (const field of ['policies', 'cells', 'expectations'] as const) {
    if (!Array.isArray(step[field])) problems.push(`${where}.${field}: must be an array, got ${describeValue(step[field])}`);
  }
  if (!isObject(step['summary'])) problems.push(`${where}.summary: must be an object, got ${describeValue(step['summary'])}`);
  if (Array.isArray(step['cells'])) {
    for (const [index, cell] of step['cells'].entries()) checkCell(cell, `${where}.cells[${index}]`, problems);
  }
};

const checkDocument = (document: unknown, where: string, problems: string[]): void => {
  if (!isObject(document)) {
    problems.push(`${where === '' ? '' : `${where}: `}must be a result object, got ${describeValue(document)}`);
    return;
  }
  if (document['kind'] === 'comparison') {
    problems.push(
      `${where === '' ? '' : `${where}: `}is the output of \`compare\`, not a run result; give the result files of \`run\` or \`predict\``,
    );
    return;
  }
  if (document['schemaVersion'] !== SUPPORTED_SCHEMA_VERSION) {
    problems.push(
      `${where}.schemaVersion: this netpol-probe reads result documents of version ${SUPPORTED_SCHEMA_VERSION}, got ${describeValue(document['schemaVersion'])}` +
        (typeof document['schemaVersion'] === 'number' && document['schemaVersion'] > SUPPORTED_SCHEMA_VERSION
          ? '; upgrade netpol-probe'
          : ''),
    );
    return;
  }
  const scenario = document['scenario'];
  if (!isObject(scenario) || typeof scenario['name'] !== 'string' || typeof scenario['file'] !== 'string') {
    problems.push(`${where}.scenario: must be an object with a name and a file, got ${describeValue(scenario)}`);
  }
  if (typeof document['startedAt'] !== 'string')
    problems.push(`${where}.startedAt: must be a string, got ${describeValue(document['startedAt'])}`);
  if (typeof document['durationMs'] !== 'number')
    problems.push(`${where}.durationMs: must be a number, got ${describeValue(document['durationMs'])}`);
  if (!isObject(document['summary']))
    problems.push(`${where}.summary: must be an object, got ${describeValue(document['summary'])}`);
  if (!Array.isArray(document['steps']))
    problems.push(`${where}.steps: must be an array, got ${describeValue(document['steps'])}`);
  else for (const [index, step] of document['steps'].entries()) checkStep(step, `${where}.steps[${index}]`, problems);
};

/** The entries of a file: the roll-up's `results`, an array of documents (before 0.2), or one document. */
const entriesOf = (parsed: unknown, problems: string[]): { readonly documents: unknown[]; readonly where: string } => {
  if (Array.isArray(parsed)) return { documents: parsed, where: '' };
  if (!isObject(parsed) || parsed['kind'] !== 'results') return { documents: [parsed], where: '' };
  const version = parsed['schemaVersion'];
  if (version !== RESULT_SET_SCHEMA_VERSION) {
    problems.push(
      `schemaVersion: this netpol-probe reads result files of version ${RESULT_SET_SCHEMA_VERSION} (and single documents of version ${SUPPORTED_SCHEMA_VERSION}), got ${describeValue(version)}` +
        (typeof version === 'number' && version > RESULT_SET_SCHEMA_VERSION ? '; upgrade netpol-probe' : ''),
    );
    return { documents: [], where: 'results' };
  }
  if (!Array.isArray(parsed['results'])) {
    problems.push(`results: must be an array of result documents, got ${describeValue(parsed['results'])}`);
    return { documents: [], where: 'results' };
  }
  return { documents: parsed['results'], where: 'results' };
};

/**
 * The result documents in a file's text: the roll-up document `run`, `predict` and `report -o json`
 * write (model/result-set.ts), or, as older versions wrote, one document or an array of them. Throws
 * an InputError naming the file and each problem.
 */
export const parseResultDocuments = (text: string, file: string): RunResult[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError([`${file}: not a JSON document (${error instanceof Error ? error.message : String(error)})`]);
  }
  const problems: string[] = [];
  const { documents, where } = entriesOf(parsed, problems);
  if (problems.length === 0 && documents.length === 0) {
    throw new InputError([
      `${file}: ${where === '' ? 'holds an empty array' : 'results is empty'}; expected one or more result documents`,
    ]);
  }
  const indexed = Array.isArray(parsed) || where !== '';
  for (const [index, document] of documents.entries()) checkDocument(document, indexed ? `${where}[${index}]` : '', problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEM_LIMIT).map((problem) => `${file}: ${problem.replace(/^\./, '')}`);
    if (problems.length > shown.length) shown.push(`${file}: … and ${problems.length - shown.length} more problems`);
    throw new InputError(shown);
  }
  return documents as RunResult[];
};
