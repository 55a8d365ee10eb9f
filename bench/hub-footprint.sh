#!/usr/bin/env bash
# Starts the hub with its local agent (one host: this machine) as the launcher runs it, then prints how long until it
# answered /api/4/status, and after SECONDS its CPU time since start and its RSS (from /proc/<pid>).
# FLEETGLANCE_CLASS_DATA=0 runs it without its class-data archive; HUB_JAVA_OPTS replaces its JVM flags.
# usage: bench/hub-footprint.sh [SECONDS=90]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-90}"
port=62308
ingest=62309
state="$(mktemp -d)"
./fleetglance hub --help >/dev/null   # builds the jars when needed
started=$(date +%s.%N)
./fleetglance hub --bind 127.0.0.1 --port "$port" --ingest-port "$ingest" --state-dir "$state" >"$state/hub.log" 2>&1 &
hub_pid=$!
cleanup() {
  kill "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/api/4/status" >/dev/null 2>&1 && break; sleep 0.05; done
ready=$(date +%s.%N)
sleep "$seconds"
awk -v t0="$started" -v t1="$ready" -v hz="$(getconf CLK_TCK)" -v s="$seconds" \
    -v rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$hub_pid/status")" '{
  printf "BENCH hub with its local agent: serving %.2f s after start; after %d s more: cpu=%.2f s since start, rss=%.1f MiB\n",
         t1 - t0, s, ($14 + $15) / hz, rss / 1024 }' "/proc/$hub_pid/stat"
