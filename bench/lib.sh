# Sourced by the benchmarks that start a hub and agents of their own, from the repository root: a state directory
# ($state), the jars built when needed, and every process whose pid is added to $pids ended at exit, the state
# directory removed.
state="$(mktemp -d)"
./fleetglance hub --help >/dev/null   # builds the jars when needed
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
