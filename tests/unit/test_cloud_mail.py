"""Mail on AWS: SES configured by the template, SMTP credentials kept in Secrets Manager."""

import base64
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from iac import render as iac
from service_kit.mail import parse_smtp_url

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "ci-cd" / "deploy"
SCRIPT = DEPLOY / "ses-smtp-env.py"
SECRET = {
    "access_key_id": "AKIAEXAMPLEKEY123456",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "region": "eu-west-1",
    "from": "DREAD <no-reply@courses.example.org>",
}


@pytest.fixture(scope="module")
def template():
    return json.loads(iac.render())


def _ses_script():
    spec = importlib.util.spec_from_file_location("ses_smtp_env", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_domain_is_an_ses_identity_with_dkim_records_in_the_outputs(template):
    identity = template["Resources"]["MailIdentity"]
    assert identity["Type"] == "AWS::SES::EmailIdentity"
    assert identity["Properties"]["EmailIdentity"] == {"Ref": "MailDomain"}
    assert "MailDomain" in template["Parameters"]
    assert "DkimDNSTokenValue3" in json.dumps(template["Outputs"]["MailDkimRecords"])


def test_the_smtp_user_may_only_send_from_the_site_domain(template):
    user = template["Resources"]["MailUser"]
    (policy,) = user["Properties"]["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "ses:SendRawEmail"
    assert statement["Resource"]["Fn::Sub"].endswith(":identity/${MailDomain}")
    assert statement["Condition"]["StringLike"]["ses:FromAddress"] == {"Fn::Sub": "*@${MailDomain}"}
    # CloudFormation, acting as its own role, may create that user (and only the stack's)
    iam = template["Resources"]["CloudFormationRole"]["Properties"]["Policies"][0]
    assert ":user/${AWS::StackName}-*" in json.dumps(iam)


def test_the_key_pair_lives_in_a_named_secret_only_web_hosts_read(template):
    resources = template["Resources"]
    secret = resources["MailSecret"]["Properties"]
    assert secret["Name"] == {"Fn::Sub": "${Prefix}-mail-smtp"}
    assert "${MailAccessKey.SecretAccessKey}" in secret["SecretString"]["Fn::Sub"]
    reader = resources["HostReadsMailSecret"]["Properties"]
    assert reader["Roles"] == [{"Ref": "HostRole"}]
    assert reader["PolicyDocument"]["Statement"][0]["Resource"] == {"Ref": "MailSecret"}
    assert "MailSecret" not in json.dumps(resources["WorkerRole"])
    # the deploy reads it by the same name and turns it into DREAD_SMTP_URL
    deploy = (DEPLOY / "remote-deploy.sh").read_text()
    assert '--secret-id "$prefix-mail-smtp"' in deploy and "ses-smtp-env.py" in deploy
    assert "ses-smtp-env.py" in (DEPLOY / "ssm-deploy.sh").read_text()  # shipped in the bundle


def test_the_smtp_password_is_derived_as_aws_documents_it():
    password = _ses_script().smtp_password(SECRET["secret_access_key"], SECRET["region"])
    raw = base64.b64decode(password)
    assert raw[0] == 4 and len(raw) == 33  # version byte + HMAC-SHA256
    # a known answer: a change in the derivation would lock every host out of SES
    assert password == "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk"
    other_region = _ses_script().smtp_password(SECRET["secret_access_key"], "us-east-1")
    assert other_region != password


def test_the_env_lines_give_the_kit_a_starttls_url_to_the_region():
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], input=json.dumps(SECRET), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines())
    target = parse_smtp_url(lines["DREAD_SMTP_URL"])
    assert (target.scheme, target.host, target.port) == (
        "smtp+starttls",
        "email-smtp.eu-west-1.amazonaws.com",
        587,
    )
    assert target.username == SECRET["access_key_id"]
    assert target.password == _ses_script().smtp_password(SECRET["secret_access_key"], "eu-west-1")
    assert lines["DREAD_MAIL_FROM"] == SECRET["from"]


def test_the_auth_worker_runs_on_every_web_host_with_the_keys():
    services = yaml.safe_load((DEPLOY / "docker-compose.prod.yml").read_text())["services"]
    worker = services["auth-worker"]
    assert worker["command"] == ["python", "-m", "auth_service.worker"]
    assert worker["profiles"] == ["web"]
    assert worker["image"] == services["auth"]["image"]
    assert "./aws/auth:/run/dread/aws:ro" in worker["volumes"]
    assert any(v.endswith(":/run/dread/signing-keys:ro") for v in worker["volumes"])
    assert worker["env_file"] == ["app.env"]  # DREAD_SMTP_URL from the SES secret
