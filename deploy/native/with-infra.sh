#!/usr/bin/env bash
# Run a command with the infrastructure up, then stop only what this script started.
#
#   deploy/native/with-infra.sh [--components "postgres kafka minio redis"] -- <command...>
#
# `make test` and `make bench` use it: infrastructure that was already running (say, from
# `make up`) is used and left running; anything started here is stopped afterwards, whatever
# the command's outcome, and the command's exit status is kept.
set -euo pipefail

# shellcheck source=deploy/native/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

components="postgres kafka minio redis"
if [[ ${1:-} == --components ]]; then components=$2; shift 2; fi
[[ ${1:-} == -- ]] && shift
(($#)) || { echo "usage: $0 [--components LIST] -- <command...>" >&2; exit 2; }

started=()
for c in $components; do
  "$NATIVE_DIR/infra.sh" status "$c" | grep -q ' running ' || started+=("$c")
done
cleanup() { ((${#started[@]} == 0)) || "$NATIVE_DIR/infra.sh" stop "${started[@]}"; }
trap cleanup EXIT
# shellcheck disable=SC2086
"$NATIVE_DIR/infra.sh" start $components
"$@"
