#!/usr/bin/env bash
# Installs Fleetglance's jars and systemd units from a built checkout (run ./fleetglance hub once, or
# mvn -DskipTests package, first).
#   packaging/install.sh [--root DIR] [--prefix DIR]
#     --root DIR    install under DIR instead of / (packaging, tests); systemd is then left alone
#     --prefix DIR  where the jars go (default /opt/fleetglance)
# Then: put FLEETGLANCE_HUB=HOST:PORT in /etc/fleetglance/agent.env on agents, and
#   systemctl enable --now fleetglance-hub    (or fleetglance-agent)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root=""
prefix=/opt/fleetglance
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

version="$(sed -n 's/^version=//p' "$here/fleetglance")"
# The launcher's installed copies first (built, then renamed into place), else Maven's output.
jar() {
  local name="$1" candidate
  for candidate in "${FLEETGLANCE_JARS:-$here/.fleetglance/jars}/fleetglance-$name.jar" \
      "$here/$name/target/fleetglance-$name-$version-all.jar"; do
    if [ -f "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
  echo "install.sh: no $name jar: build first (./fleetglance hub --help, or mvn -DskipTests package)" >&2
  exit 2
}
hub_jar="$(jar hub)"
agent_jar="$(jar agent)"

# A jar is copied beside its destination and renamed into place: a running service keeps the file it opened.
place() {
  local from="$1" to="$2" mode="$3"
  install -m "$mode" "$from" "$to.new.$$"
  mv -f "$to.new.$$" "$to"
}

install -d -m 0755 "$root$prefix" "$root/etc/systemd/system"
install -d -m 0700 "$root/etc/fleetglance"
place "$hub_jar" "$root$prefix/fleetglance-hub.jar" 0644
place "$agent_jar" "$root$prefix/fleetglance-agent.jar" 0644
place "$here/packaging/hub-heap" "$root$prefix/hub-heap" 0755

hub_opts="-XX:MaxRAMPercentage=50 -Xms16m -XX:+ExitOnOutOfMemoryError"
agent_opts="$(tr -d '\n' < "$here/agent/jvm.options")"
# Class-data archives for the installed jars and this machine's JDK (a hub and an agent run on loopback for a few
# seconds): the services map their classes instead of parsing them. They name the jars' final paths, so an install
# under --root, whose jars move later, gets none; the JVM ignores a missing or outdated archive.
if [ -z "$root" ]; then
  AGENT_JAVA_OPTS="$agent_opts" HUB_JAVA_OPTS="$hub_opts" "$here/packaging/class-data.sh" \
    "$prefix/fleetglance-hub.jar" "$prefix/fleetglance-agent.jar" "$prefix" \
    || echo "install.sh: the services run without class-data archives" >&2
fi
for unit in fleetglance-hub fleetglance-agent; do
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@HUB_JAVA_OPTS@|$hub_opts|g" -e "s|@AGENT_JAVA_OPTS@|$agent_opts|g" \
    "$here/packaging/$unit.service" > "$root/etc/systemd/system/$unit.service.new.$$"
  chmod 0644 "$root/etc/systemd/system/$unit.service.new.$$"
  mv -f "$root/etc/systemd/system/$unit.service.new.$$" "$root/etc/systemd/system/$unit.service"
done

# Settings and secrets: root-only files, kept when they exist.
if [ ! -f "$root/etc/fleetglance/hub.env" ]; then
  install -m 0600 /dev/null "$root/etc/fleetglance/hub.env"
  cat > "$root/etc/fleetglance/hub.env" <<'ENV'
# fleetglance-hub.service settings (root-only: it may hold secrets)
#FLEETGLANCE_HUB_OPTS=--bind 127.0.0.1 --port 61208
#FLEETGLANCE_TOKEN=
#FLEETGLANCE_PASSWORD=
ENV
fi
if [ ! -f "$root/etc/fleetglance/agent.env" ]; then
  install -m 0600 /dev/null "$root/etc/fleetglance/agent.env"
  cat > "$root/etc/fleetglance/agent.env" <<'ENV'
# fleetglance-agent.service settings (root-only: it may hold secrets)
FLEETGLANCE_HUB=hub.example.org:61209
#FLEETGLANCE_TOKEN=
#FLEETGLANCE_AGENT_OPTS=--period 2
ENV
fi

if [ -z "$root" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
echo "install.sh: installed the jars in $root$prefix and the units in $root/etc/systemd/system"
echo "  start the hub:   systemctl enable --now fleetglance-hub"
echo "  start an agent:  set FLEETGLANCE_HUB in /etc/fleetglance/agent.env, then systemctl enable --now fleetglance-agent"
