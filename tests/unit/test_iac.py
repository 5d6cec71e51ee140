"""The committed cloud template matches the tables the services define."""

import json
from pathlib import Path

from devstack import iac
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
