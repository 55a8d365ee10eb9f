#!/usr/bin/env bash
# Prints the hub's p50/p99 for /hosts/{h}/api/4/cpu, /all and /processlist while 200 streams send realistic
# samples (about 100 processes each), and the hub's CPU use, the hub running as its own process.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl hub test -Dtest=FleetLoadBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
