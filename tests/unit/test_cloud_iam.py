"""One IAM role per service: each reaches only its own tables and bucket prefixes."""

import json
import os
import subprocess
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import botocore.session
import pytest
import yaml
from iac import iam
from iac import render as iac

from devstack.config import SERVICES

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "ci-cd" / "deploy"


@pytest.fixture(scope="module")
def template():
    return json.loads(iac.render())


def _statements(role):
    return [
        s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]
    ]


def _names_in(value) -> set[str]:
    """Every logical id a CloudFormation value refers to (GetAtt, Ref, ${X.Arn} in Sub)."""
    text = json.dumps(value)
    names = set()
    for chunk in text.split('"Fn::GetAtt": ["')[1:]:
        names.add(chunk.split('"')[0])
    for chunk in text.split("${")[1:]:
        names.add(chunk.split("}")[0].split(".")[0])
    return names


def _tables_of(resources, service):
    package = SERVICES[service][0]
    wanted = {f"${{Prefix}}-{service}-{spec}" for spec in _table_names(package)}
    return {
        name
        for name, r in resources.items()
        if r["Type"] == "AWS::DynamoDB::Table" and r["Properties"]["TableName"]["Fn::Sub"] in wanted
    }


def _table_names(package):
    import importlib

    return [spec.name for spec in importlib.import_module(f"{package}.tables").TABLES]


def _data_resources(statements, prefix):
    return [
        name
        for s in statements
        if any(a.startswith(prefix) for a in s["Action"])
        for name in _names_in(s["Resource"])
    ]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_service_role_lists_only_its_own_tables(template, service):
    resources = template["Resources"]
    role = resources[iam.role_logical_id(service)]
    tables = [s for s in _statements(role) if any(a.startswith("dynamodb:") for a in s["Action"])]
    assert set(_data_resources(tables, "dynamodb:")) == _tables_of(resources, service)
    # no wildcard table ARN: only the tables' own ARNs and their indexes
    assert "*" not in json.dumps([s["Resource"] for s in tables]).replace("/index/*", "")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_only_video_profile_and_course_touch_the_bucket_and_only_their_prefixes(template, service):
    role = template["Resources"][iam.role_logical_id(service)]
    objects = [s for s in _statements(role) if "s3:GetObject" in s["Action"]]
    expected = {"video": ["videos/*"], "profile": ["avatars/*"], "course": ["covers/*"]}.get(
        service
    )
    if expected is None:
        assert not [s for s in _statements(role) if any(a.startswith("s3:") for a in s["Action"])]
        return
    (statement,) = objects
    assert [r["Fn::Sub"] for r in statement["Resource"]] == [
        "${MediaBucket.Arn}/" + p for p in expected
    ]
    (listing,) = [s for s in _statements(role) if s["Action"] == ["s3:ListBucket"]]
    assert listing["Condition"]["StringLikeIfExists"]["s3:prefix"] == expected


def test_bucket_prefixes_are_the_ones_the_services_write():
    from course_service.covers import upload_key
    from profile_service.avatars import AVATAR_TYPES, Avatars
    from video_service.media import source_key, video_prefix

    assert upload_key("c1").startswith(iam.BUCKET_PREFIXES["course"])

    assert video_prefix("v1").startswith(iam.BUCKET_PREFIXES["video"])
    assert source_key("v1").startswith(iam.BUCKET_PREFIXES["video"])
    assert Avatars.new_key("u1", next(iter(AVATAR_TYPES))).startswith(
        iam.BUCKET_PREFIXES["profile"]
    )


def test_host_role_has_no_data_access_and_assumes_only_the_service_roles(template):
    resources = template["Resources"]
    host = resources["HostRole"]
    assert not [
        a for s in _statements(host) for a in s["Action"] if a.startswith(("dynamodb:", "s3:"))
    ]
    assume = resources["HostAssumesServiceRoles"]["Properties"]
    assert assume["Roles"] == [{"Ref": "HostRole"}]
    (statement,) = assume["PolicyDocument"]["Statement"]
    assert _names_in(statement["Resource"]) == {iam.role_logical_id(s) for s in SERVICES}
    for service in SERVICES:
        trust = resources[iam.role_logical_id(service)]["Properties"]["AssumeRolePolicyDocument"]
        assert trust["Statement"][0]["Principal"] == {"AWS": {"Fn::GetAtt": ["HostRole", "Arn"]}}


