#!/usr/bin/env bash
# Runs the benchmarks of docs/BENCHMARKS.md on this machine: builds the
# release preset, and for each benchmark starts a fresh toward-server (or the
# echo baseline) in a temporary directory with the limits raised, runs
# toward-bench against it over TLS on loopback, and stops it.
#
#   deploy/bench.sh [all|throughput|latency|connections|baseline|micro]...
#
# Results go to stdout (tables) and, one JSON object per line, to
# RESULTS_DIR/DATE-HOST.jsonl. Settings come from the environment:
#   PAIRS=50 WINDOW=8 PAYLOAD=200 DURATION=10 WARMUP=2 RATE=5000 COUNT=10000
#   HOLD=10 BENCH_THREADS=1 SERVER_THREADS=0 (automatic) SYNCHRONOUS=full
#   BASELINE_THREADS="0 1" (the echo baseline runs once per value)
#   BUILD_JOBS=1 (raise it on an idle machine) RESULTS_DIR=build/bench-results
#   BUILD_DIR=build/release NO_BUILD= (1: use the binaries already in BUILD_DIR,
#   e.g. to compare two builds of the same commit)
#   TMPDIR (where the server's data and the micro-benchmarks' SQLite files go:
#   put it on the disk under test)
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-50}
WINDOW=${WINDOW:-8}
PAYLOAD=${PAYLOAD:-200}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
RATE=${RATE:-5000}
COUNT=${COUNT:-10000}
HOLD=${HOLD:-10}
BENCH_THREADS=${BENCH_THREADS:-1}
SERVER_THREADS=${SERVER_THREADS:-0}
BASELINE_THREADS=${BASELINE_THREADS:-0 1}
SYNCHRONOUS=${SYNCHRONOUS:-full}
BUILD_JOBS=${BUILD_JOBS:-1}
RESULTS_DIR=${RESULTS_DIR:-build/bench-results}

build=${BUILD_DIR:-build/release}
benches=("$@")
if [ ${#benches[@]} -eq 0 ] || [ "${benches[0]}" = all ]; then
  benches=(micro throughput latency connections baseline)
fi

if [ -z "${NO_BUILD:-}" ]; then
  cmake --preset release -B "$build" >/dev/null
  cmake --build "$build" -j"$BUILD_JOBS" \
    --target toward-server toward-bench toward-echo-baseline toward-micro-bench
fi

ulimit -n "$(ulimit -Hn)"  # thousands of connections: the server and the bench
mkdir -p "$RESULTS_DIR"
results="$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-$(hostname -s).jsonl"

# The limits a benchmark from one address must lift: every figure in
# docs/BENCHMARKS.md was measured with exactly these flags.
server_flags=(
  --dev-tls --listen 127.0.0.1:0 --threads "$SERVER_THREADS" --synchronous "$SYNCHRONOUS"
  --scrypt-log2-n 4 --registration open
  --messages-per-second 100000 --message-burst 100000
  --connections-per-address 20000
  --login-attempts-per-minute 1000000 --login-attempts-per-minute-per-address 1000000
  --redeem-attempts-per-minute-per-address 1000000
  --hash-queue 100000 --hash-queue-per-address 100000
)

server_pid=""
server_dir=""
url=""
ca=""

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ -n "$server_dir" ]; then rm -rf "$server_dir"; server_dir=""; fi
}
trap stop_server EXIT

# Starts $1 (server or baseline) in a fresh directory; sets url, ca, server_pid.
start() {
  server_dir=$(mktemp -d)
  local log="$server_dir/log"
  if [ "$1" = server ]; then
    "$build/server/toward-server" --data "$server_dir/data" "${server_flags[@]}" 2>"$log" &
  else
    "$build/bench/toward-echo-baseline" --data "$server_dir/data" --threads "$baseline_threads" \
      >"$log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'wss://[^ ]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  if [ -z "$url" ]; then cat "$log" >&2; echo "bench.sh: $1 did not start" >&2; exit 1; fi
  ca="$server_dir/data/tls/cert.pem"
}

# Runs toward-bench with the arguments given, as a table and into $results.
bench() {
  local json
  json=$("$build/client/bench/toward-bench" "$@" --server "$url" --ca-file "$ca" \
    --server-pid "$server_pid" --threads "$BENCH_THREADS" --json)
  echo "$json" >>"$results"
  echo "$json" | python3 -c 'import json,sys
for k, v in json.load(sys.stdin).items(): print(f"  {k:24} {v}")' 2>/dev/null || echo "$json"
}

echo "date $(date -u +%Y-%m-%dT%H:%MZ)  nproc $(nproc)  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "{\"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\", \"nproc\": $(nproc)}" >>"$results"

for b in "${benches[@]}"; do
  echo
  echo "== $b"
  case "$b" in
    micro)
      "$build/bench/micro/toward-micro-bench" --benchmark_min_time=1
      ;;
    throughput)
      start server
      bench throughput --pairs "$PAIRS" --window "$WINDOW" --payload "$PAYLOAD" \
        --duration "$DURATION" --warmup "$WARMUP"
      stop_server
      ;;
    latency)
      start server
      bench latency --pairs "$PAIRS" --rate "$RATE" --payload "$PAYLOAD" \
        --duration "$DURATION" --warmup "$WARMUP"
      stop_server
      ;;
    connections)
      start server
      bench connections --count "$COUNT" --duration "$HOLD"
      stop_server
      ;;
    baseline)
      # The same closed loop as `throughput`: as many connections, window and
      # payload. Once per thread count: the ceiling is the best of them.
      for baseline_threads in $BASELINE_THREADS; do
        echo "-- echo baseline, --threads $baseline_threads (0: one per core)"
        start baseline
        bench raw-echo --connections $((2 * PAIRS)) --window "$WINDOW" --payload "$PAYLOAD" \
          --duration "$DURATION" --warmup "$WARMUP"
        stop_server
      done
      ;;
    *)
      echo "bench.sh: unknown benchmark '$b'" >&2
      exit 2
      ;;
  esac
done
echo
echo "results: $results"
