"""The CloudFormation template of DREAD on AWS, rendered from code: `make iac`.

Run as `PYTHONPATH=ci-cd python -m iac.render` (tests find it through pytest's pythonpath).

DynamoDB tables come from each service's `tables.py`, so the cloud cannot drift from what
the services, bootstrap and tests use. The output is committed as
ci-cd/cloudformation/dread.json; a test fails when it is out of date.
"""

from __future__ import annotations

import importlib
import json
import sys

from devstack.config import SERVICES

from . import iam, mail, templates, workers
from .names import logical

IMAGES = [*SERVICES, "nginx"]


def table_resources() -> dict:
    """One AWS::DynamoDB::Table per TableSpec of every service."""
    resources = {}
    for name, (package, _area, _port) in SERVICES.items():
        for spec in importlib.import_module(f"{package}.tables").TABLES:
            kwargs = spec.create_kwargs("")
            properties = {
                "TableName": {"Fn::Sub": f"${{Prefix}}-{name}-{spec.name}"},
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": kwargs["KeySchema"],
                "AttributeDefinitions": kwargs["AttributeDefinitions"],
                "SSESpecification": {"SSEEnabled": True},
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "DeletionProtectionEnabled": True,
            }
            if "GlobalSecondaryIndexes" in kwargs:
                properties["GlobalSecondaryIndexes"] = kwargs["GlobalSecondaryIndexes"]
            if spec.ttl_attribute:
                properties["TimeToLiveSpecification"] = {
                    "AttributeName": spec.ttl_attribute,
                    "Enabled": True,
                }
            resources[logical(name, spec.name, "table")] = {
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": properties,
            }
    return resources


def _bucket() -> dict:
    return {
        "MediaBucket": {
            "Type": "AWS::S3::Bucket",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "BucketName": {"Fn::Sub": "${Prefix}-media-${AWS::AccountId}-${AWS::Region}"},
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                },
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                "VersioningConfiguration": {"Status": "Enabled"},
                # hls.js fetches playlists and segments with XHR: the site origin needs CORS.
                "CorsConfiguration": {
                    "CorsRules": [
                        {
                            "AllowedMethods": ["GET", "HEAD", "PUT", "POST"],
                            "AllowedOrigins": [{"Ref": "SiteOrigin"}],
                            "AllowedHeaders": ["*"],
                            "ExposedHeaders": ["ETag", "Content-Range", "Accept-Ranges"],
                            "MaxAge": 3600,
                        }
                    ]
                },
                "LifecycleConfiguration": {
                    "Rules": [
                        {
                            "Id": "abort-stale-multipart-uploads",
                            "Status": "Enabled",
                            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                        },
                        {
                            # versioning keeps overwritten and deleted media 30 days, no longer
                            "Id": "expire-old-versions",
                            "Status": "Enabled",
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                        },
                    ]
                },
            },
        },
        "MediaBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "MediaBucket"},
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "TlsOnly",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [
                                {"Fn::GetAtt": ["MediaBucket", "Arn"]},
                                {"Fn::Sub": "${MediaBucket.Arn}/*"},
                            ],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    ],
                },
            },
        },
    }


def _repositories() -> dict:
    return {
        logical(image, "repository"): {
            "Type": "AWS::ECR::Repository",
            "Properties": {
                "RepositoryName": {"Fn::Sub": f"${{Prefix}}/{image}"},
                "ImageScanningConfiguration": {"ScanOnPush": True},
                "ImageTagMutability": "IMMUTABLE",
                "LifecyclePolicy": {
                    "LifecyclePolicyText": json.dumps(
                        {
                            "rules": [
                                {
                                    "rulePriority": 1,
                                    "description": "keep the last 30 images",
                                    "selection": {
                                        "tagStatus": "any",
                                        "countType": "imageCountMoreThan",
                                        "countNumber": 30,
                                    },
                                    "action": {"type": "expire"},
                                }
                            ]
                        }
                    )
                },
            },
        }
        for image in IMAGES
    }


def _arn(service: str, resource: str, *, region: bool = True, account: bool = True) -> dict:
    region_part = "${AWS::Region}" if region else ""
    account_part = "${AWS::AccountId}" if account else ""
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:{service}:{region_part}:{account_part}:{resource}"}


def _managed_policy(name: str) -> dict:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:iam::aws:policy/{name}"}


