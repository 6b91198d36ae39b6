#!/usr/bin/env bash
# Installs what is missing, builds everything (dev preset: warnings are
# errors), and runs every test. With --asan, does the same under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=dev
if [ "${1:-}" = "--asan" ]; then preset=asan; fi

./deploy/install-deps.sh
# Paths relative to the checkout, and the build folder left out of the hash,
# so ccache hits whichever folder the checkout is in.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure -j2
