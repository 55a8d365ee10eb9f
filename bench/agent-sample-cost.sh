#!/usr/bin/env bash
# Prints the CPU cost of one sample of every plugin with 500 extra sleeping processes (spawned and stopped by the
# benchmark itself), the process table's cost per process and the encoded sample size; then the real agent's RSS
# with those 500 processes, over a minute at 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl agent test -Dtest=SampleCostBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
pids=()
for _ in $(seq 500); do sleep 600 & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
bench/agent-footprint.sh 60 1