# Both kinds of host: Systems Manager (deploys, sessions) and pulling images.
HOST_MANAGED_POLICIES = [
    _managed_policy("AmazonSSMManagedInstanceCore"),
    _managed_policy("AmazonEC2ContainerRegistryReadOnly"),
]
# Where ssm-deploy.sh records the release in service (tag and bundle) for booting hosts.
RELEASE_PARAMETERS = "parameter/${Prefix}/release/*"
# ... the app secret, which the deploy writes into the host's env and key files, and the
# release a new host starts with.
HOST_POLICIES = [
    {
        "PolicyName": "dread-app-secret-and-release",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["secretsmanager:GetSecretValue"],
                    "Resource": {"Ref": "AppSecret"},
                },
                {
                    "Effect": "Allow",
                    "Action": ["ssm:GetParameter"],
                    "Resource": _arn("ssm", RELEASE_PARAMETERS),
                },
            ],
        },
    }
]


def _host_role() -> dict:
    """The web hosts' instance role: no data access of its own (see iam.service_roles)."""
    return {
        "HostRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "ManagedPolicyArns": HOST_MANAGED_POLICIES,
                "Policies": HOST_POLICIES,
            },
        },
        "HostProfile": {
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": {"Roles": [{"Ref": "HostRole"}]},
        },
    }


def _deploy_role() -> dict:
    """The role GitHub Actions assumes through OIDC: push images, run the deploy on the host."""
    return {
        "DeployRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Federated": {"Ref": "GitHubOidcProviderArn"}},
                            "Action": "sts:AssumeRoleWithWebIdentity",
                            "Condition": {
                                # the jobs that assume it run in the `production` environment,
                                # so GitHub's subject is the environment, not the branch
                                "StringEquals": {
                                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                    "token.actions.githubusercontent.com:sub": {
                                        "Fn::Sub": "repo:${GitHubRepository}:environment:production"
                                    },
                                },
                            },
                        }
                    ],
                },
                "Policies": [
                    {
                        "PolicyName": "dread-deploy",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": ["ecr:GetAuthorizationToken"],
                                    "Resource": "*",
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": [
                                        "ecr:BatchCheckLayerAvailability",
                                        "ecr:InitiateLayerUpload",
                                        "ecr:UploadLayerPart",
                                        "ecr:CompleteLayerUpload",
                                        "ecr:PutImage",
                                        "ecr:BatchGetImage",
                                    ],
                                    "Resource": _arn("ecr", "repository/${Prefix}/*"),
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": ["ssm:SendCommand"],
                                    "Resource": _arn("ec2", "instance/*"),
                                    "Condition": {
                                        "StringEquals": {
                                            "ssm:resourceTag/dread:stack": {"Ref": "Prefix"}
                                        }
                                    },
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": ["ssm:SendCommand"],
                                    "Resource": _arn(
                                        "ssm", "document/AWS-RunShellScript", account=False
                                    ),
                                },
                                {
                                    # rolling deploy: one host out of the target group at a time
                                    "Effect": "Allow",
                                    "Action": [
                                        "elasticloadbalancing:RegisterTargets",
                                        "elasticloadbalancing:DeregisterTargets",
                                    ],
                                    "Resource": {"Ref": "WebTargetGroup"},
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": [
                                        "elasticloadbalancing:DescribeTargetHealth",
                                        "autoscaling:DescribeAutoScalingGroups",
                                        "cloudformation:DescribeStacks",
                                    ],
                                    "Resource": "*",
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": ["ssm:GetCommandInvocation"],
                                    "Resource": "*",
                                },
                                {
                                    # apply the template as a change set, run by CloudFormation
                                    # with its own role: this role cannot create resources
                                    "Effect": "Allow",
                                    "Action": [
                                        "cloudformation:CreateChangeSet",
                                        "cloudformation:DescribeChangeSet",
                                        "cloudformation:ExecuteChangeSet",
                                        "cloudformation:DeleteChangeSet",
                                        "cloudformation:DescribeStackEvents",
                                        "cloudformation:GetTemplateSummary",
                                    ],
                                    "Resource": _arn("cloudformation", "stack/${AWS::StackName}/*"),
                                },
                                {
                                    # the release booting hosts start with (ssm-deploy.sh)
                                    "Effect": "Allow",
                                    "Action": ["ssm:PutParameter"],
                                    "Resource": _arn("ssm", RELEASE_PARAMETERS),
                                },
                                {
                                    # the AmiId parameter is resolved from AWS's public SSM path
                                    "Effect": "Allow",
                                    "Action": ["ssm:GetParameters"],
                                    "Resource": _arn(
                                        "ssm", "parameter/aws/service/*", account=False
                                    ),
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": ["iam:PassRole"],
                                    "Resource": {"Fn::GetAtt": ["CloudFormationRole", "Arn"]},
                                    "Condition": {
                                        "StringEquals": {
                                            "iam:PassedToService": "cloudformation.amazonaws.com"
                                        }
                                    },
                                },
                                *templates.deploy_statements(),
                            ],
                        },
                    }
                ],
            },
        }
    }


