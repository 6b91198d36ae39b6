#!/usr/bin/env bash
# deploy/install.sh into a temporary root (DESTDIR, --no-systemctl) with the
# binaries already built: every file where it belongs, with its mode, and a
# second run keeps an edited configuration.
#   install_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir="${1:?source directory}"
build_dir="${2:?build directory}"

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_mode() {  # PATH MODE
  checks=$((checks + 1))
  if [ ! -e "$root$1" ]; then fail "$1 is missing"; return; fi
  local mode
  mode="$(stat -c %a "$root$1")"
  [ "$mode" = "$2" ] || fail "$1 has mode $mode, expected $2"
}
expect_line() {  # PATH LINE
  checks=$((checks + 1))
  grep -qxF -- "$2" "$root$1" || fail "$1 lacks the line: $2"
}

run_install() {
  DESTDIR="$root" "$source_dir/deploy/install.sh" --no-systemctl --skip-build \
    --build-dir "$build_dir" --prefix /opt/toward
}

run_install > "$root.log" 2>&1 || { cat "$root.log"; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

expect_mode /opt/toward/bin/toward-server 755
expect_mode /etc/toward 755
expect_mode /etc/toward/server.toml 640
expect_mode /var/lib/toward 700
expect_mode /var/backups/toward 700
expect_mode /etc/systemd/system/toward-server.service 644
expect_mode /etc/systemd/system/toward-backup.service 644
expect_mode /etc/systemd/system/toward-backup.timer 644
expect_mode /opt/toward/share/toward/Caddyfile 644
expect_mode /opt/toward/share/toward/nginx/toward.conf 644
expect_mode /opt/toward/share/toward/certbot-deploy-hook.sh 755
expect_mode /opt/toward/share/doc/toward/SELF_HOSTING.md 644
expect_mode /opt/toward/share/toward/help-resources.txt 644
checks=$((checks + 1))
cmp -s "$source_dir/docs/HELP_RESOURCES.txt" "$root/opt/toward/share/toward/help-resources.txt" ||
  fail "help-resources.txt is not docs/HELP_RESOURCES.txt"

checks=$((checks + 1))
cmp -s "$source_dir/deploy/server.toml.example" "$root/etc/toward/server.toml" ||
  fail "server.toml is not the template"
expect_line /etc/systemd/system/toward-server.service \
  "ExecStart=/opt/toward/bin/toward-server --config /etc/toward/server.toml"
expect_line /etc/systemd/system/toward-server.service 'ExecReload=/bin/kill -HUP $MAINPID'
expect_line /etc/systemd/system/toward-server.service "ReadWritePaths=/var/lib/toward"
checks=$((checks + 1))
grep -q "/opt/toward/bin/toward-server backup --config /etc/toward/server.toml" \
  "$root/etc/systemd/system/toward-backup.service" || fail "the backup unit runs the wrong binary"
checks=$((checks + 1))
"$root/opt/toward/bin/toward-server" --version | grep -q "toward-server" ||
  fail "the installed binary does not run"

# A second run (an upgrade) keeps the administrator's configuration.
echo 'listen = "127.0.0.1:9999"' > "$root/etc/toward/server.toml"
run_install > /dev/null 2>&1 || fail "the second run failed"
expect_line /etc/toward/server.toml 'listen = "127.0.0.1:9999"'

# Unknown options are refused.
checks=$((checks + 1))
if "$source_dir/deploy/install.sh" --frobnicate > /dev/null 2>&1; then
  fail "an unknown option was accepted"
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
