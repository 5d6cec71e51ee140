#!/usr/bin/env bash
# Runs on one EC2 host (through SSM): switch to release TAG, keep it only if it becomes
# healthy, otherwise go back to the release that ran before and check that one too.
# ROLE "web" runs NGINX and the seven services (compose profile web), each with its own IAM
# role's credentials (service-credentials.sh); "worker" runs only the transcoding worker,
# which uses the worker host's instance role.
# usage: remote-deploy.sh TAG REGISTRY PREFIX ROLE
#   env: AWS_REGION, S3_BUCKET, APP_SECRET; on web hosts SERVICE_ROLES ("auth=<arn> ...")
set -euo pipefail
cd "$(dirname "$0")"
tag=${1:?tag}
registry=${2:?registry}
prefix=${3:?prefix}
role=${4:?role: web or worker}
[[ "$role" == web || "$role" == worker ]] || { echo "unknown role: $role" >&2; exit 1; }
: "${S3_BUCKET:?}" "${APP_SECRET:?}"
previous=$(cat current-tag 2>/dev/null || true)
running_tag=$tag

compose() {  # docker compose on this host's profile, for release $running_tag
  DREAD_IMAGE_TAG=$running_tag DREAD_REGISTRY="$registry/$prefix" \
    docker compose -f docker-compose.prod.yml --profile "$role" "$@"
}

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
if [ "$role" = web ]; then
  # the auth worker's mail goes through Amazon SES: the SMTP URL derived from the send-only
  # user's key pair in the stack's mail secret (ci-cd/iac/mail.py)
  aws secretsmanager get-secret-value --secret-id "$prefix-mail-smtp" \
    --query SecretString --output text | python3 ses-smtp-env.py >> app.env
fi
rm -rf secrets/signing-keys.new && mkdir -p secrets/signing-keys.new
# only auth signs tokens: worker hosts get no signing key at all
kids=$(jq -r 'keys[] | select(startswith("signing-key/")) | ltrimstr("signing-key/")' <<<"$secret_json")
[ "$role" = web ] || kids=""
while IFS= read -r kid; do
  [ -n "$kid" ] || continue
  [[ "$kid" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "bad signing key id: $kid" >&2; exit 1; }
  jq -r --arg k "signing-key/$kid" '.[$k]' <<<"$secret_json" > "secrets/signing-keys.new/$kid.pem"
done <<<"$kids"
chown -R 10001:10001 secrets/signing-keys.new
chmod 0500 secrets/signing-keys.new && chmod 0400 secrets/signing-keys.new/* 2>/dev/null || true
rm -rf secrets/signing-keys && mv secrets/signing-keys.new secrets/signing-keys

if [ "$role" = web ]; then
  # each service's own role, refreshed by a timer between deploys too
  : "${SERVICE_ROLES:?}"
  tr ' ' '\n' <<<"$SERVICE_ROLES" > service-roles
  bash service-credentials.sh
  install -m 0644 dread-credentials.service dread-credentials.timer /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable --now dread-credentials.timer
fi

aws ecr get-login-password --region "$AWS_REGION" \
  | docker login --username AWS --password-stdin "$registry"

release() {  # release TAG: pull and (re)start that release; non-zero when compose fails
  running_tag=$1
  compose pull --quiet && compose up -d --remove-orphans
}

worker_state() {  # "true <start time>" while the worker container runs
  docker inspect -f '{{.State.Running}} {{.State.StartedAt}}' "$(compose ps -q video-worker)"
}

healthy() {  # web: every service's readyz through this host's NGINX; worker: runs, no restart
  local area before
  if [ "$role" = worker ]; then
    before=$(worker_state) || return 1
    sleep 30
    [[ "$before" == "true "* && "$(worker_state)" == "$before" ]]
    return
  fi
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
