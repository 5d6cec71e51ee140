#!/usr/bin/env bash
# Rolls release TAG out to every web host, one host at a time, so the ALB always has the
# other hosts serving:
#   1. deregister the host from the target group and wait until it is drained;
#   2. run remote-deploy.sh on it through SSM (pull, restart, health-check; the host rolls
#      itself back to its previous release when the new one does not become ready);
#   3. register it again and wait until the ALB reports it healthy (readyz);
# and stop at the first host that fails (it is back on the previous release and back in
# service), so a bad release never reaches more than one host. Then the transcoding workers
# (their own Auto Scaling group, no load balancer), one at a time, stopping the same way.
# usage: ssm-deploy.sh TAG   (env: AWS_REGION, PREFIX, STACK)
set -euo pipefail
tag=${1:?image tag}
prefix=${PREFIX:-dread}
stack=${STACK:-dread}
here=$(cd "$(dirname "$0")" && pwd)
account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"
bundle=$(tar -czf - -C "$here" docker-compose.prod.yml remote-deploy.sh service-credentials.sh \
  ses-smtp-env.py dread-credentials.service dread-credentials.timer | base64 -w0)

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
group=$(output HostGroupName)
worker_group=$(output WorkerGroupName)
target_group=$(output WebTargetGroupArn)
bucket=$(output MediaBucketName)
secret=$(output AppSecretArn)
service_roles=$(output ServiceRoleArns)
[[ "$service_roles" =~ ^[a-z]+=arn:[^\ \']+(\ [a-z]+=arn:[^\ \']+)*$ ]] \
  || { echo "unexpected ServiceRoleArns output: $service_roles" >&2; exit 1; }

in_service() {  # in_service GROUP: the group's InService instance ids, one a line
  aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$1" \
    --query "AutoScalingGroups[0].Instances[?LifecycleState=='InService'].InstanceId" \
    --output text | tr '\t' '\n' | sed '/^$/d'
}
mapfile -t hosts < <(in_service "$group")
mapfile -t workers < <(in_service "$worker_group")
[ "${#hosts[@]}" -gt 0 ] || { echo "no host in service in $group" >&2; exit 1; }
echo "rolling $tag out to ${#hosts[@]} hosts of $group, then ${#workers[@]} of $worker_group"

run_on() {  # run_on INSTANCE ROLE: remote-deploy.sh through SSM; 0 when the host succeeds
  local instance=$1 role=$2 parameters command_id status
  parameters=$(jq -n --arg bundle "$bundle" --arg tag "$tag" --arg registry "$registry" \
    --arg prefix "$prefix" --arg region "$AWS_REGION" --arg bucket "$bucket" \
    --arg secret "$secret" --arg role "$role" --arg roles "$service_roles" '{commands: [
      "set -euo pipefail",
      "mkdir -p /opt/dread && cd /opt/dread",
      ("echo " + $bundle + " | base64 -d | tar -xzf -"),
      ("AWS_REGION=" + $region + " S3_BUCKET=" + $bucket + " APP_SECRET=" + $secret
        + " SERVICE_ROLES=\u0027" + $roles + "\u0027"
        + " bash remote-deploy.sh " + $tag + " " + $registry + " " + $prefix + " " + $role)
    ], executionTimeout: ["900"]}')
  command_id=$(aws ssm send-command --instance-ids "$instance" \
    --document-name AWS-RunShellScript --comment "dread deploy $tag" \
    --parameters "$parameters" --query Command.CommandId --output text)
  for _ in $(seq 1 180); do
    status=$(aws ssm get-command-invocation --command-id "$command_id" --instance-id "$instance" \
      --query Status --output text 2>/dev/null || echo Pending)
    case "$status" in
      Success) return 0 ;;
      Failed|Cancelled|TimedOut)
        aws ssm get-command-invocation --command-id "$command_id" --instance-id "$instance" \
          --query '[StandardOutputContent, StandardErrorContent]' --output text || true
        return 1 ;;
    esac
    sleep 5
  done
  return 1
}

for instance in "${hosts[@]}"; do
  echo "== $instance: out of the target group"
  aws elbv2 deregister-targets --target-group-arn "$target_group" --targets "Id=$instance"
  aws elbv2 wait target-deregistered --target-group-arn "$target_group" --targets "Id=$instance"
  deployed=0
  run_on "$instance" web || deployed=$?
  echo "== $instance: back into the target group"
  aws elbv2 register-targets --target-group-arn "$target_group" --targets "Id=$instance"
  if ! aws elbv2 wait target-in-service --target-group-arn "$target_group" --targets "Id=$instance"; then
    echo "$instance did not become healthy behind the ALB; stopping the rollout" >&2
    exit 1
  fi
  if [ "$deployed" != 0 ]; then
    echo "deploy of $tag failed on $instance (it rolled back and serves again); stopping" >&2
    exit 1
  fi
  echo "== $instance: $tag healthy"
done
# Workers serve no traffic: nothing to drain. A worker restarted mid-job loses its lease and
# the job is claimed again (by it or another worker).
for instance in "${workers[@]}"; do
  echo "== worker $instance"
  if ! run_on "$instance" worker; then
    echo "deploy of $tag failed on worker $instance (it rolled back); stopping" >&2
    exit 1
  fi
  echo "== worker $instance: $tag running"
done
# what a host that boots from now on starts with (the launch templates' boot script)
aws ssm put-parameter --name "/$prefix/release/bundle" --value "$bundle" --type String \
  --tier Intelligent-Tiering --overwrite > /dev/null
aws ssm put-parameter --name "/$prefix/release/tag" --value "$tag" --type String \
  --overwrite > /dev/null
echo "deployed $tag to every host and worker"
