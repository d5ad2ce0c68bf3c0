#!/usr/bin/env bash
# Creates a kind cluster (kind-config.yaml: one control plane, two workers) and installs one CNI at a
# pinned version, then waits until netpol-probe can use it: the CNI's pods rolled out, every node
# Ready, CoreDNS up. Leaves kubectl's current context on the new cluster (kind-NAME).
#
# Requirements: docker (a reachable daemon), kind (v0.32.0 or later; v0.33.0 is the tested pin),
# kubectl; helm for cilium; curl, tar and sha256sum (or shasum) for kindnet-legacy, kube-router and
# flannel. See docs/kind.md for what each CNI is expected to show.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT

# ---- pinned versions, each with where it was taken from -------------------------------------------

# kind v0.33.0 (https://github.com/kubernetes-sigs/kind/releases/tag/v0.33.0); its Kubernetes 1.36 node
# image is pinned by digest in kind-config*.yaml. kindnet is the kindnetd bundled in that node image:
# it enforces NetworkPolicy since kind v0.24.0 (https://github.com/kubernetes-sigs/kind/releases/tag/v0.24.0).
readonly KIND_VERSION=v0.33.0
# Node images for Kubernetes 1.36 use kubeadm's v1beta4 config, which kind writes from v0.32.0 on
# (kind v0.32.0 release notes).
readonly KIND_MIN_VERSION=0.32.0

# The kindnetd of kind v0.23.0, the last kind release whose kindnet did not enforce NetworkPolicy
# (network policies arrived in v0.24.0, kubernetes-sigs/kind#3612): what kind clusters, and the CI jobs
# built on them, ran before that. The manifest below follows kind's own (pkg/build/nodeimage/const_cni.go).
# Pinned by tag: no digest for it was found in kind's published material.
readonly KINDNET_LEGACY_IMAGE=docker.io/kindest/kindnetd:v20240513-cd2ac642

# Calico v3.32.2, operator install as in "Installing on Kind" of the Calico 3.32 docs
# (https://docs.tigera.io/calico/3.32/getting-started/kubernetes/kind): the projectcalico.org CRDs, the
# tigera-operator manifest, then an Installation with this cluster's pod CIDR.
readonly CALICO_VERSION=v3.32.2
readonly CALICO_MANIFESTS=https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests

# Cilium 1.20.2 from its Helm chart, with the values of Cilium's kind guide
# (https://docs.cilium.io/en/stable/installation/kind/): image.pullPolicy=IfNotPresent, ipam.mode=kubernetes.
readonly CILIUM_VERSION=1.20.2
readonly CILIUM_CHART_REPO=https://helm.cilium.io/

# Antrea v2.6.2, the release manifest, as Antrea's docs/kind.md says ("the same command as for other
# types of clusters").
readonly ANTREA_VERSION=v2.6.2
readonly ANTREA_MANIFEST=https://github.com/antrea-io/antrea/releases/download/${ANTREA_VERSION}/antrea.yml

# kube-router v2.11.1: daemonset/kubeadm-kuberouter.yaml at that tag, the manifest kube-router's
# docs/kubeadm.md gives for pod networking plus network policy (kube-proxy stays). The manifest names the
# image without a tag; it is pinned to the same version below.
readonly KUBE_ROUTER_VERSION=v2.11.1
readonly KUBE_ROUTER_MANIFEST=https://raw.githubusercontent.com/cloudnativelabs/kube-router/${KUBE_ROUTER_VERSION}/daemonset/kubeadm-kuberouter.yaml
readonly KUBE_ROUTER_IMAGE=docker.io/cloudnativelabs/kube-router:${KUBE_ROUTER_VERSION}
# Older kube-router manifests run their install-cni init container from an untagged busybox.
readonly BUSYBOX_IMAGE=docker.io/library/busybox:1.36.1

# flannel v0.28.7, the release's kube-flannel.yml (flannel's README: "kubectl apply -f
# https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml", here at a fixed tag).
readonly FLANNEL_VERSION=v0.28.7
readonly FLANNEL_MANIFEST=https://github.com/flannel-io/flannel/releases/download/${FLANNEL_VERSION}/kube-flannel.yml

