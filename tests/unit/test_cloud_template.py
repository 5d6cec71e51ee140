"""The AWS template: TLS at the ALB, at least two hosts in two AZs, hardened data, OIDC trust."""

import json
from pathlib import Path

import pytest
from iac import render as iac


@pytest.fixture(scope="module")
def resources():
    return json.loads(iac.render())["Resources"]


def _of_type(resources, kind):
    return [r for r in resources.values() if r["Type"] == kind]


def test_http_redirects_to_https_with_the_certificate(resources):
    listeners = {
        r["Properties"]["Port"]: r
        for r in _of_type(resources, "AWS::ElasticLoadBalancingV2::Listener")
    }
    assert listeners[443]["Properties"]["Certificates"] == [
        {"CertificateArn": {"Ref": "CertificateArn"}}
    ]
    redirect = listeners[80]["Properties"]["DefaultActions"][0]
    assert redirect["Type"] == "redirect" and redirect["RedirectConfig"]["Protocol"] == "HTTPS"


def test_at_least_two_hosts_across_subnets_with_readyz_health(resources):
    group = resources["HostGroup"]
    assert json.loads(iac.render())["Parameters"]["HostCount"]["MinValue"] >= 2
    assert group["Properties"]["MinSize"] == {"Ref": "HostCount"}
    assert group["Properties"]["VPCZoneIdentifier"] == {"Ref": "SubnetIds"}
    assert group["Properties"]["HealthCheckType"] == "ELB"
    assert group["CreationPolicy"]["ResourceSignal"]["Count"] == {"Ref": "HostCount"}
    assert resources["WebTargetGroup"]["Properties"]["HealthCheckPath"].endswith("/readyz")
    assert "cfn-signal" in json.dumps(resources["HostLaunchTemplate"])


def test_hosts_take_traffic_only_from_the_load_balancer(resources):
    (rule,) = resources["HostSecurityGroup"]["Properties"]["SecurityGroupIngress"]
    assert rule["SourceSecurityGroupId"] == {"Ref": "LoadBalancerSecurityGroup"}


def test_tables_are_protected_and_bucket_is_tls_only_and_versioned(resources):
    for table in _of_type(resources, "AWS::DynamoDB::Table"):
        assert table["Properties"]["DeletionProtectionEnabled"] is True
        assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    bucket = resources["MediaBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    (deny,) = resources["MediaBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }


def test_deploy_role_trusts_only_the_production_environment(resources):
    (statement,) = resources["DeployRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    subject = statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
    assert subject == {"Fn::Sub": "repo:${GitHubRepository}:environment:production"}


def test_workers_scale_on_their_own_without_the_load_balancer(resources):
    group = resources["WorkerGroup"]["Properties"]
    assert "TargetGroupARNs" not in group
    assert group["LaunchTemplate"]["LaunchTemplateId"] == {"Ref": "WorkerLaunchTemplate"}
    assert group["MinSize"] == {"Ref": "WorkerMinCount"}
    policy = resources["WorkerCpuScaling"]["Properties"]
    assert policy["AutoScalingGroupName"] == {"Ref": "WorkerGroup"}
    tracking = policy["TargetTrackingConfiguration"]
    assert tracking["PredefinedMetricSpecification"]["PredefinedMetricType"] == (
        "ASGAverageCPUUtilization"
    )
    data = resources["WorkerLaunchTemplate"]["Properties"]["LaunchTemplateData"]
    assert data["IamInstanceProfile"] == {"Arn": {"Fn::GetAtt": ["WorkerProfile", "Arn"]}}
    assert {"Key": "dread:role", "Value": "worker"} in data["TagSpecifications"][0]["Tags"]
    assert "--resource ${Group}" in data["UserData"]["Fn::Base64"]["Fn::Sub"][0]
    variables = data["UserData"]["Fn::Base64"]["Fn::Sub"][1]
    assert variables["Group"] == "WorkerGroup" and variables["Role"] == "worker"


def test_worker_role_has_the_video_data_only(resources):
    from iac import iam

    (data,) = [
        p
        for p in resources["WorkerRole"]["Properties"]["Policies"]
        if p["PolicyName"].endswith("-data")
    ]
    assert data["PolicyDocument"]["Statement"] == iam.data_statements("video")


def test_web_hosts_run_no_worker_and_worker_hosts_only_the_worker():
    import yaml

    compose = Path(__file__).resolve().parents[2] / "ci-cd" / "deploy" / "docker-compose.prod.yml"
    services = yaml.safe_load(compose.read_text())["services"]
    worker_profile = [name for name, s in services.items() if "worker" in s["profiles"]]
    assert worker_profile == ["video-worker"]
    assert "web" not in services["video-worker"]["profiles"]
    assert all("web" in s["profiles"] for n, s in services.items() if n != "video-worker")


def test_bucket_cors_lets_only_the_site_read_and_upload_and_see_etags(resources):
    (rule,) = resources["MediaBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedOrigins"] == [{"Ref": "SiteOrigin"}]
    # hls.js and <video> GET/HEAD; the upload's presigned PUTs; the avatar's presigned POST form
    assert set(rule["AllowedMethods"]) == {"GET", "HEAD", "PUT", "POST"}
    # a browser multipart upload completes with every part's ETag, which it must be let read
    assert "ETag" in rule["ExposedHeaders"]


def test_the_pipeline_applies_the_template_as_cloudformation_not_as_itself(resources):
    statements = resources["DeployRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    actions = {a for s in statements for a in s["Action"]}
    assert "cloudformation:ExecuteChangeSet" in actions
    assert not {a for a in actions if a.startswith(("dynamodb:", "iam:Create"))}
    # S3 only to hand CloudFormation the template: its uploads in the template bucket, no data
    for statement in statements:
        if any(a.startswith("s3:") for a in statement["Action"]):
            assert set(statement["Action"]) <= {"s3:PutObject", "s3:GetObject"}
            resource = statement["Resource"]["Fn::Sub"]
            assert resource.endswith("-templates-${AWS::AccountId}-${AWS::Region}/cloudformation/*")
    (pass_role,) = [s for s in statements if s["Action"] == ["iam:PassRole"]]
    assert pass_role["Resource"] == {"Fn::GetAtt": ["CloudFormationRole", "Arn"]}
    trust = resources["CloudFormationRole"]["Properties"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "cloudformation.amazonaws.com"}


def test_host_boot_script_is_clean_shell_and_starts_the_recorded_release(tmp_path):
    """A replacement host deploys what ssm-deploy.sh recorded, with no pipeline run."""
    import re
    import subprocess

    from iac import render

    script = re.sub(
        r"\$\{([A-Za-z:]+)\}", lambda m: m.group(1).replace("::", "_"), render.USER_DATA
    )
    (tmp_path / "boot.sh").write_text(script)
    shellcheck = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "shellcheck"
    subprocess.run([str(shellcheck), "-s", "bash", str(tmp_path / "boot.sh")], check=True)
    assert '--name "/${Prefix}/release/$1"' in render.USER_DATA
    assert "bash remote-deploy.sh" in render.USER_DATA
    deploy = (
        Path(__file__).resolve().parents[2] / "ci-cd" / "deploy" / "ssm-deploy.sh"
    ).read_text()
    assert (
        '--name "/$prefix/release/tag"' in deploy and '--name "/$prefix/release/bundle"' in deploy
    )
