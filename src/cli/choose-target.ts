// Which target a run uses and why: --target, else kube when a kubeconfig context exists, else local.
import { parse } from 'yaml';
import type { TargetKind } from './options.ts';

/** Where kubectl looks when neither --kubeconfig nor KUBECONFIG says otherwise. */
export const DEFAULT_KUBECONFIG = '~/.kube/config';

/** What the shell found where kubectl looks for a kubeconfig. */
export interface KubeconfigFinding {
  /** Where it looked, in words: `--kubeconfig ./kc`, `KUBECONFIG=/a:/b`, `~/.kube/config`. */
  readonly source: string;
  /** Whether any of those files exists. */
  readonly exists: boolean;
  /** The first current-context found in them. */
  readonly currentContext?: string;
}

export interface TargetChoiceInput {
  readonly flag?: TargetKind;
  /** `--context NAME`: a context named explicitly. */
  readonly context?: string;
  readonly kubeconfig: KubeconfigFinding;
}

export interface TargetChoice {
  readonly kind: TargetKind;
  readonly reason: string;
}

/** The current-context of a kubeconfig text; undefined when it has none or is not YAML. */
export const parseCurrentContext = (text: string): string | undefined => {
  try {
    const document: unknown = parse(text);
    if (typeof document !== 'object' || document === null) return undefined;
    const context = (document as Record<string, unknown>)['current-context'];
    return typeof context === 'string' && context !== '' ? context : undefined;
  } catch {
    return undefined;
  }
};

/** The rule of cli.md, with the reason the run's first line prints. */
export const chooseTarget = (input: TargetChoiceInput): TargetChoice => {
  const { kubeconfig } = input;
  if (input.flag !== undefined) return { kind: input.flag, reason: `--target ${input.flag}` };
  if (input.context !== undefined && kubeconfig.exists) {
    return { kind: 'kube', reason: `--context ${input.context} in ${kubeconfig.source}` };
  }
  if (kubeconfig.currentContext !== undefined) {
    return { kind: 'kube', reason: `${kubeconfig.source} has current-context ${kubeconfig.currentContext}` };
  }
  const missing = kubeconfig.exists
    ? `no Kubernetes context: ${kubeconfig.source} has no current-context`
    : kubeconfig.source === DEFAULT_KUBECONFIG
      ? `no Kubernetes context: KUBECONFIG is unset and ${DEFAULT_KUBECONFIG} does not exist`
      : `no Kubernetes context: ${kubeconfig.source} does not exist`;
  return { kind: 'local', reason: missing };
};

/** `target: local (no Kubernetes context: …)`: the first line of every run. */
export const renderTargetLine = (choice: TargetChoice): string => `target: ${choice.kind} (${choice.reason})`;
