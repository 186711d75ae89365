# Shared helpers for deploy/native/*.sh. Sourced, not executed.
# shellcheck shell=bash

NATIVE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$NATIVE_DIR/../.." && pwd)"

# Downloads and builds live outside the checkout so a fresh clone / `make clean` reuses them.
PEELIAN_CACHE="${PEELIAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/peelian}"
# Data, pid files and logs: per checkout, disposable.
PEELIAN_RUN_DIR="${PEELIAN_RUN_DIR:-$REPO_ROOT/.run}"
LOG_DIR="$PEELIAN_RUN_DIR/log"
PID_DIR="$PEELIAN_RUN_DIR/pid"
DATA_DIR="$PEELIAN_RUN_DIR/data"

log()  { printf '==> %s\n' "$*" >&2; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die()  { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$PEELIAN_CACHE" "$LOG_DIR" "$PID_DIR" "$DATA_DIR"; }

# True if something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp: no extra tools).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until <timeout-seconds> <command...>: poll a readiness check twice a second.
wait_until() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# start_failed <component> <logfile> <reason>: explain, show the log tail, exit non-zero.
start_failed() {
  printf '==> ERROR: %s did not start: %s\n==> log: %s (last 20 lines follow)\n' "$1" "$3" "$2" >&2
  tail -n 20 "$2" >&2 2>/dev/null || true
  exit 1
}

# wait_ready <component> <pid> <timeout> <logfile> <check...>: poll the check until it passes;
# fail fast (with the log tail) if the process exits, or when the timeout is reached.
wait_ready() {
  local name=$1 pid=$2 timeout=$3 logfile=$4; shift 4
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$(pidfile "$name")"; start_failed "$name" "$logfile" "process $pid exited"; }
    ((SECONDS < deadline)) || start_failed "$name" "$logfile" "not ready after ${timeout}s"
    sleep 0.5
  done
}

pidfile() { echo "$PID_DIR/$1.pid"; }

# live_pid <component> <cmdline-pattern>: print the pid from the pid file if that process is
# alive AND its command line matches, so a recycled pid never counts as ours.
live_pid() {
  local f pid
  f=$(pidfile "$1")
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"$2"* ]] || return 1
  echo "$pid"
}

# stop_pid <component> <cmdline-pattern> [timeout]: SIGTERM, wait, SIGKILL; idempotent.
stop_pid() {
  local name=$1 pattern=$2 timeout=${3:-30} pid
  if pid=$(live_pid "$name" "$pattern"); then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until "$timeout" bash -c "! kill -0 $pid"; then
      warn "$name did not exit after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_until 5 bash -c "! kill -0 $pid" || true
    fi
  else
    log "$name not running"
  fi
  rm -f "$(pidfile "$name")"
}

# status_line <component> <state> <port> <pid> <log>
status_line() { printf '%-9s %-8s port=%-5s pid=%-8s log=%s\n' "$1" "$2" "$3" "${4:--}" "$5"; }

# Install missing Debian packages; `apt-get update` only when something is actually missing.
apt_ensure() {
  local missing=() p
  for p in "$@"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  ((EUID == 0)) || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Start a long-running process detached from this shell (setsid: no SIGHUP / Ctrl-C from the
# caller's terminal), appending to its log, and record the pid.
spawn() {
  local name=$1 logfile=$2; shift 2
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$(pidfile "$name")"
}
