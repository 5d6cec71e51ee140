#!/usr/bin/env bash
# Runs on a web host (as root, with the host's instance role): gives every service container
# the credentials of its own IAM role and nothing else. For each "service=role-arn" line of
# service-roles it assumes that role (STS AssumeRole, one hour: role chaining's limit) and
# writes aws/<service>/credentials.json in the SDKs' `credential_process` format, next to an
# aws/<service>/config whose credential_process prints it. Only that service's container
# mounts aws/<service> (docker-compose.prod.yml), read-only; the containers cannot use the
# instance role itself (IMDSv2 hop limit 1). remote-deploy.sh runs this before a release
# starts and installs dread-credentials.timer, which runs it every 5 minutes.
set -euo pipefail
cd "$(dirname "$0")"
[ -s service-roles ] || { echo "no service-roles file (written by remote-deploy.sh)" >&2; exit 1; }
umask 077
host=$(hostname -s)

# The file reports an expiry 30 minutes out although the session lasts 60: the SDKs refresh
# 15 minutes before the reported expiry, so a container never signs (a presigned URL lives
# no longer than the credentials that signed it) with less than 45 minutes left, and the file
# it re-reads is at most 5 minutes old.
reported_expiry=$(date -u -d '+30 minutes' +%Y-%m-%dT%H:%M:%SZ)

while IFS='=' read -r service arn; do
  [ -n "$service" ] || continue
  [[ "$service" =~ ^[a-z]+$ && "$arn" =~ ^arn:aws[a-z-]*:iam::[0-9]{12}:role/ ]] \
    || { echo "bad service-roles line: $service=$arn" >&2; exit 1; }
  dir="aws/$service"
  mkdir -p "$dir"
  aws sts assume-role --role-arn "$arn" --role-session-name "$service-$host" \
    --duration-seconds 3600 --query Credentials --output json \
    | jq --arg expiry "$reported_expiry" '{Version: 1, AccessKeyId, SecretAccessKey,
        SessionToken, Expiration: $expiry}' > "$dir/credentials.json.new"
  printf '[default]\ncredential_process = cat /run/dread/aws/credentials.json\n' > "$dir/config"
  chown 10001:10001 "$dir" "$dir/config" "$dir/credentials.json.new"
  chmod 0500 "$dir" && chmod 0400 "$dir/config" "$dir/credentials.json.new"
  # rename, not rewrite: a container reading the file sees the old or the new one, whole
  mv -f "$dir/credentials.json.new" "$dir/credentials.json"
done < service-roles
