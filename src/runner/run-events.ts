// What the run loop tells its progress display, in order; the display decides how (or whether) to show it.
import type { Summary } from '../model/result.ts';

export type RunEvent =
  | { readonly kind: 'preflight' }
  | { readonly kind: 'world'; readonly pods: number; readonly externals: number }
  | { readonly kind: 'liveness'; readonly sockets: number }
  | { readonly kind: 'world-ready'; readonly silentServers?: number }
  | { readonly kind: 'step-start'; readonly step: string; readonly probes: number }
  | { readonly kind: 'settle'; readonly step: string; readonly changed: number }
  | { readonly kind: 'probes'; readonly step: string; readonly done: number; readonly total: number }
  | { readonly kind: 'retry'; readonly step: string; readonly pending: number; readonly round: number }
  | {
      readonly kind: 'step-done';
      readonly step: string;
      readonly summary: Summary;
      readonly convergedAfterMs?: number;
      readonly enforcedAfterMs?: number | null;
    }
  | { readonly kind: 'failed'; readonly step?: string; readonly message: string; readonly interrupted: boolean }
  | { readonly kind: 'teardown' }
  | { readonly kind: 'teardown-done'; readonly error?: string }
  | { readonly kind: 'kept' }
  | { readonly kind: 'done' };

/** Where the run loop sends its events. */
export type RunProgress = (event: RunEvent) => void;
