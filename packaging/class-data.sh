#!/usr/bin/env bash
# Makes the class-data sharing archives (AppCDS) of the agent and the hub for this machine's JDK and these very jars:
# runs a hub and an agent on loopback for a few seconds (TLS with the hub's own CA, an enrollment token, a few
# samples), lists the classes each one loaded, then dumps each list into an archive. A JVM started with
# -XX:SharedArchiveFile=ARCHIVE maps those classes instead of loading and parsing them: less memory of its own and a
# faster start (bench/agent-footprint.sh measures both). An archive that does not fit the JDK or the jar it is used
# with (a JDK update, a rebuilt jar) is ignored by the JVM, which then loads its classes as usual.
#
# usage: packaging/class-data.sh HUB_JAR AGENT_JAR OUT_DIR
#   writes OUT_DIR/fleetglance-agent.jsa and OUT_DIR/fleetglance-hub.jsa, for the jars at exactly these paths
#   (the archive names the jar it was made from: use the same path when running it).
# Env: AGENT_JAVA_OPTS (default: agent/jvm.options beside this script's checkout, or the flags the agent's units use)
# and HUB_JAVA_OPTS, to which the training hub adds what hub-heap (beside this script) gives a new hub.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 HUB_JAR AGENT_JAR OUT_DIR" >&2
  exit 2
fi
# The paths as given, made absolute but never resolved: the JVM compares them with the path it runs the jar from.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
hub_jar="$(absolute "$1")"
agent_jar="$(absolute "$2")"
out="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
agent_opts="${AGENT_JAVA_OPTS:-$(cat "$here/../agent/jvm.options" 2>/dev/null || echo -XX:+UseSerialGC)}"
hub_opts="${HUB_JAVA_OPTS:-}"

work="$(mktemp -d)"
hub_pid=""
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "class-data.sh: $1; the agent and the hub run without class-data archives (logs: ${2:-none})" >&2
  [ -n "${2:-}" ] && tail -5 "$2" >&2
  exit 1
}

# Two loopback ports nobody listens on (the hub refuses to start if one was taken meanwhile).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  fail "no free loopback port"
}
port="$(free_port)"
ingest="$(free_port)"
# shellcheck disable=SC2086
hub_opts="$(sh "$here/hub-heap" "$work/hub" $hub_opts) $hub_opts"

# shellcheck disable=SC2086 # the JVM options are words
java $hub_opts -XX:DumpLoadedClassList="$work/hub.classlist" -jar "$hub_jar" hub --bind 127.0.0.1 --port "$port" \
  --ingest-port "$ingest" --no-local-agent --state-dir "$work/hub" >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 150); do
  [ -f "$work/hub/hub/ca.pem" ] && (exec 3<>"/dev/tcp/127.0.0.1/$ingest") 2>/dev/null && break
  kill -0 "$hub_pid" 2>/dev/null || fail "the training hub stopped" "$work/hub.log"
  sleep 0.2
done
# shellcheck disable=SC2086
java $agent_opts -XX:DumpLoadedClassList="$work/agent.classlist" -jar "$agent_jar" --hub "127.0.0.1:$ingest" \
  --name class-data-training --period 1 --ca "$work/hub/hub/ca.pem" --token-file "$work/hub/hub/enrollment-token" \
  --state-dir "$work/agent" >"$work/agent.log" 2>&1 &
agent_pid=$!
# A few samples: the Hello, the first acks, gzip once the hub said it takes it, the sampling cycle of every plugin.
for _ in $(seq 100); do
  grep -q "class-data-training" "$work/hub.log" 2>/dev/null && break
  kill -0 "$agent_pid" 2>/dev/null || fail "the training agent stopped" "$work/agent.log"
  sleep 0.2
done
sleep 5
kill -0 "$agent_pid" 2>/dev/null || fail "the training agent stopped" "$work/agent.log"
kill "$agent_pid" "$hub_pid"
wait "$agent_pid" "$hub_pid" 2>/dev/null || true
agent_pid=""
hub_pid=""

mkdir -p "$out"
dump() {
  local list="$1" jar="$2" archive="$3" opts="$4"
  # Classes the list names but the JVM cannot archive (JFR events, generated lambda forms) are skipped: -Xlog off.
  # shellcheck disable=SC2086
  java $opts -Xshare:dump -Xlog:cds=off -Xlog:cds+map=off -XX:SharedClassListFile="$list" \
    -XX:SharedArchiveFile="$archive.tmp" -cp "$jar" >"$work/dump.log" 2>&1 \
    || fail "the JVM could not dump $archive" "$work/dump.log"
  mv -f "$archive.tmp" "$archive"
}
dump "$work/agent.classlist" "$agent_jar" "$out/fleetglance-agent.jsa" "$agent_opts"
dump "$work/hub.classlist" "$hub_jar" "$out/fleetglance-hub.jsa" "$hub_opts"
