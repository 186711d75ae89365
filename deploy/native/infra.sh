#!/usr/bin/env bash
# Native dev/test infrastructure without Docker: PostgreSQL 15, Kafka 4 (KRaft), MinIO, Redis,
# and a development mail catcher.
#
#   deploy/native/infra.sh <install|start|stop|status> [postgres|kafka|minio|redis|mail ...]
#
# No component = all five (tests start their own mail server: with-infra.sh omits mail).
# Everything binds to 127.0.0.1.
# Downloads/builds are cached in $PEELIAN_CACHE (default ~/.cache/peelian); data, logs and pid
# files go to $PEELIAN_RUN_DIR (default <repo>/.run). See deploy/native/README.md.
set -euo pipefail

# shellcheck source=deploy/native/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for c in postgres kafka minio redis mail; do
  # shellcheck disable=SC1090
  source "$NATIVE_DIR/$c.sh"
done

usage() {
  echo "usage: $0 <install|start|stop|status> [postgres|kafka|minio|redis|mail ...]" >&2
  exit 2
}

(($# >= 1)) || usage
cmd=$1; shift
case $cmd in install | start | stop | status) ;; *) usage ;; esac
components=("$@")
((${#components[@]})) || components=(postgres kafka minio redis mail)
for c in "${components[@]}"; do
  case $c in postgres | kafka | minio | redis | mail) ;; *) echo "unknown component: $c" >&2; usage ;; esac
done

ensure_dirs
if [[ $cmd != status ]]; then
  # Serialise concurrent invocations (e.g. parallel make targets) so two starts cannot race.
  # Every long-lived child is started with fd 9 closed so it cannot hold the lock forever.
  exec 9>"$PEELIAN_RUN_DIR/.infra.lock"
  flock -w 600 9 || die "another infra.sh is still running (lock $PEELIAN_RUN_DIR/.infra.lock)"
fi

for c in "${components[@]}"; do
  start=$SECONDS
  "${c}_$cmd"
  [[ $cmd == start ]] && log "$c: start took $((SECONDS - start))s"
done
exit 0
