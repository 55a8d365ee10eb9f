#!/usr/bin/env bash
# The agent beside a real Glances 4.5.6 on the same machine at the same moment: a hub (no local agent) and one agent
# on TLS with the shipped JVM flags, and Glances' REST server from its source (Debian's Python and psutil), both at
# the same period. Glances samples when its API is read (at most once per --cached-time): /api/4/all is read from it
# once per period, and the same route of the agent's host from the hub, so both sample every plugin once per period.
# GLANCES_MODE=stdout runs Glances standalone instead (--stdout cpu.total: it samples every enabled plugin each period
# and prints one figure), which leaves out what its REST server costs (rendering /api/4/all: with ~580 processes,
# most of it), as the agent's figure leaves out the hub's rendering.
# After a warm-up the CPU of both (utime+stime from /proc/<pid>/stat) and their RSS (VmRSS, every 5 s: mean and max)
# are measured over DURATION seconds, and the agent's share of Glances' CPU is printed.
# EXTRA_PROCESSES sleeping processes are started beside the machine's own (and ended at exit), for a busy host.
# WARMUP (seconds, default 20) is left out before measuring: the agent's JIT compiles a method once it ran a few
# hundred times, which at one sample per second takes minutes for the code that runs once per sample; Python has no
# JIT, so Glances' cost is flat. WARMUP=900 measures the agent as it runs for days.
#
# Glances: the public repository nicolargo/glances (4.5.6_dev01), unpacked into GLANCES_SRC, and its Debian
# dependencies: apt-get install -y python3-psutil python3-fastapi python3-uvicorn python3-jinja2
# python3-defusedxml python3-packaging python3-requests python3-pydantic python3-shtab. Its conf/glances.conf is used
# with check_update=false and port_default_gateway=False (nothing leaves this machine).
# usage: GLANCES_SRC=DIR bench/agent-vs-glances.sh [DURATION_SECONDS=180] [PERIOD_SECONDS=1] [EXTRA_PROCESSES=0]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-180}"
period="${2:-1}"
extra="${3:-0}"
src="${GLANCES_SRC:-}"
if [ -z "$src" ] || [ ! -f "$src/glances/__init__.py" ]; then
  echo "GLANCES_SRC must name an unpacked nicolargo/glances source folder (see the head of $0)" >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import psutil, fastapi, uvicorn, jinja2, defusedxml, packaging, pydantic' 2>/dev/null; then
  echo "Glances' dependencies are missing: apt-get install -y python3-psutil python3-fastapi python3-uvicorn" \
    "python3-jinja2 python3-defusedxml python3-packaging python3-requests python3-pydantic python3-shtab" >&2
  exit 2
fi
. bench/lib.sh   # $state, the jars, $pids ended at exit

for _ in $(seq "$extra"); do
  sleep 100000 &
  pids+=($!)
done

./fleetglance hub --bind 127.0.0.1 --port 62508 --ingest-port 62509 --no-local-agent --state-dir "$state/hub" \
  >"$state/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do curl -sf http://127.0.0.1:62508/api/4/status >/dev/null 2>&1 && break; sleep 0.2; done
./fleetglance agent --hub 127.0.0.1:62509 --name bench-agent --period "$period" --state-dir "$state/agent" \
  --ca "$state/hub/hub/ca.pem" --token-file "$state/hub/hub/enrollment-token" >"$state/agent.log" 2>&1 &
agent_pid=$!
pids+=("$agent_pid")

sed -e 's/^check_update=.*/check_update=false/' -e 's/^#\?port_default_gateway=.*/port_default_gateway=False/' \
  "$src/conf/glances.conf" >"$state/glances.conf"
