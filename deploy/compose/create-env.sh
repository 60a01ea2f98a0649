#!/usr/bin/env bash
# Writes deploy/.env (mode 0600) with generated database passwords and service keys for
# deploy/compose.yaml, once: an existing file is kept (new keys would sign everybody out and make
# sealed webhook secrets unreadable). Give the single sign-on's public key as the argument.
#
#   deploy/compose/create-env.sh /path/to/sso-public-key.pem
set -euo pipefail
cd "$(dirname "$0")/.."
jwt_public_key=$(realpath "${1:?usage: create-env.sh <public key of the single sign-on, PEM>}")
if [ -e .env ]; then
  echo "deploy/.env 已存在，未改动" >&2
  exit 0
fi
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl genpkey -algorithm ed25519 -outform DER -out "$tmp/audit.der"
{
  echo "REVIEW_DB_SUPERUSER_PASSWORD=$(openssl rand -hex 24)"
  echo "REVIEW_DB_OWNER_PASSWORD=$(openssl rand -hex 24)"
  echo "REVIEW_DB_APP_PASSWORD=$(openssl rand -hex 24)"
  echo "REVIEW_SESSION_KEY=$(openssl rand -hex 32)"
  echo "REVIEW_WEBHOOK_KEY=$(openssl rand -base64 32 | tr -d '\n')"
  echo "REVIEW_AUDIT_SIGNING_KEY=$(base64 -w0 "$tmp/audit.der")"
  echo "REVIEW_JWT_PUBLIC_KEY_FILE=$jwt_public_key"
} > .env
echo "已生成 deploy/.env（0600）。审计检查点公钥（请另行保存）："
openssl pkey -inform DER -in "$tmp/audit.der" -pubout
