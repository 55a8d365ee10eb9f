#!/usr/bin/env bash
# Where the agent's RSS comes from, measured as four JVMs side by side, each with the agent's JVM flags
# (agent/jvm.options), MALLOC_ARENA_MAX=2 and a class-data archive of its own made the way the launcher makes the
# agent's (the classes one run loaded, then -Xshare:dump):
#   jvm idle       bench/rss-floor/RssFloor.java doing nothing: what HotSpot costs before any code of ours;
#   jvm + TLS      the same holding the agent's TLS connection to a hub (TLS 1.3, ALPN h2, PKIX against the hub's CA);
#   agent plain    the agent on a --insecure hub (plaintext h2c);
#   agent TLS      the agent as it runs by default, on a TLS hub.
# After SECONDS it prints each one's RSS (the mean of a reading every 5 s after the first 10 s, and the last
# reading's anonymous and file-backed parts, from /proc/<pid>/status) and how many classes it loaded (jcmd
# VM.class_hierarchy, read after the RSS), then what TLS and the agent's own code add to the idle JVM.
# usage: bench/agent-rss-floor.sh [SECONDS=60] [PERIOD=1]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
period="${2:-1}"
if ! [ "$seconds" -ge 15 ] 2>/dev/null; then
  echo "$0: SECONDS ($seconds) must be a whole number of at least 15" >&2
  exit 2
fi
. bench/lib.sh   # $state, the jars, $pids ended at exit
opts="$(cat agent/jvm.options)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

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
hub tls 62708 62709
hub plain 62718 62719 --insecure
ca="$state/hub-tls/hub/ca.pem"

floor="$state/floor"
mkdir -p "$floor/classes"
javac -d "$floor/classes" bench/rss-floor/RssFloor.java
jar cf "$floor/rss-floor.jar" -C "$floor/classes" .
# waits for a process to print "ready" in its log, or says why not
ready() {
  local pid="$1" log="$2"
  for _ in $(seq 100); do
    grep -q '^ready' "$log" 2>/dev/null && return
    kill -0 "$pid" 2>/dev/null || { echo "$log: $(tail -5 "$log")" >&2; exit 1; }
    sleep 0.1
  done
  echo "$log: not ready after 10 s" >&2
  exit 1
}
floor_args() { case "$1" in idle) echo idle ;; tls) echo tls 127.0.0.1 62709 "$ca" ;; esac; }
for mode in idle tls; do
  # shellcheck disable=SC2046,SC2086
  java $opts -XX:DumpLoadedClassList="$floor/$mode.classlist" -cp "$floor/rss-floor.jar" RssFloor \
    $(floor_args $mode) >"$floor/$mode-training.log" 2>&1 &
  p=$!
  ready "$p" "$floor/$mode-training.log"
  kill "$p"
  wait "$p" 2>/dev/null || true
  # shellcheck disable=SC2086
  java $opts -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$floor/$mode.classlist" \
    -XX:SharedArchiveFile="$floor/$mode.jsa" -cp "$floor/rss-floor.jar" >"$floor/$mode-dump.log" 2>&1
done

labels=("jvm idle" "jvm + TLS" "agent plain" "agent TLS")
watched=()
for mode in idle tls; do
  # shellcheck disable=SC2046,SC2086
  java $opts -XX:SharedArchiveFile="$floor/$mode.jsa" -cp "$floor/rss-floor.jar" RssFloor $(floor_args $mode) \
    >"$floor/$mode.log" 2>&1 &
  pids+=($!)
  watched+=($!)
  ready "$!" "$floor/$mode.log"
done
./fleetglance agent --hub 127.0.0.1:62719 --name floor-plain --period "$period" --state-dir "$state/agent-plain" \
  --insecure --token-file "$state/hub-plain/hub/enrollment-token" >"$state/agent-plain.log" 2>&1 &
pids+=($!)
watched+=($!)
./fleetglance agent --hub 127.0.0.1:62709 --name floor-tls --period "$period" --state-dir "$state/agent-tls" \
  --ca "$ca" --token-file "$state/hub-tls/hub/enrollment-token" >"$state/agent-tls.log" 2>&1 &
pids+=($!)
watched+=($!)

field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }
sums=(0 0 0 0)
readings=0
sleep 10
end=$(( $(date +%s) + seconds - 10 ))
while [ "$(date +%s)" -lt "$end" ]; do
  for k in "${!watched[@]}"; do sums[$k]=$(( sums[k] + $(field "${watched[$k]}" VmRSS) )); done
  readings=$((readings + 1))
  sleep 5
done
means=()
for k in "${!watched[@]}"; do
  p="${watched[$k]}"
  mean=$(echo "${sums[$k]} / $readings / 1024" | bc -l)
  means+=("$mean")
  anon=$(field "$p" RssAnon)
  file=$(field "$p" RssFile)
  classes=$(jcmd "$p" VM.class_hierarchy 2>/dev/null | grep -c '/' || true)
  printf 'BENCH rss %-11s mean=%.1f MiB (last: anon %.1f + file %.1f MiB) classes=%d\n' "${labels[$k]}" "$mean" \
    "$(echo "$anon / 1024" | bc -l)" "$(echo "$file / 1024" | bc -l)" "$classes"
done
printf 'BENCH rss floor over %ss at %ss: the idle JVM %.1f MiB, TLS adds %.1f, the agent'"'"'s own code %.1f (plain' \
  "$seconds" "$period" "${means[0]}" "$(echo "${means[1]} - ${means[0]}" | bc -l)" \
  "$(echo "${means[3]} - ${means[1]}" | bc -l)"
printf ' agent %.1f, %.1f above the idle JVM): the agent with TLS %.1f MiB\n' "${means[2]}" \
  "$(echo "${means[2]} - ${means[0]}" | bc -l)" "${means[3]}"
