# Redis (Debian redis-server): the gateway's rate limits and login throttling.
# Sourced by infra.sh. shellcheck shell=bash

REDIS_PORT="${PEELIAN_REDIS_PORT:-6379}"
REDIS_DATA="$DATA_DIR/redis"
REDIS_LOG="$LOG_DIR/redis.log"

redis_install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  apt_ensure redis-server redis-tools
}

redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_start() {
  redis_install
  local pid
  if pid=$(live_pid redis redis-server); then
    log "redis already running (pid $pid, port $REDIS_PORT)"
    return 0
  fi
  port_open "$REDIS_PORT" && die "redis: 127.0.0.1:$REDIS_PORT is in use by a process we did not start (set PEELIAN_REDIS_PORT)"
  mkdir -p "$REDIS_DATA"
  rm -f "$(pidfile redis)"
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  # Cache only: no RDB snapshots, no AOF. redis daemonizes itself and writes the pid file.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --save "" --appendonly no --dir "$REDIS_DATA" \
    --pidfile "$(pidfile redis)" --logfile "$REDIS_LOG" 9>&- ||
    start_failed redis "$REDIS_LOG" "redis-server exited with an error"
  wait_until 30 redis_ready || start_failed redis "$REDIS_LOG" "redis-cli ping failed after 30s"
  log "redis ready: redis://127.0.0.1:$REDIS_PORT"
}

redis_stop() { stop_pid redis redis-server 30; }

redis_status() {
  local pid
  if pid=$(live_pid redis redis-server); then
    status_line redis running "$REDIS_PORT" "$pid" "$REDIS_LOG"
  else
    status_line redis stopped "$REDIS_PORT" "" "$REDIS_LOG"
  fi
}
