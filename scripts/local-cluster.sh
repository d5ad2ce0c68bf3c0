#!/usr/bin/env bash
# A real one-node Kubernetes on this machine, as host processes, built from upstream sources through
# the Go module proxy (no Docker, no registry): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, containerd + runc + the CNI reference plugins (Debian's), kubelet, kube-proxy
# (iptables mode) and, unless --policy none, kube-router's NetworkPolicy firewall.
#
#   scripts/local-cluster.sh up [--policy kube-router|none]   start (or reuse) the cluster
#   scripts/local-cluster.sh down                              stop it and remove all it created
#   scripts/local-cluster.sh status                            what runs
#   scripts/local-cluster.sh leftovers                         anything down left on the host (exit 1)
#   scripts/local-cluster.sh build                             only build (cached by version)
#   eval "$(scripts/local-cluster.sh env)"                     KUBECONFIG and the built kubectl on PATH
#
# Needs root, Linux, Go (or LOCAL_CLUSTER_BIN: a folder holding the prebuilt binaries) and a few
# Debian packages (installed by `up` when missing). State and logs: .local-cluster/ (git-ignored);
# kubeconfig .local-cluster/kubeconfig, context netpol-probe-local. Builds: $LOCAL_CLUSTER_CACHE
# (default ~/.cache/netpol-probe/local-cluster), keyed by version.
#
# Traffic stays on this machine: the node address lives on a dummy interface, the bridge has no
# masquerade, and an nftables table drops anything the pod network would forward anywhere but the
# bridge and the externals lab (see traffic_guard).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$REPO/scripts/local-cluster"
STATE="$REPO/.local-cluster"
RUN_DIR=/run/netpol-probe-local-cluster
CACHE=${LOCAL_CLUSTER_CACHE:-$HOME/.cache/netpol-probe/local-cluster}

# Pinned versions: Kubernetes as kind-config.yaml pins (kindest/node v1.36.4); etcd as that release's
# build/dependencies.yaml pins; kube-router: the one release the Go module proxy serves (see README).
K8S_VERSION=v1.36.4
ETCD_VERSION=v3.6.8
KUBE_ROUTER_VERSION=v2.1.0
PAUSE_TAG=3.10.2 # build/pause/Makefile TAG of that release
AGNHOST_TAGS=(registry.k8s.io/e2e-test-images/agnhost:2.53 registry.k8s.io/e2e-test-images/agnhost:2.63.0)
PAUSE_IMAGE=registry.k8s.io/pause:$PAUSE_TAG

NODE_NAME=netpol-probe-local
CONTEXT=netpol-probe-local
NODE_IP=10.243.0.1 # on NODE_LINK (a portless bridge: a dummy link), never on the uplink
NODE_LINK=nplc-node0
BRIDGE=nplc-br0
POD_CIDR=10.244.0.0/16
NODE_POD_CIDR=10.244.0.0/24
POD_GATEWAY=10.244.0.1
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
EXTERNAL_LINK_PREFIX=nplc-x # the externals lab (local-cluster/externals-lab.sh)
API_PORT=6443
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
CGROUP_ROOT=/netpol-probe-local
NFT_TABLE=netpol_probe_local_cluster

BIN="$CACHE/bin"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
PKI="$STATE/pki"

