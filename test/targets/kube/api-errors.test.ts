// API failures read once: what may be retried, and the message that names verb, resource and reason.
import test from 'ava';
import type { ApiFailure } from '../../../src/targets/kube/api-errors.ts';
import { classifyApiFailure, isRetryable, KubeApiError, parseRetryAfter } from '../../../src/targets/kube/api-errors.ts';
import { computeRetryDelay, DEFAULT_RETRY } from '../../../src/targets/kube/kube-request.ts';

const apiException = (code: number, body: unknown, headers: Record<string, string> = {}): Error =>
  Object.assign(new Error(`HTTP-Code: ${String(code)}`), { code, body: JSON.stringify(body), headers });

const classifies = test.macro((t, error: unknown, expected: ApiFailure, retryable: boolean) => {
  const failure = classifyApiFailure(error);
  t.deepEqual(failure, expected);
  t.is(isRetryable(failure), retryable);
});

test(
  'a 403 keeps the Status message and is not retried',
  classifies,
  apiException(403, {
    kind: 'Status',
    reason: 'Forbidden',
    message: 'pods is forbidden: User "x" cannot create resource "pods"',
    code: 403,
  }),
  { kind: 'status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot create resource "pods"' },
  false,
);

test(
  'a 409 AlreadyExists is not retried',
  classifies,
  apiException(409, { reason: 'AlreadyExists', message: 'x exists' }),
  {
    kind: 'status',
    code: 409,
    reason: 'AlreadyExists',
    message: 'x exists',
  },
  false,
);

test(
  'a 429 carries its Retry-After and is retried',
  classifies,
  apiException(429, { reason: 'TooManyRequests', message: 'slow down' }, { 'retry-after': '2' }),
  {
    kind: 'status',
    code: 429,
    reason: 'TooManyRequests',
    message: 'slow down',
    retryAfterMs: 2000,
  },
  true,
);

test(
  'a 500 without a Status body is retried',
  classifies,
  apiException(500, 'oops'),
  { kind: 'status', code: 500, reason: 'InternalError', message: '' },
  true,
);

test(
  'a dropped connection (fetch failed, socket closed) is retried',
  classifies,
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  }),
  { kind: 'connection', reason: 'UND_ERR_SOCKET', message: 'other side closed' },
  true,
);

test(
  'a refused connection is retried',
  classifies,
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  }),
  { kind: 'connection', reason: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
  true,
);

test(
  'a request past its deadline is retried',
  classifies,
  new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
  {
    kind: 'timeout',
    message: 'the request timed out',
  },
  true,
);

test('the final error names verb, resource, object and reason', (t) => {
  const error = new KubeApiError(
    { verb: 'create', resource: 'pods', namespace: 'npp-3f2a-app', name: 'web' },
    { kind: 'status', code: 500, reason: 'InternalError', message: 'etcdserver: leader changed' },
    5,
  );
  t.is(error.message, 'create pods npp-3f2a-app/web: 500 InternalError: etcdserver: leader changed (after 5 attempts)');
  t.is(error.code, 500);
  t.is(error.name, 'KubeApiError');
});

test('retries wait for Retry-After (capped), else back off doubling up to the cap', (t) => {
  const status: ApiFailure = { kind: 'status', code: 500, message: '' };
  t.deepEqual(
    [1, 2, 3, 10].map((attempt) => computeRetryDelay(DEFAULT_RETRY, attempt, status)),
    [250, 500, 1000, 5000],
  );
  t.is(computeRetryDelay(DEFAULT_RETRY, 1, { ...status, code: 429, retryAfterMs: 3000 }), 3000);
  t.is(computeRetryDelay(DEFAULT_RETRY, 1, { ...status, code: 429, retryAfterMs: 600_000 }), DEFAULT_RETRY.maxRetryAfterMs);
});

test('Retry-After is read as seconds or as an HTTP date', (t) => {
  t.is(parseRetryAfter('3'), 3000);
  t.is(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  t.is(parseRetryAfter('soon'), undefined);
});
