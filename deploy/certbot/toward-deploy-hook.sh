#!/bin/sh
# certbot deploy hook for a toward-server that terminates TLS itself.
#
# toward-server runs as the unprivileged user `toward`, which cannot read
# /etc/letsencrypt. After each renewal this copies the new chain and key to
# /etc/toward/tls/ (root:toward, 0640), then reloads the server: SIGHUP, new
# connections get the new certificate, open ones stay up.
#
#   certbot certonly --standalone -d chat.example.org \
#       --deploy-hook /usr/local/share/toward/certbot-deploy-hook.sh
set -eu
: "${RENEWED_LINEAGE:?certbot sets RENEWED_LINEAGE for deploy hooks}"
install -d -m 0750 -o root -g toward /etc/toward/tls
# Key first, chain second: the server reloads only after both are in place.
install -m 0640 -o root -g toward "$RENEWED_LINEAGE/privkey.pem" /etc/toward/tls/privkey.pem
install -m 0640 -o root -g toward "$RENEWED_LINEAGE/fullchain.pem" /etc/toward/tls/fullchain.pem
systemctl reload toward-server
