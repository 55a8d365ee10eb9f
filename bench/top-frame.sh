#!/usr/bin/env bash
# Prints what `fleetglance top` costs on a host with ~500 processes: its start-up time to the first frame with the
# host's stats, the time to lay out and draw a frame, and its CPU and RSS, refreshing every second for SECONDS (30).
# A hub (with its local agent sampling this machine every second) runs on loopback; 500 sleeping processes are
# spawned and stopped by the benchmark; `top` runs in a detached tmux session of 160x50 on a private socket.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
command -v tmux >/dev/null || { echo "tmux is needed (apt-get install tmux)" >&2; exit 2; }
jars=(hub/target/fleetglance-hub-0.1.0-all.jar top/target/fleetglance-top-0.1.0-all.jar)
if [ ! -f "${jars[0]}" ] || [ ! -f "${jars[1]}" ] \
    || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "${jars[1]}" -print -quit)" ]; then
  mvn -B -q -pl top -am package -DskipTests
fi
work="$(mktemp -d)"
socket="fgtop-bench-$$"
pids=()
hub_pid=""
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"; ingest="$(free_port)"
for _ in $(seq 500); do sleep 600 & pids+=($!); done
java -XX:+UseParallelGC -jar hub/target/fleetglance-hub-0.1.0-all.jar hub --bind 127.0.0.1 --port "$port" \
  --ingest-port "$ingest" --period 1 >"$work/hub.log" 2>&1 &
hub_pid=$!
host=""
for _ in $(seq 120); do
  host="$(curl -sf "http://127.0.0.1:$port/api/4/serverslist" | python3 -c \
    'import json,sys; l=json.load(sys.stdin); print(l[0]["name"] if l else "")' 2>/dev/null || true)"
  total="$( [ -n "$host" ] && curl -sf "http://127.0.0.1:$port/hosts/$host/api/4/processcount" | python3 -c \
    'import json,sys; print(json.load(sys.stdin).get("total",0))' 2>/dev/null || echo 0)"
  [ "${total:-0}" -ge 500 ] && break
  sleep 0.5
done
[ -n "$host" ] || { echo "the hub did not list its host" >&2; exit 1; }

top_jar="top/target/fleetglance-top-0.1.0-all.jar"
cat >"$work/run.sh" <<RUN
#!/bin/sh
echo \$\$ > "$work/top.pid"
date +%s%3N > "$work/start.ms"
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m -jar "$PWD/$top_jar" "$host" \
  --hub "http://127.0.0.1:$port" --refresh 1 --frame-log "$work/frames.log"
RUN
tmux -L "$socket" -f /dev/null new-session -d -x 160 -y 50 "env TERM=screen-256color LANG=C.UTF-8 sh $work/run.sh"
for _ in $(seq 300); do
  [ -s "$work/frames.log" ] && grep -q ' 1$' "$work/frames.log" && break
  sleep 0.1
done
top_pid="$(cat "$work/top.pid")"
ticks() { awk '{print $14 + $15}' "/proc/$top_pid/stat"; }
hz="$(getconf CLK_TCK)"
first_ms="$(awk '$3 == 1 {print $1; exit}' "$work/frames.log")"
start_ms="$(cat "$work/start.ms")"
from_ms="$(date +%s%3N)"; t0="$(ticks)"
sleep "$seconds"
t1="$(ticks)"; to_ms="$(date +%s%3N)"
rss_kib="$(awk '/VmRSS/ {print $2}' "/proc/$top_pid/status")"
procs="$(curl -sf "http://127.0.0.1:$port/hosts/$host/api/4/processcount" | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["total"])')"
tmux -L "$socket" send-keys -t 0 q
echo "fleetglance top, host '$host' with $procs processes, 160x50, --refresh 1, ${seconds} s:"
echo "  start-up to the first frame with the host's stats: $((first_ms - start_ms)) ms"
awk -v from="$from_ms" -v to="$to_ms" '$1 >= from && $1 <= to && $3 == 1 {print $2}' "$work/frames.log" | sort -n \
  | awk -v from="$from_ms" -v to="$to_ms" '{v[NR] = $1; s += $1}
      END {
        if (NR == 0) { print "  no frame drawn"; exit }
        p = int(NR * 0.95 + 0.5); if (p < 1) p = 1
        printf "  frames drawn: %d (%.2f/s); frame time median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms\n", \
          NR, NR / ((to - from) / 1000), v[int((NR + 1) / 2)] / 1000, v[p] / 1000, v[NR] / 1000, s / NR / 1000
      }'
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v ms="$((to_ms - from_ms))" \
  'BEGIN {printf "  CPU: %.1f %% of one core (%.0f ms of CPU per second)\n", (b - a) / hz * 1000 / ms * 100, (b - a) / hz * 1000 / ms * 1000}'
echo "  RSS: $((rss_kib / 1024)) MiB"
