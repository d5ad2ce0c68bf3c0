# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# The node: containerd and its images, kubelet, kube-proxy, kube-router's firewall, and the health checks.

containerd_config() {
  mkdir -p "$STATE/containerd" "$STATE/cni/net.d" "$STATE/cni/ipam" "$RUN_DIR"
  cat > "$STATE/containerd/config.toml" << EOF
# containerd 1.6 (Debian 12) configuration of the local cluster: its own root, state and socket.
version = 2
root = "$STATE/containerd/root"
state = "$RUN_DIR/containerd"
[grpc]
  address = "$RUN_DIR/containerd.sock"
[ttrpc]
  address = "$RUN_DIR/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  enable_unprivileged_ports = false
  # This machine's root lacks CAP_SYS_RESOURCE, so nothing may lower oom_score_adj (the sandbox's
  # -998 makes runc fail with "can't get final child's PID from pipe"): clamp to containerd's own.
  restrict_oom_score_adj = true
  # Pod network namespaces under our state dir, so down finds (and unmounts) exactly ours.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"
EOF
  # The bridge plugin with no masquerade (pod traffic is never NATed to the uplink), host-local IPAM
  # with its state under .local-cluster, and portmap for hostPort.
  cat > "$STATE/cni/net.d/10-netpol-probe-local.conflist" << EOF
{
  "cniVersion": "1.0.0",
  "name": "netpol-probe-local",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "promiscMode": false,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{ "subnet": "$NODE_POD_CIDR", "gateway": "$POD_GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}

ctr_k8s() { ctr --address "$RUN_DIR/containerd.sock" --namespace k8s.io "$@"; }

start_containerd() {
  containerd_config
  start_proc containerd containerd --config "$STATE/containerd/config.toml"
  wait_for "containerd" 60 ctr_k8s version
}

import_images() {
  local have
  have=$(ctr_k8s images ls -q 2> /dev/null || true)
  if grep -qx "$PAUSE_IMAGE" <<< "$have" && grep -qx "${AGNHOST_TAGS[0]}" <<< "$have"; then return; fi
  "$HERE/build-images.sh" "$STATE/images" "$(pause_bin)" "$PAUSE_IMAGE" "$(k8s_bin agnhost)" "${AGNHOST_TAGS[@]}"
  ctr_k8s images import --no-unpack=false "$STATE/images/pause.tar" > /dev/null
  ctr_k8s images import "$STATE/images/agnhost.tar" > /dev/null
  log "imported $PAUSE_IMAGE and ${AGNHOST_TAGS[*]}"
}

# kubelet 1.36 on cgroup v1 without systemd: failCgroupV1: false (else it refuses to start,
# pkg/kubelet/apis/config/validation/validation_linux.go), the cgroupfs driver (containerd 1.6 has no
# RuntimeConfig CRI call, so kubelet keeps its own setting: cmd/kubelet/app/server.go
# getCgroupDriverFromCRI), its pods under --cgroup-root, eviction thresholds low enough that a busy
# shared disk does not taint the node.
start_kubelet() {
  mkdir -p "$STATE/kubelet"
  cat > "$STATE/kubelet-config.yaml" << EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
cgroupsPerQOS: true
failSwapOn: false
containerRuntimeEndpoint: unix://$RUN_DIR/containerd.sock
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $PKI/ca.crt }
authorization:
  mode: Webhook
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
rotateCertificates: false
serverTLSBootstrap: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: "100Mi"
  nodefs.available: "1%"
  nodefs.inodesFree: "1%"
  imagefs.available: "1%"
staticPodPath: ""
maxPods: 250
EOF
  start_proc kubelet "$(k8s_bin kubelet)" --config "$STATE/kubelet-config.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --root-dir "$STATE/kubelet" --cert-dir "$PKI" --v 1
}

start_kube_proxy() {
  cat > "$STATE/kube-proxy-config.yaml" << EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
oomScoreAdj: 0
clientConnection:
  kubeconfig: $STATE/kube-proxy.kubeconfig
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
  start_proc kube-proxy "$(k8s_bin kube-proxy)" --config "$STATE/kube-proxy-config.yaml"
}

start_kube_router() {
  start_proc kube-router "$(kube_router_bin)" --run-firewall=true --run-router=false --run-service-proxy=false \
    --kubeconfig "$STATE/kube-router.kubeconfig" --hostname-override "$NODE_NAME" --health-port 20244 --metrics-port 0 \
    --service-cluster-ip-range "$SERVICE_CIDR"
  wait_for "kube-router health" 60 curl -fsS http://127.0.0.1:20244/healthz
}

# Remove the iptables chains whose names match a pattern, in every table, with the rules jumping to
# them: iptables|ip6tables, then an extended regex of chain names.
remove_chains() {
  local cmd=$1 pattern=$2 table chains chain rule
  for table in filter nat mangle raw; do
    chains=$("$cmd" -t "$table" -S 2> /dev/null | sed -n 's/^-N //p' | grep -E "^($pattern)$" || true)
    [[ -z $chains ]] && continue
    while IFS= read -r rule; do
      # iptables -S quotes comments for a shell: eval reads them back as one word.
      eval "$cmd -t $table ${rule/-A /-D }" 2> /dev/null || true
    done < <("$cmd" -t "$table" -S | grep -E -- "-j ($pattern)( |$)" | grep '^-A ' || true)
    for chain in $chains; do "$cmd" -t "$table" -F "$chain" 2> /dev/null || true; done
    for chain in $chains; do "$cmd" -t "$table" -X "$chain" 2> /dev/null || true; done
  done
}

# kube-router's own state: its chains and ipsets (pkg/controllers/netpol names), which its
# --cleanup-config would also remove together with IPVS and routing state it never made here.
remove_kube_router_state() {
  local set
  remove_chains iptables 'KUBE-ROUTER-[A-Z]+|KUBE-NWPLCY-[A-Z0-9]+|KUBE-POD-FW-[A-Z0-9]+'
  for set in $(ipset list -n 2> /dev/null | grep -E '^(KUBE-SRC-|KUBE-DST-|KUBE-NWPLCY-|kube-router-)' || true); do
    ipset destroy "$set" 2> /dev/null || true
  done
}

# kubelet's own chains (pkg/kubelet/kubelet_network_linux.go): not removed by kube-proxy --cleanup.
remove_kubelet_chains() {
  local cmd
  for cmd in iptables ip6tables; do remove_chains "$cmd" 'KUBE-FIREWALL|KUBE-KUBELET-CANARY|KUBE-IPTABLES-HINT'; done
}

policy_running() { if proc_alive kube-router; then echo kube-router; else echo none; fi; }

wait_node_ready() {
  wait_for "node $NODE_NAME registered" 120 kubectl_admin get node "$NODE_NAME"
  wait_for "node $NODE_NAME Ready" 180 kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
}

# A pod runs: agnhost under Pod Security "restricted", as the tool's probe pods do.
smoke_pod() {
  kubectl_admin apply -f - > /dev/null << EOF
apiVersion: v1
kind: Namespace
metadata:
  name: nplc-smoke
  labels: { pod-security.kubernetes.io/enforce: restricted }
EOF
  # The ServiceAccount admission refuses pods until the controller has made the namespace's `default`
  # ServiceAccount (plugin/pkg/admission/serviceaccount), which can take a moment after the namespace.
  wait_for "the default ServiceAccount of nplc-smoke" 60 kubectl_admin -n nplc-smoke get serviceaccount default
  kubectl_admin apply -f - > /dev/null << EOF
apiVersion: v1
kind: Pod
metadata: { name: smoke, namespace: nplc-smoke }
spec:
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: idle
      image: ${AGNHOST_TAGS[0]}
      imagePullPolicy: Never
      command: [/agnhost, pause]
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, runAsNonRoot: true }
EOF
  wait_for "the smoke pod Ready" 120 kubectl_admin -n nplc-smoke wait --for=condition=Ready pod/smoke --timeout=2s
  kubectl_admin -n nplc-smoke exec smoke -c idle -- sh -c 'test -x /agnhost' > /dev/null || die "exec into the smoke pod failed"
  kubectl_admin delete namespace nplc-smoke --wait=false > /dev/null
}

healthy() {
  local p
  for p in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy; do proc_alive "$p" || return 1; done
  kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s > /dev/null 2>&1
}
