#!/usr/bin/env bash
# Prints what the fleet page costs with 1,000 hosts: /fleet/summary.json size and time, and in headless Chromium the
# first render, long tasks over ten refreshes, sort and filter times. Needs Debian's chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl hub test -Dtest=FleetPageBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
