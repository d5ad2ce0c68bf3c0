#!/usr/bin/env bash
# A real one-node Kubernetes on this machine, as host processes, built from upstream sources through
# the Go module proxy (no Docker, no registry): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, containerd + runc + the CNI reference plugins (Debian's), kubelet, kube-proxy
# (iptables mode) and, unless --policy none, kube-router's NetworkPolicy firewall.
#
#   scripts/local-cluster.sh up [--policy kube-router|none]   start (or reuse) the cluster
#   scripts/local-cluster.sh down                              stop it and remove all it created
#   scripts/local-cluster.sh status                            what runs
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
# Binaries

k8s_bin() { echo "${LOCAL_CLUSTER_BIN:-$BIN/kubernetes-$K8S_VERSION}/$1"; }
etcd_bin() { echo "${LOCAL_CLUSTER_BIN:-$BIN/etcd-$ETCD_VERSION}/etcd"; }
kube_router_bin() { echo "${LOCAL_CLUSTER_BIN:-$BIN/kube-router-$KUBE_ROUTER_VERSION}/kube-router"; }
pause_bin() { echo "${LOCAL_CLUSTER_BIN:-$BIN/pause-$PAUSE_TAG}/pause"; }

go_env() {
  export GOMODCACHE="$CACHE/gomod" GOCACHE="$CACHE/gocache" GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
}

timed() {
  local what=$1 start
  shift
  start=$(date +%s)
  "$@"
  log "$what: $(($(date +%s) - start)) s"
}

build() {
  local k8s=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl agnhost) missing=0 b
  if [[ -n ${LOCAL_CLUSTER_BIN:-} ]]; then
    for b in "${k8s[@]}" etcd kube-router pause; do
      [[ -x $LOCAL_CLUSTER_BIN/$b ]] || die "LOCAL_CLUSTER_BIN=$LOCAL_CLUSTER_BIN has no executable $b"
    done
    return
  fi
  command -v go > /dev/null || die "Go is needed to build the cluster (or set LOCAL_CLUSTER_BIN to prebuilt binaries)"
  mkdir -p "$CACHE/logs"
  for b in "${k8s[@]}"; do [[ -x $(k8s_bin "$b") ]] || missing=1; done
  if ((missing)); then
    log "building Kubernetes $K8S_VERSION from the Go module proxy (cold: tens of minutes on 2 cores)"
    (go_env && timed "kubernetes $K8S_VERSION build" "$HERE/build-kubernetes.sh" "$CACHE" "$K8S_VERSION" "$BIN/kubernetes-$K8S_VERSION.tmp") \
      || die "Kubernetes build failed"
    rm -rf "$BIN/kubernetes-$K8S_VERSION" && mv "$BIN/kubernetes-$K8S_VERSION.tmp" "$BIN/kubernetes-$K8S_VERSION"
  fi
  if [[ ! -x $(etcd_bin) ]]; then
    log "building etcd $ETCD_VERSION"
    (go_env && timed "etcd $ETCD_VERSION build" "$HERE/build-go-main.sh" "$CACHE" etcd "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
      -go.etcd.io/etcd/server/v3/etcdmain "$BIN/etcd-$ETCD_VERSION/etcd" -ldflags "-s -w") || die "etcd build failed"
  fi
  if [[ ! -x $(kube_router_bin) ]]; then
    log "building kube-router $KUBE_ROUTER_VERSION"
    local pkg=github.com/cloudnativelabs/kube-router/v2
    (go_env && timed "kube-router $KUBE_ROUTER_VERSION build" "$HERE/build-go-main.sh" "$CACHE" kube-router \
      "$pkg@$KUBE_ROUTER_VERSION" "$pkg/cmd/kube-router" "$BIN/kube-router-$KUBE_ROUTER_VERSION/kube-router" \
      -ldflags "-s -w -X $pkg/pkg/version.Version=$KUBE_ROUTER_VERSION") || die "kube-router build failed"
  fi
  if [[ ! -x $(pause_bin) ]]; then
    # Upstream's pause (build/pause/linux/pause.c of the same release), static like upstream's image.
    local src
    src="$(go_env && go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c"
    [[ -f $src ]] || die "no $src (the Kubernetes module download provides it)"
    mkdir -p "$BIN/pause-$PAUSE_TAG"
    gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_TAG-netpol-probe" -o "$BIN/pause-$PAUSE_TAG/pause" "$src" \
      || die "cannot compile pause.c (needs gcc and the static libc: apt-get install gcc libc6-dev)"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Host preparation

