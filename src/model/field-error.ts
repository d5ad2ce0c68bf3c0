// A problem at a path inside a document; the scenario loader turns paths into file:line:column.

export type FieldPath = readonly (string | number)[];

export interface FieldError {
  readonly path: FieldPath;
  readonly message: string;
}

/** `spec.ingress[0].ports[1].endPort`, the way the API server names fields. */
export const renderFieldPath = (path: FieldPath): string =>
  path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`),
    '',
  );
