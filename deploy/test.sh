#!/usr/bin/env bash
# Installs what is missing, builds everything (dev preset: warnings are
# errors), and runs every test. With --asan, does the same under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=dev
if [ "${1:-}" = "--asan" ]; then preset=asan; fi

./deploy/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure -j2
