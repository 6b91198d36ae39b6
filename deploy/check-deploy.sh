#!/usr/bin/env bash
# Checks the files in deploy/ without installing anything:
#   - the shell scripts parse (bash -n / sh -n);
#   - deploy/server.toml.example names every setting of README.md's table, and
#     nothing else;
#   - the systemd units pass `systemd-analyze verify` (skipped, with a note,
#     where systemd-analyze is missing or cannot run, as in some containers).
#
#   deploy/check-deploy.sh [--binary PATH-TO-toward-server]
#
# systemd-analyze checks that ExecStart's program exists: --binary names a
# built toward-server to stand in for /usr/local/bin/toward-server.
set -euo pipefail

binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$(realpath "${2:?--binary needs a path}")"; shift 2 ;;
    *) echo "check-deploy.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

for script in deploy/*.sh tests/deploy/*.sh; do
  pass
  bash -n "$script" || fail "$script does not parse"
done
pass
sh -n deploy/certbot/toward-deploy-hook.sh || fail "the certbot hook does not parse"

# README's configuration table: | `key` | `--flag ...` | default | meaning |
readme_keys="$(grep -oE '^\| `[a-z_.]+` \| `--' README.md | sed -E 's/^\| `([a-z_.]+)`.*/\1/' | sort)"
if [ -z "$readme_keys" ]; then
  fail "found no settings in README.md's configuration table"
fi
# The example: `key = value` lines, commented or not, under [table] headers.
example_keys="$(awk '
  /^\[[a-z_]+\]/ { table = substr($0, 2, index($0, "]") - 2); next }
  /^#? ?[a-z_]+ = / {
    line = $0; sub(/^# ?/, "", line); split(line, parts, " ")
    print (table == "" ? parts[1] : table "." parts[1])
  }' deploy/server.toml.example | sort)"
pass
if [ "$readme_keys" != "$example_keys" ]; then
  fail "deploy/server.toml.example and README.md list different settings:"
  diff <(echo "$readme_keys") <(echo "$example_keys") | sed 's/^/  /' || true
fi

units=(deploy/systemd/toward-server.service deploy/backup/toward-backup.service
       deploy/backup/toward-backup.timer)
if ! command -v systemd-analyze > /dev/null; then
  echo "SKIP: systemd-analyze is not installed (Debian package systemd): units not verified"
else
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  stand_in="${binary:-/bin/true}"
  for unit in "${units[@]}"; do
    sed "s|/usr/local/bin/toward-server|$stand_in|g" "$unit" > "$scratch/$(basename "$unit")"
  done
  # A unit that must pass tells a broken environment from a broken unit.
  printf '[Unit]\nDescription=probe\n[Service]\nExecStart=/bin/true\n' > "$scratch/probe.service"
  if ! systemd-analyze verify "$scratch/probe.service" > "$scratch/probe.log" 2>&1; then
    echo "SKIP: systemd-analyze cannot run here: units not verified"
    sed 's/^/  /' "$scratch/probe.log"
  else
    for unit in "${units[@]}"; do
      pass
      if ! (cd "$scratch" && systemd-analyze verify "$(basename "$unit")") > "$scratch/out" 2>&1 ||
         [ -s "$scratch/out" ]; then
        fail "systemd-analyze verify $unit:"
        sed 's/^/  /' "$scratch/out"
      fi
    done
  fi
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
