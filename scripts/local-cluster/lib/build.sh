# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# Binaries: the Kubernetes release, etcd and kube-router built from the Go module proxy, cached by
# version under $CACHE; pause compiled from the release's pause.c.

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

