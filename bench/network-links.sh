#!/usr/bin/env bash
# What the network plugin costs per sample on a host with many interfaces (a container host's veths): runs
# CollectorCostBenchmark (every collector, wall time per collect over 500 runs) once on this machine and once inside
# a network namespace that it makes with PAIRS veth pairs, all up, and deletes when it ends; prints the network row
# of each. Needs root (ip netns). Run it in two checkouts, or three times each, to compare.
# usage: bench/network-links.sh [PAIRS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-32}"
if ! [ "$pairs" -ge 1 ] 2>/dev/null || [ "$pairs" -gt 500 ]; then
  echo "$0: PAIRS ($pairs) must be a whole number from 1 to 500" >&2
  exit 2
fi
ns="fleetglance-bench-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link set lo up
for i in $(seq 0 $((pairs - 1))); do
  ip -n "$ns" link add "v$i" type veth peer name "w$i"
  ip -n "$ns" link set "v$i" up
  ip -n "$ns" link set "w$i" up
done
mvn -B -q -Dstyle.color=never install -DskipTests -pl proto,common
network_row() {
  "$@" mvn -B -o -Dstyle.color=never -pl agent test -Dtest=CollectorCostBenchmark -Dfg.excludedGroups=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfg.redirectTestOutput=false | grep -E '^BENCH (collector|Network)'
}
echo "BENCH this machine's interfaces ($(($(wc -l </proc/net/dev) - 2))):"
network_row
echo "BENCH a namespace of $pairs veth pairs and lo ($((2 * pairs + 1)) interfaces):"
network_row ip netns exec "$ns"