def _cloudformation_role() -> dict:
    """What CloudFormation acts as when the pipeline applies the template (its service role)."""
    own = "${AWS::StackName}-*"  # how CloudFormation names the roles and profiles it makes
    return {
        "CloudFormationRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudformation.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                # every service the template uses (IAM aside: PowerUserAccess excludes it)
                "ManagedPolicyArns": [_managed_policy("PowerUserAccess")],
                "Policies": [
                    {
                        "PolicyName": "stack-iam",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": "iam:*",
                                    "Resource": [
                                        _arn("iam", f"role/{own}", region=False),
                                        _arn("iam", f"instance-profile/{own}", region=False),
                                        _arn("iam", f"policy/{own}", region=False),
                                        # the SES SMTP user and its access key (ci-cd/iac/mail.py)
                                        _arn("iam", f"user/{own}", region=False),
                                    ],
                                }
                            ],
                        },
                    }
                ],
            },
        }
    }


# Host boot (web and worker hosts alike): Docker and compose, then the release in service, if
# there is one yet (recorded by ci-cd/deploy/ssm-deploy.sh: tag and bundle in SSM parameters),
# health-checked by remote-deploy.sh; then cfn-signal, so the Auto Scaling group (and a stack
# update) only counts a host that serves. A replacement host thus needs no pipeline run.
# ${Group} is the host's Auto Scaling group, ${Role} web or worker.
USER_DATA = """#!/bin/bash
set -euo pipefail
signal() { /opt/aws/bin/cfn-signal -e "$1" --stack ${AWS::StackName} --resource ${Group} \\
  --region ${AWS::Region}; }
trap 'signal 1' ERR
dnf install -y docker jq aws-cfn-bootstrap
systemctl enable --now docker
mkdir -p /usr/local/lib/docker/cli-plugins
curl -fsSL -o /usr/local/lib/docker/cli-plugins/docker-compose \\
  https://github.com/docker/compose/releases/download/v2.29.7/docker-compose-linux-x86_64
chmod +x /usr/local/lib/docker/cli-plugins/docker-compose
mkdir -p /opt/dread && cd /opt/dread
parameter() { aws ssm get-parameter --region ${AWS::Region} --name "/${Prefix}/release/$1" \\
  --query Parameter.Value --output text; }
if tag=$(parameter tag 2>/dev/null); then
  parameter bundle | base64 -d | tar -xzf -
  AWS_REGION=${AWS::Region} S3_BUCKET=${MediaBucket} APP_SECRET=${AppSecret} \\
    SERVICE_ROLES='${ServiceRoles}' bash remote-deploy.sh "$tag" \\
    ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix} ${Prefix} ${Role}
fi
signal 0
"""


def _user_data(group: str, role: str) -> dict:
    roles = iam.service_roles_output()["Value"] if role == "web" else ""
    variables = {"Group": group, "Role": role, "ServiceRoles": roles}
    return {"Fn::Base64": {"Fn::Sub": [USER_DATA, variables]}}


def _instance_tags(kind: str) -> list[dict]:
    # the deploy role may only run commands on instances tagged with the stack's prefix
    return [
        {"Key": "Name", "Value": {"Fn::Sub": f"${{Prefix}}-{kind}"}},
        {"Key": "dread:stack", "Value": {"Ref": "Prefix"}},
        {"Key": "dread:role", "Value": kind},
    ]


READY_PATH = "/api/auth/readyz"  # the ALB's target health check (NGINX + auth + its table)


def _sg_rule(port: int, **source) -> dict:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}


