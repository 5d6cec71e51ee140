"""Where the pipeline puts the template before applying it: the template bucket.

The template is larger than CloudFormation's inline limit (TemplateBody, 51,200 bytes), so
`aws cloudformation deploy --s3-bucket` uploads it and passes a TemplateURL (1 MB limit). The
bucket must exist before the stack does (the very first deploy goes through it too), so it is
not one of the stack's resources: the one-time setup creates it under a name derived from the
prefix, account and region (ci-cd/README.md, step 4), and the workflow derives the same name.
"""

from __future__ import annotations

# The bucket's name; `${Prefix}` is the stack parameter (the workflow's PREFIX).
TEMPLATE_BUCKET = "${Prefix}-templates-${AWS::AccountId}-${AWS::Region}"
# The key prefix the workflow uploads under (`--s3-prefix`).
TEMPLATE_PREFIX = "cloudformation"
# CloudFormation's limits on a template, in bytes: inline and through S3 (TemplateURL).
TEMPLATE_BODY_LIMIT = 51_200
TEMPLATE_URL_LIMIT = 1_000_000


def deploy_statements() -> list[dict]:
    """The deploy role's rights on the template bucket: upload a template and read it back.

    `deploy` looks for an identical upload first (HeadObject: GetObject), then puts it;
    CloudFormation reads a TemplateURL with the caller's rights (GetObject again).
    """
    return [
        {
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:GetObject"],
            "Resource": {
                "Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{TEMPLATE_BUCKET}/{TEMPLATE_PREFIX}/*"
            },
        }
    ]