# kind's node image ships only the CNI plugins kindnet uses (ptp, host-local, loopback, portmap);
# flannel and kube-router delegate to `bridge`. The reference plugins v1.7.1
# (https://github.com/containernetworking/plugins/releases/tag/v1.7.1), checked against these sha256 sums.
readonly CNI_PLUGINS_VERSION=v1.7.1
readonly CNI_PLUGINS_SHA256_AMD64=1a28a0506bfe5bcdc981caf1a49eeab7e72da8321f1119b7be85f22621013098
readonly CNI_PLUGINS_SHA256_ARM64=119fcb508d1ac2149e49a550752f9cd64d023a1d70e189b59c476e4d2bf7c497

# --cnp: kube-network-policies v1.1.1 in its npa-v1alpha2 flavour, which enforces ClusterNetworkPolicy
# (policy.networking.k8s.io/v1alpha2): Admin tier, then NetworkPolicy, then Baseline tier
# (cmd/kube-network-policies/npa-v1alpha2/main.go). Its install-cnp.yaml at the commit that set the v1.1.1
# images ("Update repository manifests to v1.1.1"; the v1.1.1 tag itself still names v1.1.0), checked to
# run exactly this image.
readonly KNP_VERSION=v1.1.1
readonly KNP_COMMIT=ee995c5d716873969f9adc0f8239e08aab0e69a0
readonly KNP_CNP_MANIFEST=https://raw.githubusercontent.com/kubernetes-sigs/kube-network-policies/${KNP_COMMIT}/install-cnp.yaml
readonly KNP_CNP_IMAGE=registry.k8s.io/networking/kube-network-policies:${KNP_VERSION}-npa-v1alpha2
# The ClusterNetworkPolicy CRD of network-policy-api v0.2.0 (serves v1alpha2), experimental channel as
# kube-network-policies' own e2e installs it (.github/workflows/npa.yml); its client is pinned at
# network-policy-api 6bb86defe1a7, an ancestor of v0.2.0 with the same CRD schema.
readonly NPA_VERSION=v0.2.0
readonly CNP_CRD=https://raw.githubusercontent.com/kubernetes-sigs/network-policy-api/${NPA_VERSION}/config/crd/experimental/policy.networking.k8s.io_clusternetworkpolicies.yaml
# The CNI --cnp goes with: pod networking that enforces no NetworkPolicy itself, as kube-network-policies'
# e2e pairs it with a kindnetd from before kindnet enforced policies.
readonly CNP_CNIS=(kindnet-legacy)

readonly CNIS=(kindnet kindnet-legacy calico cilium antrea kube-router flannel)
# CNIs whose dual-stack install is not wired up here (kube-router needs its own IPv6 flags).
readonly SINGLE_STACK_ONLY=(kube-router)

TIMEOUT=${KIND_UP_TIMEOUT:-300s}
[[ $TIMEOUT =~ ^[0-9]+s$ ]] || {
  echo "kind-up: KIND_UP_TIMEOUT must be a number of seconds such as 300s, got '$TIMEOUT'" >&2
  exit 2
}

# ---- command line ----------------------------------------------------------------------------------

