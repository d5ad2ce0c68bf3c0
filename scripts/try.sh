#!/usr/bin/env bash
# The quick start: install what is needed (scripts/setup.sh), then run a scenario on the local target
# (real packets through network namespaces and nftables; run as root, or with sudo).
#   scripts/try.sh                                    bank-app, as the spec says it should behave
#   scripts/try.sh --deviations ignore-except         ... on a dataplane that ignores ipBlock.except
#   scripts/try.sh scenarios/testweb.yaml [FLAGS...]  another scenario
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
NODE_PREFIX="${NODE_PREFIX:-$HOME/.local/node24}"
if [[ -x "$NODE_PREFIX/bin/node" ]]; then export PATH="$NODE_PREFIX/bin:$PATH"; fi
scenario=scenarios/bank-app.yaml
if [[ $# -gt 0 && "$1" != -* ]]; then
  scenario=$1
  shift
fi
exec npx --no-install netpol-probe run "$scenario" --target local "$@"
