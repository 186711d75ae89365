# MinIO, built from source with `go install` (the only distribution reachable from here).
# Sourced by infra.sh. shellcheck shell=bash

# The Go proxy here serves only this pseudo-version of github.com/minio/minio (the 2026-02-12
# head, commit 7aac2a2c5b7c); the last release tag's commit 9e49d5e7a648 is refused (403).
MINIO_VERSION="${PEELIAN_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
MINIO_PORT="${PEELIAN_MINIO_PORT:-9000}"
MINIO_CONSOLE_PORT="${PEELIAN_MINIO_CONSOLE_PORT:-9001}"
MINIO_BIN="$PEELIAN_CACHE/bin/minio"
MINIO_DATA="$DATA_DIR/minio"
MINIO_LOG="$LOG_DIR/minio.log"
S3_ACCESS_KEY="${PEELIAN_S3_ACCESS_KEY:-peelian}"
S3_SECRET_KEY="${PEELIAN_S3_SECRET_KEY:-dev-only-minio-secret}"

minio_install() {
  # The marker is written only after `go install` succeeded, so an interrupted build is redone.
  local marker="$MINIO_BIN.version"
  [[ -x $MINIO_BIN && -f $marker && $(<"$marker") == "$MINIO_VERSION" ]] && return 0
  command -v go >/dev/null || die "minio: Go >= 1.24 is needed to build MinIO (Debian's golang is too old)"
  log "minio: building github.com/minio/minio@$MINIO_VERSION (first time: several minutes)"
  rm -f "$marker"
  mkdir -p "$PEELIAN_CACHE/bin"
  # Module and build caches live in $PEELIAN_CACHE so rebuilds after a version bump are quick.
  # CGO off + trimpath: a static, reproducible binary, as MinIO's own release build does.
  local start=$SECONDS
  GOBIN="$PEELIAN_CACHE/bin" GOMODCACHE="$PEELIAN_CACHE/go/mod" GOCACHE="$PEELIAN_CACHE/go/build" \
    CGO_ENABLED=0 go install -trimpath "github.com/minio/minio@$MINIO_VERSION" ||
    die "minio: go install failed"
  echo "$MINIO_VERSION" >"$marker"
  log "minio: built in $((SECONDS - start))s"
}

minio_ready() { [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MINIO_PORT/minio/health/live") == 200 ]]; }

minio_start() {
  minio_install
  local pid
  if pid=$(live_pid minio "$MINIO_BIN server"); then
    log "minio already running (pid $pid, port $MINIO_PORT)"
    # Credentials are fixed at start: a server started with other keys fails every client.
    if [[ -r /proc/$pid/environ ]] &&
      ! grep -qxF "MINIO_ROOT_PASSWORD=$S3_SECRET_KEY" < <(tr '\0' '\n' <"/proc/$pid/environ"); then
      warn "minio (pid $pid) runs with other credentials than PEELIAN_S3_ACCESS_KEY/SECRET_KEY;" \
        "restart it: $0 stop minio && $0 start minio"
    fi
    return 0
  fi
  local p
  for p in "$MINIO_PORT" "$MINIO_CONSOLE_PORT"; do
    port_open "$p" && die "minio: 127.0.0.1:$p is in use by a process we did not start" \
      "(set PEELIAN_MINIO_PORT / PEELIAN_MINIO_CONSOLE_PORT)"
  done
  ((${#S3_SECRET_KEY} >= 8)) || die "minio: PEELIAN_S3_SECRET_KEY needs at least 8 characters"
  mkdir -p "$MINIO_DATA"
  log "minio: starting on 127.0.0.1:$MINIO_PORT"
  # MINIO_UPDATE=off: no update check against dl.min.io; MINIO_BROWSER=off: no embedded console
  # (nothing to phone home); callhome is off by default and stays off. No outbound traffic.
  MINIO_ROOT_USER="$S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$S3_SECRET_KEY" \
    MINIO_UPDATE=off MINIO_BROWSER="${MINIO_BROWSER:-off}" MINIO_CALLHOME_ENABLE=off \
    spawn minio "$MINIO_LOG" "$MINIO_BIN" server "$MINIO_DATA" \
    --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT"
  pid=$(<"$(pidfile minio)")
  wait_ready minio "$pid" "${PEELIAN_MINIO_START_TIMEOUT:-60}" "$MINIO_LOG" minio_ready
  log "minio ready: http://127.0.0.1:$MINIO_PORT (access key $S3_ACCESS_KEY)"
}

minio_stop() { stop_pid minio "$MINIO_BIN server" 30; }

minio_status() {
  local pid
  if pid=$(live_pid minio "$MINIO_BIN server"); then
    status_line minio running "$MINIO_PORT" "$pid" "$MINIO_LOG"
  else
    status_line minio stopped "$MINIO_PORT" "" "$MINIO_LOG"
  fi
}
