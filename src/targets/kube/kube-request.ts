// Every API call goes through here: a per-request deadline, the run's abort signal, bounded retries
// with backoff for what may pass (429 with Retry-After, 5xx, dropped or hung connections), and one
// KubeApiError for what does not.
import type { ConfigurationOptions, RequestContext, ResponseContext } from '@kubernetes/client-node';
import { Observable } from '@kubernetes/client-node';
import { InterruptedError } from '../../model/errors.ts';
import type { ApiCall, ApiFailure } from './api-errors.ts';
import { classifyApiFailure, isRetryable, KubeApiError } from './api-errors.ts';

export interface RetrySettings {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A request without an answer after this long is abandoned (and retried). */
  readonly requestTimeoutMs: number;
  /** A longer Retry-After is cut to this. */
  readonly maxRetryAfterMs: number;
}

/** Five tries over about four seconds of backoff; a request may take 30 s before it counts as hung. */
export const DEFAULT_RETRY: RetrySettings = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  requestTimeoutMs: 30_000,
  maxRetryAfterMs: 10_000,
};

/** The delay before retry `attempt` (1-based): Retry-After when the server sent one, else doubling backoff. */
export const computeRetryDelay = (settings: RetrySettings, attempt: number, failure: ApiFailure): number => {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, settings.maxRetryAfterMs);
  return Math.min(settings.baseDelayMs * 2 ** (attempt - 1), settings.maxDelayMs);
};

/** Per-call client-node options: the request's abort signal and, for patches, the content type. */
export const buildRequestOptions = (signal: AbortSignal, contentType?: string): ConfigurationOptions => ({
  middleware: [
    {
      pre: (context: RequestContext): Observable<RequestContext> => {
        context.setSignal(signal);
        if (contentType !== undefined) context.setHeaderParam('Content-Type', contentType);
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext): Observable<ResponseContext> => new Observable(Promise.resolve(context)),
    },
  ],
  middlewareMergeStrategy: 'append',
});

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new InterruptedError('abort');

/** Sleep that an abort cuts short (rejecting with the abort's reason). */
export const sleepUnlessAborted = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export interface RequestContextOptions {
  readonly signal: AbortSignal;
  readonly retry: RetrySettings;
  /** Content-Type for a patch. */
  readonly contentType?: string;
  /**
   * A 409 after an attempt that may have reached the server (it dropped, hung or failed with 5xx)
   * is usually that attempt's own success: this says what to return then (e.g. read the object).
   */
  readonly afterAmbiguousConflict?: () => Promise<unknown>;
  /** A hint added to the final error. */
  readonly hint?: string;
}

/** Run one API call with deadline, abort and retries; throws KubeApiError (or the abort's reason). */
export const requestWithRetry = async <T>(
  call: ApiCall,
  send: (options: ConfigurationOptions) => Promise<T>,
  options: RequestContextOptions,
): Promise<T> => {
  const { signal, retry } = options;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw abortError(signal);
    const requestSignal = AbortSignal.any([signal, AbortSignal.timeout(retry.requestTimeoutMs)]);
    try {
      return await send(buildRequestOptions(requestSignal, options.contentType));
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      const failure = classifyApiFailure(error);
      if (failure.kind === 'status' && failure.code === 409 && ambiguous && options.afterAmbiguousConflict !== undefined) {
        return (await options.afterAmbiguousConflict()) as T;
      }
      if (!isRetryable(failure) || attempt >= retry.attempts) {
        throw new KubeApiError(call, failure, attempt, {
          cause: error,
          ...(options.hint === undefined ? {} : { hint: options.hint }),
        });
      }
      if (failure.kind !== 'status' || (failure.code ?? 0) >= 500) ambiguous = true;
      await sleepUnlessAborted(computeRetryDelay(retry, attempt, failure), signal);
    }
  }
};
