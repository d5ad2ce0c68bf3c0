# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# Leftovers: what `down` must have removed, looked for on the host. Prints each thing still there and
# returns 1, or says nothing is left. Checked by .ci/run after its last `down`.

cmd_leftovers() {
  local found=() d line name value chain cmd table
  [[ -d $STATE && -n $(ls -A "$STATE") ]] && found+=("state directory $STATE")
  [[ -e $RUN_DIR ]] && found+=("run directory $RUN_DIR")
  # Processes started from our state, run directory or build cache (the components and shims).
  for d in /proc/[0-9]*; do
    [[ ${d#/proc/} == "$$" ]] && continue
    line=$(tr '\0' ' ' 2> /dev/null < "$d/cmdline" || true)
    case $line in
      *"$STATE/"* | *"$RUN_DIR"* | "$BIN/"*) found+=("process ${d#/proc/}: ${line:0:120}") ;;
    esac
  done
  while IFS= read -r d; do [[ -n $d ]] && found+=("mount $d"); done < <(findmnt -rn -o TARGET | grep -E "^($STATE|$RUN_DIR)(/|$)" || true)
  for name in $(ip -o link show 2> /dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    case $name in "$BRIDGE" | "$NODE_LINK" | "$EXTERNAL_LINK_PREFIX"*) found+=("link $name") ;; esac
  done
  for name in $(ip netns list 2> /dev/null | awk '{print $1}'); do
    [[ $name == nplc-ext-* ]] && found+=("network namespace $name")
  done
  ip rule show 2> /dev/null | grep -q 'lookup 4242' && found+=("the externals lab's routing rule (table 4242)")
  nft list table inet "$NFT_TABLE" > /dev/null 2>&1 && found+=("nftables table inet $NFT_TABLE")
  for cmd in iptables ip6tables; do
    for table in filter nat mangle raw; do
      for chain in $("$cmd" -t "$table" -S 2> /dev/null | sed -n 's/^-N \(KUBE-[A-Z0-9-]*\)$/\1/p'); do found+=("$cmd -t $table chain $chain"); done
    done
  done
  for name in $(ipset list -n 2> /dev/null | grep -E '^(KUBE-SRC-|KUBE-DST-|KUBE-NWPLCY-|kube-router-)' || true); do found+=("ipset $name"); done
  while IFS= read -r d; do [[ -d $d ]] && found+=("cgroup $d"); done < <(cgroup_dirs)
  # Kernel parameters back as they were before `up` (down keeps the saved values with the last logs).
  if [[ -f $STATE.last-logs/sysctl.saved ]]; then
    while IFS='=' read -r name value; do
      [[ $(sysctl -n "$name" 2> /dev/null) == "$value" ]] || found+=("sysctl $name is $(sysctl -n "$name"), was $value before up")
    done < "$STATE.last-logs/sysctl.saved"
  fi
  if ((${#found[@]} > 0)); then
    printf 'left behind: %s\n' "${found[@]}"
    return 1
  fi
  echo "local cluster: nothing left behind (processes, mounts, links, namespaces, nftables/iptables/ipset state, cgroups, sysctls)"
}