PACKAGES=(containerd runc containernetworking-plugins iptables ipset conntrack nftables busybox-static netcat-openbsd curl openssl gcc libc6-dev iproute2)

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return
  command -v apt-get > /dev/null || die "missing packages: ${missing[*]}"
  log "installing ${missing[*]}"
  # policy-rc.d (or no init) keeps Debian's containerd service from starting; ours runs with its own config.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" > "$STATE/apt.log" 2>&1 \
    || { apt-get update > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" > "$STATE/apt.log" 2>&1; } \
    || die "apt-get install ${missing[*]} failed (see $STATE/apt.log)"
}

preflight() {
  [[ $(uname -s) == Linux ]] || die "Linux only"
  ((EUID == 0)) || die "run as root (it starts kubelet, containerd and changes iptables)"
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] || die "no cgroup hierarchy under /sys/fs/cgroup"
  local cidr
  for cidr in "$POD_CIDR" "$SERVICE_CIDR" "$NODE_IP/32"; do
    if ip -4 route show table all to "root $cidr" 2> /dev/null | grep -v -e "dev $BRIDGE" -e "dev $NODE_LINK" -e "dev $EXTERNAL_LINK_PREFIX" -e '^local' -e '^broadcast' | grep -q .; then
      die "the host already routes into $cidr; the local cluster's networks would collide"
    fi
  done
}

# Kernel parameters kubelet sets when protectKernelDefaults is false (pkg/kubelet/cm/
# container_manager_linux.go setupKernelTunables): saved before the first start, restored by down.
KUBELET_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
OUR_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)

save_sysctls() {
  [[ -f $STATE/sysctl.saved ]] && return
  local s
  for s in "${KUBELET_SYSCTLS[@]}" "${OUR_SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$STATE/sysctl.saved"
}

restore_sysctls() {
  [[ -f $STATE/sysctl.saved ]] || return 0
  local line
  while IFS= read -r line; do sysctl -q -w "$line" > /dev/null || log "could not restore $line"; done < "$STATE/sysctl.saved"
  rm -f "$STATE/sysctl.saved"
}

