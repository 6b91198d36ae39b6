#!/usr/bin/env bash
# Builds every libFuzzer target (the fuzz preset: clang, ASan + UBSan) and
# runs each for SECONDS (default 30) on a copy of its seed corpus under
# tests/fuzz/<target>/, so a run never writes into the checkout. Prints one
# line per target, "target: N runs, 0 crashes", and exits non-zero if any
# target crashed, leaked, timed out or ran out of memory; the input that did
# it is kept and its path printed.
#   ./deploy/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset fuzz >/dev/null
nice cmake --build --preset fuzz

build=build/fuzz/tests/fuzz
work="$(mktemp -d "${TMPDIR:-/tmp}/toward-fuzz.XXXXXX")"
targets=()
for dir in tests/fuzz/*/; do targets+=("$(basename "$dir")"); done

failed=0
for target in "${targets[@]}"; do
  corpus="$work/$target/corpus"
  artifacts="$work/$target/crashes"
  mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz/"$target"/* "$corpus"/
  log="$work/$target/log"
  status=0
  # -rss_limit_mb: libFuzzer's default (2 GiB) is too much beside the other
  # work of a 2-core CI machine; -timeout: one input taking 10 s is a finding.
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    nice "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  crashes="$(find "$artifacts" -type f | wc -l)"
  echo "$target: ${runs:-0} runs, $crashes crashes"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    echo "  exit status $status; log: $log" >&2
    grep -m 5 -E 'ERROR|SUMMARY|runtime error|invariant' "$log" >&2 || true
    find "$artifacts" -type f -printf '  kept: %p\n' >&2
  fi
done

if [ "$failed" -eq 0 ]; then
  rm -rf "$work"
else
  echo "fuzz: a target failed; its logs and inputs are in $work" >&2
fi
exit "$failed"
