#!/usr/bin/env bash
# Creates the Secrets the service needs in the current kubectl namespace, once. Existing Secrets are
# left alone: a new webhook key would make the sealed webhook secrets unreadable, a new session key
# signs everybody out, a new audit signing key needs the old public key in REVIEW_AUDIT_TRUSTED_KEYS.
#
#   deploy/k8s/create-secrets.sh /path/to/sso-public-key.pem
#
# Keys are generated here (openssl) and go straight to the cluster; nothing is written to disk
# except a temporary file for the audit key, in a private directory removed on exit.
set -euo pipefail
jwt_public_key=${1:?usage: create-secrets.sh <public key of the single sign-on, PEM>}
[ -r "$jwt_public_key" ] || { echo "cannot read $jwt_public_key" >&2; exit 1; }
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

exists() { kubectl get secret "$1" >/dev/null 2>&1; }

# REVIEW_SESSION_KEY, REVIEW_AUDIT_SIGNING_KEY, REVIEW_WEBHOOK_KEY
if ! exists review-keys; then
  openssl genpkey -algorithm ed25519 -out "$tmp/audit-signing.pem"
  kubectl create secret generic review-keys \
    --from-literal=session-key="$(openssl rand -base64 48 | tr -d '\n')" \
    --from-literal=webhook-key="$(openssl rand -base64 32 | tr -d '\n')" \
    --from-file=audit-signing-key="$tmp/audit-signing.pem"
  echo "审计检查点公钥（请另行保存，用于离线验证）："
  openssl pkey -in "$tmp/audit-signing.pem" -pubout
fi

# the application role's login: CloudNativePG sets it on review_app, the service connects with it
if ! exists review-db-app-role; then
  kubectl create secret generic review-db-app-role --type=kubernetes.io/basic-auth \
    --from-literal=username=review_app \
    --from-literal=password="$(openssl rand -base64 33 | tr -d '\n/+=')"
  kubectl label secret review-db-app-role cnpg.io/reload=true
fi

# bearer tokens: the single sign-on's public key (not secret, but mounted like the others)
if ! exists review-jwt; then
  kubectl create secret generic review-jwt --from-file=public.pem="$jwt_public_key"
fi
echo "完成：review-keys、review-db-app-role、review-jwt。数据库所有者的口令由 CloudNativePG 生成（review-db-app）。"
