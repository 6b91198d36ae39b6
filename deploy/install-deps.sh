#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing Toward need, and
# nothing from anywhere else. Idempotent: installs only what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libprotobuf-dev protobuf-compiler libssl-dev openssl
  libsqlite3-dev sqlite3 libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libedit-dev
  libhowardhinnant-date-dev tzdata
  clang-format curl ca-certificates
  clang libclang-rt-14-dev
  caddy nginx systemd
)
# clang and libclang-rt-14-dev (its libFuzzer and sanitizer runtimes) build
# the fuzz targets of deploy/fuzz.sh.
# caddy and nginx are here for the proxy tests (tests/deploy): when this
# script installs them, their own services are stopped and disabled again so
# they do not take ports 80 and 443. A server that uses one as its proxy
# enables it (docs/SELF_HOSTING.md).
test_only_services=(caddy nginx)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: every package is installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

if [ -d /run/systemd/system ]; then
  for service in "${test_only_services[@]}"; do
    if [[ " ${missing[*]} " == *" $service "* ]]; then
      $sudo systemctl disable --now "$service.service" >/dev/null 2>&1 || true
      echo "install-deps: $service is installed for the tests; its service is disabled"
    fi
  done
fi
