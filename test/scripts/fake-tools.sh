#!/usr/bin/env bash
# Stand-ins for docker, kind, kubectl, helm, curl, tar and sha256sum, so the tests can drive
# scripts/kind-up.sh (and its externals lab, scripts/kind-lab.sh) without Docker or a cluster. The
# lab's containers remember their address and every node a route table, in $FAKE_DIR. Linked under each tool's name; every call is appended to
# $FAKE_LOG, and every manifest handed to kubectl (file or stdin) is saved as $FAKE_DIR/manifest-N.yaml.
set -euo pipefail

tool=$(basename "$0")
printf '%s %s\n' "$tool" "$*" >>"$FAKE_LOG"

save_manifest() {
  local n
  n=$(find "$FAKE_DIR" -maxdepth 1 -name 'manifest-*.yaml' | wc -l)
  cat >"$FAKE_DIR/manifest-$((n + 1)).yaml"
}

case $tool in
docker)
  case $1 in
  info | cp | rm) exit 0 ;;
  ps) ;; # no lab container yet
  network) echo '172.18.0.0/16 fc00:f853:ccd:e793::/64 ' ;;
  run)
    # Remember the container's extra address (from its `ip addr add ADDR/...`) for `ip addr show`.
    while (($# > 0)); do
      [[ $1 != --name ]] || container=$2
      [[ $1 != -c ]] || script=$2
      shift
    done
    address=$(sed -n -E 's#.*addr add ([^/ ]+)/.*#\1#p' <<<"$script")
    printf '%s' "$address" >"$FAKE_DIR/addr-$container"
    echo "id-$container"
    ;;
  inspect)
    # The address of a container on the kind network: nodes .2-.4, lab containers .100 and up.
    container=${*: -1}
    case $container in
    *-control-plane) n=2 ;;
    *-worker) n=3 ;;
    *-worker2) n=4 ;;
    *) n=$((100 + $(find "$FAKE_DIR" -maxdepth 1 -name 'addr-*' | wc -l))) ;;
    esac
    if [[ $3 == *GlobalIPv6Address* ]]; then echo "fc00:f853:ccd:e793::$n"; else echo "172.18.0.$n"; fi
    ;;
  logs) echo "fake container log" ;;
  exec)
    node=$2
    shift 2
    case "$*" in
    uname*) echo x86_64 ;;
    test*) exit 1 ;; # no plugin is on the node yet
    "ip addr show dev eth0") printf '    inet %s/32 scope global eth0\n' "$(cat "$FAKE_DIR/addr-$node")" ;;
    "ip route replace "* | "ip -6 route replace "*)
      # A route table per node: ip [-6] route replace DEST via GW.
      args=("$@")
      [[ ${args[1]} != -6 ]] || args=("${args[0]}" "${args[@]:2}")
      printf "%s" "${args[5]}" >"$FAKE_DIR/route-$node-${args[3]%/*}"
      ;;
    "ip route get "*)
      via=${FAKE_ROUTE_VIA:-$(cat "$FAKE_DIR/route-$node-$4" 2>/dev/null || echo 172.18.0.1)}
      printf '%s via %s dev eth0 src 172.18.0.2 uid 0\n' "$4" "$via"
      ;;
    esac
    ;;
  esac
  ;;
kind)
  case "$1 ${2:-}" in
  "version ") echo "kind ${FAKE_KIND_VERSION:-v0.33.0} go1.24.6 linux/amd64" ;;
  "get clusters") printf '%s' "${FAKE_CLUSTERS:-}" ;;
  "get nodes") printf '%s-control-plane\n%s-worker\n%s-worker2\n' "$4" "$4" "$4" ;;
  "create cluster")
    while (($# > 0)); do
      [[ $1 != --config ]] || cp "$2" "$FAKE_DIR/kind-config.yaml"
      shift
    done
    ;;
  esac
  ;;
kubectl)
  args=("$@")
  for i in "${!args[@]}"; do
    if [[ ${args[$i]} == -f ]]; then
      source=${args[$((i + 1))]}
      if [[ $source == - ]]; then
        save_manifest
      elif [[ -f $source ]]; then
        save_manifest <"$source"
      fi
    fi
  done
  if [[ " $* " == *" get node "*"podCIDRs"* ]]; then
    case " $* " in
    *-control-plane\ *) echo 10.244.0.0/24 ;;
    *-worker2\ *) echo 10.244.2.0/24 ;;
    *-worker\ *) echo 10.244.1.0/24 ;;
    esac
  fi
  if [[ " $* " == *" get configmap kubeadm-config "* ]]; then
    printf 'apiVersion: kubeadm.k8s.io/v1beta4\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/16\n'
  fi
  if [[ " $* " == *" get daemonsets,deployments -o name "* ]]; then
    printf 'daemonset.apps/kindnet\ndaemonset.apps/kube-proxy\ndeployment.apps/coredns\n'
  fi
  ;;
helm) ;;
curl)
  while (($# > 0)); do
    case $1 in
    -o)
      output=$2
      shift
      ;;
    http*) url=$1 ;;
    esac
    shift
  done
  case $url in
  *.tgz) echo "not really a tarball" >"$output" ;;
  *kube-flannel.yml) cp "$FAKE_FIXTURES/kube-flannel.yml" "$output" ;;
  *kubeadm-kuberouter.yaml) cp "$FAKE_FIXTURES/kubeadm-kuberouter.yaml" "$output" ;;
  *install-cnp.yaml) cp "${FAKE_CNP_MANIFEST:-$FAKE_FIXTURES/install-cnp.yaml}" "$output" ;;
  *) exit 22 ;;
  esac
  ;;
sha256sum) printf '%s  %s\n' "${FAKE_SHA256:-1a28a0506bfe5bcdc981caf1a49eeab7e72da8321f1119b7be85f22621013098}" "$1" ;;
tar)
  while (($# > 0)); do
    [[ $1 != -C ]] || directory=$2
    shift
  done
  for plugin in bridge host-local loopback portmap ptp; do
    printf '#!/bin/sh\n' >"$directory/$plugin"
    chmod +x "$directory/$plugin"
  done
  ;;
*)
  echo "fake-tools: no stand-in for $tool" >&2
  exit 127
  ;;
esac
