"""The committed cloud template matches the tables the services define."""

import json
from pathlib import Path

from iac import render as iac
from iac import templates

from devstack.config import SERVICES

REPO = Path(__file__).resolve().parents[2]


def test_committed_template_is_current():
    committed = (REPO / "ci-cd" / "cloudformation" / "dread.json").read_text()
    assert committed == iac.render(), "run `make iac` and commit ci-cd/cloudformation/dread.json"


def test_every_service_table_is_in_the_template():
    import importlib

    resources = json.loads(iac.render())["Resources"]
    names = {
        r["Properties"]["TableName"]["Fn::Sub"]
        for r in resources.values()
        if r["Type"] == "AWS::DynamoDB::Table"
    }
    for name, (package, _area, _port) in SERVICES.items():
        for spec in importlib.import_module(f"{package}.tables").TABLES:
            assert f"${{Prefix}}-{name}-{spec.name}" in names


def test_tables_are_on_demand_and_retained():
    for resource in json.loads(iac.render())["Resources"].values():
        if resource["Type"] == "AWS::DynamoDB::Table":
            assert resource["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
            assert resource["DeletionPolicy"] == "Retain"


def test_committed_container_nginx_configs_are_current():
    from devstack import nginx

    for mode in ("compose", "aws"):
        committed = (REPO / "ci-cd" / "nginx" / f"nginx.{mode}.conf").read_text()
        layout = nginx.container_layout(with_emulated_bucket=mode == "compose")
        assert committed == nginx.render(layout), f"run `make iac` ({mode} config is stale)"


def test_aws_nginx_config_has_no_emulated_bucket_route():
    conf = (REPO / "ci-cd" / "nginx" / "nginx.aws.conf").read_text()
    assert "s3_upstream" not in conf and "_s3gate_auth" not in conf
    for area in ("auth", "courses", "videos", "watchlist", "progress", "forum", "profiles"):
        assert f"^/api/{area}(/|$)" in conf


def _deploy_command() -> str:
    """The deploy workflow's `aws cloudformation deploy` command, continuation lines joined."""
    text = (REPO / ".github" / "workflows" / "deploy.yml").read_text().replace("\\\n", " ")
    commands = [line.strip() for line in text.splitlines() if "aws cloudformation deploy" in line]
    assert len(commands) == 1, commands
    return " ".join(commands[0].split())


def test_template_fits_a_cloudformation_template_url():
    """The workflow uploads the committed file as it is: a TemplateURL's 1 MB at most."""
    size = len((REPO / "ci-cd" / "cloudformation" / "dread.json").read_bytes())
    assert size <= templates.TEMPLATE_URL_LIMIT


def test_deploy_sends_the_template_through_the_template_bucket():
    """Inline (TemplateBody) takes 51,200 bytes at most: `deploy` must upload it to S3 first,
    to the bucket the template lets the deploy role write (ci-cd/iac/templates.py)."""
    bucket = (
        templates.TEMPLATE_BUCKET.replace("${Prefix}", "$PREFIX")
        .replace("${AWS::AccountId}", "$account")
        .replace("${AWS::Region}", "$AWS_REGION")
    )
    command = _deploy_command()
    assert "--template-file ci-cd/cloudformation/dread.json" in command
    assert f'--s3-bucket "{bucket}"' in command
    assert f"--s3-prefix {templates.TEMPLATE_PREFIX}" in command


def test_deploy_role_may_upload_and_read_templates():
    """HeadObject/PutObject by `deploy`, GetObject by CloudFormation with the caller's rights."""
    role = json.loads(iac.render())["Resources"]["DeployRole"]["Properties"]
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    resource = {
        "Fn::Sub": (
            f"arn:${{AWS::Partition}}:s3:::{templates.TEMPLATE_BUCKET}/{templates.TEMPLATE_PREFIX}/*"
        )
    }
    granted = {
        action
        for s in statements
        if s["Effect"] == "Allow" and s["Resource"] == resource
        for action in s["Action"]
    }
    assert {"s3:PutObject", "s3:GetObject"} <= granted