def test_web_containers_cannot_reach_the_instance_role(template):
    options = template["Resources"]["HostLaunchTemplate"]["Properties"]["LaunchTemplateData"]
    assert options["MetadataOptions"] == {"HttpTokens": "required", "HttpPutResponseHopLimit": 1}


def test_the_deploy_gets_every_service_role(template):
    joined = template["Outputs"]["ServiceRoleArns"]["Value"]["Fn::Join"][1]
    assert [part["Fn::Sub"].split("=")[0] for part in joined] == list(SERVICES)


def test_each_web_container_mounts_only_its_own_credentials():
    services = yaml.safe_load((DEPLOY / "docker-compose.prod.yml").read_text())["services"]
    for name in SERVICES:
        service = services[name]
        assert "web" in service["profiles"]
        mounts = [v for v in service["volumes"] if v.endswith(":/run/dread/aws:ro")]
        assert mounts == [f"./aws/{name}:/run/dread/aws:ro"], name
        assert service["environment"]["AWS_CONFIG_FILE"] == "/run/dread/aws/config"
        assert service["environment"]["AWS_EC2_METADATA_DISABLED"] == "true"


def _fake_bin(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/usr/bin/env bash\n" + textwrap.dedent(body))
    path.chmod(0o755)


@pytest.mark.skipif(not Path("/usr/bin/jq").exists(), reason="jq (scripts/setup.sh installs it)")
def test_service_credentials_are_what_the_sdk_reads_through_credential_process(
    tmp_path, monkeypatch
):
    """The host script writes each role's credentials; botocore in a container reads them."""
    work = tmp_path / "dread"
    work.mkdir()
    (work / "service-credentials.sh").write_text((DEPLOY / "service-credentials.sh").read_text())
    arn = "arn:aws:iam::123456789012:role/dread-VideoServiceRole-X"
    (work / "service-roles").write_text(f"video={arn}\n")
    fake = tmp_path / "bin"
    fake.mkdir()
    real_expiry = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _fake_bin(
        fake,
        "aws",
        f"""\
        [ "$1 $2" = "sts assume-role" ] && [ "$4" = "{arn}" ] || exit 3
        echo '{{"AccessKeyId": "ASIAVIDEO", "SecretAccessKey": "s3cr3t",
          "SessionToken": "tok", "Expiration": "{real_expiry}"}}'
        """,
    )
    _fake_bin(fake, "chown", "exit 0\n")  # the containers' uid; not ours to give here
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    subprocess.run(["bash", str(work / "service-credentials.sh")], check=True, env=env)

    folder = work / "aws" / "video"
    written = json.loads((folder / "credentials.json").read_text())
    assert written["Version"] == 1 and written["AccessKeyId"] == "ASIAVIDEO"
    reported = datetime.strptime(written["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # reported early, so the SDK re-reads the file long before the real expiry
    assert timedelta(minutes=25) < reported - datetime.now(UTC) < timedelta(minutes=31)
    assert not (work / "aws" / "auth").exists()

    # what the container's SDK does with the mounted folder (its path, here under tmp_path)
    config = (folder / "config").read_text()
    assert "credential_process = cat /run/dread/aws/credentials.json" in config
    (folder / "local-config").write_text(
        config.replace("/run/dread/aws/", f"{folder}/"), encoding="utf-8"
    )
    session = botocore.session.Session()
    session.set_config_variable("config_file", str(folder / "local-config"))
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    credentials = session.get_credentials()
    assert credentials.method == "custom-process"
    assert credentials.get_frozen_credentials().access_key == "ASIAVIDEO"
