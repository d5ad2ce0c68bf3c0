// Strict shape checks for hand-written YAML: maps with known fields only, and typed scalars.
import type { FieldPath } from '../model/field-error.ts';
import type { Report } from './problems.ts';

export type PlainObject = Readonly<Record<string, unknown>>;

/** True for a YAML map (not a list, not null). */
export const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a wrong value reads in a message: `got a list`, `got number 5`. */
export const describeValue = (value: unknown): string => {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${String(value)}`;
  return typeof value;
};

/** A map whose keys are all in `known`; every other key is reported at the key itself. */
export const asObject = (value: unknown, path: FieldPath, known: readonly string[], report: Report): PlainObject | undefined => {
  if (!isPlainObject(value)) {
    report(path, `must be a map, got ${describeValue(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report([...path, key], `unknown field "${key}"`, { at: 'key' });
  }
  return value;
};

/** A map with any keys (names to labels); `undefined` (reported) when it is something else. */
export const asMap = (value: unknown, path: FieldPath, report: Report): PlainObject | undefined => {
  if (isPlainObject(value)) return value;
  report(path, `must be a map, got ${describeValue(value)}`);
  return undefined;
};

/** A list; `undefined` (reported) when it is something else. */
export const asList = (value: unknown, path: FieldPath, report: Report): readonly unknown[] | undefined => {
  if (Array.isArray(value)) return value as readonly unknown[];
  report(path, `must be a list, got ${describeValue(value)}`);
  return undefined;
};

/** A non-empty string. */
export const asString = (value: unknown, path: FieldPath, report: Report): string | undefined => {
  if (typeof value === 'string' && value !== '') return value;
  report(path, typeof value === 'string' ? 'must not be empty' : `must be a string, got ${describeValue(value)}`);
  return undefined;
};

/** A whole number. */
export const asInteger = (value: unknown, path: FieldPath, report: Report): number | undefined => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  report(path, `must be an integer, got ${describeValue(value)}`);
  return undefined;
};

/** `true` or `false`. */
export const asBoolean = (value: unknown, path: FieldPath, report: Report): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  report(path, `must be true or false, got ${describeValue(value)}`);
  return undefined;
};

/** One of a closed set of strings. */
export const asOneOf = <T extends string>(
  value: unknown,
  path: FieldPath,
  allowed: readonly T[],
  report: Report,
): T | undefined => {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  report(path, `must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
  return undefined;
};

/** The value of a field, or undefined when it is absent or null (YAML's `key:` with nothing after it). */
export const optionalField = (object: PlainObject, key: string): unknown =>
  Object.hasOwn(object, key) && object[key] !== null ? object[key] : undefined;

/** The value of a required field; reports `required` (at the parent map) when absent or null. */
export const requiredField = (object: PlainObject, key: string, path: FieldPath, report: Report): unknown => {
  const value = optionalField(object, key);
  if (value === undefined) report([...path, key], 'required');
  return value;
};
