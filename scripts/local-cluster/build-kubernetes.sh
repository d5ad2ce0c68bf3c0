#!/usr/bin/env bash
# Builds the Kubernetes binaries of the local cluster from the k8s.io/kubernetes module the Go module
# proxy serves (no Docker, no git clone): a throwaway module under the cache requires
# k8s.io/kubernetes@$K8S_VERSION and replaces every k8s.io/* staging module (which the upstream go.mod
# points at ./staging/src/...) with its published v0.x.y. The binaries carry the version stamp
# upstream's hack/lib/version.sh would give them, so the API server reports $K8S_VERSION.
#
# Usage: build-kubernetes.sh <cache-root> <version> <bin-dir>
set -euo pipefail

cache_root=$1
version=$2 # e.g. v1.36.4
bin_dir=$3

minor=${version#v1.}
staging_version="v0.${minor}"
mod_dir="$cache_root/src/kubernetes-$version"
mkdir -p "$mod_dir" "$bin_dir"

# The staging modules k8s.io/kubernetes replaces with ./staging/src/k8s.io/<name>: read from its own
# go.mod so a new release's new staging module is not forgotten.
upstream_mod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\1#p' "$upstream_mod")
if ((${#staging[@]} == 0)); then
  echo "no staging replace lines found in $upstream_mod" >&2
  exit 1
fi
go_directive=$(sed -n 's/^go \(.*\)$/\1/p' "$upstream_mod")

{
  echo "module netpol-probe.local/kubernetes-build"
  echo
  echo "go $go_directive"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  for m in "${staging[@]}"; do echo "	$m => $m $staging_version"; done
  echo ")"
} > "$mod_dir/go.mod"

cd "$mod_dir"
touch go.sum
ldflags_for() {
  local pkg=$1 major=1 minor_n=${minor%%.*}
  printf -- '-X %s.gitVersion=%s -X %s.gitMajor=%s -X %s.gitMinor=%s -X %s.gitTreeState=clean -X %s.buildDate=%s ' \
    "$pkg" "$version" "$pkg" "$major" "$pkg" "$minor_n" "$pkg" "$pkg" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
ldflags="-s -w $(ldflags_for k8s.io/component-base/version)$(ldflags_for k8s.io/client-go/pkg/version)"

targets=(
  k8s.io/kubernetes/cmd/kube-apiserver
  k8s.io/kubernetes/cmd/kube-controller-manager
  k8s.io/kubernetes/cmd/kube-scheduler
  k8s.io/kubernetes/cmd/kubelet
  k8s.io/kubernetes/cmd/kube-proxy
  k8s.io/kubernetes/cmd/kubectl
  k8s.io/kubernetes/test/images/agnhost
)
# go get resolves the module graph and fills go.sum for exactly these packages.
go get "${targets[@]/%/@$version}" 2>&1 | grep -v '^go: \(downloading\|finding\)' || true
# Static binaries, as upstream builds them (CGO off), so agnhost runs in a scratch image.
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin_dir/" "${targets[@]}"
