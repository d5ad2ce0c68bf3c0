// What went wrong with one API call, read once at the driver boundary: client-node's ApiException
// (an HTTP status with a Status body), a connection that failed or dropped, or a request that hung.
// Pure: the exception is read by its shape, so this module needs no client-node.
import { assertNever, TargetError } from '../../model/errors.ts';

/** One API call, as messages name it: `create pods npp-1a2b-app/web`. */
export interface ApiCall {
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

export const FAILURE_KINDS = ['status', 'connection', 'timeout', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface ApiFailure {
  readonly kind: FailureKind;
  /** The HTTP status, for `status`. */
  readonly code?: number;
  /** The Status reason (`Forbidden`, `AlreadyExists`, …) or the connection error code. */
  readonly reason?: string;
  readonly message: string;
  /** From a 429's Retry-After header. */
  readonly retryAfterMs?: number;
}

/** An API call failed for good: a TargetError (exit 3) that keeps the HTTP status for callers that branch on it. */
export class KubeApiError extends TargetError {
  readonly call: ApiCall;
  readonly failure: ApiFailure;
  constructor(call: ApiCall, failure: ApiFailure, attempts: number, options?: { hint?: string; cause?: unknown }) {
    super(renderApiFailure(call, failure, attempts), options);
    this.name = 'KubeApiError';
    this.call = call;
    this.failure = failure;
  }
  /** The HTTP status, when the server answered. */
  get code(): number | undefined {
    return this.failure.code;
  }
}

const STATUS_REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

const parseStatusBody = (body: unknown): Record<string, unknown> | undefined => {
  if (typeof body === 'string') {
    try {
      return record(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return record(body);
};

/** Retry-After as the API server sends it (whole seconds); an HTTP date is read too. */
export const parseRetryAfter = (value: string | undefined, now: number = Date.now()): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The innermost `code` and message along an error's cause chain. */
const rootCause = (error: unknown): { code?: string; message: string } => {
  let current: unknown = error;
  let code: string | undefined;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    const fields = record(current);
    if (fields === undefined) break;
    if (typeof fields['code'] === 'string') code = fields['code'];
    if (typeof fields['message'] === 'string' && fields['message'] !== '') message = fields['message'];
    current = fields['cause'];
  }
  return code === undefined ? { message } : { code, message };
};

/** Read any error an API call rejected with. */
export const classifyApiFailure = (error: unknown): ApiFailure => {
  const fields = record(error);
  const code = fields?.['code'];
  if (typeof code === 'number' && code >= 100 && code < 600) {
    const status = parseStatusBody(fields?.['body']);
    const headers = record(fields?.['headers']);
    const retryAfter = headers?.['retry-after'];
    const retryAfterMs = parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined);
    const message = typeof status?.['message'] === 'string' ? status['message'] : '';
    const reason = typeof status?.['reason'] === 'string' && status['reason'] !== '' ? status['reason'] : STATUS_REASONS[code];
    return {
      kind: 'status',
      code,
      ...(reason === undefined ? {} : { reason }),
      message,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'timeout', message: 'the request timed out' };
  }
  const cause = rootCause(error);
  if (cause.code !== undefined && CONNECTION_CODES.has(cause.code)) {
    return { kind: 'connection', reason: cause.code, message: cause.message };
  }
  if (error instanceof TypeError && /fetch failed|terminated|other side closed/i.test(`${error.message} ${cause.message}`)) {
    return { kind: 'connection', ...(cause.code === undefined ? {} : { reason: cause.code }), message: cause.message };
  }
  return { kind: 'other', message: cause.message };
};

/** 429, 5xx, a dropped or refused connection and a hung request may succeed on a later try; other 4xx never do. */
export const isRetryable = (failure: ApiFailure): boolean => {
  switch (failure.kind) {
    case 'status':
      return failure.code === 429 || (failure.code !== undefined && failure.code >= 500);
    case 'connection':
    case 'timeout':
      return true;
    case 'other':
      return false;
    default:
      return assertNever(failure.kind);
  }
};

/** `create pods in npp-1a2b-app` / `get namespaces npp-1a2b-app`. */
export const renderApiCall = (call: ApiCall): string => {
  if (call.name !== undefined)
    return `${call.verb} ${call.resource} ${call.namespace === undefined ? '' : `${call.namespace}/`}${call.name}`;
  return `${call.verb} ${call.resource}${call.namespace === undefined ? '' : ` in ${call.namespace}`}`;
};

/** What went wrong, without the call: `403 Forbidden: …`, `connection failed (ECONNREFUSED): …`. */
export const renderFailureReason = (failure: ApiFailure): string => {
  switch (failure.kind) {
    case 'status': {
      const head = `${String(failure.code)} ${failure.reason ?? ''}`.trim();
      return failure.message === '' ? head : `${head}: ${failure.message}`;
    }
    case 'connection':
      return `connection failed${failure.reason === undefined ? '' : ` (${failure.reason})`}: ${failure.message}`;
    case 'timeout':
      return failure.message;
    case 'other':
      return failure.message;
    default:
      return assertNever(failure.kind);
  }
};

/** `create pods npp-1a2b-app/web: 403 Forbidden: pods "web" is forbidden: … (after 3 attempts)`. */
export const renderApiFailure = (call: ApiCall, failure: ApiFailure, attempts: number): string =>
  `${renderApiCall(call)}: ${renderFailureReason(failure)}${attempts > 1 ? ` (after ${String(attempts)} attempts)` : ''}`;
