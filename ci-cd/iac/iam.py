"""One IAM role per service: its own DynamoDB tables (and their indexes) and bucket prefixes.

The web hosts run every service in one compose project, so the host's instance role may do
nothing with the data; it may only assume the service roles. A timer on the host assumes each
role and hands the credentials to that service's container alone
(ci-cd/deploy/service-credentials.sh, read by the SDK through `credential_process`), and the
containers cannot reach the instance metadata service (IMDSv2 with a hop limit of 1).
"""

from __future__ import annotations

import importlib

from devstack.config import SERVICES

from .names import logical

# The bucket prefixes a service owns: its own key rules (video_service.media.video_prefix,
# profile_service.avatars.Avatars.new_key, course_service.covers.PREFIX); a unit test ties
# these to that code.
BUCKET_PREFIXES = {"video": ("videos/",), "profile": ("avatars/",), "course": ("covers/",)}

# What the stores do: items, queries, batches and transactions (whose Put/Update/Delete/
# ConditionCheck parts need the per-item actions), plus the readiness probe's DescribeTable.
TABLE_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:DescribeTimeToLive",
]
# Objects: reads, writes (the presigned PUTs and POSTs are signed with these credentials, so
# S3 checks the service's role), deletes, multipart uploads.
OBJECT_ACTIONS = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
]
# Role chaining (instance role -> service role) caps a session at one hour.
SESSION_SECONDS = 3600


def own_tables(service: str) -> list[tuple[str, bool]]:
    """(logical id, has indexes) of each of `service`'s tables (from its tables.py)."""
    package = SERVICES[service][0]
    specs = importlib.import_module(f"{package}.tables").TABLES
    return [(logical(service, spec.name, "table"), bool(spec.indexes)) for spec in specs]


def data_statements(service: str) -> list[dict]:
    """IAM statements for `service`'s own tables, indexes and bucket prefixes, nothing else."""
    tables = own_tables(service)
    statements = [
        {
            "Sid": "OwnTables",
            "Effect": "Allow",
            "Action": TABLE_ACTIONS,
            "Resource": [
                *({"Fn::GetAtt": [table, "Arn"]} for table, _ in tables),
                *({"Fn::Sub": f"${{{table}.Arn}}/index/*"} for table, indexed in tables if indexed),
            ],
        }
    ]
    prefixes = BUCKET_PREFIXES.get(service, ())
    if prefixes:
        statements += [
            {
                "Sid": "OwnObjects",
                "Effect": "Allow",
                "Action": OBJECT_ACTIONS,
                "Resource": [{"Fn::Sub": f"${{MediaBucket.Arn}}/{p}*"} for p in prefixes],
            },
            {
                # a listing must stay in our prefixes; HeadBucket (readiness) and the check
                # behind a HeadObject's 404 (403 without ListBucket) carry no prefix at all
                "Sid": "ListOwnPrefixes",
                "Effect": "Allow",
                "Action": ["s3:ListBucket"],
                "Resource": {"Fn::GetAtt": ["MediaBucket", "Arn"]},
                "Condition": {"StringLikeIfExists": {"s3:prefix": [f"{p}*" for p in prefixes]}},
            },
        ]
    return statements


def role_logical_id(service: str) -> str:
    """The logical id of `service`'s role."""
    return logical(service, "service", "role")


def _service_role(service: str) -> dict:
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": {"Fn::Sub": f"${{Prefix}} {service} service: its own data only"},
            "MaxSessionDuration": SESSION_SECONDS,
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": {"Fn::GetAtt": ["HostRole", "Arn"]}},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "Policies": [
                {
                    "PolicyName": f"{service}-data",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": data_statements(service),
                    },
                }
            ],
        },
    }


def service_roles() -> dict:
    """A role per service, and the host role's right to assume exactly those roles."""
    resources = {role_logical_id(service): _service_role(service) for service in SERVICES}
    # a separate policy: the roles trust HostRole, so HostRole's own policies cannot name them
    resources["HostAssumesServiceRoles"] = {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "Roles": [{"Ref": "HostRole"}],
            "PolicyName": "assume-service-roles",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Resource": [
                            {"Fn::GetAtt": [role_logical_id(service), "Arn"]}
                            for service in SERVICES
                        ],
                    }
                ],
            },
        },
    }
    return resources


def service_roles_output() -> dict:
    """`auth=<arn> course=<arn> ...`: what the deploy hands each web host's credential timer."""
    return {
        "Value": {
            "Fn::Join": [
                " ",
                [
                    {"Fn::Sub": f"{service}=${{{role_logical_id(service)}.Arn}}"}
                    for service in SERVICES
                ],
            ]
        }
    }
