#!/usr/bin/env bash
# Runs a hub (no local agent) and one agent with the shipped JVM flags for DURATION seconds at PERIOD, then prints
# the agent's RSS (from /proc/<pid>/status) and its CPU use in % of one core (from /proc/<pid>/stat).
# The link is TLS (the hub's own CA, as on a first start); INSECURE=1 runs both sides --insecure (plaintext h2c).
# Both run with their class-data archives, as the launcher runs them; FLEETGLANCE_CLASS_DATA=0 runs them without.
# Also printed: the agent's CPU in its first 10 s (start-up: class loading, JIT, the first samples).
# usage: [INSECURE=1] bench/agent-footprint.sh [DURATION_SECONDS=300] [PERIOD_SECONDS=1] [AGENT_OPTIONS...]
# e.g. bench/agent-footprint.sh 300 1 -C only-core-plugins.conf
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-300}"
period="${2:-1}"
shift $(( $# < 2 ? $# : 2 ))
port=62208
ingest=62209
state="$(mktemp -d)"
./fleetglance hub --help >/dev/null   # builds the jars when needed

if [ "${INSECURE:-0}" = 1 ]; then hub_link=(--insecure)
  agent_link=(--insecure --token-file "$state/hub/hub/enrollment-token"); link=insecure
else hub_link=(); agent_link=(--ca "$state/hub/hub/ca.pem" --token-file "$state/hub/hub/enrollment-token"); link=tls
fi
./fleetglance hub --bind 127.0.0.1 --port "$port" --ingest-port "$ingest" --no-local-agent --state-dir "$state/hub" \
  "${hub_link[@]}" >"$state/hub.log" 2>&1 &
hub_pid=$!
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  kill "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/4/status" >/dev/null 2>&1 && break; sleep 0.2; done

./fleetglance agent --hub "127.0.0.1:$ingest" --name bench-agent --period "$period" --state-dir "$state/agent" \
  "${agent_link[@]}" "$@" \
  >"$state/agent.log" 2>&1 &
agent_pid=$!
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$agent_pid/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$agent_pid/status"; }

sleep 10   # start-up (class loading, JIT) is reported apart from the steady state: its CPU is that of the first 10 s
t0=$(date +%s.%N); c0=$(cpu_ticks); rss_start=$(rss_kib); rss_max=$rss_start
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 5
  r=$(rss_kib); [ "$r" -gt "$rss_max" ] && rss_max=$r
done
t1=$(date +%s.%N); c1=$(cpu_ticks); rss_end=$(rss_kib)
samples=$(curl -sf "http://127.0.0.1:$port/hosts/bench-agent/api/4/processcount" >/dev/null && echo ok || echo missing)
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" -v p="$period" -v rs="$rss_start" \
    -v re="$rss_end" -v rm="$rss_max" -v s="$samples" -v l="$link" 'BEGIN {
  printf "BENCH agent link=%s period=%ss over %.0fs: cpu=%.2f%% of one core, rss start=%.1f MiB end=%.1f MiB max=%.1f MiB (host served: %s); start-up: %.2f cpu-s in the first 10 s\n",
         l, p, t1 - t0, 100 * (c1 - c0) / hz / (t1 - t0), rs / 1024, re / 1024, rm / 1024, s, c0 / hz }'
