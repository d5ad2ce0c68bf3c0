#!/usr/bin/env bash
# Deletes the kind cluster that scripts/kind-up.sh created (its nodes, and its context in the kubeconfig).
# Deleting a cluster that does not exist is not an error, so CI can call this unconditionally. Removes the
# cluster's externals lab containers (scripts/kind-lab.sh) too.
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

# The externals lab's containers (scripts/kind-lab.sh), labelled with the cluster's name.
if command -v docker >/dev/null 2>&1; then
  lab=$(docker ps -aq --filter "label=netpol-probe.io/kind-lab=$name" 2>/dev/null || true)
  if [[ -n $lab ]]; then
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $lab >/dev/null
    echo "kind-down: removed the externals lab of $name"
  fi
fi

if kind get clusters 2>/dev/null | grep -qx -- "$name"; then
  kind delete cluster --name "$name"
else
  echo "kind-down: no kind cluster named $name; nothing to delete"
fi