usage() {
  local IFS='|'
  cat <<EOF
Usage: scripts/kind-up.sh CNI [--dual-stack] [--cnp] [--name NAME] [--externals SCENARIO...]

Creates the kind cluster NAME (default: netpol-probe) from kind-config.yaml, installs CNI at its pinned
version and waits until the cluster is ready. kubectl's context is then kind-NAME.

CNI: ${CNIS[*]}
  kindnet         kind's own CNI; enforces NetworkPolicy (kind >= v0.24)
  kindnet-legacy  the kindnetd of kind v0.23: no NetworkPolicy at all (negative control)
  calico          Calico ${CALICO_VERSION} (tigera operator)
  cilium          Cilium ${CILIUM_VERSION} (Helm chart; needs helm)
  antrea          Antrea ${ANTREA_VERSION}
  kube-router     kube-router ${KUBE_ROUTER_VERSION} (pod network and policy; kube-proxy stays)
  flannel         flannel ${FLANNEL_VERSION}: no NetworkPolicy at all (negative control)

Options:
  --dual-stack    use kind-config-dualstack.yaml (IPv4 and IPv6 pods and Services)
  --name NAME     the kind cluster name (default: netpol-probe)
  --externals SCENARIO...
                  serve the externals of these scenarios (files or directories) next to the
                  cluster and publish them, so runs probe them (scripts/kind-lab.sh,
                  docs/kube-externals.md); without it their cells are not-probed
  -h, --help      this text

Environment: KIND_UP_TIMEOUT (default 300s) bounds each readiness wait.
Remove the cluster with: scripts/kind-down.sh --name NAME
EOF
}

die() {
  printf 'kind-up: %s\n' "$*" >&2
  exit 1
}

die_usage() {
  printf 'kind-up: %s\n' "$*" >&2
  printf "Try 'scripts/kind-up.sh --help'.\n" >&2
  exit 2
}

log() { printf '\n== %s\n' "$*"; }

contains() {
  local needle=$1 item
  shift
  for item in "$@"; do [[ $item == "$needle" ]] && return 0; done
  return 1
}

