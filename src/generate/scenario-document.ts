// A scenario as the YAML file holds it (`netpol-probe/v1`), for code that writes scenario files.
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { Labels, NetworkPolicy, Protocol } from '../model/network-policy.ts';

export interface PortDocument {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: Protocol;
}

export interface NamespaceDocument {
  readonly name: string;
  readonly labels?: Labels;
}

export interface PodDocument {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Labels;
  readonly ports?: readonly PortDocument[];
  readonly ip?: string;
}

export interface ExternalDocument {
  readonly name: string;
  readonly ip: string;
  readonly ports: readonly PortDocument[];
}

export interface ExpectDocument {
  readonly from: string;
  readonly to: string;
  readonly port: number | string;
  readonly protocol?: Protocol;
  readonly allowed: boolean;
}

export interface LabelChangesDocument {
  readonly namespaces?: Readonly<Record<string, Labels>>;
  readonly pods?: Readonly<Record<string, Labels>>;
}

export interface StepDocument {
  readonly name: string;
  readonly apply: readonly string[];
  readonly labels?: LabelChangesDocument;
  readonly expect?: readonly ExpectDocument[];
}

export interface ScenarioDocument {
  readonly apiVersion: 'netpol-probe/v1';
  readonly kind: 'Scenario';
  readonly metadata: {
    readonly name: string;
    readonly description?: string;
    readonly tags?: readonly string[];
  };
  readonly spec: {
    readonly namespaces: readonly NamespaceDocument[];
    readonly defaults?: { readonly ports: readonly PortDocument[] };
    readonly pods: readonly PodDocument[];
    readonly externals?: readonly ExternalDocument[];
    readonly policies: readonly (NetworkPolicy | ClusterNetworkPolicy)[];
    readonly steps: readonly StepDocument[];
  };
}
