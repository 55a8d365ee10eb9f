#!/usr/bin/env bash
# What TLS costs the agent, measured side by side: two hubs (no local agent), one with TLS (its own CA, as on a first
# start) and one --insecure (plaintext h2c), and one agent on each, started together with the shipped JVM flags and
# the same period, so that both sample the same machine at the same time and what the machine does meanwhile weighs
# on both alike (one after the other, a few processes more or less on the machine move the CPU figure by more than
# TLS does). After DURATION seconds it prints each agent's CPU in % of one core (from /proc/<pid>/stat, WARMUP s
# of start-up left out) and RSS (from /proc/<pid>/status: at the end, the mean and the maximum of a reading every 5 s),
# and TLS minus plaintext: the RSS at one instant moves by about a MiB with where each collection falls, the mean
# over the run much less. WARMUP (seconds, default 10) is left out first: C1 compiles a method called once a sample
# after about 200 samples, so the first minutes include JSSE's record code running in the interpreter;
# WARMUP=600 measures what TLS costs an agent that runs for days.
# usage: bench/agent-tls-cost.sh [DURATION_SECONDS=300] [PERIOD_SECONDS=1] [AGENT_OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-300}"
period="${2:-1}"
shift $(( $# < 2 ? $# : 2 ))
. bench/lib.sh   # $state, the jars, $pids ended at exit

# hub LINK PORT INGEST [HUB OPTIONS...]
hub() {
  local link="$1" port="$2" ingest="$3"
  shift 3
  ./fleetglance hub --bind 127.0.0.1 --port "$port" --ingest-port "$ingest" --no-local-agent \
    --state-dir "$state/hub-$link" "$@" >"$state/hub-$link.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/api/4/status" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "the $link hub did not start: $(tail -5 "$state/hub-$link.log")" >&2
  exit 1
}
hub tls 62408 62409
hub insecure 62418 62419 --insecure

./fleetglance agent --hub 127.0.0.1:62409 --name bench-tls --period "$period" --state-dir "$state/agent-tls" \
  --ca "$state/hub-tls/hub/ca.pem" --token-file "$state/hub-tls/hub/enrollment-token" "$@" \
  >"$state/agent-tls.log" 2>&1 &
tls_pid=$!
pids+=("$tls_pid")
./fleetglance agent --hub 127.0.0.1:62419 --name bench-insecure --period "$period" --state-dir "$state/agent-insecure" \
  --insecure --token-file "$state/hub-insecure/hub/enrollment-token" "$@" >"$state/agent-insecure.log" 2>&1 &
plain_pid=$!
pids+=("$plain_pid")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
sleep "${WARMUP:-10}"   # start-up (class loading, JIT) left out
t0=$(date +%s.%N)
tls_c0=$(cpu_ticks "$tls_pid")
plain_c0=$(cpu_ticks "$plain_pid")
tls_max=0
plain_max=0
tls_sum=0
plain_sum=0
n=0
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 5
  r=$(rss_kib "$tls_pid"); [ "$r" -gt "$tls_max" ] && tls_max=$r; tls_sum=$((tls_sum + r))
  r=$(rss_kib "$plain_pid"); [ "$r" -gt "$plain_max" ] && plain_max=$r; plain_sum=$((plain_sum + r))
  n=$((n + 1))
done
t1=$(date +%s.%N)
tls_c1=$(cpu_ticks "$tls_pid")
plain_c1=$(cpu_ticks "$plain_pid")
tls_rss=$(rss_kib "$tls_pid")
plain_rss=$(rss_kib "$plain_pid")
for h in "62408 bench-tls" "62418 bench-insecure"; do
  set -- $h
  curl -sf "http://127.0.0.1:$1/hosts/$2/api/4/processcount" >/dev/null || { echo "hub does not serve $2" >&2; exit 1; }
done
awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v p="$period" -v a0="$tls_c0" -v a1="$tls_c1" \
    -v b0="$plain_c0" -v b1="$plain_c1" -v ar="$tls_rss" -v br="$plain_rss" -v am="$tls_max" -v bm="$plain_max" \
    -v as="$tls_sum" -v bs="$plain_sum" -v n="$n" -v w="${WARMUP:-10}" 'BEGIN {
  s = t1 - t0; a = 100 * (a1 - a0) / hz / s; b = 100 * (b1 - b0) / hz / s
  printf "BENCH agent TLS beside plaintext, period=%ss over %.0fs after %ss: tls cpu=%.2f%% rss=%.1f MiB (mean %.1f, max %.1f); plaintext cpu=%.2f%% rss=%.1f MiB (mean %.1f, max %.1f); TLS costs %+.2f%% of one core, %+.1f MiB at the end, %+.1f MiB mean\n",
         p, s, w, a, ar / 1024, as / n / 1024, am / 1024, b, br / 1024, bs / n / 1024, bm / 1024, a - b, (ar - br) / 1024,
         (as - bs) / n / 1024 }'
