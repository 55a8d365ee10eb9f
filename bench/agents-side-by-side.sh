#!/usr/bin/env bash
# Two builds of the agent side by side on one hub of this checkout: PAIRS agents of this checkout's build and PAIRS
# of the build in OTHER (another checkout or a git worktree of an older commit), all started together at PERIOD with
# each build's own launcher, JVM flags and class-data archive, streaming over TLS. After SECONDS from their start
# (start-up included; WARMUP=SECONDS counts only the SECONDS that follow those first ones, for steady states) it
# prints each agent's CPU (utime+stime, in ticks of 10 ms, with that of the children it runs, such as nvidia-smi or
# smartctl, also shown apart) and RSS, and each build's total, children included.
# Both builds run at the same moment on the same machine, so whatever else the machine does weighs on both alike:
# the way to compare two commits whose difference is smaller than this machine's spread from one run to the next.
# Run it three times.
# usage: bench/agents-side-by-side.sh OTHER [SECONDS=180] [PERIOD=1] [PAIRS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
other="${1:-}"
seconds="${2:-180}"
period="${3:-1}"
pairs="${4:-2}"
warmup="${WARMUP:-0}"
if [ -z "$other" ] || [ ! -x "$other/fleetglance" ]; then
  echo "usage: $0 OTHER [SECONDS] [PERIOD] [PAIRS]: OTHER is another checkout of Fleetglance" >&2
  exit 2
fi
if ! [ "$warmup" -ge 0 ] 2>/dev/null; then
  echo "$0: WARMUP ($warmup) must be a whole number of seconds" >&2
  exit 2
fi
other="$(cd "$other" && pwd)"
(cd "$other" && ./fleetglance hub --help >/dev/null)   # builds its jars when needed
. bench/lib.sh   # $state, this checkout's jars, $pids ended at exit

./fleetglance hub --bind 127.0.0.1 --port 62518 --ingest-port 62519 --no-local-agent --state-dir "$state/hub" \
  >"$state/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do curl -sf http://127.0.0.1:62518/api/4/status >/dev/null 2>&1 && break; sleep 0.2; done
sleep 5   # the hub's own start-up done before the agents start

labels=()
agents=()
for i in $(seq "$pairs"); do
  for side in this other; do
    dir="$PWD"
    [ "$side" = other ] && dir="$other"
    name="$side-$i"
    (cd "$dir" && exec ./fleetglance agent --hub 127.0.0.1:62519 --name "$name" --period "$period" \
      --state-dir "$state/$name" --ca "$state/hub/hub/ca.pem" --token-file "$state/hub/hub/enrollment-token") \
      >"$state/$name.log" 2>&1 &
    pids+=($!)
    agents+=($!)
    labels+=("$name")
  done
done
# The children's CPU: that of those it waited for, and that of those still running (a long-lived nvidia-smi).
children() {
  local total kid
  total=$(awk '{print $16 + $17}' "/proc/$1/stat")
  for kid in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$kid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
ticks() { echo $(( $(awk '{print $14 + $15}' "/proc/$1/stat") + $(children "$1") )); }
before=()
before_children=()
if [ "$warmup" -gt 0 ]; then
  sleep "$warmup"
  for p in "${agents[@]}"; do before+=("$(ticks "$p")"); before_children+=("$(children "$p")"); done
fi
sleep "$seconds"

this_rev="$(git rev-parse --short HEAD)"
other_rev="$(git -C "$other" rev-parse --short HEAD 2>/dev/null || echo '?')"
this_sum=0
other_sum=0
for k in "${!agents[@]}"; do
  p="${agents[$k]}"
  ticks=$(( $(ticks "$p") - ${before[$k]:-0} ))
  kids=$(( $(children "$p") - ${before_children[$k]:-0} ))
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")
  case "${labels[$k]}" in this-*) this_sum=$((this_sum + ticks)) ;; *) other_sum=$((other_sum + ticks)) ;; esac
  printf 'BENCH agent %-8s cpu=%d ticks (children %d) rss=%.1f MiB\n' "${labels[$k]}" "$ticks" "$kids" \
    "$(echo "$rss / 1024" | bc -l)"
done
online=$(curl -s http://127.0.0.1:62518/api/4/serverslist | grep -o '"status":"ONLINE"' | wc -l)
printf 'BENCH side by side over %ss after %ss at %ss, agents of each build: %d (%d of %d online): this (%s)' \
  "$seconds" "$warmup" "$period" "$pairs" "$online" "$((2 * pairs))" "$this_rev"
printf ' cpu=%d ticks, other (%s) cpu=%d ticks, this/other=%.3f\n' "$this_sum" "$other_rev" "$other_sum" \
  "$(echo "$this_sum / $other_sum" | bc -l)"
