#!/usr/bin/env bash
# lab/smoke.sh: runs the lab (docker-compose.yml) for real on this machine with rootful Podman, and checks through the
# hub's REST API that it shows what it promises:
#   - the hub and its three agents ONLINE;
#   - agent-host reports this machine: its host name, its network interfaces, its mounts; the engine's socket answers
#     where it looks for it;
#   - agent-1 and agent-2 report their own containers: their host names and their eth0;
#   - an agent container killed turns OFFLINE and, started again, streams again: nothing dropped, and no more
#     missed than the periods it was down;
#   - an agent cut from the network turns OFFLINE and, connected again, delivers the samples it took meanwhile.
# Everything it makes (containers, network, images, the Podman API service) is removed on exit, whatever happens,
# except the base image, kept under its own tag so that the next run skips debootstrap.
#
# No image registry is needed: the base image is Debian bookworm made with debootstrap from the machine's Debian
# mirror (plus openjdk-17-jre-headless and curl), the jars are the ones `mvn package` builds here, and the images are
# built from the project's Dockerfile (RUNTIME_IMAGE = the base image, JARS = prebuilt) with no network.
# The compose file is brought up by docker-compose (what Docker users run) speaking to Podman's Docker-compatible API:
# podman-compose 1.0.3 ignores `pid:` and cannot start a `network_mode: host` service.
#
# Needs root, podman, docker-compose, debootstrap, curl, python3; runc where crun refuses the machine's cgroups.
# Environment: FLEETGLANCE_LAB_MIRROR (the Debian mirror; default: the one apt uses), FLEETGLANCE_LAB_KEEP=1 (once the
# lab is up, leave it running after the checks, passed or not, and print how to take it down).
# Exit status: 0 all checks passed, 1 a check failed, 2 something this machine lacks (the message says what to
# install), 3 the lab could not be built or started (the message and the logs above it say why).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=0.1.0
hub_jar="$repo/hub/target/fleetglance-hub-$version-all.jar"
agent_jar="$repo/agent/target/fleetglance-agent-$version-all.jar"
# The base image's recipe; its tag changes with it, so a changed recipe builds a new one.
suite=bookworm
packages="openjdk-17-jre-headless,curl"
base_tag="localhost/fleetglance-lab-base:$suite-$(printf '%s' "$suite $packages" | sha256sum | cut -c1-12)"

run_id="fgsmoke$$"
project="$run_id"
label="io.fleetglance.lab.run=$run_id"
hub_image="localhost/fleetglance-hub:$run_id"
agent_image="localhost/fleetglance-agent:$run_id"

