// Read the externals lab a cluster publishes (docs/kube-externals.md): its namespace and ConfigMap. No
// lab, or one this user may not read, is "absent" with the reason; a malformed one is a TargetError.
import { TargetError } from '../../model/errors.ts';
import { KubeApiError } from './api-errors.ts';
import type { KubeApi } from './kube-api.ts';
import type { LabReading } from './plan-externals.ts';
import { LAB_CONFIGMAP, LAB_DATA_KEY, LAB_FORMAT, LAB_LABEL, LAB_NAMESPACE, parseLab } from './externals-lab.ts';

const absentBecause = (error: unknown, what: string): LabReading => {
  if (error instanceof KubeApiError && error.code === 404) return { absent: `${what} does not exist` };
  if (error instanceof KubeApiError && error.code === 403) return { absent: `reading ${what} is forbidden` };
  throw error;
};

export const readExternalsLab = async (api: KubeApi, signal: AbortSignal): Promise<LabReading> => {
  const namespaceWhat = `namespace ${LAB_NAMESPACE}`;
  let namespaceLabel: string | undefined;
  try {
    const namespace = await api.request(
      { verb: 'get', resource: 'namespaces', name: LAB_NAMESPACE },
      (o) => api.core.readNamespace({ name: LAB_NAMESPACE }, o),
      signal,
    );
    namespaceLabel = namespace.metadata?.labels?.[LAB_LABEL];
  } catch (error) {
    return absentBecause(error, namespaceWhat);
  }
  if (namespaceLabel !== LAB_FORMAT) return { absent: `${namespaceWhat} is not labelled ${LAB_LABEL}=${LAB_FORMAT}` };
  const mapWhat = `ConfigMap ${LAB_NAMESPACE}/${LAB_CONFIGMAP}`;
  let labelled: string | undefined;
  let text: string | undefined;
  try {
    const configMap = await api.request(
      { verb: 'get', resource: 'configmaps', namespace: LAB_NAMESPACE, name: LAB_CONFIGMAP },
      (o) => api.core.readNamespacedConfigMap({ namespace: LAB_NAMESPACE, name: LAB_CONFIGMAP }, o),
      signal,
    );
    labelled = configMap.metadata?.labels?.[LAB_LABEL];
    text = configMap.data?.[LAB_DATA_KEY];
  } catch (error) {
    return absentBecause(error, mapWhat);
  }
  if (labelled !== LAB_FORMAT) return { absent: `${mapWhat} is not labelled ${LAB_LABEL}=${LAB_FORMAT}` };
  if (text === undefined)
    throw new TargetError(`the externals lab is malformed: ${mapWhat} has no ${LAB_DATA_KEY}`, {
      hint: 'fix or delete the lab (docs/kube-externals.md); a broken lab is never read as "no lab"',
    });
  return { lab: parseLab(text, `${mapWhat} ${LAB_DATA_KEY}`) };
};
