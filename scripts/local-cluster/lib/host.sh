# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# Host preparation: Debian packages, kernel parameters kubelet changes (saved and restored), the
# cgroup root, and the traffic guard that keeps pod traffic on this machine.

PACKAGES=(containerd runc containernetworking-plugins iptables ipset conntrack nftables busybox-static netcat-openbsd curl openssl gcc libc6-dev iproute2)

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return
  command -v apt-get > /dev/null || die "missing packages: ${missing[*]}"
  log "installing ${missing[*]}"
  # policy-rc.d (or no init) keeps Debian's containerd service from starting; ours runs with its own config.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" > "$STATE/apt.log" 2>&1 \
    || { apt-get update > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" > "$STATE/apt.log" 2>&1; } \
    || die "apt-get install ${missing[*]} failed (see $STATE/apt.log)"
}

preflight() {
  [[ $(uname -s) == Linux ]] || die "Linux only"
  ((EUID == 0)) || die "run as root (it starts kubelet, containerd and changes iptables)"
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] || die "no cgroup hierarchy under /sys/fs/cgroup"
  local cidr
  for cidr in "$POD_CIDR" "$SERVICE_CIDR" "$NODE_IP/32"; do
    if ip -4 route show table all to "root $cidr" 2> /dev/null | grep -v -e "dev $BRIDGE" -e "dev $NODE_LINK" -e "dev $EXTERNAL_LINK_PREFIX" -e '^local' -e '^broadcast' | grep -q .; then
      die "the host already routes into $cidr; the local cluster's networks would collide"
    fi
  done
}

# Kernel parameters kubelet sets when protectKernelDefaults is false (pkg/kubelet/cm/
# container_manager_linux.go setupKernelTunables): saved before the first start, restored by down.
KUBELET_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
OUR_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)

save_sysctls() {
  [[ -f $STATE/sysctl.saved ]] && return
  local s
  for s in "${KUBELET_SYSCTLS[@]}" "${OUR_SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$STATE/sysctl.saved"
}

restore_sysctls() {
  [[ -f $STATE/sysctl.saved ]] || return 0
  local line
  while IFS= read -r line; do sysctl -q -w "$line" > /dev/null || log "could not restore $line"; done < "$STATE/sysctl.saved"
  # Kept with the last logs, for `leftovers` to compare.
  mkdir -p "$LOGS" && mv "$STATE/sysctl.saved" "$LOGS/sysctl.saved"
}

cgroup_dirs() {
  local c
  for c in /sys/fs/cgroup/*/; do
    [[ -f $c/cgroup.procs ]] && echo "${c%/}$CGROUP_ROOT"
  done
  [[ -f /sys/fs/cgroup/cgroup.controllers ]] && echo "/sys/fs/cgroup$CGROUP_ROOT"
  return 0
}

prepare_host() {
  save_sysctls
  sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 > /dev/null
  [[ -s /etc/machine-id ]] || die "/etc/machine-id is empty (kubelet reports it as the node's machine ID)"
  if [[ -n $(swapon --noheadings 2> /dev/null) ]]; then log "swap is on: kubelet runs with failSwapOn: false"; fi
  # A bridge with no ports stands in for a dummy link (this kernel has no CONFIG_DUMMY).
  ip link show "$NODE_LINK" > /dev/null 2>&1 || ip link add "$NODE_LINK" type bridge
  ip addr replace "$NODE_IP/32" dev "$NODE_LINK"
  ip link set "$NODE_LINK" up
  # kubelet's --cgroup-root must exist in every hierarchy (cgroupfs driver, no systemd).
  local d
  while IFS= read -r d; do mkdir -p "$d"; done < <(cgroup_dirs)
  # The whole pod tree is one entity for the CPU scheduler against every process of the root cgroup;
  # at its default weight (1024 = one process) a busy shared machine starves the pods so much that a
  # probe pod's 14 agnhost clients did not finish within the tool's 13 s exec deadline. 16384 weighs
  # it as 16 busy processes.
  [[ -f /sys/fs/cgroup/cpu$CGROUP_ROOT/cpu.shares ]] && echo 16384 > "/sys/fs/cgroup/cpu$CGROUP_ROOT/cpu.shares"
  traffic_guard
}

# Pod and external traffic never leaves the machine: whatever the pod network would forward goes only
# to the bridge or a link of the externals lab, whatever the lab sends goes only to the bridge, and
# nothing from elsewhere is forwarded to pods; everything else (the uplink above all) is dropped. A
# separate nftables table at a priority before the iptables rules kube-proxy and kube-router add; a
# drop in any table is final.
traffic_guard() {
  nft -f - << EOF
table inet $NFT_TABLE
delete table inet $NFT_TABLE
table inet $NFT_TABLE {
  chain forward {
    type filter hook forward priority filter - 10; policy accept;
    ip saddr $POD_CIDR oifname != { "$BRIDGE", "$EXTERNAL_LINK_PREFIX*" } counter drop comment "pod traffic stays on this machine"
    iifname "$EXTERNAL_LINK_PREFIX*" oifname != "$BRIDGE" counter drop comment "externals lab traffic goes to pods only"
    ip daddr $POD_CIDR iifname != { "$BRIDGE", "$EXTERNAL_LINK_PREFIX*" } counter drop comment "nothing from elsewhere reaches pods"
  }
}
EOF
}
