// Problems found while building a scenario, and how they become `file:line:column: field.path: message`.
import type { FieldPath } from '../model/field-error.ts';
import { renderFieldPath } from '../model/field-error.ts';
import type { ParsedDocument, Position, PositionOptions } from './parse-yaml.ts';

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Relative to the document; empty for problems about the document or file as a whole. */
  readonly path: FieldPath;
  readonly message: string;
}

/** Records a problem at a path of one document; paths are relative to that document. */
export type Report = (path: FieldPath, message: string, options?: PositionOptions) => void;

/** A reporter that resolves paths of one document of one file into positions. */
export const reporterFor =
  (file: string, document: ParsedDocument, sink: Problem[]): Report =>
  (path, message, options) => {
    const { line, column } = document.positionOf(path, options);
    sink.push({ file, line, column, path, message });
  };

/** A problem at a position with no field path (syntax errors, unreadable files). */
export const problemAt = (file: string, position: Position, message: string): Problem => ({
  file,
  line: position.line,
  column: position.column,
  path: [],
  message,
});

/** The one-line form every command prints. */
export const renderProblem = (problem: Problem): string => {
  const field = renderFieldPath(problem.path);
  return `${problem.file}:${problem.line}:${problem.column}: ${field === '' ? '' : `${field}: `}${problem.message}`;
};

/** Sort by file (in the order given, unknown files last), then position; drop exact repeats. */
export const renderProblems = (problems: readonly Problem[], fileOrder: readonly string[]): string[] => {
  const rank = (file: string): number => {
    const index = fileOrder.indexOf(file);
    return index < 0 ? fileOrder.length : index;
  };
  const sorted = [...problems].sort(
    (a, b) =>
      rank(a.file) - rank(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
  return [...new Set(sorted.map(renderProblem))];
};
