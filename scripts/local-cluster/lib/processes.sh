# shellcheck shell=bash
# Sourced by scripts/local-cluster.sh, whose globals, log and die it uses.
# Processes: each started detached, its pid in .local-cluster/pids/<name>, its log in logs/<name>.log.

start_proc() { # name binary args...
  local name=$1
  shift
  if proc_alive "$name"; then return; fi
  mkdir -p "$LOGS" "$PIDS"
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name"
  log "started $name (pid $!)"
}

proc_alive() { # name: its recorded pid still runs, and runs that component (not a reused pid)
  local pid
  [[ -f $PIDS/$1 ]] || return 1
  pid=$(< "$PIDS/$1")
  [[ -d /proc/$pid ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2> /dev/null \
    && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -qF -- "$1"
}

stop_proc() { # name
  local name=$1 pid i
  [[ -f $PIDS/$name ]] || return 0
  pid=$(< "$PIDS/$name")
  if proc_alive "$name"; then
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < 50; i++)); do
      proc_alive "$name" || break
      sleep 0.2
    done
    if proc_alive "$name"; then kill -KILL "$pid" 2> /dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PIDS/$name"
}

wait_for() { # description seconds command...
  local what=$1 secs=$2 i
  shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "timed out after ${secs}s waiting for $what (logs: $LOGS)"
}

kubectl_admin() { "$(k8s_bin kubectl)" --kubeconfig "$STATE/kubeconfig" "$@"; }
