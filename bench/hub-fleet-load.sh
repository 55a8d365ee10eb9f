#!/usr/bin/env bash
# bench/hub-fleet-load.sh [STREAMS] [PERIOD_MS] [PROCESSES] [SECONDS]
# Prints the hub's CPU and RSS while STREAMS simulated hosts (default 200) each send a sample every PERIOD_MS
# (default 2000) with PROCESSES processes (default 100), measured over SECONDS (default 20) after WARMUP s of
# warm-up (default 30);
# what the generator achieved (samples sent, acknowledged, its slowest tick); the mean sample size on the wire; then
# the hub's p50/p99 for /hosts/{h}/api/4/cpu, /all and /processlist under that load. The hub runs as its own process
# with TLS and an enrollment token, as by default; TLS=false runs it --insecure (plaintext) for comparison.
# DELTAS=false sends whole samples, as agents older than deltas do.
# HUB_JAVA_OPTS replaces the hub's JVM flags (default: the launcher's: the JVM packaging/hub-heap sizes for a hub
# that knew as many hosts as are simulated, then its default flags), e.g. with -Xmx2g as --max-heap 2g gives.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am package -DskipTests
mvn -B -q -pl hub -am test -Dtest=FleetLoadBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.tls=${TLS:-true}" "-Dbench.deltas=${DELTAS:-true}" -Dbench.streams="${1:-200}" -Dbench.period="${2:-2000}" -Dbench.processes="${3:-100}" \
  -Dbench.seconds="${4:-20}" -Dbench.warmup="${WARMUP:-30}" -Dfg.redirectTestOutput=false ${HUB_JAVA_OPTS:+"-Dbench.hubopts=$HUB_JAVA_OPTS"} | grep -o 'BENCH.*'
