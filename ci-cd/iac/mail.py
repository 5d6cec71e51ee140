"""Amazon SES for the site's mail: the sending identity and SMTP credentials in Secrets Manager.

The auth worker sends over SMTP (`service_kit.mail`), so on AWS it talks to SES's SMTP
interface. SMTP credentials are an IAM user's access key that may only send from the site's
domain; the key pair is kept in the secret `<Prefix>-mail-smtp`, and each web host's deploy
derives the SMTP password from it (ci-cd/deploy/ses-smtp-env.py) into DREAD_SMTP_URL.
"""

from __future__ import annotations

import json

SECRET_NAME = "${Prefix}-mail-smtp"  # noqa: S105 (a name; remote-deploy.sh reads it by it)
SMTP_PORT = 587  # STARTTLS

PARAMETERS = {
    "MailDomain": {
        "Type": "String",
        "Description": "domain the site sends mail from (an SES identity: publish its DKIM "
        "records, output MailDkimRecords, in DNS)",
        "AllowedPattern": r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+",
    },
    "MailFromName": {"Type": "String", "Default": "DREAD"},
}

# references only: CloudFormation fills in the values
SECRET_JSON = json.dumps(
    {
        "access_key_id": "${MailAccessKey}",
        "secret_access_key": "${MailAccessKey.SecretAccessKey}",
        "region": "${AWS::Region}",
        "from": "${MailFromName} <no-reply@${MailDomain}>",
    }
)


def resources() -> dict:
    """The SES identity, the send-only IAM user, its key in a secret and the hosts' read of it."""
    identity_arn = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/"
    return {
        "MailIdentity": {
            "Type": "AWS::SES::EmailIdentity",
            "Properties": {
                "EmailIdentity": {"Ref": "MailDomain"},
                "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"},
                "FeedbackAttributes": {"EmailForwardingEnabled": True},
            },
        },
        "MailUser": {
            "Type": "AWS::IAM::User",
            "Properties": {
                "Policies": [
                    {
                        "PolicyName": "send-site-mail",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    # the SMTP interface sends as SendRawEmail, from our domain only
                                    "Effect": "Allow",
                                    "Action": "ses:SendRawEmail",
                                    "Resource": {"Fn::Sub": identity_arn + "${MailDomain}"},
                                    "Condition": {
                                        "StringLike": {
                                            "ses:FromAddress": {"Fn::Sub": "*@${MailDomain}"}
                                        }
                                    },
                                }
                            ],
                        },
                    }
                ]
            },
        },
        "MailAccessKey": {
            "Type": "AWS::IAM::AccessKey",
            # raise Serial to rotate: CloudFormation replaces the key, the next deploy uses it
            "Properties": {"UserName": {"Ref": "MailUser"}, "Serial": 1, "Status": "Active"},
        },
        "MailSecret": {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "Name": {"Fn::Sub": SECRET_NAME},
                "Description": "DREAD SES SMTP: the send-only user's key pair, region and From",
                "SecretString": {"Fn::Sub": SECRET_JSON},
            },
        },
        "HostReadsMailSecret": {
            # web hosts only (the auth worker runs there); worker hosts send no mail
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "Roles": [{"Ref": "HostRole"}],
                "PolicyName": "read-mail-secret",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "secretsmanager:GetSecretValue",
                            "Resource": {"Ref": "MailSecret"},
                        }
                    ],
                },
            },
        },
    }


def outputs() -> dict:
    """The three DKIM CNAME records to publish ("name value" pairs) and the secret's ARN."""
    records = [
        {
            "Fn::Join": [
                " ",
                [
                    {"Fn::GetAtt": ["MailIdentity", f"DkimDNSTokenName{n}"]},
                    {"Fn::GetAtt": ["MailIdentity", f"DkimDNSTokenValue{n}"]},
                ],
            ]
        }
        for n in (1, 2, 3)
    ]
    return {
        "MailDkimRecords": {"Value": {"Fn::Join": [" ; ", records]}},
        "MailSecretArn": {"Value": {"Ref": "MailSecret"}},
    }
