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

# One build in the background, its output in $CACHE/logs/build-<name>.log; its pid goes to BUILD_PIDS.
# The three builds share nothing but the module and build caches (Go locks both), so running them at
# once fills the cores while one of them downloads or links.
declare -A BUILD_PIDS=()
build_in_background() { # name what command...
  local name=$1 what=$2
  shift 2
  log "building $what (log: $CACHE/logs/build-$name.log)"
  (go_env && timed "$what build" "$@") > "$CACHE/logs/build-$name.log" 2>&1 &
  BUILD_PIDS[$name]=$!
}

wait_for_builds() {
  local name failed=()
  for name in "${!BUILD_PIDS[@]}"; do
    if wait "${BUILD_PIDS[$name]}"; then
      grep -h ' build: [0-9]* s$' "$CACHE/logs/build-$name.log" >&2 || true
    else
      failed+=("$name")
      log "the $name build failed; the end of its log:"
      tail -n 30 "$CACHE/logs/build-$name.log" >&2
    fi
  done
  BUILD_PIDS=()
  ((${#failed[@]} == 0)) || die "build failed: ${failed[*]}"
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
    log "Kubernetes $K8S_VERSION is not built yet: from a cold cache this takes tens of minutes on 2 cores"
    build_in_background kubernetes "Kubernetes $K8S_VERSION" \
      "$HERE/build-kubernetes.sh" "$CACHE" "$K8S_VERSION" "$BIN/kubernetes-$K8S_VERSION.tmp"
  fi
  if [[ ! -x $(etcd_bin) ]]; then
    build_in_background etcd "etcd $ETCD_VERSION" "$HERE/build-go-main.sh" "$CACHE" etcd \
      "go.etcd.io/etcd/server/v3@$ETCD_VERSION" -go.etcd.io/etcd/server/v3/etcdmain "$BIN/etcd-$ETCD_VERSION/etcd" -ldflags "-s -w"
  fi
  if [[ ! -x $(kube_router_bin) ]]; then
    local pkg=github.com/cloudnativelabs/kube-router/v2
    build_in_background kube-router "kube-router $KUBE_ROUTER_VERSION" "$HERE/build-go-main.sh" "$CACHE" kube-router \
      "$pkg@$KUBE_ROUTER_VERSION" "$pkg/cmd/kube-router" "$BIN/kube-router-$KUBE_ROUTER_VERSION/kube-router" \
      -ldflags "-s -w -X $pkg/pkg/version.Version=$KUBE_ROUTER_VERSION"
  fi
  wait_for_builds
  if ((missing)); then rm -rf "$BIN/kubernetes-$K8S_VERSION" && mv "$BIN/kubernetes-$K8S_VERSION.tmp" "$BIN/kubernetes-$K8S_VERSION"; fi
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
