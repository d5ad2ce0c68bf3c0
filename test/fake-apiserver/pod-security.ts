// Pod Security "restricted" (latest), as the PodSecurity admission plugin checks it: the fake
// refuses a pod that violates it, with the plugin's wording, so the kube target's manifests are
// checked on every create.

type Json = Record<string, unknown>;

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** Every violation of the restricted profile, as `check (detail)`; empty when the pod passes. */
export const checkRestricted = (pod: Json): string[] => {
  const spec = obj(pod['spec']);
  const podContext = obj(spec['securityContext']);
  const containers = [...arr(spec['initContainers']), ...arr(spec['containers'])];
  const names = (list: Json[]): string => list.map((c) => `"${String(c['name'])}"`).join(', ');
  const violations: string[] = [];
  const failing = (test: (container: Json, context: Json) => boolean): Json[] =>
    containers.filter((c) => test(c, obj(c['securityContext'])));

  if (spec['hostNetwork'] === true || spec['hostPID'] === true || spec['hostIPC'] === true) violations.push('host namespaces');
  const privileged = failing((_, ctx) => ctx['privileged'] === true);
  if (privileged.length > 0)
    violations.push(`privileged (containers ${names(privileged)} must not set securityContext.privileged=true)`);
  const escalation = failing((_, ctx) => ctx['allowPrivilegeEscalation'] !== false);
  if (escalation.length > 0) {
    violations.push(
      `allowPrivilegeEscalation != false (containers ${names(escalation)} must set securityContext.allowPrivilegeEscalation=false)`,
    );
  }
  const capabilities = failing((_, ctx) => {
    const caps = obj(ctx['capabilities']);
    const drop = arr(caps['drop']).map(String);
    const add = arr(caps['add']).map(String);
    return !drop.includes('ALL') || add.some((c) => c !== 'NET_BIND_SERVICE');
  });
  if (capabilities.length > 0) {
    violations.push(
      `unrestricted capabilities (containers ${names(capabilities)} must set securityContext.capabilities.drop=["ALL"])`,
    );
  }
  const podNonRoot = podContext['runAsNonRoot'] === true;
  const nonRoot = failing((_, ctx) => ctx['runAsNonRoot'] === false || (!podNonRoot && ctx['runAsNonRoot'] !== true));
  if (nonRoot.length > 0) {
    violations.push(`runAsNonRoot != true (pod or containers ${names(nonRoot)} must set securityContext.runAsNonRoot=true)`);
  }
  if (podContext['runAsUser'] === 0 || failing((_, ctx) => ctx['runAsUser'] === 0).length > 0) violations.push('runAsUser=0');
  const podSeccomp = text(obj(podContext['seccompProfile'])['type']);
  const seccompOk = (type: string): boolean => type === 'RuntimeDefault' || type === 'Localhost';
  const seccomp = failing((_, ctx) => {
    const own = text(obj(ctx['seccompProfile'])['type']);
    return own === '' ? !seccompOk(podSeccomp) : !seccompOk(own);
  });
  if (seccomp.length > 0) {
    violations.push(
      `seccompProfile (pod or containers ${names(seccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
  }
  const badVolumes = arr(spec['volumes']).filter(
    (v) => !Object.keys(v).some((k) => k !== 'name' && RESTRICTED_VOLUME_TYPES.has(k)),
  );
  if (badVolumes.length > 0) violations.push(`restricted volume types (volumes ${names(badVolumes)} use a forbidden type)`);
  const badSysctls = arr(podContext['sysctls']).filter((s) => !SAFE_SYSCTLS.has(String(s['name'])));
  if (badSysctls.length > 0) violations.push(`forbidden sysctls (${badSysctls.map((s) => String(s['name'])).join(', ')})`);
  const hostPorts = containers.filter((c) => arr(c['ports']).some((p) => p['hostPort'] !== undefined && p['hostPort'] !== 0));
  if (hostPorts.length > 0) violations.push(`hostPort (containers ${names(hostPorts)} use hostPorts)`);
  return violations;
};
