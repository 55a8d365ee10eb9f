#!/usr/bin/env bash
# Two sets of agent JVM flags measured side by side: one TLS hub (no local agent, its own CA as on a first start) and
# two agents streaming to it, started together with the same period, one with FLAGS_A and one with FLAGS_B, so that
# both sample the same machine at the same time. Both run with the agent's class-data archive. After DURATION seconds
# it prints each agent's CPU in % of one core (from /proc/<pid>/stat, the first 10 s of start-up left out), its RSS
# (from /proc/<pid>/status) and its collections (young and full, with their pause time, from the agent's GC log).
# usage: FLAGS_A="..." FLAGS_B="..." bench/agent-flags.sh [DURATION_SECONDS=300] [PERIOD_SECONDS=1]
# e.g. FLAGS_A="$(cat agent/jvm.options)" FLAGS_B="$(cat agent/jvm.options) -XX:MinHeapFreeRatio=5" bench/agent-flags.sh
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-300}"
period="${2:-1}"
: "${FLAGS_A:?FLAGS_A: the JVM flags of the first agent}"
: "${FLAGS_B:?FLAGS_B: the JVM flags of the second agent}"
. bench/lib.sh   # $state, the jars, $pids ended at exit

./fleetglance hub --bind 127.0.0.1 --port 62428 --ingest-port 62429 --no-local-agent --state-dir "$state/hub" \
  >"$state/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do curl -sf "http://127.0.0.1:62428/api/4/status" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:62428/api/4/status" >/dev/null || { echo "the hub did not start: $(tail -5 "$state/hub.log")" >&2; exit 1; }

# agent NAME FLAGS: starts an agent, its PID in $agent_pid
agent() {
  AGENT_JAVA_OPTS="$2 -Xlog:gc:file=$state/gc-$1.log" ./fleetglance agent --hub 127.0.0.1:62429 --name "bench-$1" \
    --period "$period" --state-dir "$state/agent-$1" --ca "$state/hub/hub/ca.pem" \
    --token-file "$state/hub/hub/enrollment-token" >"$state/agent-$1.log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
}
agent a "$FLAGS_A"; a_pid=$agent_pid
agent b "$FLAGS_B"; b_pid=$agent_pid

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
sleep 10   # start-up (class loading, JIT) left out
t0=$(date +%s.%N)
a_c0=$(cpu_ticks "$a_pid")
b_c0=$(cpu_ticks "$b_pid")
sleep "$duration"
t1=$(date +%s.%N)
a_c1=$(cpu_ticks "$a_pid")
b_c1=$(cpu_ticks "$b_pid")
a_rss=$(rss_kib "$a_pid")
b_rss=$(rss_kib "$b_pid")
for n in a b; do
  curl -sf "http://127.0.0.1:62428/hosts/bench-$n/api/4/processcount" >/dev/null \
    || { echo "the hub does not serve bench-$n" >&2; exit 1; }
done
# gc NAME: "young=N (X ms) full=M (Y ms)" over the whole run, start-up included
gc() {
  awk '/Pause Young/ {y++; ys += $NF + 0} /Pause Full/ {f++; fs += $NF + 0}
       END {printf "young=%d (%.0f ms) full=%d (%.0f ms)", y, ys, f, fs}' "$state/gc-$1.log"
}
awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v p="$period" -v a0="$a_c0" -v a1="$a_c1" -v b0="$b_c0" \
    -v b1="$b_c1" -v ar="$a_rss" -v br="$b_rss" -v ag="$(gc a)" -v bg="$(gc b)" 'BEGIN {
  s = t1 - t0; a = 100 * (a1 - a0) / hz / s; b = 100 * (b1 - b0) / hz / s
  printf "BENCH agent flags side by side, period=%ss over %.0fs: A cpu=%.2f%% rss=%.1f MiB gc %s; B cpu=%.2f%% rss=%.1f MiB gc %s; B-A %+.2f%% of one core, %+.1f MiB\n",
         p, s, a, ar / 1024, ag, b, br / 1024, bg, b - a, (br - ar) / 1024 }'
