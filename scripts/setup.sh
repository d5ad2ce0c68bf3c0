#!/usr/bin/env bash
# Installs what netpol-probe needs on a Debian or Ubuntu machine, idempotently:
#   OS packages  iproute2 nftables socat netcat-openbsd curl (the local target's dataplane and clients)
#   Node >= 22   the npm registry's node@24 under $NODE_PREFIX (default ~/.local/node24) when the
#                node on PATH is older
#   npm deps     npm ci (which also builds dist/), skipped when node_modules was installed from this
#                very package-lock.json (then dist/ is rebuilt only when a source is newer)
# Usage: scripts/setup.sh [--ci]   (--ci adds shellcheck and chromium for the lint and browser tests)
# Afterwards put "$NODE_PREFIX/bin" first on PATH if it exists (scripts/try.sh and .ci/run do).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(iproute2 nftables socat netcat-openbsd curl)
if [[ "${1:-}" == "--ci" ]]; then packages+=(shellcheck chromium); fi

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" != 0 ]]; then
    echo "setup: missing packages: ${missing[*]}; run as root (sudo) or: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

NODE_PREFIX="${NODE_PREFIX:-$HOME/.local/node24}"
if [[ -x "$NODE_PREFIX/bin/node" ]]; then export PATH="$NODE_PREFIX/bin:$PATH"; fi
if (("$(node_major || echo 0)" < 22)); then
  echo "setup: installing Node 24 into $NODE_PREFIX"
  npm install -g --prefix "$NODE_PREFIX" node@24 >/dev/null
  export PATH="$NODE_PREFIX/bin:$PATH"
fi
echo "setup: node $(node --version)"

# npm ci takes 13-19 s; skip it when node_modules was installed from this very lockfile (a stamp holding
# the lockfile's checksum, written after each npm ci). --ci always installs afresh.
stamp=node_modules/.netpol-probe-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "${1:-}" != "--ci" && -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" ]]; then
  echo "setup: node_modules matches package-lock.json; npm ci skipped"
  if [[ ! -f dist/cli/main.js || -n "$(find src -name '*.ts' -newer dist/cli/main.js -print -quit)" ]]; then
    npm run --silent build
  fi
else
  npm ci --no-audit --no-fund
  echo "$lock_sum" >"$stamp"
fi