cgroup_dirs() {
  local c
  for c in /sys/fs/cgroup/*/; do
    [[ -f $c/cgroup.procs ]] && echo "${c%/}$CGROUP_ROOT"
  done
  [[ -f /sys/fs/cgroup/cgroup.controllers ]] && echo "/sys/fs/cgroup$CGROUP_ROOT"
  return 0
}

prepare_host() {
  save_sysctls
  sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 > /dev/null
  [[ -s /etc/machine-id ]] || die "/etc/machine-id is empty (kubelet reports it as the node's machine ID)"
  if [[ -n $(swapon --noheadings 2> /dev/null) ]]; then log "swap is on: kubelet runs with failSwapOn: false"; fi
  # A bridge with no ports stands in for a dummy link (this kernel has no CONFIG_DUMMY).
  ip link show "$NODE_LINK" > /dev/null 2>&1 || ip link add "$NODE_LINK" type bridge
  ip addr replace "$NODE_IP/32" dev "$NODE_LINK"
  ip link set "$NODE_LINK" up
  # kubelet's --cgroup-root must exist in every hierarchy (cgroupfs driver, no systemd).
  local d
  while IFS= read -r d; do mkdir -p "$d"; done < <(cgroup_dirs)
  # The whole pod tree is one entity for the CPU scheduler against every process of the root cgroup;
  # at its default weight (1024 = one process) a busy shared machine starves the pods so much that a
  # probe pod's 14 agnhost clients did not finish within the tool's 13 s exec deadline. 16384 weighs
  # it as 16 busy processes.
  [[ -f /sys/fs/cgroup/cpu$CGROUP_ROOT/cpu.shares ]] && echo 16384 > "/sys/fs/cgroup/cpu$CGROUP_ROOT/cpu.shares"
  traffic_guard
}

# Pod and external traffic never leaves the machine: whatever the pod network would forward goes only
# to the bridge or a link of the externals lab, whatever the lab sends goes only to the bridge, and
# nothing from elsewhere is forwarded to pods; everything else (the uplink above all) is dropped. A
# separate nftables table at a priority before the iptables rules kube-proxy and kube-router add; a
# drop in any table is final.
traffic_guard() {
  nft -f - << EOF
table inet $NFT_TABLE
delete table inet $NFT_TABLE
table inet $NFT_TABLE {
  chain forward {
    type filter hook forward priority filter - 10; policy accept;
    ip saddr $POD_CIDR oifname != { "$BRIDGE", "$EXTERNAL_LINK_PREFIX*" } counter drop comment "pod traffic stays on this machine"
    iifname "$EXTERNAL_LINK_PREFIX*" oifname != "$BRIDGE" counter drop comment "externals lab traffic goes to pods only"
    ip daddr $POD_CIDR iifname != { "$BRIDGE", "$EXTERNAL_LINK_PREFIX*" } counter drop comment "nothing from elsewhere reaches pods"
  }
}
EOF
}

# ---------------------------------------------------------------------------------------------------
# Certificates and kubeconfigs (openssl; EC P-256 except the service account key)

gen_cert() { # name CN O "SANs" usage
  local name=$1 cn=$2 org=$3 sans=$4 usage=$5 subj
  [[ -f $PKI/$name.crt ]] && return
  subj="/CN=$cn"
  [[ -n $org ]] && subj="/O=$org$subj"
  openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$name.key" 2> /dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $sans ]] && echo "subjectAltName=$sans"
  } > "$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2> /dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 \
    -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2> /dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

write_kubeconfig() { # file cert-name context
  local file=$1 name=$2 context=$3
  cat > "$file" << EOF
apiVersion: v1
kind: Config
clusters:
- name: $context
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 < "$PKI/$name.crt")
    client-key-data: $(base64 -w0 < "$PKI/$name.key")
contexts:
- name: $context
  context:
    cluster: $context
    user: $name
current-context: $context
EOF
  chmod 600 "$file"
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [[ ! -f $PKI/ca.crt ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/ca.key" 2> /dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=netpol-probe-local-ca" -days 365 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$PKI/ca.crt" 2> /dev/null
  fi
  [[ -f $PKI/sa.key ]] || {
    openssl genrsa -out "$PKI/sa.key" 2048 2> /dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2> /dev/null
  }
  gen_cert apiserver kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$NODE_IP,IP:$API_SERVICE_IP,IP:127.0.0.1" serverAuth
  gen_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters "" clientAuth
  gen_cert admin kubernetes-admin system:masters "" clientAuth
  gen_cert front-proxy-client front-proxy-client "" "" clientAuth
  gen_cert controller-manager system:kube-controller-manager "" "" clientAuth
  gen_cert scheduler system:kube-scheduler "" "" clientAuth
  gen_cert kubelet "system:node:$NODE_NAME" system:nodes "" clientAuth
  gen_cert kubelet-serving "$NODE_NAME" "" "DNS:$NODE_NAME,IP:$NODE_IP" serverAuth
  gen_cert kube-proxy system:kube-proxy "" "" clientAuth
  gen_cert kube-router system:netpol-probe:kube-router "" "" clientAuth
  write_kubeconfig "$STATE/kubeconfig" admin "$CONTEXT"
  write_kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager "$CONTEXT"
  write_kubeconfig "$STATE/scheduler.kubeconfig" scheduler "$CONTEXT"
  write_kubeconfig "$STATE/kubelet.kubeconfig" kubelet "$CONTEXT"
  write_kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy "$CONTEXT"
  write_kubeconfig "$STATE/kube-router.kubeconfig" kube-router "$CONTEXT"
}

# ---------------------------------------------------------------------------------------------------
# Processes: each started detached, its pid in .local-cluster/pids/<name>, its log in logs/<name>.log

start_proc() { # name binary args...
  local name=$1
  shift
  if proc_alive "$name"; then return; fi
  mkdir -p "$LOGS" "$PIDS"
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name"
  log "started $name (pid $!)"
}

proc_alive() { # name: its recorded pid still runs, and runs that component (not a reused pid)
  local pid
  [[ -f $PIDS/$1 ]] || return 1
  pid=$(< "$PIDS/$1")
  [[ -d /proc/$pid ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2> /dev/null \
    && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -qF -- "$1"
}

stop_proc() { # name
  local name=$1 pid i
  [[ -f $PIDS/$name ]] || return 0
  pid=$(< "$PIDS/$name")
  if proc_alive "$name"; then
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < 50; i++)); do
      proc_alive "$name" || break
      sleep 0.2
    done
    if proc_alive "$name"; then kill -KILL "$pid" 2> /dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PIDS/$name"
}

wait_for() { # description seconds command...
  local what=$1 secs=$2 i
  shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "timed out after ${secs}s waiting for $what (logs: $LOGS)"
}

kubectl_admin() { "$(k8s_bin kubectl)" --kubeconfig "$STATE/kubeconfig" "$@"; }

# ---------------------------------------------------------------------------------------------------
# Components

start_etcd() {
  mkdir -p "$STATE/etcd"
  chmod 700 "$STATE/etcd"
  start_proc etcd "$(etcd_bin)" --name "$NODE_NAME" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$NODE_NAME=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
    --snapshot-count 10000 --quota-backend-bytes 2147483648
  wait_for "etcd" 60 curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health"
}

# As kubeadm runs it: Node and RBAC authorizers, NodeRestriction on top of the default admission
# plugins (which include PodSecurity and ServiceAccount), bound service account tokens, the
# release's default feature gates (none set here).
start_apiserver() {
  start_proc kube-apiserver "$(k8s_bin kube-apiserver)" \
    --advertise-address "$NODE_IP" --bind-address "$NODE_IP" --secure-port "$API_PORT" \
    --allow-privileged=true --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local --service-account-key-file "$PKI/sa.pub" \
    --service-account-signing-key-file "$PKI/sa.key" --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type lease --profiling=false \
    --requestheader-client-ca-file "$PKI/ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key"
  wait_for "kube-apiserver /readyz" 120 kubectl_admin get --raw /readyz
}

# What kube-router's firewall reads (daemonset/kube-router-firewall-daemonset.yaml's ClusterRole of
# the same release), bound to the user of its client certificate.
apply_bootstrap_rbac() {
  kubectl_admin apply -f - > /dev/null << 'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: netpol-probe:kube-router
rules:
  - apiGroups: [""]
    resources: [namespaces, pods, services, nodes, endpoints]
    verbs: [list, get, watch]
  - apiGroups: [networking.k8s.io]
    resources: [networkpolicies]
    verbs: [list, get, watch]
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, create, update]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: netpol-probe:kube-router
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: netpol-probe:kube-router
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:netpol-probe:kube-router
EOF
}

start_control_plane() {
  start_proc kube-controller-manager "$(k8s_bin kube-controller-manager)" \
    --kubeconfig "$STATE/controller-manager.kubeconfig" --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" --bind-address 127.0.0.1 --leader-elect=false \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" --root-ca-file "$PKI/ca.crt" \
    --service-account-private-key-file "$PKI/sa.key" --use-service-account-credentials=true \
    --allocate-node-cidrs=true --cluster-cidr "$POD_CIDR" --node-cidr-mask-size 24 --service-cluster-ip-range "$SERVICE_CIDR" \
    --controllers '*,bootstrapsigner,tokencleaner' --profiling=false
  start_proc kube-scheduler "$(k8s_bin kube-scheduler)" \
    --kubeconfig "$STATE/scheduler.kubeconfig" --authentication-kubeconfig "$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/scheduler.kubeconfig" --bind-address 127.0.0.1 --leader-elect=false --profiling=false
}

containerd_config() {
  mkdir -p "$STATE/containerd" "$STATE/cni/net.d" "$STATE/cni/ipam" "$RUN_DIR"
  cat > "$STATE/containerd/config.toml" << EOF
# containerd 1.6 (Debian 12) configuration of the local cluster: its own root, state and socket.
version = 2
root = "$STATE/containerd/root"
state = "$RUN_DIR/containerd"
[grpc]
  address = "$RUN_DIR/containerd.sock"
[ttrpc]
  address = "$RUN_DIR/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  enable_unprivileged_ports = false
  # This machine's root lacks CAP_SYS_RESOURCE, so nothing may lower oom_score_adj (the sandbox's
  # -998 makes runc fail with "can't get final child's PID from pipe"): clamp to containerd's own.
  restrict_oom_score_adj = true
  # Pod network namespaces under our state dir, so down finds (and unmounts) exactly ours.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"
EOF
  # The bridge plugin with no masquerade (pod traffic is never NATed to the uplink), host-local IPAM
  # with its state under .local-cluster, and portmap for hostPort.
  cat > "$STATE/cni/net.d/10-netpol-probe-local.conflist" << EOF
{
  "cniVersion": "1.0.0",
  "name": "netpol-probe-local",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "promiscMode": false,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{ "subnet": "$NODE_POD_CIDR", "gateway": "$POD_GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}

ctr_k8s() { ctr --address "$RUN_DIR/containerd.sock" --namespace k8s.io "$@"; }

start_containerd() {
  containerd_config
  start_proc containerd containerd --config "$STATE/containerd/config.toml"
  wait_for "containerd" 60 ctr_k8s version
}

import_images() {
  local have
  have=$(ctr_k8s images ls -q 2> /dev/null || true)
  if grep -qx "$PAUSE_IMAGE" <<< "$have" && grep -qx "${AGNHOST_TAGS[0]}" <<< "$have"; then return; fi
  "$HERE/build-images.sh" "$STATE/images" "$(pause_bin)" "$PAUSE_IMAGE" "$(k8s_bin agnhost)" "${AGNHOST_TAGS[@]}"
  ctr_k8s images import --no-unpack=false "$STATE/images/pause.tar" > /dev/null
  ctr_k8s images import "$STATE/images/agnhost.tar" > /dev/null
  log "imported $PAUSE_IMAGE and ${AGNHOST_TAGS[*]}"
}

# kubelet 1.36 on cgroup v1 without systemd: failCgroupV1: false (else it refuses to start,
# pkg/kubelet/apis/config/validation/validation_linux.go), the cgroupfs driver (containerd 1.6 has no
# RuntimeConfig CRI call, so kubelet keeps its own setting: cmd/kubelet/app/server.go
# getCgroupDriverFromCRI), its pods under --cgroup-root, eviction thresholds low enough that a busy
# shared disk does not taint the node.
start_kubelet() {
  mkdir -p "$STATE/kubelet"
  cat > "$STATE/kubelet-config.yaml" << EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
cgroupsPerQOS: true
failSwapOn: false
containerRuntimeEndpoint: unix://$RUN_DIR/containerd.sock
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $PKI/ca.crt }
authorization:
  mode: Webhook
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
rotateCertificates: false
serverTLSBootstrap: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: "100Mi"
  nodefs.available: "1%"
  nodefs.inodesFree: "1%"
  imagefs.available: "1%"
staticPodPath: ""
maxPods: 250
EOF
  start_proc kubelet "$(k8s_bin kubelet)" --config "$STATE/kubelet-config.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --root-dir "$STATE/kubelet" --cert-dir "$PKI" --v 1
}

start_kube_proxy() {
  cat > "$STATE/kube-proxy-config.yaml" << EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
oomScoreAdj: 0
clientConnection:
  kubeconfig: $STATE/kube-proxy.kubeconfig
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
  start_proc kube-proxy "$(k8s_bin kube-proxy)" --config "$STATE/kube-proxy-config.yaml"
}

start_kube_router() {
  start_proc kube-router "$(kube_router_bin)" --run-firewall=true --run-router=false --run-service-proxy=false \
    --kubeconfig "$STATE/kube-router.kubeconfig" --hostname-override "$NODE_NAME" --health-port 20244 --metrics-port 0 \
    --service-cluster-ip-range "$SERVICE_CIDR"
  wait_for "kube-router health" 60 curl -fsS http://127.0.0.1:20244/healthz
}

# Remove the iptables chains whose names match a pattern, in every table, with the rules jumping to
# them: iptables|ip6tables, then an extended regex of chain names.
remove_chains() {
  local cmd=$1 pattern=$2 table chains chain rule
  for table in filter nat mangle raw; do
    chains=$("$cmd" -t "$table" -S 2> /dev/null | sed -n 's/^-N //p' | grep -E "^($pattern)$" || true)
    [[ -z $chains ]] && continue
    while IFS= read -r rule; do
      # iptables -S quotes comments for a shell: eval reads them back as one word.
      eval "$cmd -t $table ${rule/-A /-D }" 2> /dev/null || true
    done < <("$cmd" -t "$table" -S | grep -E -- "-j ($pattern)( |$)" | grep '^-A ' || true)
    for chain in $chains; do "$cmd" -t "$table" -F "$chain" 2> /dev/null || true; done
    for chain in $chains; do "$cmd" -t "$table" -X "$chain" 2> /dev/null || true; done
  done
}

# kube-router's own state: its chains and ipsets (pkg/controllers/netpol names), which its
# --cleanup-config would also remove together with IPVS and routing state it never made here.
remove_kube_router_state() {
  local set
  remove_chains iptables 'KUBE-ROUTER-[A-Z]+|KUBE-NWPLCY-[A-Z0-9]+|KUBE-POD-FW-[A-Z0-9]+'
  for set in $(ipset list -n 2> /dev/null | grep -E '^(KUBE-SRC-|KUBE-DST-|KUBE-NWPLCY-|kube-router-)' || true); do
    ipset destroy "$set" 2> /dev/null || true
  done
}

# kubelet's own chains (pkg/kubelet/kubelet_network_linux.go): not removed by kube-proxy --cleanup.
remove_kubelet_chains() {
  local cmd
  for cmd in iptables ip6tables; do remove_chains "$cmd" 'KUBE-FIREWALL|KUBE-KUBELET-CANARY|KUBE-IPTABLES-HINT'; done
}

policy_running() { if proc_alive kube-router; then echo kube-router; else echo none; fi; }

wait_node_ready() {
  wait_for "node $NODE_NAME registered" 120 kubectl_admin get node "$NODE_NAME"
  wait_for "node $NODE_NAME Ready" 180 kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
}

# A pod runs: agnhost under Pod Security "restricted", as the tool's probe pods do.
smoke_pod() {
  kubectl_admin apply -f - > /dev/null << EOF
apiVersion: v1
kind: Namespace
metadata:
  name: nplc-smoke
  labels: { pod-security.kubernetes.io/enforce: restricted }
EOF
  # The ServiceAccount admission refuses pods until the controller has made the namespace's `default`
  # ServiceAccount (plugin/pkg/admission/serviceaccount), which can take a moment after the namespace.
  wait_for "the default ServiceAccount of nplc-smoke" 60 kubectl_admin -n nplc-smoke get serviceaccount default
  kubectl_admin apply -f - > /dev/null << EOF
apiVersion: v1
kind: Pod
metadata: { name: smoke, namespace: nplc-smoke }
spec:
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: idle
      image: ${AGNHOST_TAGS[0]}
      imagePullPolicy: Never
      command: [/agnhost, pause]
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, runAsNonRoot: true }
EOF
  wait_for "the smoke pod Ready" 120 kubectl_admin -n nplc-smoke wait --for=condition=Ready pod/smoke --timeout=2s
  kubectl_admin -n nplc-smoke exec smoke -c idle -- sh -c 'test -x /agnhost' > /dev/null || die "exec into the smoke pod failed"
  kubectl_admin delete namespace nplc-smoke --wait=false > /dev/null
}

healthy() {
  local p
  for p in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy; do proc_alive "$p" || return 1; done
  kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s > /dev/null 2>&1
}

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
    ip link delete "$BRIDGE"
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

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
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
      sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 2
      ;;
  esac
}

main "$@"
