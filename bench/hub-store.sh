#!/usr/bin/env bash
# Prints what the hub's store costs under a fleet: RSS, live heap per host, CPU (whole hub, and the store writer
# thread alone), store bytes per host per day and per raw point, commits (fsyncs) per second, and restart time.
# Usage: bench/hub-store.sh [HOSTS] [SECONDS]   (defaults: 1000 hosts at one sample per second, 90 s)
# STORE=postgresql puts the store in a PostgreSQL cluster the benchmark starts (Debian's postgresql package), and
# adds the server's CPU, rows and bytes per host per day, and the time of a 24 h chart; TLS=false for plaintext.
# HUB_JAVA_OPTS replaces the hub's JVM flags (default: the launcher's: the JVM packaging/hub-heap sizes for a hub
# that knew as many hosts as are simulated, then its default flags), e.g. with -Xmx2g as --max-heap 2g gives.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS="${1:-1000}"
SECONDS_="${2:-90}"
mvn -B -q -pl hub -am package -DskipTests
mvn -B -q -pl hub -am test -Dtest=HubStoreBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false ${HUB_JAVA_OPTS:+"-Dbench.hubopts=$HUB_JAVA_OPTS"} -Dbench.tls="${TLS:-true}" -Dbench.store="${STORE:-sqlite}" -Dbench.hosts="$HOSTS" -Dbench.seconds="$SECONDS_" | grep -o 'BENCH.*'
