#!/usr/bin/env bash
# Stand-ins for docker, kind, kubectl, helm, curl, tar and sha256sum, so the tests can drive
# scripts/kind-up.sh without Docker or a cluster. Linked under each tool's name; every call is appended to
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
  info | cp) exit 0 ;;
  exec)
    shift 2
    case $1 in
    uname) echo x86_64 ;;
    test) exit 1 ;; # no plugin is on the node yet
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
