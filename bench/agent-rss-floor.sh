#!/usr/bin/env bash
# Where the agent's RSS comes from, measured as three JVMs side by side, each with the agent's JVM flags
# (agent/jvm.options), MALLOC_ARENA_MAX=2 and a class-data archive of its own made the way the launcher makes the
# agent's (the classes one run loaded, then -Xshare:dump):
#   jvm idle       bench/rss-floor/RssFloor.java doing nothing: what HotSpot costs before any code of ours;
#   jvm + TLS      the same holding the agent's TLS connection to a hub (TLS 1.3, ALPN h2, PKIX against the hub's CA);
#   agent          the agent as it runs by default, on a TLS hub.
# (An agent on a --insecure hub would not tell the agent without TLS: the launcher's archive for it holds the TLS
# classes too, and the JDK relocates, so touches, every page of an archive it maps.)
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

./fleetglance hub --bind 127.0.0.1 --port 62708 --ingest-port 62709 --no-local-agent --state-dir "$state/hub" \
  >"$state/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do curl -sf http://127.0.0.1:62708/api/4/status >/dev/null 2>&1 && break; sleep 0.2; done
ca="$state/hub/hub/ca.pem"
[ -f "$ca" ] || { echo "the hub did not start: $(tail -5 "$state/hub.log")" >&2; exit 1; }

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

labels=("jvm idle" "jvm + TLS" "agent")
watched=()
for mode in idle tls; do
  # shellcheck disable=SC2046,SC2086
  java $opts -XX:SharedArchiveFile="$floor/$mode.jsa" -cp "$floor/rss-floor.jar" RssFloor $(floor_args $mode) \
    >"$floor/$mode.log" 2>&1 &
  pids+=($!)
  watched+=($!)
  ready "$!" "$floor/$mode.log"
done
./fleetglance agent --hub 127.0.0.1:62709 --name floor-agent --period "$period" --state-dir "$state/agent" \
  --ca "$ca" --token-file "$state/hub/hub/enrollment-token" >"$state/agent.log" 2>&1 &
pids+=($!)
watched+=($!)

field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }
sums=(0 0 0)
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
printf 'BENCH rss floor over %ss at %ss: the idle JVM %.1f MiB, TLS adds %.1f, the agent'"'"'s own code %.1f:' \
  "$seconds" "$period" "${means[0]}" "$(echo "${means[1]} - ${means[0]}" | bc -l)" \
  "$(echo "${means[2]} - ${means[1]}" | bc -l)"
printf ' the agent %.1f MiB\n' "${means[2]}"
