#!/usr/bin/env bash
# Deletes the kind cluster that scripts/kind-up.sh created (its nodes, and its context in the kubeconfig).
# Deleting a cluster that does not exist is not an error, so CI can call this unconditionally.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/kind-down.sh [--name NAME]

Deletes the kind cluster NAME (default: netpol-probe), as created by scripts/kind-up.sh.
USAGE
}

name=netpol-probe
while (($# > 0)); do
  case $1 in
  -h | --help)
    usage
    exit 0
    ;;
  --name)
    (($# >= 2)) || {
      echo "kind-down: --name needs a value" >&2
      exit 2
    }
    name=$2
    shift
    ;;
  --name=*) name=${1#--name=} ;;
  *)
    printf "kind-down: unexpected argument %s\nTry 'scripts/kind-down.sh --help'.\n" "$1" >&2
    exit 2
    ;;
  esac
  shift
done

command -v kind >/dev/null 2>&1 || {
  echo "kind-down: kind not found on PATH (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)" >&2
  exit 1
}

if kind get clusters 2>/dev/null | grep -qx -- "$name"; then
  kind delete cluster --name "$name"
else
  echo "kind-down: no kind cluster named $name; nothing to delete"
fi
