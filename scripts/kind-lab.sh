#!/usr/bin/env bash
# The externals lab on a kind cluster (docs/kube-externals.md): for every external address of the
# scenarios, one agnhost container on kind's Docker network, not a kind node (CNIs classify node
# addresses apart from "world"), that holds the scenario's address and answers on its TCP and UDP ports
# with its identity (agnhost serve-hostname: its hostname). Every node routes the address to that
# container; the container routes each node's pod CIDRs back through that node, so replies, and
# ingress from the external, keep the pod's address. The served externals are published in the
# ConfigMap netpol-probe-lab/externals, where netpol-probe finds them. Called by scripts/kind-up.sh
# --externals; run again to refresh; scripts/kind-down.sh removes the containers.
#
# Requirements: docker, kind, kubectl, node (and npm ci run once, for scripts/lab-externals.ts).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT

# The probe pods' image (src/targets/kube/manifests.ts AGNHOST_IMAGE): it ships sh, iproute2 and
# `agnhost serve-hostname` (kubernetes/kubernetes test/images/agnhost).
readonly AGNHOST_IMAGE=registry.k8s.io/e2e-test-images/agnhost:2.53
# kind puts every node on this Docker network (kind pkg/cluster/internal/providers/docker/network.go).
readonly KIND_NETWORK=kind
readonly LAB_NAMESPACE=netpol-probe-lab
readonly LAB_LABEL=netpol-probe.io/lab
readonly LAB_FORMAT=v1
# Docker label on every lab container, valued with the cluster name: kind-down.sh removes them by it.
readonly CONTAINER_LABEL=netpol-probe.io/kind-lab

usage() {
  cat <<'USAGE'
Usage: scripts/kind-lab.sh [--name NAME] SCENARIO...

Serves the externals of the scenarios (files or directories) next to the kind cluster NAME (default:
netpol-probe) and publishes them in the ConfigMap netpol-probe-lab/externals (docs/kube-externals.md).
USAGE
}

die() {
  printf 'kind-lab: %s\n' "$*" >&2
  exit 1
}

die_usage() {
  printf 'kind-lab: %s\n' "$*" >&2
  printf "Try 'scripts/kind-lab.sh --help'.\n" >&2
  exit 2
}

name=netpol-probe
scenarios=()
while (($# > 0)); do
  case $1 in
  -h | --help)
    usage
    exit 0
    ;;
  --name)
    (($# >= 2)) || die_usage "--name needs a value"
    name=$2
    shift
    ;;
  --name=*) name=${1#--name=} ;;
  -*) die_usage "unknown option $1" ;;
  *) scenarios+=("$1") ;;
  esac
  shift
