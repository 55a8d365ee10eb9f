#!/usr/bin/env bash
# Prints p50/p99 of GET /hosts/{h}/api/4/cpu (and two other routes) over 1,000 sequential loopback requests.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl hub test -Dtest=HubLatencyBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