def _load_balancer() -> dict:
    """An internet-facing ALB: HTTPS with the ACM certificate, HTTP redirected to HTTPS."""
    return {
        "LoadBalancerSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "DREAD load balancer: HTTP (redirect) and HTTPS in",
                "VpcId": {"Ref": "VpcId"},
                "SecurityGroupIngress": [
                    _sg_rule(80, CidrIp={"Ref": "AllowedCidr"}),
                    _sg_rule(443, CidrIp={"Ref": "AllowedCidr"}),
                ],
            },
        },
        "LoadBalancer": {
            "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "Properties": {
                "Type": "application",
                "Scheme": "internet-facing",
                "Subnets": {"Ref": "SubnetIds"},
                "SecurityGroups": [{"Ref": "LoadBalancerSecurityGroup"}],
                "LoadBalancerAttributes": [
                    {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                    {"Key": "idle_timeout.timeout_seconds", "Value": "60"},
                ],
            },
        },
        "WebTargetGroup": {
            "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
            "Properties": {
                "VpcId": {"Ref": "VpcId"},
                "Protocol": "HTTP",
                "Port": 80,
                "TargetType": "instance",
                "HealthCheckPath": READY_PATH,
                "HealthCheckIntervalSeconds": 10,
                "HealthCheckTimeoutSeconds": 5,
                "HealthyThresholdCount": 2,
                "UnhealthyThresholdCount": 2,
                "Matcher": {"HttpCode": "200"},
                "TargetGroupAttributes": [
                    # a deregistered host finishes its in-flight requests (uploads go to S3)
                    {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}
                ],
            },
        },
        "HttpsListener": {
            "Type": "AWS::ElasticLoadBalancingV2::Listener",
            "Properties": {
                "LoadBalancerArn": {"Ref": "LoadBalancer"},
                "Protocol": "HTTPS",
                "Port": 443,
                "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates": [{"CertificateArn": {"Ref": "CertificateArn"}}],
                "DefaultActions": [
                    {"Type": "forward", "TargetGroupArn": {"Ref": "WebTargetGroup"}}
                ],
            },
        },
        "HttpListener": {
            "Type": "AWS::ElasticLoadBalancingV2::Listener",
            "Properties": {
                "LoadBalancerArn": {"Ref": "LoadBalancer"},
                "Protocol": "HTTP",
                "Port": 80,
                "DefaultActions": [
                    {
                        "Type": "redirect",
                        "RedirectConfig": {
                            "Protocol": "HTTPS",
                            "Port": "443",
                            "StatusCode": "HTTP_301",
                        },
                    }
                ],
            },
        },
    }


def _host() -> dict:
    """At least two hosts in two or more AZs behind the ALB, each running the production compose."""
    return {
        "HostSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "DREAD web hosts: HTTP from the ALB only (no SSH: SSM)",
                "VpcId": {"Ref": "VpcId"},
                "SecurityGroupIngress": [
                    _sg_rule(80, SourceSecurityGroupId={"Ref": "LoadBalancerSecurityGroup"})
                ],
            },
        },
        "HostLaunchTemplate": {
            "Type": "AWS::EC2::LaunchTemplate",
            "Properties": {
                "LaunchTemplateData": {
                    "ImageId": {"Ref": "AmiId"},
                    "InstanceType": {"Ref": "InstanceType"},
                    "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["HostProfile", "Arn"]}},
                    "SecurityGroupIds": [{"Ref": "HostSecurityGroup"}],
                    # IMDSv2 with one hop: the containers (one bridge hop away) cannot get a
                    # token, so none can use the host role; each has its own service role
                    "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
                    "BlockDeviceMappings": [
                        {
                            "DeviceName": "/dev/xvda",
                            "Ebs": {"VolumeSize": 30, "VolumeType": "gp3", "Encrypted": True},
                        }
                    ],
                    "UserData": _user_data("HostGroup", "web"),
                    "TagSpecifications": [
                        {"ResourceType": "instance", "Tags": _instance_tags("web")}
                    ],
                }
            },
        },
        "HostGroup": {
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            # a stack update replaces hosts one at a time, each signalling before the next
            "CreationPolicy": {
                "ResourceSignal": {"Count": {"Ref": "HostCount"}, "Timeout": "PT15M"}
            },
            "UpdatePolicy": {
                "AutoScalingRollingUpdate": {
                    "MinInstancesInService": 1,
                    "MaxBatchSize": 1,
                    "WaitOnResourceSignals": True,
                    "PauseTime": "PT15M",
                }
            },
            "Properties": {
                "MinSize": {"Ref": "HostCount"},
                "MaxSize": 6,
                "DesiredCapacity": {"Ref": "HostCount"},
                "VPCZoneIdentifier": {"Ref": "SubnetIds"},
                "LaunchTemplate": {
                    "LaunchTemplateId": {"Ref": "HostLaunchTemplate"},
                    "Version": {"Fn::GetAtt": ["HostLaunchTemplate", "LatestVersionNumber"]},
                },
                "TargetGroupARNs": [{"Ref": "WebTargetGroup"}],
                "HealthCheckType": "ELB",
                "HealthCheckGracePeriod": 600,
            },
        },
        "AppSecret": {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "Description": "DREAD cursor secret (signing keys are added as further keys)",
                "GenerateSecretString": {
                    "SecretStringTemplate": "{}",
                    "GenerateStringKey": "DREAD_CURSOR_SECRET",
                    "PasswordLength": 48,
                    "ExcludePunctuation": True,
                },
            },
        },
    }


