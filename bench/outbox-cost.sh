#!/usr/bin/env bash
# Prints the CPU time one real sample of this machine costs on its way through the agent's outbox: in memory with a
# decode and re-encode (the outbox before it was spooled), in memory as it is now, and spooled to disk (the fsync,
# at most one per 10 s, is not in these figures), and the memory each outbox holds (heap and direct buffers) with every
# sample acknowledged and with samples waiting as during a hub outage. Run it on the agent's JVM flags, as the agent
# runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl agent -am test -Dtest=OutboxCostBenchmark -Dfg.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfg.redirectTestOutput=false \
  -DargLine="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m" | grep -o 'BENCH.*'
