#!/usr/bin/env bash
# Prints the hub's p50/p99 for /hosts/{h}/api/4/cpu, /all and /processlist while 200 streams send realistic
# samples (about 100 processes each), and the hub's CPU use, the hub running as its own process. The streams use TLS
# as agents do by default; TLS=false runs the hub --insecure (plaintext) for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am package -DskipTests
mvn -B -q -pl hub -am test -Dtest=FleetLoadBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.tls="${TLS:-true}" -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
