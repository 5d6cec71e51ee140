#!/usr/bin/env bash
# Runs on one EC2 host (through SSM): switch to release TAG, keep it only if every service
# becomes ready, otherwise go back to the release that ran before and check that one too.
# usage: remote-deploy.sh TAG REGISTRY PREFIX   (env: AWS_REGION, S3_BUCKET, APP_SECRET)
set -euo pipefail
cd "$(dirname "$0")"
tag=${1:?tag}
registry=${2:?registry}
prefix=${3:?prefix}
: "${S3_BUCKET:?}" "${APP_SECRET:?}"
compose=(docker compose -f docker-compose.prod.yml)
previous=$(cat current-tag 2>/dev/null || true)

# Secrets Manager holds one JSON object: plain values go to a root-only env file, and every
# "signing-key/<kid>" entry (a multi-line PEM, which an env file cannot carry) becomes the
# file secrets/signing-keys/<kid>.pem, readable only by the services' user (uid 10001).
umask 077
secret_json=$(aws secretsmanager get-secret-value --secret-id "$APP_SECRET" \
  --query SecretString --output text)
jq -r 'to_entries[] | select(.key | startswith("signing-key/") | not) | "\(.key)=\(.value)"' \
  <<<"$secret_json" > app.env
{
  echo "S3_BUCKET=$S3_BUCKET"
  echo "DREAD_TABLE_PREFIX=$prefix"
} >> app.env
rm -rf secrets/signing-keys.new && mkdir -p secrets/signing-keys.new
while IFS= read -r kid; do
  [[ "$kid" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "bad signing key id: $kid" >&2; exit 1; }
  jq -r --arg k "signing-key/$kid" '.[$k]' <<<"$secret_json" > "secrets/signing-keys.new/$kid.pem"
done < <(jq -r 'keys[] | select(startswith("signing-key/")) | ltrimstr("signing-key/")' <<<"$secret_json")
chown -R 10001:10001 secrets/signing-keys.new
chmod 0500 secrets/signing-keys.new && chmod 0400 secrets/signing-keys.new/* 2>/dev/null || true
rm -rf secrets/signing-keys && mv secrets/signing-keys.new secrets/signing-keys

aws ecr get-login-password --region "$AWS_REGION" \
  | docker login --username AWS --password-stdin "$registry"

release() {  # release TAG: pull and (re)start that release; non-zero when compose fails
  DREAD_IMAGE_TAG=$1 DREAD_REGISTRY="$registry/$prefix" "${compose[@]}" pull --quiet &&
    DREAD_IMAGE_TAG=$1 DREAD_REGISTRY="$registry/$prefix" "${compose[@]}" up -d --remove-orphans
}

healthy() {  # every service's readyz through this host's NGINX
  local area
  for area in auth profiles courses videos watchlist progress forum; do
    curl -fsS --max-time 3 "http://127.0.0.1/api/$area/readyz" > /dev/null || return 1
  done
}

wait_healthy() {  # up to 5 minutes
  for _ in $(seq 1 60); do
    healthy && return 0
    sleep 5
  done
  return 1
}

if release "$tag" && wait_healthy; then
  echo "$tag" > current-tag
  echo "release $tag is healthy"
  exit 0
fi
echo "release $tag did not become healthy" >&2
if [ -z "$previous" ]; then
  echo "no previous release on this host to go back to" >&2
  exit 1
fi
echo "rolling back to $previous" >&2
if release "$previous" && wait_healthy; then
  echo "rolled back to $previous, which is healthy" >&2
else
  echo "ROLLBACK to $previous is NOT healthy either: this host needs attention" >&2
  exit 2
fi
exit 1
