# PostgreSQL 15: a private cluster in $PEELIAN_RUN_DIR, never the Debian `main` cluster.
# Sourced by infra.sh. shellcheck shell=bash

PG_PORT="${PEELIAN_PG_PORT:-5432}"
PG_BIN="${PEELIAN_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATA="$DATA_DIR/postgres"
# Kept short and inside the run dir: unix socket paths are limited to ~107 bytes.
PG_SOCKET_DIR="$PEELIAN_RUN_DIR/socket"
PG_LOG="$LOG_DIR/postgres.log"
# fsync/synchronous_commit/full_page_writes off: the cluster is disposable (make clean wipes it)
# and tests get much faster. An OS crash can corrupt it; set PEELIAN_PG_FAST=0 for durability.
PG_FAST="${PEELIAN_PG_FAST:-1}"

# Postgres refuses to run as root: as root, run its tools as the `postgres` OS user; as an
# ordinary user, run them as that user. `cd /` because postgres may not be allowed into $PWD.
pg_run() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

postgres_install() {
  apt_ensure postgresql-15 postgresql-client-15
  [[ -x $PG_BIN/pg_ctl ]] || die "postgres: $PG_BIN/pg_ctl missing (set PEELIAN_PG_BIN)"
}

postgres_running() { [[ -f $PG_DATA/PG_VERSION ]] && pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

postgres_init() {
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  if ((EUID == 0)); then
    chown postgres:postgres "$PG_DATA" "$PG_SOCKET_DIR"
    runuser -u postgres -- test -w "$PG_DATA" -a -w "$PG_SOCKET_DIR" ||
      die "postgres: the 'postgres' OS user cannot reach $PG_DATA (a parent dir is not" \
        "world-traversable). Use a PEELIAN_RUN_DIR it can reach, e.g. PEELIAN_RUN_DIR=/tmp/peelian-run"
  fi
  chmod 700 "$PG_DATA"
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  # No PG_VERSION = never initialised or an interrupted initdb: start from an empty dir.
  find "$PG_DATA" -mindepth 1 -delete
  log "postgres: initdb $PG_DATA"
  pg_run "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >>"$PG_LOG" 2>&1 9>&- ||
    start_failed postgres "$PG_LOG" "initdb failed"
}

postgres_start() {
  postgres_install
  if postgres_running; then
    log "postgres already running (port $PG_PORT)"
    return 0
  fi
  port_open "$PG_PORT" && die "postgres: 127.0.0.1:$PG_PORT is in use by a process we did not start" \
    "(the Debian cluster? 'pg_lsclusters'). Stop it or set PEELIAN_PG_PORT."
  postgres_init
  local opts="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR"
  opts+=" -c max_connections=300"
  [[ $PG_FAST == 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  log "postgres: starting on 127.0.0.1:$PG_PORT"
  # No `pg_ctl -l`: the log fd is opened here (by us), so postgres needs no access to $LOG_DIR.
  # 9>&- : do not leak infra.sh's lock fd into the long-lived postmaster.
  pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "$opts" -w -t 60 start >>"$PG_LOG" 2>&1 9>&- ||
    start_failed postgres "$PG_LOG" "pg_ctl start failed"
  wait_until 60 "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" ||
    start_failed postgres "$PG_LOG" "pg_isready -h 127.0.0.1 -p $PG_PORT not ready after 60s"
  head -n1 "$PG_DATA/postmaster.pid" >"$(pidfile postgres)"
  log "postgres ready: postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
}

postgres_stop() {
  if postgres_running; then
    log "stopping postgres"
    pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >>"$PG_LOG" 2>&1 ||
      pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >>"$PG_LOG" 2>&1 ||
      warn "postgres did not stop, see $PG_LOG"
  else
    log "postgres not running"
  fi
  rm -f "$(pidfile postgres)"
}

postgres_status() {
  if postgres_running; then
    status_line postgres running "$PG_PORT" "$(head -n1 "$PG_DATA/postmaster.pid")" "$PG_LOG"
  else
    status_line postgres stopped "$PG_PORT" "" "$PG_LOG"
  fi
}
