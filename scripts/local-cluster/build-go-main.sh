#!/usr/bin/env bash
# Builds one program from a module the Go module proxy serves, through a throwaway module under the
# cache that requires it at a pinned version (our build recipe; no upstream code is copied here).
#
# Usage: build-go-main.sh <cache-root> <name> <module@version> <main-package> <out-binary> [go build flags...]
#   <main-package> "-" writes a main.go calling <module-package>.Main(os.Args) instead (etcd's case:
#   its root main package is not in a published module, its etcdmain package is).
set -euo pipefail

cache_root=$1 name=$2 module_at=$3 main_pkg=$4 out=$5
shift 5
module=${module_at%@*}
version=${module_at#*@}
mod_dir="$cache_root/src/$name-$version"
mkdir -p "$mod_dir" "$(dirname "$out")"
cd "$mod_dir"

if [[ ! -f go.mod ]]; then
  printf 'module netpol-probe.local/%s-build\n\ngo 1.24\n' "$name" > go.mod
fi
touch go.sum
if [[ $main_pkg == -* ]]; then
  call_pkg=${main_pkg#-}
  printf 'package main\n\nimport (\n\t"os"\n\n\tlib "%s"\n)\n\nfunc main() { lib.Main(os.Args) }\n' "$call_pkg" > main.go
  go get "$module@$version" "$call_pkg@$version" 2>&1 | grep -v '^go: \(downloading\|finding\)' || true
  go mod tidy >/dev/null 2>&1 || true
  go build -trimpath "$@" -o "$out" .
else
  go get "$main_pkg@$version" 2>&1 | grep -v '^go: \(downloading\|finding\)' || true
  go build -trimpath "$@" -o "$out" "$main_pkg"
fi
