#!/usr/bin/env bash
# Runs the benchmarks of docs/BENCHMARKS.md on this machine: builds the
# release preset, and for each benchmark starts a fresh toward-server (or the
# echo baseline) in a temporary directory with the limits raised, runs
# toward-bench against it over TLS on loopback, and stops it.
#
#   deploy/bench.sh [all|throughput|latency|connections|baseline|micro|crash]...
#
# `crash` (not part of `all`) is the crash test under load: a saturating
# throughput run with --acked-log, the server killed with SIGKILL after
# KILL_AFTER seconds of load, restarted on the same data directory, and
# `toward-bench verify` (every acked message stored once, in order, caught
# up); CRASH_ROUNDS times on the same store, the log growing. It exits
# non-zero when a check fails.
#
# Results go to stdout (tables) and, one JSON object per line, to
# RESULTS_DIR/DATE-HOST.jsonl. Settings come from the environment:
#   PAIRS=50 WINDOW=8 PAYLOAD=200 DURATION=10 WARMUP=2 RATE=5000 COUNT=10000
#   HOLD=10 BENCH_THREADS=1 SERVER_THREADS=0 (automatic) SYNCHRONOUS=full
#   BASELINE_THREADS="0 1" (the echo baseline runs once per value)
#   BUILD_JOBS=1 (raise it on an idle machine) RESULTS_DIR=build/bench-results
#   KILL_AFTER=20 (crash: seconds of load, after WARMUP, before the kill)
#   CRASH_ROUNDS=1 (crash: kill, restart and verify this many times)
#   CRASH_KEEP= (1: crash keeps its directory: the store, logs, acked log)
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
KILL_AFTER=${KILL_AFTER:-20}
CRASH_ROUNDS=${CRASH_ROUNDS:-1}
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
# With $2 = again: the server once more, on the data directory of the last
# one (after a crash); its log is $server_dir/log.N.
start() {
  if [ "${2:-}" != again ]; then server_dir=$(mktemp -d); fi
  local log="$server_dir/log"
  if [ "${2:-}" = again ]; then log="$server_dir/log.$((++restarts))"; fi
  if [ "$1" = server ]; then
    "$build/server/toward-server" --data "$server_dir/data" "${server_flags[@]}" 2>"$log" &
  else
    "$build/bench/toward-echo-baseline" --data "$server_dir/data" --threads "$baseline_threads" \
      >"$log" 2>&1 &
  fi
  server_pid=$!
  url=""
  for _ in $(seq 3000); do
    url=$(grep -o 'wss://[^ ]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.01
  done
  if [ -z "$url" ]; then cat "$log" >&2; echo "bench.sh: $1 did not start" >&2; exit 1; fi
  ca="$server_dir/data/tls/cert.pem"
  server_log=$log
}
restarts=0

# Prints a JSON object's keys and values as a table.
show() {
  python3 -c 'import json,sys
for k, v in json.load(sys.stdin).items(): print(f"  {k:24} {v}")' 2>/dev/null <<<"$1" || echo "$1"
}

# The crash test under load, CRASH_ROUNDS times on one store (see the header).
crash() {
  start server
  local work="$server_dir/bench" failed=0
  mkdir -p "$work"
  for round in $(seq "$CRASH_ROUNDS"); do
    echo "-- round $round: $PAIRS pairs, window $WINDOW, kill -9 after ${WARMUP}+${KILL_AFTER} s"
    local bench_exit=0 verify_exit=0 json logged
    logged=$(stat -c %s "$work/acked.log" 2>/dev/null || echo 0)
    "$build/client/bench/toward-bench" throughput --server "$url" --ca-file "$ca" \
      --server-pid "$server_pid" --threads "$BENCH_THREADS" --pairs "$PAIRS" --window "$WINDOW" \
      --payload "$PAYLOAD" --warmup "$WARMUP" --duration $((KILL_AFTER + 600)) \
      --data "$work" --acked-log "$work/acked.log" --json >"$work/bench.json" &
    local bench_pid=$!
    # The load starts once the pairs are set up: from this round's first ack.
    until tail -c +$((logged + 1)) "$work/acked.log" 2>/dev/null | grep -c '^ack ' >/dev/null; do
      kill -0 "$bench_pid" 2>/dev/null || break
      sleep 0.05
    done
    sleep "$((WARMUP + KILL_AFTER))"
    local wal_bytes db_bytes
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    wal_bytes=$(stat -c %s "$server_dir/data/toward.db-wal" 2>/dev/null || echo 0)
    db_bytes=$(stat -c %s "$server_dir/data/toward.db")
    wait "$bench_pid" || bench_exit=$?
    json=$(cat "$work/bench.json")
    echo "$json" >>"$results"
    show "$json"

    local spawned_ms listening_ms
    spawned_ms=$(date +%s%3N)
    start server again
    listening_ms=$(date -d "$(grep -m1 'listening on' "$server_log" | cut -d' ' -f1)" +%s%3N)
    json=$("$build/client/bench/toward-bench" verify --server "$url" --ca-file "$ca" \
      --threads "$BENCH_THREADS" --data "$work" --acked-log "$work/acked.log" --json) ||
      verify_exit=$?
    echo "$json" >>"$results"
    show "$json"
    json="{\"benchmark\": \"crash\", \"round\": $round, \"bench_exit\": $bench_exit,"
    json+=" \"wal_bytes_at_kill\": $wal_bytes, \"db_bytes_at_kill\": $db_bytes,"
    json+=" \"restart_to_listening_ms\": $((listening_ms - spawned_ms)), \"verify_exit\": $verify_exit}"
    echo "$json" >>"$results"
    show "$json"
    # 3: the bench saw its connections go, as it should.
    if [ "$bench_exit" -ne 3 ] || [ "$verify_exit" -ne 0 ]; then failed=1; fi
  done
  if [ -n "${CRASH_KEEP:-}" ]; then
    # Keep the store, the server logs and the acked log for a closer look.
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    echo "kept: $server_dir (data/, log*, bench/acked.log)"
    server_dir=""
  fi
  stop_server
  return "$failed"
}

# Runs toward-bench with the arguments given, as a table and into $results.
bench() {
  local json
  json=$("$build/client/bench/toward-bench" "$@" --server "$url" --ca-file "$ca" \
    --server-pid "$server_pid" --threads "$BENCH_THREADS" --json)
  echo "$json" >>"$results"
  show "$json"
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
    crash)
      crash || crash_failed=1
      ;;
    *)
      echo "bench.sh: unknown benchmark '$b'" >&2
      exit 2
      ;;
  esac
done
echo
echo "results: $results"
if [ -n "${crash_failed:-}" ]; then echo "bench.sh: the crash test FAILED" >&2; exit 1; fi
