"""The AWS template: TLS at the ALB, at least two hosts in two AZs, hardened data, OIDC trust."""

import json

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
