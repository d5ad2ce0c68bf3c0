// Fault injection: rules that make matching requests fail, a given number of times or for good.

export const FAULT_KINDS = ['status', 'drop', 'hang', 'drop-stream'] as const;
/**
 * `status`: answer with that code and a Status body (429 with Retry-After); `drop`: destroy the
 * connection without an answer; `hang`: never answer; `drop-stream` (exec only): open the stream,
 * pass some output, then cut it without a status frame.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  readonly kind: FaultKind;
  /** RBAC verb to match (get, list, watch, create, update, patch, delete); absent: any. */
  readonly verb?: string;
  /** `pods`, `pods/exec`, `namespaces`, `version`, …; absent: any. */
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** For `status`. */
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  /** For 429. */
  readonly retryAfterSeconds?: number;
  /** How many matching requests fail; absent: every one (a persistent fault). */
  readonly times?: number;
}

export interface FaultMatch {
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface FaultBook {
  add(rule: FaultRule): void;
  clear(): void;
  /** The first live rule matching a request, counted as used. */
  take(request: FaultMatch): FaultRule | undefined;
  /** How many requests each rule has failed so far, in the order added. */
  fired(): readonly number[];
}

/** An empty book of faults. */
export const createFaultBook = (): FaultBook => {
  const rules: { rule: FaultRule; used: number }[] = [];
  return {
    add(rule) {
      rules.push({ rule, used: 0 });
    },
    clear() {
      rules.length = 0;
    },
    take(request) {
      const entry = rules.find(
        ({ rule, used }) =>
          (rule.times === undefined || used < rule.times) &&
          (rule.verb === undefined || rule.verb === request.verb) &&
          (rule.resource === undefined || rule.resource === request.resource) &&
          (rule.namespace === undefined || rule.namespace === request.namespace) &&
          (rule.name === undefined || rule.name === request.name),
      );
      if (entry === undefined) return undefined;
      entry.used++;
      return entry.rule;
    },
    fired: () => rules.map((entry) => entry.used),
  };
};
