#!/usr/bin/env bash
# Writes the local cluster's two images as docker-archive tarballs (manifest.json + config + one
# uncompressed layer), which `ctr images import` reads, since no registry is reachable:
#   pause.tar    the static upstream pause binary as /pause (as registry.k8s.io/pause is)
#   agnhost.tar  /agnhost (built from the same Kubernetes release) plus a static busybox for sh and
#                the coreutils the probe script uses; ENTRYPOINT /agnhost, CMD pause, as upstream's
#                test/images/agnhost/Dockerfile. Tagged with every name given.
#
# Usage: build-images.sh <out-dir> <pause-bin> <pause-image> <agnhost-bin> <agnhost-image>...
set -euo pipefail

out=$1 pause_bin=$2 pause_image=$3 agnhost_bin=$4
shift 4
agnhost_images=("$@")
busybox=/bin/busybox
[[ -x $busybox ]] || { echo "no $busybox (apt-get install busybox-static)" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

json_list() { # "a" "b" -> ["a","b"]
  local first=1 s
  printf '['
  for s in "$@"; do
    ((first)) || printf ','
    first=0
    printf '"%s"' "$s"
  done
  printf ']'
}

# image <name> <rootfs-dir> <entrypoint-json> <cmd-json> <user> <tags...>
image() {
  local name=$1 rootfs=$2 entrypoint=$3 cmd=$4 user=$5
  shift 5
  local dir="$work/$name-archive" diff config config_sha created
  mkdir -p "$dir"
  # Reproducible layer: sorted, numeric root owner, fixed mtime.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$dir/layer.tar" .
  diff=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
  created=1970-01-01T00:00:00Z
  config=$(printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"User":"%s","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"netpol-probe scripts/local-cluster/build-images.sh"}]}' \
    "$created" "$user" "$entrypoint" "$cmd" "$diff" "$created")
  config_sha=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" > "$dir/$config_sha.json"
  mkdir -p "$dir/$diff"
  mv "$dir/layer.tar" "$dir/$diff/layer.tar"
  printf '[{"Config":"%s.json","RepoTags":%s,"Layers":["%s/layer.tar"]}]' "$config_sha" "$(json_list "$@")" "$diff" > "$dir/manifest.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$dir" -cf "$out/$name.tar" .
}

# pause
mkdir -p "$work/pause/rootfs"
install -m 0755 "$pause_bin" "$work/pause/rootfs/pause"
image pause "$work/pause/rootfs" '["/pause"]' 'null' '65535:65535' "$pause_image"

# agnhost
r="$work/agnhost/rootfs"
mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/uploads"
chmod 1777 "$r/tmp"
install -m 0755 "$agnhost_bin" "$r/agnhost"
install -m 0755 "$busybox" "$r/bin/busybox"
# busybox for the coreutils, but not as sh: Debian's busybox ash prefers its own applets to PATH
# (FEATURE_SH_STANDALONE), so `nc` would be busybox's, whatever is installed. dash is sh, as it is
# on Debian, and finds /usr/bin/nc first.
for applet in $("$busybox" --list); do
  case $applet in busybox | sh | nc | curl) ;; *) ln -sf busybox "$r/bin/$applet" ;; esac
done
# Upstream's image has netcat-openbsd and curl (apk add … curl netcat-openbsd): the tool's nc and curl
# probe methods use their options, which busybox's applets lack. Debian's, with the shared libraries
# they load (ldd), so the image stays self-contained.
copy_with_libs() { # binary path-in-image
  local bin=$1 dest=$2 lib
  install -D -m 0755 "$bin" "$r$dest"
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    [[ -e $r$lib ]] || install -D -m 0755 "$(readlink -f "$lib")" "$r$lib"
  done
}
copy_with_libs /bin/dash /bin/sh
copy_with_libs /bin/nc.openbsd /usr/bin/nc
copy_with_libs /usr/bin/curl /usr/bin/curl
mkdir -p "$r/etc/ssl/certs"
printf 'root:x:0:0:root:/root:/bin/sh\nuser-defined-in-image:x:1000:1000::/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$r/etc/passwd"
printf 'root:x:0:\nuser-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\nnogroup:x:65534:\n' > "$r/etc/group"
image agnhost "$r" '["/agnhost"]' '["pause"]' '' "${agnhost_images[@]}"
