#!/usr/bin/env bash
# The platform's own processes: provision, migrate, and run the gateway and every service.
#
#   deploy/native/services.sh <provision|migrate|seed|start|stop|status>
#
# Apps come from deploy/services.conf. Each runs under uvicorn on 127.0.0.1:<port>, with its
# outbox relay and event consumers in the same process; logs and pid files go to the run
# directory next to the infrastructure's.
set -euo pipefail

# shellcheck source=deploy/native/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mapfile -t APPS < <(grep -Ev '^\s*(#|$)' "$REPO_ROOT/deploy/services.conf")
export PEELIAN_PG_PORT="${PEELIAN_PG_PORT:-5432}"
ADMIN_URL="postgresql://postgres@127.0.0.1:$PEELIAN_PG_PORT/postgres"

run_py() { (cd "$REPO_ROOT" && uv run --frozen --no-sync "$@"); }

provision() {
  local args=() name _
  for line in "${APPS[@]}"; do read -r name _ <<<"$line"; args+=(--database "$name"); done
  run_py python -m peelian.provision --postgres-url "$ADMIN_URL" "${args[@]}"
}

migrate() {
  local name port dir var
  for line in "${APPS[@]}"; do
    read -r name port dir <<<"$line"
    var="${name^^}_DATABASE_URL"
    log "migrating $name"
    (cd "$REPO_ROOT/$dir" &&
      env "$var=${!var:-postgresql+asyncpg://postgres@127.0.0.1:$PEELIAN_PG_PORT/$name}" \
        uv run --frozen --no-sync alembic upgrade heads) || die "migrating $name failed"
  done
}

# Each app with a seed module (src/<name>/seed.py) seeds its part of the reference deployment.
# Seeds are idempotent and refuse to run outside development.
seed() {
  local name port dir
  for line in "${APPS[@]}"; do
    read -r name port dir <<<"$line"
    [[ -f "$REPO_ROOT/$dir/src/$name/seed.py" ]] || continue
    log "seeding $name"
    run_py python -m "$name.seed" --credentials-file "$PEELIAN_RUN_DIR/seed-credentials.json" ||
      die "seeding $name failed"
  done
}

ready() { curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null; }

start() {
  local name port dir pid logfile
  ensure_dirs
  for line in "${APPS[@]}"; do
    read -r name port dir <<<"$line"
    if live_pid "$name" "uvicorn" >/dev/null; then log "$name already running"; continue; fi
    port_open "$port" && die "port $port is taken by another process: cannot start $name"
    logfile="$LOG_DIR/$name.log"
    # --no-proxy-headers: uvicorn would believe X-Forwarded-For from 127.0.0.1, letting any
    # local caller pick the address it is rate-limited by; the gateway decides that itself
    # (GATEWAY_TRUSTED_PROXIES).
    (cd "$REPO_ROOT" && spawn "$name" "$logfile" uv run --frozen --no-sync \
      uvicorn --factory "$name.main:create_app" --host 127.0.0.1 --port "$port" \
      --loop uvloop --http httptools --no-access-log --no-proxy-headers \
      --timeout-graceful-shutdown 20)
  done
  for line in "${APPS[@]}"; do
    read -r name port dir <<<"$line"
    pid=$(<"$(pidfile "$name")")
    wait_ready "$name" "$pid" 60 "$LOG_DIR/$name.log" ready "$port"
    log "$name ready on http://127.0.0.1:$port"
  done
}

stop() {
  local name _
  for line in "${APPS[@]}"; do read -r name _ <<<"$line"; stop_pid "$name" "uvicorn" 30; done
}

status() {
  local name port _ pid state
  for line in "${APPS[@]}"; do
    read -r name port _ <<<"$line"
    if pid=$(live_pid "$name" "uvicorn"); then
      state=running; ready "$port" 2>/dev/null || state=unready
    else pid=""; state=stopped; fi
    status_line "$name" "$state" "$port" "$pid" "$LOG_DIR/$name.log"
  done
}

case "${1:-}" in
  provision | migrate | seed | start | stop | status) "$1" ;;
  *) echo "usage: $0 <provision|migrate|seed|start|stop|status>" >&2; exit 2 ;;
esac