mode="${GLANCES_MODE:-rest}"
case "$mode" in
  rest)
    (cd "$src" && exec /usr/bin/python3 -m glances -w --disable-webui --bind 127.0.0.1 --port 62599 \
      --disable-autodiscover -t "$period" --cached-time "$period" -C "$state/glances.conf") >"$state/glances.log" 2>&1 &
    glances_pid=$!
    pids+=("$glances_pid")
    for _ in $(seq 300); do curl -sf http://127.0.0.1:62599/api/4/status >/dev/null 2>&1 && break; sleep 0.2; done
    curl -sf http://127.0.0.1:62599/api/4/status >/dev/null \
      || { echo "Glances did not start: $(tail -5 "$state/glances.log")" >&2; exit 1; }
    glances_url=http://127.0.0.1:62599/api/4/all
    ;;
  stdout)
    (cd "$src" && PYTHONUNBUFFERED=1 exec /usr/bin/python3 -m glances --stdout cpu.total --disable-autodiscover -t "$period" \
      -C "$state/glances.conf") >"$state/glances.log" 2>&1 &
    glances_pid=$!
    pids+=("$glances_pid")
    for _ in $(seq 300); do grep -q "cpu.total" "$state/glances.log" 2>/dev/null && break; sleep 0.2; done
    grep -q "cpu.total" "$state/glances.log" || { echo "Glances did not start: $(tail -5 "$state/glances.log")" >&2; exit 1; }
    glances_url=""
    ;;
  *) echo "GLANCES_MODE is rest or stdout, not '$mode'" >&2; exit 2 ;;
esac

# Both read once per period, in the background, for the whole run.
(
  while :; do
    [ -z "$glances_url" ] || curl -sf -o /dev/null "$glances_url" || true
    curl -sf -o /dev/null http://127.0.0.1:62508/hosts/bench-agent/api/4/all || true
    sleep "$period"
  done
) &
pids+=($!)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
sleep "${WARMUP:-20}"   # start-up of both (class loading, JIT; Python's imports, psutil's first pass) left out
t0=$(date +%s.%N)
a0=$(cpu_ticks "$agent_pid")
g0=$(cpu_ticks "$glances_pid")
a_sum=0; g_sum=0; a_max=0; g_max=0; n=0
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 5
  r=$(rss_kib "$agent_pid"); a_sum=$((a_sum + r)); [ "$r" -gt "$a_max" ] && a_max=$r
  r=$(rss_kib "$glances_pid"); g_sum=$((g_sum + r)); [ "$r" -gt "$g_max" ] && g_max=$r
  n=$((n + 1))
done
t1=$(date +%s.%N)
a1=$(cpu_ticks "$agent_pid")
g1=$(cpu_ticks "$glances_pid")
procs=$(ls /proc | grep -c '^[0-9]')
count=$(curl -sf http://127.0.0.1:62508/hosts/bench-agent/api/4/processcount/total || echo '?')
curl -sf http://127.0.0.1:62508/hosts/bench-agent/api/4/processcount >/dev/null \
  || { echo "the hub does not serve the agent's host: $(tail -5 "$state/agent.log")" >&2; exit 1; }
awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v p="$period" -v a0="$a0" -v a1="$a1" -v g0="$g0" -v g1="$g1" \
    -v as="$a_sum" -v gs="$g_sum" -v am="$a_max" -v gm="$g_max" -v n="$n" -v procs="$procs" -v c="$count" -v w="${WARMUP:-20}" -v m="$mode" 'BEGIN {
  s = t1 - t0; a = 100 * (a1 - a0) / hz / s; g = 100 * (g1 - g0) / hz / s
  printf "BENCH agent beside Glances 4.5.6 (%s), period=%ss over %.0fs after %ss, %d processes (%s): agent cpu=%.2f%% rss mean/max=%.1f/%.1f MiB; glances cpu=%.2f%% rss mean/max=%.1f/%.1f MiB; agent/glances cpu=%.2fx rss=%.2fx\n",
         m, p, s, w, procs, c, a, as / n / 1024, am / 1024, g, gs / n / 1024, gm / 1024, (g > 0 ? a / g : 0), (gs > 0 ? as / gs : 0) }'
