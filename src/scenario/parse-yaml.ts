// YAML text into plain values that remember where each field was written, for file:line:column messages.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node as YamlNode, Range } from 'yaml';
import type { FieldPath } from '../model/field-error.ts';

/** 1-based, as editors count. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface PositionOptions {
  /** Point at the key of a map entry rather than its value (for `unknown field` messages). */
  readonly at?: 'key' | 'value';
}

export interface ParsedDocument {
  /** Plain JavaScript value (null for an empty document). */
  readonly value: unknown;
  /** Nothing but comments, or a bare `---`. */
  readonly empty: boolean;
  /** Where the field at `path` was written; a path that does not exist falls back to its nearest existing ancestor. */
  readonly positionOf: (path: FieldPath, options?: PositionOptions) => Position;
}

export interface SyntaxProblem {
  readonly position: Position;
  readonly message: string;
}

export interface ParsedYaml {
  readonly documents: readonly ParsedDocument[];
  /** Syntax errors and duplicate keys; when there are any, the documents may be incomplete. */
  readonly problems: readonly SyntaxProblem[];
}

type AnyDocument = Document.Parsed;

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

/** A scalar with text in the source (not the implicit null of `key:`). */
const isWrittenScalar = (node: unknown): boolean =>
  isScalar(node) && node.range !== undefined && node.range !== null && node.range[1] > node.range[0];

const rangeOf = (node: unknown): Range | undefined =>
  node !== null && typeof node === 'object' && 'range' in node ? ((node as YamlNode).range ?? undefined) : undefined;

const resolveAlias = (node: unknown, document: AnyDocument): unknown => {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops += 1) current = current.resolve(document);
  return current;
};

/** The source offset a path points at: deepest existing node, key of a map entry unless its value is a written scalar. */
const offsetOf = (document: AnyDocument, path: FieldPath, options: PositionOptions | undefined): number => {
  let node: unknown = document.contents;
  let offset = rangeOf(node)?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    const current = resolveAlias(node, document);
    if (isMap(current)) {
      const pair = current.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) return offset;
      const keyOffset = rangeOf(pair.key)?.[0];
      const valueOffset = rangeOf(pair.value)?.[0];
      const useKey = (last && options?.at === 'key') || !isWrittenScalar(resolveAlias(pair.value, document));
      offset = (useKey ? keyOffset : valueOffset) ?? keyOffset ?? offset;
      node = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item: unknown = current.items[segment];
      if (item === undefined) return offset;
      offset = rangeOf(item)?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
};

/** The text of the map key that starts at `offset`, for duplicate-key messages. */
const keyAt = (document: AnyDocument | undefined, offset: number): string | undefined => {
  let found: string | undefined;
  if (document === undefined) return undefined;
  visit(document, {
    Pair: (_, pair) => {
      if (rangeOf(pair.key)?.[0] === offset) {
        found = keyText(pair.key);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
};

const syntaxMessage = (
  code: string,
  message: string,
  document: AnyDocument | undefined,
  range: readonly [number, number],
): string => {
  if (code === 'DUPLICATE_KEY') {
    const key = keyAt(document, range[0]);
    return key === undefined ? 'duplicate key' : `duplicate key ${JSON.stringify(key)}`;
  }
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
};

/** Parse every document of a YAML stream, keeping positions; collect syntax errors rather than throwing. */
export const parseYaml = (text: string): ParsedYaml => {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: SyntaxProblem[] = [];
  const documents: ParsedDocument[] = [];
  const list: readonly AnyDocument[] = Array.isArray(parsed) ? parsed : [];
  if (!Array.isArray(parsed)) {
    for (const error of (parsed as { errors?: readonly { code: string; message: string; pos: [number, number] }[] }).errors ??
      []) {
      problems.push({
        position: toPosition(error.pos[0]),
        message: syntaxMessage(error.code, error.message, undefined, error.pos),
      });
    }
  }
  for (const document of list) {
    for (const error of document.errors) {
      problems.push({
        position: toPosition(error.pos[0]),
        message: syntaxMessage(error.code, error.message, document, error.pos),
      });
    }
    let value: unknown = null;
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      problems.push({
        position: toPosition(rangeOf(document.contents)?.[0] ?? 0),
        message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const contents: unknown = document.contents;
    const empty = contents === null || (isScalar(contents) && contents.value === null && !isWrittenScalar(contents));
    documents.push({
      value: value ?? null,
      empty,
      positionOf: (path, options) => toPosition(offsetOf(document, path, options)),
    });
  }
  return { documents, problems };
};
