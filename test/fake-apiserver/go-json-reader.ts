// Go's encoding/json as the API server decodes a request body (sigs.k8s.io/json,
// UnmarshalCaseSensitivePreserveInts), for the fake API server: keys match case-sensitively, null is the
// zero value, a JSON type the Go field cannot hold fails the request with encoding/json's UnmarshalTypeError
// words, and an unknown key is only a warning. Test code only.

/** The request cannot be decoded: the API server answers 400 with this message. */
export class DecodeError extends Error {}

export type JsonObject = Record<string, unknown>;

/** How encoding/json names the JSON value in an UnmarshalTypeError (the literal only for a number into an int). */
const jsonKind = (value: unknown, goType: string): string => {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return goType === 'int32' ? `number ${String(value)}` : 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
};

/** Reads one Go struct: type errors throw, unknown keys become warnings. */
export class Reader {
  readonly warnings: string[] = [];

  /** `struct` is the Go struct holding the field at `path`, `goType` the field's type. */
  mismatch(value: unknown, struct: string, path: string, goType: string): never {
    const where = path === '' ? 'Go value' : `Go struct field ${struct}.${path}`;
    throw new DecodeError(
      `NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: json: cannot unmarshal ${jsonKind(value, goType)} into ${where} of type ${goType}`,
    );
  }

  /** A struct; undefined for null or absent (the caller decides whether that is a nil pointer or a zero struct). */
  object(value: unknown, struct: string, path: string, known: readonly string[], owner = struct): JsonObject | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, owner, path, `v1.${struct}`);
    const object = value as JsonObject;
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.warnings.push(`unknown field "${path === '' ? key : `${path}.${key}`}"`);
    }
    return object;
  }

  string(value: unknown, struct: string, path: string, goType = 'string'): string {
    if (value === null || value === undefined) return '';
    return typeof value === 'string' ? value : this.mismatch(value, struct, path, goType);
  }

  int32(value: unknown, struct: string, path: string): number | undefined {
    if (value === null || value === undefined) return undefined;
    const fits = typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    return fits ? value : this.mismatch(value, struct, path, 'int32');
  }

  bool(value: unknown, struct: string, path: string): boolean | undefined {
    if (value === null || value === undefined) return undefined;
    return typeof value === 'boolean' ? value : this.mismatch(value, struct, path, 'bool');
  }

  list<T>(value: unknown, struct: string, path: string, item: (entry: unknown) => T, goType = '[]string'): T[] {
    if (value === null || value === undefined) return [];
    return Array.isArray(value) ? value.map(item) : this.mismatch(value, struct, path, goType);
  }

  stringMap(value: unknown, struct: string, path: string): Record<string, string> {
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, struct, path, 'map[string]string');
    return Object.fromEntries(Object.entries(value as JsonObject).map(([key, entry]) => [key, this.string(entry, struct, path)]));
  }
}
