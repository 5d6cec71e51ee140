#!/usr/bin/env bash
# Deploys release TAG to the EC2 host through SSM Run Command and waits for the verdict.
# The host script pulls the images, restarts, health-checks and rolls back on failure.
# usage: ssm-deploy.sh INSTANCE_ID TAG   (env: AWS_REGION, PREFIX)
set -euo pipefail
instance=${1:?instance id}
tag=${2:?image tag}
prefix=${PREFIX:-dread}
here=$(cd "$(dirname "$0")" && pwd)
account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"
bundle=$(tar -czf - -C "$here" docker-compose.prod.yml remote-deploy.sh | base64 -w0)

parameters=$(jq -n --arg bundle "$bundle" --arg tag "$tag" --arg registry "$registry" \
  --arg prefix "$prefix" --arg region "$AWS_REGION" '{commands: [
    "set -euo pipefail",
    "mkdir -p /opt/dread && cd /opt/dread",
    ("echo " + $bundle + " | base64 -d | tar -xzf -"),
    ("AWS_REGION=" + $region + " bash remote-deploy.sh " + $tag + " " + $registry + " " + $prefix)
  ], executionTimeout: ["900"]}')

command_id=$(aws ssm send-command --instance-ids "$instance" \
  --document-name AWS-RunShellScript --comment "dread deploy $tag" \
  --parameters "$parameters" --query Command.CommandId --output text)
echo "SSM command $command_id deploying $tag to $instance"

for _ in $(seq 1 180); do
  status=$(aws ssm get-command-invocation --command-id "$command_id" --instance-id "$instance" \
    --query Status --output text 2>/dev/null || echo Pending)
  case "$status" in
    Success) echo "deployed $tag"; exit 0 ;;
    Failed|Cancelled|TimedOut)
      aws ssm get-command-invocation --command-id "$command_id" --instance-id "$instance" \
        --query '[StandardOutputContent, StandardErrorContent]' --output text
      echo "deploy of $tag failed ($status); the host rolled back to the previous release" >&2
      exit 1 ;;
  esac
  sleep 5
done
echo "deploy of $tag did not finish in 15 minutes" >&2
exit 1
