// metav1.Status bodies, as the API server sends them with every error (and for exec's final frame).

export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: {
    readonly name?: string;
    readonly kind?: string;
    readonly group?: string;
    readonly causes?: readonly { readonly reason?: string; readonly message?: string; readonly field?: string }[];
    readonly retryAfterSeconds?: number;
  };
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A Failure status with the reason the API server uses for that code. */
export const failureStatus = (
  code: number,
  message: string,
  extra: { readonly reason?: string; readonly details?: StatusBody['details'] } = {},
): StatusBody => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: extra.reason ?? REASONS[code] ?? 'Unknown',
  code,
  ...(extra.details === undefined ? {} : { details: extra.details }),
});

/** The status of a successful exec. */
export const successStatus = (): StatusBody => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });

/** The status of an exec whose command exited non-zero: NonZeroExitCode with the code in details.causes. */
export const exitCodeStatus = (command: readonly string[], exitCode: number): StatusBody => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `command terminated with non-zero exit code: error executing command [${command.join(' ').slice(0, 200)}], exit code ${String(exitCode)}`,
  reason: 'NonZeroExitCode',
  details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
});

/** `pods "web" not found`. */
export const notFound = (resource: string, name: string): StatusBody =>
  failureStatus(404, `${resource} "${name}" not found`, { details: { name, kind: resource } });

/** `pods "web" already exists`. */
export const alreadyExists = (resource: string, name: string): StatusBody =>
  failureStatus(409, `${resource} "${name}" already exists`, { reason: 'AlreadyExists', details: { name, kind: resource } });

/** RBAC's refusal, worded as the API server words it. */
export const forbidden = (
  verb: string,
  resource: string,
  namespace: string | undefined,
  name: string | undefined,
): StatusBody => {
  const [base, sub] = resource.split('/');
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return failureStatus(
    403,
    `${base ?? resource}${name === undefined ? '' : ` "${name}"`} is forbidden: User "fake-user" cannot ${verb} resource "${base ?? resource}"${sub === undefined ? '' : ` subresource "${sub}"`} ${scope}`,
  );
};

/** One field.Error: its type is the cause's reason (FieldValueInvalid unless told). */
export interface InvalidCause {
  readonly field: string;
  readonly message: string;
  readonly reason?: string;
}

/**
 * A 422 as apimachinery's errors.NewInvalid builds it: every error a cause; the message the ErrorList
 * aggregated (repeats dropped, several in brackets), the kind qualified by its group.
 */
export const invalid = (kind: string, name: string, causes: readonly InvalidCause[], group?: string): StatusBody => {
  const rendered = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
  const aggregate = rendered.length === 1 ? (rendered[0] ?? '') : `[${rendered.join(', ')}]`;
  const qualified = group === undefined ? kind : `${kind}.${group}`;
  return failureStatus(422, `${qualified} "${name}" is invalid: ${aggregate}`, {
    details: {
      name,
      ...(group === undefined ? {} : { group }),
      kind,
      causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
    },
  });
};