log() { printf '[local-cluster %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------------------------------------------
# The pieces, one job each (scripts/local-cluster/lib/)

# shellcheck source=scripts/local-cluster/lib/build.sh
source "$HERE/lib/build.sh"
# shellcheck source=scripts/local-cluster/lib/host.sh
source "$HERE/lib/host.sh"
# shellcheck source=scripts/local-cluster/lib/pki.sh
source "$HERE/lib/pki.sh"
# shellcheck source=scripts/local-cluster/lib/processes.sh
source "$HERE/lib/processes.sh"
# shellcheck source=scripts/local-cluster/lib/control-plane.sh
source "$HERE/lib/control-plane.sh"
# shellcheck source=scripts/local-cluster/lib/node.sh
source "$HERE/lib/node.sh"
# shellcheck source=scripts/local-cluster/lib/leftovers.sh
source "$HERE/lib/leftovers.sh"

# ---------------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local policy=kube-router start
  while (($#)); do
    case $1 in
      --policy)
        policy=${2:?--policy needs kube-router or none}
        shift 2
        ;;
      --policy=*)
        policy=${1#--policy=}
        shift
        ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ $policy == kube-router || $policy == none ]] || die "--policy must be kube-router or none, got $policy"
  preflight
  mkdir -p "$STATE" "$LOGS" "$PIDS"
  if healthy; then
    if [[ $(policy_running) != "$policy" ]]; then
      if [[ $policy == none ]]; then
        stop_proc kube-router
        remove_kube_router_state
      else start_kube_router; fi
      log "switched the policy engine to $policy"
    fi
    echo "$policy" > "$STATE/policy"
    log "the cluster is up (reused); kubeconfig $STATE/kubeconfig, context $CONTEXT, policy $policy"
    return
  fi
  if [[ -n $(ls -A "$PIDS" 2> /dev/null) ]]; then
    log "a previous cluster is not healthy: taking it down first"
    cmd_down
    mkdir -p "$STATE" "$LOGS" "$PIDS"
  fi
  start=$(date +%s)
  ensure_packages
  build
  local built
  built=$(date +%s)
  prepare_host
  make_pki
  start_etcd
  start_apiserver
  apply_bootstrap_rbac
  start_control_plane
  start_containerd
  import_images
  start_kubelet
  start_kube_proxy
  wait_node_ready
  # kube-router finds its node by name at start: only once kubelet registered it.
  if [[ $policy == kube-router ]]; then start_kube_router; fi
  echo "$policy" > "$STATE/policy"
  smoke_pod
  log "the cluster is up in $(($(date +%s) - built)) s after the build ($(($(date +%s) - start)) s in all);" \
    "kubeconfig $STATE/kubeconfig, context $CONTEXT, policy $policy"
}

