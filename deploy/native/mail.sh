# A development mail catcher (aiosmtpd, from the locked Python dependencies): what messaging
# emails under `make up` lands in .run/log/mail.log instead of anyone's mailbox.
# Sourced by infra.sh. shellcheck shell=bash

MAIL_PORT="${PEELIAN_SMTP_PORT:-1025}"
MAIL_LOG="$LOG_DIR/mail.log"
MAIL_PYTHON="$REPO_ROOT/.venv/bin/python"

mail_install() {
  [[ -x $MAIL_PYTHON ]] && "$MAIL_PYTHON" -c "import aiosmtpd" 2>/dev/null ||
    die "mail: aiosmtpd is not installed: run 'make deps' first"
}

mail_ready() { port_open "$MAIL_PORT"; }

mail_start() {
  mail_install
  local pid
  if pid=$(live_pid mail "aiosmtpd"); then
    log "mail already running (pid $pid, port $MAIL_PORT)"
    return 0
  fi
  port_open "$MAIL_PORT" && die "mail: 127.0.0.1:$MAIL_PORT is in use by a process we did not start (set PEELIAN_SMTP_PORT)"
  log "mail: starting the development catcher on 127.0.0.1:$MAIL_PORT"
  # The Debugging handler writes every message it receives to the log, and delivers nothing.
  spawn mail "$MAIL_LOG" "$MAIL_PYTHON" -u -m aiosmtpd -n -c aiosmtpd.handlers.Debugging \
    -l "127.0.0.1:$MAIL_PORT"
  pid=$(<"$(pidfile mail)")
  wait_ready mail "$pid" 30 "$MAIL_LOG" mail_ready
  log "mail ready: smtp://127.0.0.1:$MAIL_PORT (messages in $MAIL_LOG)"
}

mail_stop() { stop_pid mail "aiosmtpd" 10; }

mail_status() {
  local pid
  if pid=$(live_pid mail "aiosmtpd"); then
    status_line mail running "$MAIL_PORT" "$pid" "$MAIL_LOG"
  else
    status_line mail stopped "$MAIL_PORT" "" "$MAIL_LOG"
  fi
}
