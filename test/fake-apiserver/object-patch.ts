// PATCH bodies the fake understands: JSON merge patch (RFC 7386), strategic merge patch as merge
// patch (enough for labels), and JSON patch (RFC 6902: add, replace, remove, test).

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7386: objects merge recursively, null removes, anything else replaces. */
export const applyMergePatch = (target: Json, patch: Json): Json => {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
};

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly value?: Json;
}

const pointer = (path: string): string[] =>
  path === ''
    ? []
    : path
        .slice(1)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));

/** RFC 6902 for object members and array indices; throws on an operation it cannot apply. */
export const applyJsonPatch = (target: Json, operations: readonly Operation[]): Json => {
  let document = structuredClone(target);
  for (const operation of operations) {
    const parts = pointer(operation.path);
    const last = parts.pop();
    if (last === undefined) {
      if (operation.op === 'add' || operation.op === 'replace') document = structuredClone(operation.value);
      continue;
    }
    let parent: Json = document;
    for (const part of parts) {
      parent = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
      if (parent === undefined) throw new Error(`path ${operation.path} does not exist`);
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (operation.op === 'add') parent.splice(index, 0, structuredClone(operation.value));
      else if (operation.op === 'replace') parent[index] = structuredClone(operation.value);
      else if (operation.op === 'remove') parent.splice(index, 1);
      else if (operation.op === 'test' && JSON.stringify(parent[index]) !== JSON.stringify(operation.value))
        throw new Error('test failed');
    } else if (isObject(parent)) {
      if (operation.op === 'add') parent[last] = structuredClone(operation.value);
      else if (operation.op === 'replace') {
        if (!(last in parent)) throw new Error(`path ${operation.path} does not exist`);
        parent[last] = structuredClone(operation.value);
      } else if (operation.op === 'remove') {
        if (!(last in parent)) throw new Error(`path ${operation.path} does not exist`);
        Reflect.deleteProperty(parent, last);
      } else if (operation.op === 'test' && JSON.stringify(parent[last]) !== JSON.stringify(operation.value))
        throw new Error('test failed');
    } else throw new Error(`path ${operation.path} does not exist`);
  }
  return document;
};
