#!/usr/bin/env bash
# bench/store-commit.sh [HOSTS]: what one group commit of HOSTS samples (default 1000, ~100 history points each)
# costs the embedded SQLite store and the PostgreSQL store alone (no hub, no network), three runs each; PostgreSQL is
# a throwaway cluster the benchmark starts with Debian's initdb/pg_ctl.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl hub -am test -Dtest=StoreCommitBenchmark -Dfg.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfg.redirectTestOutput=false -Dbench.hosts="${1:-1000}" | grep -o 'BENCH.*'
