#!/usr/bin/env python3
"""One check of what the lab's hub answers, for lab/smoke.sh: exits 0 when it holds, 1 (saying why) when not.

The hub is at $api (http://127.0.0.1:PORT). Checks:
  online NAME...                      every NAME is ONLINE in /api/4/serverslist
  status NAME STATUS                  NAME's status is STATUS
  describe                            prints every host: name status last_seq missed_samples
  host NAME IFACES MOUNTS             NAME (agent-host) reports this machine: its host name, interfaces that are this
                                      machine's (IFACES: `ls /sys/class/net`) including the default route's, and
                                      mounts of this machine's root (MOUNTS: /proc/1/mounts) including /
  container NAME HOSTNAME             NAME reports its own container: host name HOSTNAME, eth0 and nothing of the host
  counters NAME                       prints NAME's last_seq, missed_samples, dropped_samples as JSON
  streams NAME                        NAME's last_seq grows within 3 of its sample periods
  no-gap BEFORE AFTER [NEW]           the counters AFTER a restart or an outage show no sample missed or dropped since
  restart-gap BEFORE AFTER DOWN_S     after a killed agent's restart: nothing dropped, and no more missed than the
                                      sample periods (2 s) in the DOWN_S seconds it was down
                                      BEFORE and, with NEW, at least NEW more samples (those taken during an outage)
  caught-up NAME BEFORE NEW           no-gap BEFORE (NAME's counters now) NEW
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

API = os.environ.get("api", "http://127.0.0.1:61208")


def get(path):
    try:
        with urllib.request.urlopen(API + path, timeout=5) as answer:
            return json.load(answer)
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise Failed(f"GET {path}: {e}")


class Failed(Exception):
    pass


def servers():
    return {s.get("name"): s for s in get("/api/4/serverslist")}


def server(name):
    found = servers().get(name)
    if found is None:
        raise Failed(f"{name} is not in /api/4/serverslist")
    return found


def online(*names):
    fleet = servers()
    missing = [n for n in names if fleet.get(n, {}).get("status") != "ONLINE"]
    if missing:
        raise Failed("not ONLINE: " + ", ".join(f"{n} ({fleet.get(n, {}).get('status', 'absent')})" for n in missing))


def status(name, wanted):
    got = server(name).get("status")
    if got != wanted:
        raise Failed(f"{name} is {got}, not {wanted}")


def describe():
    print("; ".join(f"{n} {s.get('status')} seq={s.get('last_seq')} missed={s.get('missed_samples')}"
                    for n, s in sorted(servers().items())))


def plugin(name, plugin_name):
    return get(f"/hosts/{name}/api/4/{plugin_name}")


def default_route_interfaces():
    """The interfaces of this machine's default routes, from /proc/net/route (destination 00000000)."""
    with open("/proc/net/route") as routes:
        return {line.split()[0] for line in list(routes)[1:] if line.split()[1] == "00000000"}


def host(name, ifaces_file, mounts_file):
    system = plugin(name, "system")
    with open("/proc/sys/kernel/hostname") as f:
        real_name = f.read().strip()
    if system.get("hostname") != real_name:
        raise Failed(f"{name}'s system.hostname is {system.get('hostname')!r}, this machine is {real_name!r}")

    with open(ifaces_file) as f:
        machine_ifaces = set(f.read().split())
    reported = {i.get("interface_name") for i in plugin(name, "network")}
    if not reported:
        raise Failed(f"{name} reports no network interface")
    foreign = reported - machine_ifaces
    if foreign:
        raise Failed(f"{name} reports interfaces this machine does not have: {sorted(foreign)}")
    missing = default_route_interfaces() - reported
    if missing:
        raise Failed(f"{name} does not report this machine's default route interface {sorted(missing)}")

    with open(mounts_file) as f:
        machine_mounts = {line.split()[1]: line.split()[0] for line in f if len(line.split()) > 2}
    fs = plugin(name, "fs")
    points = {m.get("mnt_point"): m.get("device_name") for m in fs}
    if "/" not in points:
        raise Failed(f"{name} does not report the root file system: {sorted(points)}")
    foreign = [p for p in points if p not in machine_mounts]
    if foreign:
        raise Failed(f"{name} reports mount points this machine's root does not have: {foreign}")
    if machine_mounts["/"] not in ("/dev/root", "rootfs") and points["/"] != machine_mounts["/"]:
        raise Failed(f"{name} says / is {points['/']}, this machine's / is {machine_mounts['/']}")

    print(f"{name}: hostname {real_name}, interfaces {sorted(reported)}, file systems {sorted(points)}")


def container(name, hostname):
    system = plugin(name, "system")
    if system.get("hostname") != hostname:
        raise Failed(f"{name}'s system.hostname is {system.get('hostname')!r}, its container's is {hostname!r}")
    reported = {i.get("interface_name") for i in plugin(name, "network")}
    if "eth0" not in reported or not reported <= {"eth0", "lo"}:
        raise Failed(f"{name} reports interfaces {sorted(reported)}, its container has eth0 (and lo)")
    points = {m.get("mnt_point") for m in plugin(name, "fs")}
    print(f"{name}: hostname {hostname}, interfaces {sorted(reported)}, file systems {sorted(points)}")


def counters(name):
    s = server(name)
    print(json.dumps({k: s.get(k) for k in ("last_seq", "missed_samples", "dropped_samples")}))


def streams(name):
    first = server(name).get("last_seq", 0)
    deadline = time.monotonic() + 3 * 2 + 1
    while time.monotonic() < deadline:
        if server(name).get("last_seq", 0) > first:
            return
        time.sleep(0.5)
    raise Failed(f"{name}'s last_seq stays at {first}")


def no_gap(before, after, new=None):
    b, a = json.loads(before), json.loads(after)
    if a["missed_samples"] != b["missed_samples"] or a["dropped_samples"] != b["dropped_samples"]:
        raise Failed(f"missed/dropped went from {b} to {a}")
    # An agent process that restarted counts its seqs from 1 again; one that was cut off continues them.
    if new is not None and a["last_seq"] < b["last_seq"] + int(new):
        raise Failed(f"last_seq went from {b['last_seq']} to {a['last_seq']}: fewer than {new} new samples")


def restart_gap(before, after, down_seconds, period_seconds="2"):
    """An agent killed and started again resends its spool; only the periods it was down, when it took no sample,
    may show as missed (as they truly happened), and nothing as dropped."""
    b, a = json.loads(before), json.loads(after)
    if a["dropped_samples"] != b["dropped_samples"]:
        raise Failed(f"dropped went from {b} to {a}")
    allowed = int(float(down_seconds) / float(period_seconds)) + 1
    if a["missed_samples"] - b["missed_samples"] > allowed:
        raise Failed(f"missed went from {b} to {a}: more than the {allowed} periods it was down ({down_seconds} s)")


def caught_up(name, before, new):
    s = server(name)
    no_gap(before, json.dumps({k: s.get(k) for k in ("last_seq", "missed_samples", "dropped_samples")}), new)


CHECKS = {"online": online, "status": status, "describe": describe, "host": host, "container": container,
          "counters": counters, "streams": streams, "no-gap": no_gap, "restart-gap": restart_gap,
          "caught-up": caught_up}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        CHECKS[sys.argv[1]](*sys.argv[2:])
    except Failed as e:
        print(f"check {sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(1)
