#!/usr/bin/env bash
# Prints what /metrics costs with 1,000 hosts fed this machine's real samples: exposition size (plain, OpenMetrics,
# gzip), wall time, CPU and allocation per scrape, with and without new samples since the previous scrape.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am test -Dtest=MetricsBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