cni=""
dual_stack=false
cnp=false
name=netpol-probe
externals=()
while (($# > 0)); do
  case $1 in
  --externals)
    shift
    while (($# > 0)) && [[ $1 != -* ]]; do
      externals+=("$1")
      shift
    done
    ((${#externals[@]} > 0)) || die_usage "--externals needs at least one scenario"
    continue
    ;;
  -h | --help)
    usage
    exit 0
    ;;
  --dual-stack) dual_stack=true ;;
  --cnp) cnp=true ;;
  --name)
    (($# >= 2)) || die_usage "--name needs a value"
    name=$2
    shift
    ;;
  --name=*) name=${1#--name=} ;;
  -*) die_usage "unknown option $1" ;;
  *)
    [[ -z $cni ]] || die_usage "one CNI at a time (got $cni and $1)"
    cni=$1
    ;;
  esac
  shift
done

[[ -n $cni ]] || die_usage "name the CNI to install"
contains "$cni" "${CNIS[@]}" || die_usage "unknown CNI '$cni'; one of: ${CNIS[*]}"
[[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] || die_usage "--name: lowercase letters, digits and '-' only, got '$name'"
if [[ $cnp == true ]] && ! contains "$cni" "${CNP_CNIS[@]}"; then
  die_usage "--cnp goes with ${CNP_CNIS[*]}: kube-network-policies enforces NetworkPolicy itself, so the CNI must not"
fi
if [[ $dual_stack == true ]] && contains "$cni" "${SINGLE_STACK_ONLY[@]}"; then
  die_usage "--dual-stack is not wired up for $cni here; use it single-stack (see docs/kind.md)"
fi

# ---- prerequisites ---------------------------------------------------------------------------------

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH: $2"
}

# True when version $1 < version $2 (dotted numbers without a leading v).
version_lt() {
  local -a a b
  local i
  IFS=. read -r -a a <<<"$1"
  IFS=. read -r -a b <<<"$2"
  for i in 0 1 2; do
    ((10#${a[i]:-0} < 10#${b[i]:-0})) && return 0
    ((10#${a[i]:-0} > 10#${b[i]:-0})) && return 1
  done
  return 1
}

check_prerequisites() {
  need docker "install Docker (https://docs.docker.com/engine/install/)"
  docker info >/dev/null 2>&1 || die "docker is installed but its daemon is not reachable: is it running, and may this user use it?"
  need kind "install kind ${KIND_VERSION} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
  need kubectl "install kubectl (https://kubernetes.io/docs/tasks/tools/)"
  if ((${#externals[@]} > 0)); then
    need node "install Node.js 22 or later and run npm ci: the externals lab reads the scenarios with it"
  fi
  [[ $cnp == false ]] || need curl "needed to download the kube-network-policies manifest"
  case $cni in
  cilium) need helm "install helm 3 or later (https://helm.sh/docs/intro/install/); the Cilium chart is installed with it" ;;
  kindnet-legacy | kube-router | flannel)
    need curl "needed to download the CNI plugins and manifests"
    need tar "needed to unpack the CNI plugins"
    command -v sha256sum >/dev/null 2>&1 || need shasum "needed to check the CNI plugins' sha256 sum"
    ;;
  esac

  local version
  version=$(kind version 2>/dev/null || true) # "kind v0.33.0 go1.24.6 linux/amd64"
  version=${version#kind }
  version=${version%% *}
  version=${version#v}
  [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || die "could not read kind's version from 'kind version'"
  version=${BASH_REMATCH[0]}
  if version_lt "$version" "$KIND_MIN_VERSION"; then
    die "kind $version is too old for the pinned Kubernetes 1.36 node image: install kind ${KIND_VERSION}"
  fi
  if [[ v$version != "$KIND_VERSION" ]]; then
    printf 'kind-up: warning: kind v%s, the node image is pinned for kind %s\n' "$version" "$KIND_VERSION" >&2
  fi

  if kind get clusters 2>/dev/null | grep -qx -- "$name"; then
    die "a kind cluster named $name exists already; remove it with scripts/kind-down.sh --name $name, or pick another --name"
  fi
}

# ---- helpers ---------------------------------------------------------------------------------------

kc() { kubectl --context "kind-$name" "$@"; }

rollout() { kc -n "$1" rollout status "$2" --timeout="$TIMEOUT"; }

# Every DaemonSet and Deployment of a namespace rolled out.
rollout_all() {
  local object
  for object in $(kc -n "$1" get daemonsets,deployments -o name); do rollout "$1" "$object"; done
}

# Waits until an object exists (operators create theirs some time after being installed).
wait_exists() {
  local deadline=$((SECONDS + ${TIMEOUT%s}))
  until kc get "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after $TIMEOUT waiting for $* to exist"
    sleep 3
  done
}

fetch() {
  curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1" || die "could not download $1"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Copies the named reference CNI plugins into /opt/cni/bin of every node that lacks them.
install_cni_plugins() {
  local node arch sha plugin archive
  local -a nodes=()
  while IFS= read -r node; do nodes+=("$node"); done < <(kind get nodes --name "$name")
  ((${#nodes[@]} > 0)) || die "kind lists no nodes for cluster $name"
  arch=$(docker exec "${nodes[0]}" uname -m)
  case $arch in
  x86_64) arch=amd64 sha=$CNI_PLUGINS_SHA256_AMD64 ;;
  aarch64 | arm64) arch=arm64 sha=$CNI_PLUGINS_SHA256_ARM64 ;;
  *) die "nodes run on $arch: no pinned CNI plugins for it" ;;
  esac
  archive=$work/cni-plugins-linux-$arch-$CNI_PLUGINS_VERSION.tgz
  fetch "https://github.com/containernetworking/plugins/releases/download/$CNI_PLUGINS_VERSION/cni-plugins-linux-$arch-$CNI_PLUGINS_VERSION.tgz" "$archive"
  [[ $(sha256_of "$archive") == "$sha" ]] || die "$archive: sha256 is not the pinned $sha"
  mkdir -p "$work/cni"
  tar -xzf "$archive" -C "$work/cni"
  for node in "${nodes[@]}"; do
    for plugin in "$@"; do
      [[ -x $work/cni/$plugin ]] || die "CNI plugins $CNI_PLUGINS_VERSION have no $plugin"
      if ! docker exec "$node" test -x "/opt/cni/bin/$plugin"; then
        docker cp "$work/cni/$plugin" "$node:/opt/cni/bin/$plugin"
        echo "installed CNI plugin $plugin ($CNI_PLUGINS_VERSION) on $node"
      fi
    done
  done
}

# The image references of a manifest that carry neither a tag nor a digest, or the tag latest.
unpinned_images() {
  local ref last
  sed -n -E "s/^[[:space:]-]*image:[[:space:]]*[\"']?([^\"'[:space:]]+).*/\\1/p" "$1" | while IFS= read -r ref; do
    last=${ref##*/}
    case $last in
    *@sha256:*) ;;
    *:latest) echo "$ref" ;;
    *:*) ;;
    *) echo "$ref" ;;
    esac
  done
}

# The pod subnets of the chosen kind config, comma-separated as kind takes them.
read_pod_subnets() {
  local subnets
  subnets=$(sed -n 's/^[[:space:]]*podSubnet:[[:space:]]*//p' "$base_config" | tr -d "\"'")
  [[ -n $subnets ]] || die "$base_config has no networking.podSubnet"
  printf '%s' "$subnets"
}

# ---- one installer per CNI -------------------------------------------------------------------------

install_kindnet() {
  # Installed by kind itself (disableDefaultCNI: false), at the version bundled in the pinned node image of
  # kind ${KIND_VERSION}.
  echo "kindnet: the kindnetd bundled with kind ${KIND_VERSION}'s node image"
  rollout_all kube-system
}

install_kindnet_legacy() {
  install_cni_plugins ptp host-local loopback portmap
  kc apply -f - <<EOF
# kindnetd networking manifest, after kind's pkg/build/nodeimage/const_cni.go, with the kindnetd
# of kind v0.23.0: pod routes, masquerading and the CNI config; no NetworkPolicy.
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: kindnet
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get, list, watch]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: kindnet
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kindnet
subjects:
  - kind: ServiceAccount
    name: kindnet
    namespace: kube-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: kindnet
  namespace: kube-system
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kindnet
  namespace: kube-system
  labels:
    tier: node
    app: kindnet
    k8s-app: kindnet
spec:
  selector:
    matchLabels:
      app: kindnet
  template:
    metadata:
      labels:
        tier: node
        app: kindnet
        k8s-app: kindnet
    spec:
      hostNetwork: true
      tolerations:
        - operator: Exists
      serviceAccountName: kindnet
      containers:
        - name: kindnet-cni
          image: ${KINDNET_LEGACY_IMAGE}
          env:
            - name: HOST_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
            - name: POD_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            - name: POD_SUBNET
              value: "${pod_subnets}"
            - name: CONTROL_PLANE_ENDPOINT
              value: "${name}-control-plane:6443"
          volumeMounts:
            - name: cni-cfg
              mountPath: /etc/cni/net.d
            - name: xtables-lock
              mountPath: /run/xtables.lock
              readOnly: false
            - name: lib-modules
              mountPath: /lib/modules
              readOnly: true
          resources:
            requests:
              cpu: 100m
              memory: 50Mi
            limits:
              cpu: 100m
              memory: 50Mi
          securityContext:
            privileged: false
            capabilities:
              add: [NET_RAW, NET_ADMIN]
      volumes:
        - name: cni-cfg
          hostPath:
            path: /etc/cni/net.d
        - name: xtables-lock
          hostPath:
            path: /run/xtables.lock
            type: FileOrCreate
        - name: lib-modules
          hostPath:
            path: /lib/modules
EOF
  rollout kube-system daemonset/kindnet
}

install_calico() {
  local v4="" v6="" subnet
  local -a subnets
  IFS=, read -r -a subnets <<<"$pod_subnets"
  for subnet in "${subnets[@]}"; do
    if [[ $subnet == *:* ]]; then v6=$subnet; else v4=$subnet; fi
  done
  kc create -f "$CALICO_MANIFESTS/v1_crd_projectcalico_org.yaml"
  kc create -f "$CALICO_MANIFESTS/tigera-operator.yaml"
  kc wait --for=condition=Established crd/installations.operator.tigera.io --timeout="$TIMEOUT"
  rollout tigera-operator deployment/tigera-operator
  {
    cat <<EOF
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    bgp: Disabled
    nodeAddressAutodetectionV4:
      kubernetes: NodeInternalIP
    ipPools:
      - name: default-ipv4-ippool
        cidr: ${v4}
        blockSize: 26
        encapsulation: VXLAN
        natOutgoing: Enabled
        nodeSelector: all()
EOF
    if [[ -n $v6 ]]; then
      cat <<EOF
      - name: default-ipv6-ippool
        cidr: ${v6}
        blockSize: 122
        encapsulation: VXLAN
        natOutgoing: Enabled
        nodeSelector: all()
    nodeAddressAutodetectionV6:
      kubernetes: NodeInternalIP
EOF
    fi
  } | kc create -f -
  wait_exists tigerastatus/calico
  kc wait --for=condition=Available tigerastatus/calico --timeout="$TIMEOUT"
  rollout calico-system daemonset/calico-node
  rollout_all calico-system
}

install_cilium() {
  local -a values=(--set image.pullPolicy=IfNotPresent --set ipam.mode=kubernetes)
  [[ $dual_stack == false ]] || values+=(--set ipv6.enabled=true)
  helm install cilium cilium --repo "$CILIUM_CHART_REPO" --version "$CILIUM_VERSION" \
    --kube-context "kind-$name" --namespace kube-system "${values[@]}"
  rollout kube-system daemonset/cilium
  rollout kube-system deployment/cilium-operator
}

install_antrea() {
  kc apply -f "$ANTREA_MANIFEST"
  rollout kube-system daemonset/antrea-agent
  rollout kube-system deployment/antrea-controller
}

install_kube_router() {
  local manifest=$work/kubeadm-kuberouter.yaml unpinned
  install_cni_plugins bridge host-local loopback portmap
  fetch "$KUBE_ROUTER_MANIFEST" "$manifest"
  # The manifest names its images without a tag: pin kube-router to the manifest's own release.
  sed -i.orig -E \
    -e "s#(image:[[:space:]]*)(docker\.io/)?cloudnativelabs/kube-router[[:space:]]*\$#\\1${KUBE_ROUTER_IMAGE}#" \
    -e "s#(image:[[:space:]]*)(docker\.io/)?(library/)?busybox[[:space:]]*\$#\\1${BUSYBOX_IMAGE}#" "$manifest"
  grep -q "image: ${KUBE_ROUTER_IMAGE}\$" "$manifest" || die "kube-router manifest: found no image to pin to ${KUBE_ROUTER_IMAGE}"
  unpinned=$(unpinned_images "$manifest")
  [[ -z $unpinned ]] || die "kube-router manifest: unpinned image(s) left: $unpinned"
  kc apply -f "$manifest"
  rollout kube-system daemonset/kube-router
}

install_flannel() {
  local manifest=$work/kube-flannel.yml v4="" v6="" subnet unpinned
  local -a subnets
  IFS=, read -r -a subnets <<<"$pod_subnets"
  for subnet in "${subnets[@]}"; do
    if [[ $subnet == *:* ]]; then v6=$subnet; else v4=$subnet; fi
  done
  install_cni_plugins bridge host-local loopback portmap
  fetch "$FLANNEL_MANIFEST" "$manifest"
  # net-conf.json's Network must be the cluster's pod CIDR; dual-stack adds flannel's IPv6 keys.
  sed -i.orig -E "s#\"Network\": \"[^\"]*\"#\"Network\": \"${v4}\"#" "$manifest"
  grep -q "\"Network\": \"${v4}\"" "$manifest" || die "kube-flannel.yml: no net-conf.json Network to set"
  if [[ -n $v6 ]]; then
    awk -v line="\"Network\": \"${v4}\"," -v v6="$v6" '
      { print }
      index($0, line) {
        match($0, /^[[:space:]]*/)
        indent = substr($0, 1, RLENGTH)
        print indent "\"EnableIPv6\": true,"
        print indent "\"IPv6Network\": \"" v6 "\","
      }' "$manifest" >"$manifest.dual"
    mv "$manifest.dual" "$manifest"
    grep -q "\"IPv6Network\": \"${v6}\"" "$manifest" || die "kube-flannel.yml: could not enable IPv6 in net-conf.json"
  fi
  unpinned=$(unpinned_images "$manifest")
  [[ -z $unpinned ]] || die "kube-flannel.yml: unpinned image(s): $unpinned"
  kc apply -f "$manifest"
  rollout kube-flannel daemonset/kube-flannel-ds
}

# --cnp: the ClusterNetworkPolicy CRD, then kube-network-policies (npa-v1alpha2) on every node.
install_cnp() {
  local manifest=$work/install-cnp.yaml unpinned
  # The CRD is too large for client-side apply's last-applied annotation: create it.
  kc create -f "$CNP_CRD"
  kc wait --for=condition=Established crd/clusternetworkpolicies.policy.networking.k8s.io --timeout="$TIMEOUT"
  fetch "$KNP_CNP_MANIFEST" "$manifest"
  grep -Eq "^[[:space:]]*image:[[:space:]]*${KNP_CNP_IMAGE}[[:space:]]*\$" "$manifest" ||
    die "install-cnp.yaml at ${KNP_COMMIT}: does not run ${KNP_CNP_IMAGE}"
  unpinned=$(unpinned_images "$manifest")
  [[ -z $unpinned ]] || die "install-cnp.yaml: unpinned image(s): $unpinned"
  kc apply -f "$manifest"
  rollout kube-system daemonset/kube-network-policies
}

# ---- main ------------------------------------------------------------------------------------------

check_prerequisites

work=$(mktemp -d)
created=false
finish() {
  local status=$?
  rm -rf "$work"
  if ((status != 0)) && [[ $created == true ]]; then
    printf '\nkind-up: failed; the cluster %s is left for inspection (kubectl --context kind-%s get pods -A).\n' "$name" "$name" >&2
    printf 'kind-up: remove it with scripts/kind-down.sh --name %s\n' "$name" >&2
  fi
}
trap finish EXIT

if [[ $dual_stack == true ]]; then base_config=$ROOT/kind-config-dualstack.yaml; else base_config=$ROOT/kind-config.yaml; fi
pod_subnets=$(read_pod_subnets)
config=$base_config
if [[ $cni == kindnet ]]; then
  # kind's default CNI: the same cluster with disableDefaultCNI turned off.
  config=$work/kind-config.yaml
  sed -E 's/^([[:space:]]*disableDefaultCNI:)[[:space:]]*true[[:space:]]*$/\1 false/' "$base_config" >"$config"
  grep -Eq '^[[:space:]]*disableDefaultCNI: false$' "$config" || die "$base_config: no 'disableDefaultCNI: true' to turn off"
fi

log "creating kind cluster $name ($(basename "$base_config"), CNI $cni)"
kind create cluster --name "$name" --config "$config"
created=true

log "installing $cni"
"install_${cni//-/_}"
if [[ $cnp == true ]]; then
  log "installing ClusterNetworkPolicy (network-policy-api ${NPA_VERSION}) and kube-network-policies ${KNP_VERSION}"
  install_cnp
fi

log "waiting for the cluster"
kc wait --for=condition=Ready nodes --all --timeout="$TIMEOUT"
rollout kube-system deployment/coredns
kc get nodes -o wide

if ((${#externals[@]} > 0)); then
  log "serving the externals of ${externals[*]}"
  "$ROOT/scripts/kind-lab.sh" --name "$name" "${externals[@]}"
fi

label=$cni
# With --cnp the policy enforcer is kube-network-policies (kindnet-legacy only carries the pods).
[[ $cnp == false ]] || label=kube-network-policies
log "ready"
cat <<EOF
kind cluster $name is up with $cni$([[ $cnp == false ]] || echo " and kube-network-policies ${KNP_VERSION} (ClusterNetworkPolicy)"); kubectl context: kind-$name
  run the scenarios:   scripts/conformance.sh --label $label
  one scenario:        npx netpol-probe run scenarios/bank-app.yaml --target kube --context kind-$name
  remove the cluster:  scripts/kind-down.sh --name $name
EOF
