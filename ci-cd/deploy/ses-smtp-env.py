"""Amazon SES SMTP settings for app.env, from the mail secret's JSON on stdin.

usage: aws secretsmanager get-secret-value ... | python3 ses-smtp-env.py >> app.env
Prints DREAD_SMTP_URL (STARTTLS to the region's SES SMTP endpoint) and DREAD_MAIL_FROM. The
SMTP password is derived from the IAM user's secret access key as AWS documents it
("Obtaining Amazon SES SMTP credentials"); CloudFormation cannot compute it. Runs on the
host's own python3 (standard library only).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
from urllib.parse import quote

SMTP_PORT = 587
# the fixed inputs of AWS's SES SMTP password derivation (signature version 4, "SendRawEmail")
DATE, SERVICE, TERMINAL, MESSAGE, VERSION = "11111111", "ses", "aws4_request", "SendRawEmail", 4


def _sign(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def smtp_password(secret_access_key: str, region: str) -> str:
    """The SES SMTP password for an IAM secret access key in `region`."""
    signature = _sign(("AWS4" + secret_access_key).encode("utf-8"), DATE)
    for part in (region, SERVICE, TERMINAL, MESSAGE):
        signature = _sign(signature, part)
    return base64.b64encode(bytes([VERSION]) + signature).decode("ascii")


def env_lines(secret: dict) -> list[str]:
    """The app.env lines for the secret's key pair, region and From address."""
    region = secret["region"]
    user = quote(secret["access_key_id"], safe="")
    password = quote(smtp_password(secret["secret_access_key"], region), safe="")
    host = f"email-smtp.{region}.amazonaws.com"
    return [
        f"DREAD_SMTP_URL=smtp+starttls://{user}:{password}@{host}:{SMTP_PORT}",
        f"DREAD_MAIL_FROM={secret['from']}",
    ]


if __name__ == "__main__":
    print("\n".join(env_lines(json.load(sys.stdin))))
