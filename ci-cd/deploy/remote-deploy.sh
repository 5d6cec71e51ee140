#!/usr/bin/env bash
# Runs on the EC2 host (through SSM): switch to release TAG, keep it only if every service
# becomes ready, otherwise go back to the release that ran before.
# usage: remote-deploy.sh TAG REGISTRY PREFIX   (env: AWS_REGION)
set -euo pipefail
cd "$(dirname "$0")"
tag=${1:?tag}
registry=${2:?registry}
prefix=${3:?prefix}
compose=(docker compose -f docker-compose.prod.yml)
previous=$(cat current-tag 2>/dev/null || true)

# Secrets live in Secrets Manager; they reach the containers through a root-only env file.
umask 077
aws secretsmanager get-secret-value --secret-id "${prefix}-app" --query SecretString \
  --output text | jq -r 'to_entries[] | "\(.key)=\(.value)"' > app.env
aws ecr get-login-password --region "$AWS_REGION" \
  | docker login --username AWS --password-stdin "$registry"

release() {
  DREAD_IMAGE_TAG=$1 DREAD_REGISTRY="$registry/$prefix" "${compose[@]}" pull --quiet
  DREAD_IMAGE_TAG=$1 DREAD_REGISTRY="$registry/$prefix" "${compose[@]}" up -d --remove-orphans
}

healthy() {
  local area
  for area in auth profiles courses videos watchlist progress forum; do
    curl -fsS --max-time 3 "http://127.0.0.1/api/$area/readyz" > /dev/null || return 1
  done
}

release "$tag"
for _ in $(seq 1 60); do
  if healthy; then
    echo "$tag" > current-tag
    echo "release $tag is healthy"
    exit 0
  fi
  sleep 5
done

echo "release $tag did not become healthy" >&2
if [ -n "$previous" ]; then
  echo "rolling back to $previous" >&2
  release "$previous"
fi
exit 1
