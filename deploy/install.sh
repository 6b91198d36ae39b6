#!/usr/bin/env bash
# Installs toward-server as a systemd service on a Debian 12 machine:
#
#   PREFIX/bin/toward-server (and the console client `toward`, when built)
#   /etc/toward/server.toml          from deploy/server.toml.example, only if absent
#   /var/lib/toward                  the data directory, 0700
#   /var/backups/toward              daily backups, 0700
#   /etc/systemd/system/toward-server.service, toward-backup.{service,timer}
#   PREFIX/share/toward/             Caddy, nginx and certbot examples, and
#                                    help-resources.txt (docs/HELP_RESOURCES.txt,
#                                    what `toward help-resources` shows)
#   PREFIX/share/doc/toward/         SELF_HOSTING.md, PROTOCOL.md
#
# and creates the system user `toward`, then enables (does not start) the
# server and the backup timer. Run as root from the checkout:
#
#   ./deploy/install.sh [--prefix DIR] [--skip-build] [--build-dir DIR] [--no-systemctl]
#
# --prefix DIR      where binaries go (default /usr/local)
# --skip-build      use binaries already built in the build directory
# --build-dir DIR   with --skip-build: where they are (default build/release)
# --no-systemctl    neither create the user nor call systemctl (for packaging
#                   and tests)
# DESTDIR=/some/root installs under that root instead of /; then no user is
# created, nothing is chowned and systemctl is not called.
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
build_dir=""
skip_build=false
use_systemctl=true

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --build-dir) build_dir="${2:?--build-dir needs a directory}"; shift 2 ;;
    --build-dir=*) build_dir="${1#*=}"; shift ;;
    --skip-build) skip_build=true; shift ;;
    --no-systemctl) use_systemctl=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (--help lists them)" >&2; exit 2 ;;
  esac
done

destdir="${DESTDIR:-}"
if [ -n "$destdir" ]; then
  destdir="$(mkdir -p "$destdir" && cd "$destdir" && pwd)"
  use_systemctl=false
fi
[ -n "$build_dir" ] || build_dir="$source_dir/build/release"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac

if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (or set DESTDIR to install into a directory)" >&2
  exit 1
fi

say() { echo "install.sh: $*"; }

if ! $skip_build; then
  say "building the release preset"
  "$source_dir/deploy/install-deps.sh"
  (cd "$source_dir" && cmake --preset release >/dev/null &&
     cmake --build --preset release --target toward-server toward)
  build_dir="$source_dir/build/release"
fi

server_binary="$build_dir/server/toward-server"
client_binary="$build_dir/client/toward"
if [ ! -x "$server_binary" ]; then
  echo "install.sh: no toward-server in $build_dir (build it, or drop --skip-build)" >&2
  exit 1
fi

# Runs `install` with owner options only where ownership can be given.
owner_of_toward=()
if [ -z "$destdir" ] && $use_systemctl; then
  if ! getent passwd toward >/dev/null; then
    say "creating the system user toward"
    useradd --system --user-group --home-dir /var/lib/toward --no-create-home \
      --shell /usr/sbin/nologin --comment "Toward relay server" toward
  fi
  owner_of_toward=(-o toward -g toward)
fi

bin_dir="$destdir$prefix/bin"
share_dir="$destdir$prefix/share/toward"
doc_dir="$destdir$prefix/share/doc/toward"
etc_dir="$destdir/etc/toward"
unit_dir="$destdir/etc/systemd/system"

say "installing binaries into $bin_dir"
install -d -m 0755 "$bin_dir"
install -m 0755 "$server_binary" "$bin_dir/toward-server"
if [ -x "$client_binary" ]; then
  install -m 0755 "$client_binary" "$bin_dir/toward"
else
  say "no client binary in $build_dir/client: installing the server only"
fi

install -d -m 0755 "$share_dir" "$share_dir/nginx" "$doc_dir"
install -m 0644 "$source_dir/deploy/Caddyfile" "$share_dir/Caddyfile"
install -m 0644 "$source_dir/deploy/nginx/toward.conf" "$share_dir/nginx/toward.conf"
install -m 0644 "$source_dir/deploy/server.toml.example" "$share_dir/server.toml.example"
# The server reads it at each request (help.resources_file); an operator's
# edits there survive, so only a missing file is written.
if [ -e "$share_dir/help-resources.txt" ]; then
  say "keeping the existing $share_dir/help-resources.txt"
else
  install -m 0644 "$source_dir/docs/HELP_RESOURCES.txt" "$share_dir/help-resources.txt"
fi
install -m 0755 "$source_dir/deploy/certbot/toward-deploy-hook.sh" \
  "$share_dir/certbot-deploy-hook.sh"
install -m 0644 "$source_dir/docs/SELF_HOSTING.md" "$source_dir/docs/PROTOCOL.md" "$doc_dir/"

install -d -m 0755 "$etc_dir"
if [ -e "$etc_dir/server.toml" ]; then
  say "keeping the existing $etc_dir/server.toml"
else
  say "writing $etc_dir/server.toml from the template"
  group_of_toward=()
  [ ${#owner_of_toward[@]} -eq 0 ] || group_of_toward=(-g toward)
  install -m 0640 "${group_of_toward[@]}" "$source_dir/deploy/server.toml.example" \
    "$etc_dir/server.toml"
fi

install -d -m 0700 "${owner_of_toward[@]}" "$destdir/var/lib/toward" "$destdir/var/backups/toward"

# The units name the binary by its installed path.
install -d -m 0755 "$unit_dir"
for unit in systemd/toward-server.service backup/toward-backup.service \
            backup/toward-backup.timer; do
  sed "s|/usr/local/bin/toward-server|$prefix/bin/toward-server|g; \
       s|/usr/local/share/doc/toward|$prefix/share/doc/toward|g" \
    "$source_dir/deploy/$unit" > "$unit_dir/$(basename "$unit")"
  chmod 0644 "$unit_dir/$(basename "$unit")"
done

if $use_systemctl; then
  systemctl daemon-reload
  systemctl enable toward-server.service toward-backup.timer
  say "enabled toward-server and toward-backup.timer"
  say "next: edit /etc/toward/server.toml, then: systemctl start toward-server"
else
  say "systemctl not called (--no-systemctl or DESTDIR)"
fi
say "done"
