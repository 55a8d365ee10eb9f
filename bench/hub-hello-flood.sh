#!/usr/bin/env bash
# Prints how long the hub takes to refuse 10,000 bogus Hellos (wrong token) over one loopback connection, through the
# token check and through the per-address Hello limit ([fleet] hello_burst / hello_rate).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am test -Dtest=HelloFloodBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
