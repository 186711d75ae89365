#!/usr/bin/env bash
# The benchmarks' external tools, from Debian: nginx (the reverse-proxy baseline the gateway is
# compared with) and wrk (the load generator). Idempotent: installs only what is missing.
#
#   deploy/native/bench-tools.sh
#
# Installing nginx never starts Debian's own nginx service (port 80 on every address): the
# benchmark runs its own nginx as a foreground user process bound to 127.0.0.1, with a config
# and prefix under the run directory, and stops it itself.
set -euo pipefail

# shellcheck source=deploy/native/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Debian puts nginx in /usr/sbin, which a normal user's PATH may lack.
export PATH="$PATH:/usr/sbin"
command -v nginx >/dev/null && command -v wrk >/dev/null && exit 0

POLICY=/usr/sbin/policy-rc.d
if [[ ! -e $POLICY ]]; then
  # Debian's maintainer scripts start services through invoke-rc.d, which asks this policy
  # first; 101 = "not allowed". Removed again once the packages are in.
  sudo=""
  ((EUID == 0)) || sudo=sudo
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$POLICY" >/dev/null
  $sudo chmod 755 "$POLICY"
  trap '$sudo rm -f "$POLICY"' EXIT
fi
apt_ensure nginx wrk
command -v nginx >/dev/null || die "nginx is not on PATH after installing it"
command -v wrk >/dev/null || die "wrk is not on PATH after installing it"
log "bench tools: $(nginx -v 2>&1), $(wrk -v 2>&1 | head -n 1)"
