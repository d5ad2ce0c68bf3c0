#!/usr/bin/env bash
# The externals lab of the local cluster: each external of the given scenarios served at its own
# address by agnhost serve-hostname (answering with the external's identity) in a network namespace
# of this machine, routed (not NATed) from the pod network only, and published for the kube target
# in the lab format v1 (docs/kube-externals.md: ConfigMap externals in namespace netpol-probe-lab).
#
#   externals-lab.sh up SCENARIO...   (re)provision the externals of these scenarios
#   externals-lab.sh down-all         remove every external and the publication
#
# Only traffic from the pod network is routed to the lab (ip rule from POD_CIDR, its own table), so the
# host's own routes to these addresses are untouched, and the local cluster's nftables guard lets lab
# traffic go to the pod bridge only. Needs the cluster up (scripts/local-cluster.sh up).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE="$REPO/.local-cluster"
LAB="$STATE/externals"
POD_CIDR=${POD_CIDR:-10.244.0.0/16}
LINK_PREFIX=nplc-x
NETNS_PREFIX=nplc-ext-
TABLE=4242
RULE_PRIORITY=4242
LAB_NAMESPACE=netpol-probe-lab

log() { printf '[externals-lab] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

kubectl_admin() {
  "$(bash "$REPO/scripts/local-cluster.sh" bin-dir)/kubectl" --kubeconfig "$STATE/kubeconfig" "$@"
}

down_all() {
  local pid ns link
  if [[ -d $LAB/pids ]]; then
    cat "$LAB"/pids/* 2> /dev/null | while read -r pid; do kill -KILL "$pid" 2> /dev/null || true; done
  fi
  for ns in $(ip netns list 2> /dev/null | awk '{print $1}' | grep "^$NETNS_PREFIX" || true); do ip netns delete "$ns" 2> /dev/null || true; done
  for link in $(ip -o link show 2> /dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$LINK_PREFIX" || true); do ip link delete "$link" 2> /dev/null || true; done
  while ip rule del priority "$RULE_PRIORITY" 2> /dev/null; do :; done
  ip route flush table "$TABLE" 2> /dev/null || true
  if [[ -f $STATE/kubeconfig ]]; then kubectl_admin delete namespace "$LAB_NAMESPACE" --ignore-not-found --wait=false > /dev/null 2>&1 || true; fi
  rm -rf "$LAB"
}

up() {
  (($# > 0)) || die "name the scenarios whose externals to serve"
  [[ -f $STATE/kubeconfig ]] || die "the local cluster is not up (scripts/local-cluster.sh up)"
  local agnhost plan i=0 name ip identity json_entries=() json_ports port ns link
  agnhost=$(bash "$REPO/scripts/local-cluster.sh" bin-dir)/agnhost
  [[ -x $agnhost ]] || die "no agnhost at $agnhost"
  plan=$(cd "$REPO" && node scripts/local-cluster/externals-plan.ts "$@")
  down_all
  mkdir -p "$LAB/pids" "$LAB/logs"
  ip rule add from "$POD_CIDR" lookup "$TABLE" priority "$RULE_PRIORITY"
  while read -r name ip identity ports_line; do
    [[ -n $name ]] || continue
    ns="$NETNS_PREFIX$i"
    link="$LINK_PREFIX$i"
    ip netns add "$ns"
    ip link add "$link" type veth peer name eth0 netns "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$ip/32" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add default dev eth0
    # The host answers ARP for pod addresses on the lab link and routes them to the bridge.
    sysctl -q -w "net.ipv4.conf.$link.proxy_arp=1" > /dev/null
    ip link set "$link" up
    ip route add "$ip/32" dev "$link" table "$TABLE"
    json_ports=()
    for port in $ports_line; do
      # serve-hostname answers with the hostname: the external's identity, in its own UTS namespace.
      local proto=${port%/*} number=${port#*/} flag
      flag=--tcp
      [[ $proto == UDP ]] && flag=--udp
      setsid ip netns exec "$ns" unshare --uts sh -c "hostname $identity && exec $agnhost serve-hostname $flag --http=false --port $number" \
        > "$LAB/logs/$name-$proto-$number.log" 2>&1 < /dev/null &
      echo $! > "$LAB/pids/$name-$proto-$number"
      json_ports+=("{\"port\":$number,\"protocol\":\"$proto\"}")
    done
    json_entries+=("{\"name\":\"$name\",\"ip\":\"$ip\",\"identity\":\"$identity\",\"ports\":[$(
      IFS=,
      echo "${json_ports[*]}"
    )]}")
    log "serving $name at $ip ($ports_line) as $identity in $ns"
    i=$((i + 1))
  done <<< "$plan"
  local document
  document="{\"lab\":\"netpol-probe local cluster\",\"externals\":[$(
    IFS=,
    echo "${json_entries[*]}"
  )]}"
  kubectl_admin apply -f - > /dev/null << YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $LAB_NAMESPACE
  labels: { netpol-probe.io/lab: v1 }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: externals
  namespace: $LAB_NAMESPACE
  labels: { netpol-probe.io/lab: v1 }
data:
  externals.json: '$document'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: netpol-probe-lab-reader, namespace: $LAB_NAMESPACE }
rules:
  - { apiGroups: [""], resources: [configmaps], resourceNames: [externals], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: netpol-probe-lab-reader, namespace: $LAB_NAMESPACE }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: netpol-probe-lab-reader }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated }
YAML
  log "published $i external(s) in configmap $LAB_NAMESPACE/externals"
}

case ${1:-} in
  up)
    shift
    up "$@"
    ;;
  down-all) down_all ;;
  *)
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
