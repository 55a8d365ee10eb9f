#!/usr/bin/env bash
# Prints how long an agent's connection to a hub on loopback takes to open: TCP alone (--insecure), and TCP plus the
# TLS 1.3 handshake with ALPN h2 through the agent's JDK client, verified against the hub's pinned fingerprint.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am verify -Dtest=TlsHandshakeBenchmark -Dfg.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfg.redirectTestOutput=false | grep -o 'BENCH.*'