cmd_down() {
  local name link ns d
  [[ -d $STATE ]] || {
    log "nothing to take down"
    return 0
  }
  stop_proc kube-router
  remove_kube_router_state
  stop_proc kubelet
  if [[ -S $RUN_DIR/containerd.sock ]] && proc_alive containerd; then
    # Stop every container and sandbox through containerd, so the shims exit and CNI DEL runs.
    for name in $(ctr_k8s tasks ls -q 2> /dev/null || true); do ctr_k8s tasks kill -s SIGKILL "$name" > /dev/null 2>&1 || true; done
    sleep 1
    for name in $(ctr_k8s tasks ls -q 2> /dev/null || true); do ctr_k8s tasks delete -f "$name" > /dev/null 2>&1 || true; done
    for name in $(ctr_k8s containers ls -q 2> /dev/null || true); do ctr_k8s containers delete "$name" > /dev/null 2>&1 || true; done
  fi
  # Pod network namespaces: those whose veth peer is on our bridge.
  local netns_list=()
  if ip link show "$BRIDGE" > /dev/null 2>&1; then
    mapfile -t netns_list < <(ip -o link show master "$BRIDGE" 2> /dev/null | sed -n 's/.* link-netns \([^ ]*\).*/\1/p' | sort -u)
  fi
  stop_proc containerd
  # containerd's shims outlive it: ours carry our socket path in their command line.
  for d in /proc/[0-9]*; do
    if tr '\0' ' ' 2> /dev/null < "$d/cmdline" | grep -qF -- "-address $RUN_DIR/containerd.sock"; then
      kill -KILL "${d#/proc/}" 2> /dev/null || true
    fi
  done
  if [[ -x $(k8s_bin kube-proxy) ]] && [[ -f $PIDS/kube-proxy ]]; then
    stop_proc kube-proxy
    "$(k8s_bin kube-proxy)" --cleanup > "$LOGS/kube-proxy-cleanup.log" 2>&1 || log "kube-proxy --cleanup failed (see $LOGS/kube-proxy-cleanup.log)"
  fi
  remove_kubelet_chains
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_proc "$name"; done
  # Mounts under our directories (overlay rootfs, shm, kubelet volumes, netns bind mounts), deepest first.
  for d in $(findmnt -rn -o TARGET | grep -E "^($STATE|$RUN_DIR)(/|$)" | sort -r); do umount -l "$d" 2> /dev/null || true; done
  for ns in "${netns_list[@]}"; do
    if [[ $ns == cni-* ]]; then ip netns delete "$ns" 2> /dev/null || true; fi
  done
  if ip link show "$BRIDGE" > /dev/null 2>&1; then
    for link in $(ip -o link show master "$BRIDGE" | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link delete "$link" 2> /dev/null || true; done
    ip link delete "$BRIDGE" 2> /dev/null || true
  fi
  if [[ -x $HERE/externals-lab.sh ]]; then "$HERE/externals-lab.sh" down-all 2> /dev/null || true; fi
  ip link show "$NODE_LINK" > /dev/null 2>&1 && ip link delete "$NODE_LINK"
  nft delete table inet "$NFT_TABLE" 2> /dev/null || true
  # Cgroups: our root in every hierarchy, deepest first (only empty ones can go; all our processes are gone).
  local c
  while IFS= read -r c; do
    if [[ -d $c ]]; then find "$c" -depth -type d -exec rmdir {} \; 2> /dev/null || true; fi
  done < <(cgroup_dirs)
  restore_sysctls
  rm -rf "$RUN_DIR"
  # Keep the logs of the last cluster for a post-mortem; everything else goes.
  rm -rf "$STATE.last-logs"
  [[ -d $LOGS ]] && mv "$LOGS" "$STATE.last-logs"
  rm -rf "$STATE"
  log "down: processes stopped, mounts, links, nftables/iptables/ipset state, cgroups and $STATE removed (last logs: $STATE.last-logs)"
}

cmd_status() {
  local p any=0
  if [[ ! -d $PIDS ]]; then
    echo "local cluster: down"
    return 3
  fi
  for p in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy kube-router; do
    if proc_alive "$p"; then
      printf '%-24s running (pid %s)\n' "$p" "$(< "$PIDS/$p")"
      any=1
    elif [[ -f $PIDS/$p ]]; then printf '%-24s DEAD (pid %s; log %s)\n' "$p" "$(< "$PIDS/$p")" "$LOGS/$p.log"; fi
  done
  ((any)) || {
    echo "local cluster: down"
    return 3
  }
  echo "policy engine: $(policy_running)"
  kubectl_admin get nodes -o wide 2> /dev/null || echo "API server not answering"
  if healthy; then echo "local cluster: up (kubeconfig $STATE/kubeconfig, context $CONTEXT)"; else
    echo "local cluster: NOT healthy"
    return 1
  fi
}

# up, down and build change the host: one at a time (CI's EXIT trap and a user's `down` may meet). The
# lock is held by flock(1) around this script; -o keeps it from the processes the script leaves running.
LOCK_FILE=/run/netpol-probe-local-cluster.lock
if [[ ${1:-} =~ ^(up|down|build)$ && -z ${LOCAL_CLUSTER_LOCKED:-} ]]; then
  exec env LOCAL_CLUSTER_LOCKED=1 flock -o "$LOCK_FILE" bash "${BASH_SOURCE[0]}" "$@"
fi

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    leftovers) cmd_leftovers ;;
    build)
      mkdir -p "$STATE"
      ensure_packages
      build
      ;;
    bin-dir) dirname "$(k8s_bin kubectl)" ;;
    env)
      # For a shell: eval "$(scripts/local-cluster.sh env)" puts kubectl on PATH and selects the cluster.
      # shellcheck disable=SC2016 # $PATH is for the eval-ing shell
      printf 'export KUBECONFIG=%q\nexport PATH=%q:"$PATH"\n' "$STATE/kubeconfig" "$(dirname "$(k8s_bin kubectl)")"
      ;;
    *)
      sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 2
      ;;
  esac
}

main "$@"
