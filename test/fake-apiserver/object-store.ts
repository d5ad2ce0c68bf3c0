// The fake's etcd: objects by resource, namespace and name, one resourceVersion counter, and the
// history of every change so a watch can resume from any resourceVersion.
import { randomUUID } from 'node:crypto';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export const WATCH_EVENT_TYPES = ['ADDED', 'MODIFIED', 'DELETED'] as const;
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

export interface StoreEvent {
  readonly resourceVersion: number;
  readonly type: WatchEventType;
  readonly resource: string;
  readonly object: KubeObject;
}

export interface ObjectStore {
  currentVersion(): number;
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  /** Store a new object: uid, resourceVersion and creationTimestamp are set. */
  create(resource: string, object: KubeObject): KubeObject;
  /** Replace a stored object with a new resourceVersion. */
  update(resource: string, object: KubeObject): KubeObject;
  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Changes after a resourceVersion, oldest first. */
  eventsSince(resource: string, namespace: string | undefined, resourceVersion: number): StoreEvent[];
  subscribe(listener: (event: StoreEvent) => void): () => void;
}

const keyOf = (resource: string, namespace: string | undefined, name: string): string => `${resource}/${namespace ?? ''}/${name}`;

/** An empty store. */
export const createObjectStore = (): ObjectStore => {
  const objects = new Map<string, KubeObject>();
  const history: StoreEvent[] = [];
  const listeners = new Set<(event: StoreEvent) => void>();
  let version = 1000;

  const record = (type: WatchEventType, resource: string, object: KubeObject): void => {
    const event: StoreEvent = { resourceVersion: version, type, resource, object: structuredClone(object) };
    history.push(event);
    for (const listener of listeners) listener(event);
  };

  return {
    currentVersion: () => version,
    get: (resource, namespace, name) => {
      const found = objects.get(keyOf(resource, namespace, name));
      return found === undefined ? undefined : structuredClone(found);
    },
    list: (resource, namespace) =>
      [...objects.entries()]
        .filter(
          ([key, object]) =>
            key.startsWith(`${resource}/`) && (namespace === undefined || object.metadata.namespace === namespace),
        )
        .map(([, object]) => structuredClone(object))
        .sort((a, b) =>
          `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`),
        ),
    create: (resource, object) => {
      version++;
      const stored: KubeObject = structuredClone({
        ...object,
        metadata: {
          ...object.metadata,
          uid: randomUUID(),
          resourceVersion: String(version),
          creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      });
      objects.set(keyOf(resource, stored.metadata.namespace, stored.metadata.name), stored);
      record('ADDED', resource, stored);
      return structuredClone(stored);
    },
    update: (resource, object) => {
      version++;
      const stored: KubeObject = structuredClone({
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(version) },
      });
      objects.set(keyOf(resource, stored.metadata.namespace, stored.metadata.name), stored);
      record('MODIFIED', resource, stored);
      return structuredClone(stored);
    },
    remove: (resource, namespace, name) => {
      const key = keyOf(resource, namespace, name);
      const found = objects.get(key);
      if (found === undefined) return undefined;
      objects.delete(key);
      version++;
      const gone: KubeObject = { ...found, metadata: { ...found.metadata, resourceVersion: String(version) } };
      record('DELETED', resource, gone);
      return structuredClone(gone);
    },
    eventsSince: (resource, namespace, resourceVersion) =>
      history.filter(
        (event) =>
          event.resource === resource &&
          event.resourceVersion > resourceVersion &&
          (namespace === undefined || event.object.metadata.namespace === namespace),
      ),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