say() { printf 'smoke: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
lacks() { say "$*"; exit 2; }
broken() { say "$*"; exit 3; }

# Each step prints how long it took.
step_started=0
step_name=""
step() {
  step_done
  step_name="$1"
  step_started=$(date +%s%N)
  say "-- $step_name"
}
step_done() {
  if [ -n "$step_name" ]; then
    say "   $step_name: $(( ($(date +%s%N) - step_started) / 1000000 )) ms"
  fi
  step_name=""
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every half second until it succeeds, then prints what it printed;
# fails after SECONDS, with what its last try printed.
wait_for() {
  local limit="$1" what="$2"
  shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" > "$work/last-try" 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      sed 's/^/    /' "$work/last-try" >&2
      fail "$what: not within ${limit} s"
    fi
    sleep 0.5
  done
  sed 's/^/   /' "$work/last-try" >&2
}

# --- what this machine must have -------------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || lacks "run as root: the lab needs rootful Podman (agent-host reads the host as root)"
for tool in podman:podman docker-compose:docker-compose debootstrap:debootstrap curl:curl python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 \
    || lacks "${tool%%:*} not installed: apt-get install -y ${tool#*:}"
done

work="$(mktemp -d /tmp/fleetglance-smoke.XXXXXX)"
service_pid=""
health_pid=""
compose_args=()

logs_of_failure() {
  local name
  for name in $(podman ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}}' 2>/dev/null); do
    say "last log lines of $name:"
    podman logs --tail 30 "$name" 2>&1 | sed 's/^/    /' >&2 || true
  done
}

teardown() {
  local status=$?
  step_done
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ]; then
    logs_of_failure
  fi
  if [ "${FLEETGLANCE_LAB_KEEP:-}" = 1 ] && [ ${#compose_args[@]} -gt 0 ]; then
    say "left running: the hub is $api; CONTAINERS_CONF=$CONTAINERS_CONF DOCKER_HOST=$DOCKER_HOST" \
        "docker-compose ${compose_args[*]} down --volumes && podman rmi $hub_image $agent_image" \
        "&& kill $service_pid $health_pid && rm -r $work"
    [ "$status" -eq 0 ] && say "all checks passed"
    exit "$status"
  fi
  step "tear down"
  [ -n "$health_pid" ] && kill "$health_pid" 2>/dev/null || true
  if [ ${#compose_args[@]} -gt 0 ]; then
    timeout 120 docker-compose "${compose_args[@]}" down --volumes --remove-orphans --timeout 5 >/dev/null 2>&1 \
      || say "docker-compose down failed; removing the run's containers and network by their labels"
  fi
  # Whatever compose left (or made before failing), by this run's project label only.
  podman ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman network ls -q --filter "label=com.docker.compose.project=$project" | xargs -r podman network rm -f \
    >/dev/null 2>&1 || true
  podman volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r podman volume rm -f \
    >/dev/null 2>&1 || true
  podman images -q --filter "label=$label" | sort -u | xargs -r podman rmi -f >/dev/null 2>&1 || true
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null || true
  rm -rf "$work"
  step_done
  if [ "$status" -eq 0 ]; then
    say "all checks passed"
  fi
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# Podman's defaults that this kind of machine refuses: its default ulimits, and crun on hybrid cgroups.
{
  printf '[containers]\ndefault_ulimits = []\n'
  if command -v runc >/dev/null 2>&1; then
    printf '[engine]\nruntime = "runc"\n'
  fi
} > "$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"

# --- the base image ----------------------------------------------------------------------------------------------------
step "base image $base_tag"
if podman image exists "$base_tag"; then
  say "   cached"
else
  mirror="${FLEETGLANCE_LAB_MIRROR:-}"
  if [ -z "$mirror" ]; then
    # The mirror apt uses for Debian itself (one-line or deb822 sources).
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
      | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)"
  fi
  [ -n "$mirror" ] || lacks "no Debian mirror found in /etc/apt/sources.list*: set FLEETGLANCE_LAB_MIRROR"
  say "   debootstrap $suite from $mirror"
  if ! timeout 900 debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" "$mirror" \
      > "$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    broken "debootstrap failed (log above): is $mirror reachable?"
  fi
  # Package caches and lists are not needed at run time.
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/cache/apt/*.bin "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import -q --change 'CMD ["/bin/bash"]' \
    --change 'LABEL io.fleetglance.lab=base' - "$base_tag" >/dev/null \
    || broken "podman import of the base image failed"
  rm -rf "$work/rootfs"
fi
out="$(podman run --rm --network none "$base_tag" java -version 2>&1)" || {
  printf '%s\n' "$out" >&2
  case "$out" in
    *"cgroups in hybrid mode"*) lacks "crun refuses this machine's cgroups: apt-get install -y runc" ;;
    *) broken "a container of the base image does not run (message above)" ;;
  esac
}

# --- the jars and the images ----------------------------------------------------------------------------------------
step "jars"
if [ ! -f "$hub_jar" ] || [ ! -f "$agent_jar" ] || [ -n "$(find "$repo/pom.xml" "$repo"/{proto,common,agent,hub}/pom.xml \
    "$repo"/{proto,common,agent,hub}/src/main -newer "$hub_jar" -print -quit 2>/dev/null)" ] \
    || [ -n "$(find "$repo/pom.xml" "$repo"/{proto,common,agent}/pom.xml "$repo"/{proto,common,agent}/src/main \
    -newer "$agent_jar" -print -quit 2>/dev/null)" ]; then
  command -v mvn >/dev/null 2>&1 || lacks "the jars are missing or stale and Maven is not installed: apt-get install -y maven"
  say "   mvn -B -o -DskipTests package"
  (cd "$repo" && mvn -B -o -q -DskipTests package) || broken "mvn package failed"
else
  say "   up to date"
fi
mkdir -p "$work/context"
cp "$hub_jar" "$work/context/fleetglance-hub.jar"
cp "$agent_jar" "$work/context/fleetglance-agent.jar"
cp "$repo/agent/jvm.options" "$work/context/agent-jvm.options"
cp "$repo/packaging/class-data.sh" "$work/context/class-data.sh"
cp "$repo/packaging/hub-heap" "$work/context/hub-heap"

step "images from the Dockerfile"
for target in hub agent; do
  image="$hub_image"
  [ "$target" = agent ] && image="$agent_image"
  timeout 600 podman build --network none --layers=false --format docker --label "$label" \
    --build-arg RUNTIME_IMAGE="$base_tag" --build-arg JARS=prebuilt \
    --target "$target" -t "$image" -f "$repo/Dockerfile" "$work/context" > "$work/build-$target.log" 2>&1 || {
    tail -n 30 "$work/build-$target.log" >&2
    broken "the $target image does not build from the Dockerfile (log above)"
  }
done
# Each image maps the classes of its class-data archive: -Xshare:on makes the JVM refuse an archive that does not
# fit the image's JDK or jar, where a normal start would quietly parse every class.
for target in hub agent; do
  image="$hub_image"
  [ "$target" = agent ] && image="$agent_image"
  podman run --rm --network none --entrypoint java "$image" -Xshare:on \
    -XX:SharedArchiveFile="/opt/fleetglance/fleetglance-$target.jsa" -cp "/opt/fleetglance/fleetglance-$target.jar" \
    -version > "$work/class-data-$target.log" 2>&1 || {
    cat "$work/class-data-$target.log" >&2
    broken "the $target image's class-data archive does not fit its JDK and jar"
  }
done
say "   both images map their class-data archives"

# --- the lab up ----------------------------------------------------------------------------------------------------------
step "Podman API and lab up"
# A free port for each of the hub's ports: never a port that another program holds on this machine.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
export FLEETGLANCE_PORT FLEETGLANCE_INGEST_PORT
FLEETGLANCE_PORT="$(free_port)"
FLEETGLANCE_INGEST_PORT="$(free_port)"
while [ "$FLEETGLANCE_INGEST_PORT" = "$FLEETGLANCE_PORT" ]; do FLEETGLANCE_INGEST_PORT="$(free_port)"; done
api="http://127.0.0.1:$FLEETGLANCE_PORT"
export FLEETGLANCE_PUBLISH=127.0.0.1
export FLEETGLANCE_TOKEN
FLEETGLANCE_TOKEN="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export FLEETGLANCE_ENGINE_SOCKET="$work/podman.sock"
export DOCKER_HOST="unix://$work/podman.sock"

podman system service --time=0 "$DOCKER_HOST" > "$work/podman-service.log" 2>&1 &
service_pid=$!
wait_for 30 "Podman's API service on $work/podman.sock" curl -fsS -o /dev/null --unix-socket "$work/podman.sock" http://d/_ping

# The images this run built, under the names the compose file gives them.
cat > "$work/images.yml" <<YAML
services:
  hub:
    image: $hub_image
  agent-host:
    image: $agent_image
  agent-1:
    image: $agent_image
  agent-2:
    image: $agent_image
YAML
compose_args=(-p "$project" -f "$repo/docker-compose.yml" -f "$work/images.yml")
hub_container="${project}_hub_1"
# The multi-hub profile needs PostgreSQL's public image, which this run does not pull: its services are checked as
# compose reads them, not run (MultiHubTest runs three hubs on a real PostgreSQL).
FLEETGLANCE_STORE_PASSWORD=check docker-compose "${compose_args[@]}" --profile multi-hub config -q \
  || broken "docker-compose.yml's multi-hub profile does not parse"

# Podman runs health checks from systemd timers; where systemd is not running, this loop does what they would.
if [ "$(ps -p 1 -o comm= 2>/dev/null)" != systemd ]; then
  (while sleep 2; do podman healthcheck run "$hub_container" >/dev/null 2>&1 || true; done) &
  health_pid=$!
fi
timeout 300 docker-compose "${compose_args[@]}" up -d --no-build > "$work/up.log" 2>&1 || {
  cat "$work/up.log" >&2
  broken "docker-compose up failed (output above)"
}

# --- the checks ----------------------------------------------------------------------------------------------------------
host_name="$(hostname)"
export api host_name

# check.py WHAT...: one check of the hub's answers (see lab/check.py), exit 0 when it holds.
check() { python3 "$repo/lab/check.py" "$@"; }

step "hub healthy"
wait_for 120 "the hub answering /api/4/status on 127.0.0.1:$FLEETGLANCE_PORT" curl -fsS -o /dev/null "$api/api/4/status"
wait_for 60 "the hub's health check (on its configured port $FLEETGLANCE_PORT) passing" \
  sh -c "podman healthcheck run $hub_container || [ \"\$(podman inspect -f '{{.State.Health.Status}}' $hub_container)\" = healthy ]"

step "three agents ONLINE"
wait_for 180 "$host_name, container-1 and container-2 ONLINE in /api/4/serverslist" \
  check online "$host_name" container-1 container-2
check describe >&2

step "agent-host reports this machine"
# Its interfaces, its mounts (the real root's, not the container's), as this machine sees them.
ls /sys/class/net > "$work/host-interfaces"
cat /proc/1/mounts > "$work/host-mounts"
wait_for 30 "agent-host reporting this machine" check host "$host_name" "$work/host-interfaces" "$work/host-mounts"
# The engine's socket, mounted read-only, answers at the path the agent asks (Docker's, under its root /host).
wait_for 30 "the engine's socket answering in agent-host at /host/var/run/docker.sock" \
  podman exec "${project}_agent-host_1" curl -fsS -o /dev/null --unix-socket /host/var/run/docker.sock http://engine/_ping

step "agent-1 and agent-2 report their containers"
for service in agent-1 agent-2; do
  container="${project}_${service}_1"
  name="container-${service#agent-}"
  hn="$(podman inspect -f '{{.Config.Hostname}}' "$container")"
  wait_for 30 "$name reporting its own container" check container "$name" "$hn"
done

step "agent-1 killed: OFFLINE"
agent1="${project}_agent-1_1"
before="$(check counters container-1)"
say "   before: $before"
podman kill --signal KILL "$agent1" >/dev/null
killed_at=$(date +%s)
wait_for 30 "container-1 OFFLINE after its container was killed" check status container-1 OFFLINE

step "agent-1 started again: ONLINE, nothing lost"
# A killed container under `restart: unless-stopped` may already be starting again; start it if it is not.
podman start "$agent1" >/dev/null 2>&1 || true
wait_for 90 "container-1 ONLINE again" check status container-1 ONLINE
down=$(( $(date +%s) - killed_at ))
wait_for 30 "container-1 streaming again (last_seq growing)" check streams container-1
after="$(check counters container-1)"
say "   after: $after (down about $down s)"
# Its spool comes back with it: nothing is dropped, and only the periods it was down, when it took no sample, count
# as missed.
check restart-gap "$before" "$after" "$down" \
  || fail "container-1 lost samples across its restart: $before then $after, down about $down s"

step "agent-2 cut from the network: OFFLINE"
agent2="${project}_agent-2_1"
network="${project}_default"
before="$(check counters container-2)"
say "   before: $before"
podman network disconnect "$network" "$agent2" >/dev/null
cut_at=$(date +%s)
wait_for 30 "container-2 OFFLINE once cut from the network" check status container-2 OFFLINE
# Long enough for the agent to keep a few samples (one every 2 s) for the hub.
sleep_until=$(( cut_at + 10 ))
while [ "$(date +%s)" -lt "$sleep_until" ]; do sleep 1; done

step "agent-2 connected again: the samples of the outage delivered"
podman network connect --alias agent-2 "$network" "$agent2" >/dev/null
outage=$(( $(date +%s) - cut_at ))
# The agent notices its dead stream by its keepalive (up to 50 s), then sends what the hub did not acknowledge.
wait_for 120 "container-2 ONLINE again" check status container-2 ONLINE
wait_for 60 "container-2's samples of the outage ($outage s) delivered, none missed" \
  check caught-up container-2 "$before" $(( outage / 2 - 2 ))
say "   after: $(check counters container-2) (cut for $outage s)"
step_done
