# Apache Kafka 4.x, single-node KRaft, jars from Maven Central (no tarball download possible).
# Sourced by infra.sh. shellcheck shell=bash

KAFKA_VERSION="${PEELIAN_KAFKA_VERSION:-4.1.1}"
KAFKA_LOG4J_VERSION="${PEELIAN_KAFKA_LOG4J_VERSION:-2.24.3}"
KAFKA_PORT="${PEELIAN_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${PEELIAN_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${PEELIAN_KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
KAFKA_HOME="$PEELIAN_CACHE/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_CONF="$PEELIAN_RUN_DIR/conf/kafka/server.properties"
KAFKA_DATA="$DATA_DIR/kafka"
KAFKA_LOG="$LOG_DIR/kafka.log"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# What the cached libs were built from; a different POM/version (or a missing marker after an
# interrupted download) means the cache is rebuilt, not trusted.
kafka_fingerprint() {
  { echo "$KAFKA_VERSION $KAFKA_LOG4J_VERSION"; cat "$NATIVE_DIR/kafka/pom.xml"; } | sha256sum | cut -d' ' -f1
}

kafka_install() {
  command -v "$JAVA" >/dev/null || apt_ensure openjdk-17-jre-headless
  local jv
  jv=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  ((${jv%%.*} >= 17)) || die "kafka: Kafka $KAFKA_VERSION needs Java 17+, $JAVA is $jv (set JAVA_HOME)"

  local marker="$KAFKA_HOME/.complete" fp
  fp=$(kafka_fingerprint)
  [[ -f $marker && $(<"$marker") == "$fp" && -d $KAFKA_LIBS ]] && return 0

  command -v mvn >/dev/null || apt_ensure maven
  log "kafka: fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS" "$KAFKA_LIBS.partial" "$marker"
  mkdir -p "$KAFKA_HOME"
  mvn -B -q -f "$NATIVE_DIR/kafka/pom.xml" \
    -Dmaven.repo.local="$PEELIAN_CACHE/m2" \
    -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$KAFKA_LOG4J_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.partial" \
    >"$LOG_DIR/kafka-install.log" 2>&1 ||
    start_failed kafka "$LOG_DIR/kafka-install.log" "mvn dependency:copy-dependencies failed"
  ls "$KAFKA_LIBS.partial"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null || die "kafka: kafka_2.13 jar missing after mvn"
  mv "$KAFKA_LIBS.partial" "$KAFKA_LIBS"
  echo "$fp" >"$marker"
}

kafka_java() {
  "$JAVA" -Dlog4j2.configurationFile="$NATIVE_DIR/kafka/log4j2.properties" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_configure() {
  mkdir -p "$(dirname "$KAFKA_CONF")" "$KAFKA_DATA/logs"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@LOG_DIRS@|$KAFKA_DATA/logs|g" "$NATIVE_DIR/kafka/server.properties.template" >"$KAFKA_CONF"
  # Format once; meta.properties marks formatted storage (skipping it saves a JVM start).
  [[ -f $KAFKA_DATA/logs/meta.properties ]] && return 0
  if [[ ! -s $KAFKA_DATA/cluster.id ]]; then
    kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 >"$KAFKA_DATA/cluster.id.tmp"
    grep -qE '^[A-Za-z0-9_-]{22}$' "$KAFKA_DATA/cluster.id.tmp" || die "kafka: could not generate a cluster id"
    mv "$KAFKA_DATA/cluster.id.tmp" "$KAFKA_DATA/cluster.id"
  fi
  log "kafka: formatting KRaft storage in $KAFKA_DATA/logs"
  kafka_java kafka.tools.StorageTool format -t "$(<"$KAFKA_DATA/cluster.id")" -c "$KAFKA_CONF" \
    --standalone --ignore-formatted >>"$KAFKA_LOG" 2>&1 ||
    start_failed kafka "$KAFKA_LOG" "kafka-storage format failed"
}

kafka_ready() {
  # Process substitution, not a pipe: with pipefail, `tail | grep -q` can fail on SIGPIPE.
  port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' < <(tail -c +"$1" "$KAFKA_LOG")
}

kafka_start() {
  kafka_install
  local pid
  if pid=$(live_pid kafka kafka.Kafka); then
    log "kafka already running (pid $pid, port $KAFKA_PORT)"
    return 0
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$p" && die "kafka: 127.0.0.1:$p is in use by a process we did not start" \
      "(set PEELIAN_KAFKA_PORT / PEELIAN_KAFKA_CONTROLLER_PORT)"
  done
  kafka_configure
  # Only log lines written after this offset count as "started" (the log is appended to).
  local offset=$(($(stat -c %s "$KAFKA_LOG" 2>/dev/null || echo 0) + 1))
  log "kafka: starting $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086  # heap opts are deliberately word-split
  spawn kafka "$KAFKA_LOG" "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$NATIVE_DIR/kafka/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF"
  pid=$(<"$(pidfile kafka)")
  wait_ready kafka "$pid" "${PEELIAN_KAFKA_START_TIMEOUT:-90}" "$KAFKA_LOG" kafka_ready "$offset"
  log "kafka ready: 127.0.0.1:$KAFKA_PORT"
}

kafka_stop() { stop_pid kafka kafka.Kafka 60; }

kafka_status() {
  local pid
  if pid=$(live_pid kafka kafka.Kafka); then
    status_line kafka running "$KAFKA_PORT" "$pid" "$KAFKA_LOG"
  else
    status_line kafka stopped "$KAFKA_PORT" "" "$KAFKA_LOG"
  fi
}
