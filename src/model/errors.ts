// Typed errors; the CLI entry maps each kind to an exit code in one place.

/** Bad input or usage: exit 2. Carries every problem found, not just the first. */
export class InputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** The target failed (unreachable, forbidden, missing tools, pods never ready): exit 3. */
export class TargetError extends Error {
  readonly hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TargetError';
    if (options?.hint !== undefined) this.hint = options.hint;
  }
}

/** The user interrupted the run (SIGINT/SIGTERM): exit 130. */
export class InterruptedError extends Error {
  readonly signal: string;
  constructor(signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
    this.signal = signal;
  }
}

/** Exhaustiveness check for closed unions. */
export const assertNever = (value: never): never => {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
};