PARAMETERS = {
    "Prefix": {"Type": "String", "Default": "dread", "AllowedPattern": "[a-z][a-z0-9-]{2,20}"},
    "SiteOrigin": {"Type": "String", "Description": "https://your.domain (CORS for the bucket)"},
    "VpcId": {"Type": "AWS::EC2::VPC::Id"},
    "SubnetIds": {
        "Type": "List<AWS::EC2::Subnet::Id>",
        "Description": "public subnets in two or more Availability Zones (ALB and hosts)",
    },
    "CertificateArn": {"Type": "String", "Description": "ACM certificate for the site's domain"},
    "HostCount": {"Type": "Number", "Default": 2, "MinValue": 2, "MaxValue": 6},
    "AllowedCidr": {"Type": "String", "Default": "0.0.0.0/0"},
    "InstanceType": {"Type": "String", "Default": "t3.large"},
    "AmiId": {
        "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    },
    "GitHubRepository": {"Type": "String", "Description": "owner/name allowed to deploy"},
    "GitHubOidcProviderArn": {
        "Type": "String",
        "Description": "ARN of the account's token.actions.githubusercontent.com OIDC provider",
    },
    **workers.PARAMETERS,
    **mail.PARAMETERS,
}


def template() -> dict:
    """The whole template."""
    resources = {
        **table_resources(),
        **_bucket(),
        **_repositories(),
        **_host_role(),
        **iam.service_roles(),
        **_load_balancer(),
        **_host(),
        **workers.resources(
            host_policies=HOST_POLICIES,
            managed=HOST_MANAGED_POLICIES,
            user_data=_user_data("WorkerGroup", "worker"),
            tags=_instance_tags("worker"),
        ),
        **mail.resources(),
        **_deploy_role(),
        **_cloudformation_role(),
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "DREAD course-video platform: tables, media bucket, image repositories, "
        "load balancer, web and worker host groups, per-service roles, SES mail and deploy role "
        "(generated by `make iac`; do not edit by hand)",
        "Parameters": PARAMETERS,
        "Resources": resources,
        "Outputs": {
            "MediaBucketName": {"Value": {"Ref": "MediaBucket"}},
            "HostGroupName": {"Value": {"Ref": "HostGroup"}},
            "WorkerGroupName": {"Value": {"Ref": "WorkerGroup"}},
            "ServiceRoleArns": iam.service_roles_output(),
            "WebTargetGroupArn": {"Value": {"Ref": "WebTargetGroup"}},
            "LoadBalancerDns": {"Value": {"Fn::GetAtt": ["LoadBalancer", "DNSName"]}},
            "DeployRoleArn": {"Value": {"Fn::GetAtt": ["DeployRole", "Arn"]}},
            "CloudFormationRoleArn": {"Value": {"Fn::GetAtt": ["CloudFormationRole", "Arn"]}},
            "AppSecretArn": {"Value": {"Ref": "AppSecret"}},
            "TemplateBucketName": {"Value": {"Fn::Sub": templates.TEMPLATE_BUCKET}},
            **mail.outputs(),
        },
    }


def render() -> str:
    """The template as stable, indented JSON."""
    return json.dumps(template(), indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
