# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# Certificates and kubeconfigs (openssl; EC P-256 except the service account key).

gen_cert() { # name CN O "SANs" usage
  local name=$1 cn=$2 org=$3 sans=$4 usage=$5 subj
  [[ -f $PKI/$name.crt ]] && return
  subj="/CN=$cn"
  [[ -n $org ]] && subj="/O=$org$subj"
  openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$name.key" 2> /dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $sans ]] && echo "subjectAltName=$sans"
  } > "$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2> /dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 \
    -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2> /dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

write_kubeconfig() { # file cert-name context
  local file=$1 name=$2 context=$3
  cat > "$file" << EOF
apiVersion: v1
kind: Config
clusters:
- name: $context
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 < "$PKI/$name.crt")
    client-key-data: $(base64 -w0 < "$PKI/$name.key")
contexts:
- name: $context
  context:
    cluster: $context
    user: $name
current-context: $context
EOF
  chmod 600 "$file"
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [[ ! -f $PKI/ca.crt ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/ca.key" 2> /dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=netpol-probe-local-ca" -days 365 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$PKI/ca.crt" 2> /dev/null
  fi
  [[ -f $PKI/sa.key ]] || {
    openssl genrsa -out "$PKI/sa.key" 2048 2> /dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2> /dev/null
  }
  gen_cert apiserver kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$NODE_IP,IP:$API_SERVICE_IP,IP:127.0.0.1" serverAuth
  gen_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters "" clientAuth
  gen_cert admin kubernetes-admin system:masters "" clientAuth
  gen_cert front-proxy-client front-proxy-client "" "" clientAuth
  gen_cert controller-manager system:kube-controller-manager "" "" clientAuth
  gen_cert scheduler system:kube-scheduler "" "" clientAuth
  gen_cert kubelet "system:node:$NODE_NAME" system:nodes "" clientAuth
  gen_cert kubelet-serving "$NODE_NAME" "" "DNS:$NODE_NAME,IP:$NODE_IP" serverAuth
  gen_cert kube-proxy system:kube-proxy "" "" clientAuth
  gen_cert kube-router system:netpol-probe:kube-router "" "" clientAuth
  write_kubeconfig "$STATE/kubeconfig" admin "$CONTEXT"
  write_kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager "$CONTEXT"
  write_kubeconfig "$STATE/scheduler.kubeconfig" scheduler "$CONTEXT"
  write_kubeconfig "$STATE/kubelet.kubeconfig" kubelet "$CONTEXT"
  write_kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy "$CONTEXT"
  write_kubeconfig "$STATE/kube-router.kubeconfig" kube-router "$CONTEXT"
}