done
((${#scenarios[@]} > 0)) || die_usage "name at least one scenario whose externals to serve"
[[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] || die_usage "--name: lowercase letters, digits and '-' only, got '$name'"

for tool in docker kind kubectl node; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found on PATH"
done

kc() { kubectl --context "kind-$name" "$@"; }

# The address of a container on the kind network: ipv4 or ipv6 (empty when it has none).
address_on_network() {
  local field=IPAddress
  [[ $2 == ipv6 ]] && field=GlobalIPv6Address
  docker inspect -f "{{with index .NetworkSettings.Networks \"$KIND_NETWORK\"}}{{.$field}}{{end}}" "$1"
}

nodes=()
while IFS= read -r node; do [[ -z $node ]] || nodes+=("$node"); done < <(kind get nodes --name "$name")
((${#nodes[@]} > 0)) || die "kind lists no nodes for cluster $name: create it first (scripts/kind-up.sh)"

# What the lab must never take: the kind network's own subnets, and the cluster's pod and service CIDRs.
avoid=()
for subnet in $(docker network inspect "$KIND_NETWORK" -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}'); do
  avoid+=(--avoid "$subnet")
done
for node in "${nodes[@]}"; do
  for cidr in $(kc get node "$node" -o jsonpath='{.spec.podCIDRs[*]}'); do avoid+=(--avoid "$cidr"); done
done
# kind configures the cluster with kubeadm: its ClusterConfiguration names the pod and Service subnets.
cluster_config=$(kc -n kube-system get configmap kubeadm-config -o jsonpath='{.data.ClusterConfiguration}')
for key in podSubnet serviceSubnet; do
  subnets=$(sed -n -E "s/^[[:space:]]*$key:[[:space:]]*//p" <<<"$cluster_config" | tr -d "\"'")
  [[ -n $subnets ]] || die "kube-system/kubeadm-config names no $key"
  for cidr in ${subnets//,/ }; do avoid+=(--avoid "$cidr"); done
done

lines=$(node "$ROOT/scripts/lab-externals.ts" "${avoid[@]}" "${scenarios[@]}") || die "could not read the externals of ${scenarios[*]}"

# Earlier lab containers of this cluster go first: the addresses and routes are made anew.
stale=$(docker ps -aq --filter "label=$CONTAINER_LABEL=$name")
if [[ -n $stale ]]; then
  # shellcheck disable=SC2086 # one id per word
  docker rm -f $stale >/dev/null
fi

entries=()
while IFS=$'\t' read -r ext_name ip family identity tcp udp; do
  [[ -n $ext_name ]] || continue
  container="npp-lab-$name-$ext_name"
  container=${container:0:63}
  ports=$(printf '%s\n%s\n' "${tcp//,/$'\n'}" "${udp//,/$'\n'}" | grep -v '^-$' | sort -un | tr '\n' ' ')
  if [[ $family == IPv6 ]]; then add="ip -6 addr add $ip/128 dev eth0 nodad"; else add="ip addr add $ip/32 dev eth0"; fi
  serve=""
  for port in $ports; do serve+="/agnhost serve-hostname --http=false --tcp --udp --port $port & "; done
  # Its identity is its hostname, which serve-hostname answers with (os.Hostname()).
  docker run -d --name "$container" --hostname "$identity" --network "$KIND_NETWORK" --cap-add NET_ADMIN \
    --label "$CONTAINER_LABEL=$name" --entrypoint /bin/sh "$AGNHOST_IMAGE" -c "set -e; $add; ${serve}wait" >/dev/null
  # The container holds the address before anything is routed to it.
  held=false
  for _ in $(seq 1 30); do
    if [[ $(docker exec "$container" ip addr show dev eth0 2>/dev/null || true) == *" $ip/"* ]]; then
      held=true
      break
    fi
    sleep 1
  done
  [[ $held == true ]] || die "$container never held $ip: $(docker logs "$container" 2>&1 | tail -n 5)"
  if [[ $family == IPv6 ]]; then own=$(address_on_network "$container" ipv6); else own=$(address_on_network "$container" ipv4); fi
  if [[ -z $own ]]; then
    printf 'kind-lab: not served: %s (%s): the %s network has no %s address for it\n' "$ext_name" "$ip" "$KIND_NETWORK" "$family" >&2
    docker rm -f "$container" >/dev/null
    continue
  fi
  if [[ $family == IPv6 ]]; then route=(ip -6 route replace "$ip/128" via "$own"); else route=(ip route replace "$ip/32" via "$own"); fi
  for node in "${nodes[@]}"; do
    docker exec "$node" "${route[@]}"
    # Right by construction: the node must now send the address to the container, never elsewhere
    # (for 169.254.169.254 that would be the host's metadata service).
    got=$(docker exec "$node" ip route get "$ip")
    [[ $got == *" via $own "* ]] || die "$node does not route $ip via the lab container $container ($own): $got"
    node_ip=$(address_on_network "$node" "$([[ $family == IPv6 ]] && echo ipv6 || echo ipv4)")
    for cidr in $(kc get node "$node" -o jsonpath='{.spec.podCIDRs[*]}'); do
      # Each pod CIDR of the external's family, back through the node that holds it.
      [[ -n $node_ip ]] || continue
      if [[ $family == IPv6 && $cidr == *:* ]] || [[ $family == IPv4 && $cidr != *:* ]]; then
        docker exec "$container" ip route replace "$cidr" via "$node_ip"
      fi
    done
  done
  port_list=""
  for port in ${tcp//,/ }; do [[ $port == - ]] || port_list+="{\"port\":$port,\"protocol\":\"TCP\"},"; done
  for port in ${udp//,/ }; do [[ $port == - ]] || port_list+="{\"port\":$port,\"protocol\":\"UDP\"},"; done
  entries+=("{\"name\":\"$ext_name\",\"ip\":\"$ip\",\"identity\":\"$identity\",\"ports\":[${port_list%,}]}")
  printf 'kind-lab: %s serves %s (identity %s) on %s\n' "$container" "$ip" "$identity" "${ports% }"
done <<<"$lines"

json="{\"lab\":\"kind $name\",\"externals\":[$(
  IFS=,
  printf '%s' "${entries[*]}"
)]}"

# Published where netpol-probe looks (docs/kube-externals.md); every authenticated user may read it.
kc apply -f - <<MANIFEST
apiVersion: v1
kind: Namespace
metadata:
  name: ${LAB_NAMESPACE}
  labels:
    ${LAB_LABEL}: ${LAB_FORMAT}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: externals
  namespace: ${LAB_NAMESPACE}
  labels:
    ${LAB_LABEL}: ${LAB_FORMAT}
data:
  externals.json: '${json}'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: netpol-probe-lab-reader
  namespace: ${LAB_NAMESPACE}
rules:
  - apiGroups: ['']
    resources: [configmaps]
    resourceNames: [externals]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: netpol-probe-lab-reader
  namespace: ${LAB_NAMESPACE}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: netpol-probe-lab-reader
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:authenticated
MANIFEST
printf 'kind-lab: published %d external(s) in %s/externals\n' "${#entries[@]}" "$LAB_NAMESPACE"
