"""The committed cloud template matches the tables the services define."""

import json
from pathlib import Path

import pytest
from iac import render as iac

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


@pytest.mark.xfail(
    strict=False,
    reason=(
        "open: the template is 52,989 bytes compacted (> 51,200 inline); deploy must "
        "upload it through S3"
    ),
)
def test_template_fits_a_cloudformation_template_body():
    """`aws cloudformation deploy` sends the (compacted) file inline: 51,200 bytes at most."""
    compact = json.dumps(json.loads(iac.render()), separators=(",", ":"))
    assert len(compact.encode()) <= 51_200
