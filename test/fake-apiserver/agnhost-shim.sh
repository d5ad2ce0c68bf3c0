#!/bin/sh
# The fake API server's stand-in for /agnhost of registry.k8s.io/e2e-test-images/agnhost, used by
# exec: `connect HOST:PORT --timeout=Ns --protocol=tcp|udp|sctp` with agnhost connect's exit codes
# and stderr prefixes (TIMEOUT, REFUSED, OTHER:, UNKNOWN:), over netcat-openbsd.
if [ "$1" != connect ]; then
  echo "UNKNOWN: the fake's agnhost only implements connect, got ${1:-nothing}" >&2
  exit 1
fi
shift
dest='' timeout='' protocol=tcp
for arg in "$@"; do
  case "$arg" in
    --timeout=*) timeout=${arg#--timeout=} ;;
    --protocol=*) protocol=${arg#--protocol=} ;;
    -*) ;;
    *) dest=$arg ;;
  esac
done
port=${dest##*:}
host=${dest%:*}
host=${host#[}
host=${host%]}
seconds=${timeout%s}
case "$seconds" in
  '') wait=1 ;;
  *.*) wait=$((${seconds%%.*} + 1)) ;;
  *) wait=$seconds ;;
esac
[ "$wait" -ge 1 ] 2>/dev/null || wait=1
case "$protocol" in
  tcp)
    out=$(nc -z -v -n -w "$wait" "$host" "$port" 2>&1) && exit 0
    case "$out" in
      *refused*) echo REFUSED >&2 ;;
      *'timed out'* | *'in progress'*) echo TIMEOUT >&2 ;;
      *) echo "OTHER: $out" >&2 ;;
    esac
    exit 1
    ;;
  udp)
    reply=$(printf 'hostname\n' | nc -u -n -w "$wait" -W 1 "$host" "$port" 2>&1)
    case "$reply" in
      '') echo "TIMEOUT: read udp $host:$port: i/o timeout" >&2 ;;
      'nc: '*refused*) echo "REFUSED: read udp $host:$port: connection refused" >&2 ;;
      'nc: '*) echo "UNKNOWN: $reply" >&2 ;;
      *) exit 0 ;;
    esac
    exit 1
    ;;
  sctp)
    echo "OTHER: dial sctp $dest: protocol not supported" >&2
    exit 1
    ;;
  *)
    echo "Unsupported protocol $protocol" >&2
    exit 1
    ;;
esac
