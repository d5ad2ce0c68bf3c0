// Names of everything the local target creates: namespaces carry the run id, so a run finds its own.

/** Every namespace of every run starts with this; cleanup looks for it. */
export const NAME_PREFIX = 'npp-';

/** A run id: short lower-case hex, so names stay short and safe in any shell. */
export const RUN_ID_PATTERN = /^[0-9a-f]{1,12}$/;

/** The pod side of every veth, inside a pod or external namespace. */
export const POD_INTERFACE = 'eth0';

/** The bridge inside the node namespace. */
export const BRIDGE_INTERFACE = 'npp-br';

export const NAMESPACE_ROLES = ['node', 'pod', 'external'] as const;
export type NamespaceRole = (typeof NAMESPACE_ROLES)[number];

export interface ParsedNamespaceName {
  readonly runId: string;
  readonly role: NamespaceRole;
  /** The pod or external index; absent for the node namespace. */
  readonly index?: number;
}

/** Reject a run id that would make an unsafe or overlong name, before anything is created. */
export const checkRunId = (runId: string): string | undefined =>
  RUN_ID_PATTERN.test(runId) ? undefined : `run id: must be 1-12 lower-case hex digits, got ${JSON.stringify(runId)}`;

/** The isolated namespace holding the bridge: `npp-<runId>-node`. */
export const nodeNamespaceName = (runId: string): string => `${NAME_PREFIX}${runId}-node`;

/** The namespace of the i-th pod: `npp-<runId>-p<i>`. */
export const podNamespaceName = (runId: string, index: number): string => `${NAME_PREFIX}${runId}-p${String(index)}`;

/** The namespace of the i-th external: `npp-<runId>-e<i>`. */
export const externalNamespaceName = (runId: string, index: number): string => `${NAME_PREFIX}${runId}-e${String(index)}`;

/** The bridge-side veth of the i-th pod in the node namespace (≤ 15 characters). */
export const podBridgePortName = (index: number): string => `npp-p${String(index)}`;

/** The bridge-side veth of the i-th external in the node namespace (≤ 15 characters). */
export const externalBridgePortName = (index: number): string => `npp-e${String(index)}`;

/** Linux caps interface names at 15 bytes (IFNAMSIZ − 1). */
export const MAX_INTERFACE_NAME = 15;

const NAMESPACE_NAME = /^npp-([0-9a-f]{1,12})-(node|p(0|[1-9][0-9]{0,8})|e(0|[1-9][0-9]{0,8}))$/;

/** Read a namespace name back; undefined for anything this target would not have created. */
export const parseNamespaceName = (name: string): ParsedNamespaceName | undefined => {
  const match = NAMESPACE_NAME.exec(name);
  if (match === null) return undefined;
  const [, runId, rest, podIndex, externalIndex] = match as unknown as [string, string, string, string?, string?];
  if (rest === 'node') return { runId, role: 'node' };
  if (podIndex !== undefined) return { runId, role: 'pod', index: Number(podIndex) };
  return { runId, role: 'external', index: Number(externalIndex) };
};
