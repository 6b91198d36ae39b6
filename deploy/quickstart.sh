#!/usr/bin/env bash
# From a fresh Debian 12 checkout to a running toward-server: installs what is
# missing, builds a release, and serves on 127.0.0.1:8443 with the embedded
# SQLite store in ./toward-data and a development TLS certificate made on the
# first start. Extra arguments go to toward-server (e.g. --listen 0.0.0.0:8443).
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/install-deps.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1  # cache hits whichever folder this is
cmake --preset release >/dev/null
cmake --build --preset release --target toward-server toward

echo
echo "Starting toward-server (Ctrl-C stops it). In another terminal:"
echo "  ./build/release/client/toward --server wss://localhost:8443/v1/ws \\"
echo "      --ca-file toward-data/tls/cert.pem register YOUR-NAME --code CODE"
echo "with the registration code the server logs below (a new data directory"
echo "only: once an account exists, \`toward-server registration-code\` makes one)."
echo
exec ./build/release/server/toward-server --data toward-data --dev-tls --listen 127.0.0.1:8443 \
  --help-resources-file docs/HELP_RESOURCES.txt "$@"
