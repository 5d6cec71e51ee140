"""The transcoding workers: an Auto Scaling group of their own, scaled on CPU.

Transcoding is CPU-bound and a worker takes the next job as soon as it finishes one, so a
backlog shows as busy CPUs: target tracking on the group's average CPU adds workers while
jobs queue up and removes them when the queue is empty. A removed worker's job is safe: its
lease lapses and another worker claims it (video_service's job store). The web hosts no
longer transcode.
"""

from __future__ import annotations

from . import iam

PARAMETERS = {
    "WorkerInstanceType": {"Type": "String", "Default": "c6i.large"},
    "WorkerMinCount": {"Type": "Number", "Default": 1, "MinValue": 1, "MaxValue": 10},
    "WorkerMaxCount": {"Type": "Number", "Default": 4, "MinValue": 1, "MaxValue": 20},
    "WorkerCpuTarget": {
        "Type": "Number",
        "Default": 60,
        "MinValue": 20,
        "MaxValue": 90,
        "Description": "average CPU % of the worker group that target tracking keeps",
    },
}


def _worker_role(host_policies: list[dict], managed: list) -> dict:
    # A worker host runs one container, the worker, so its instance role is the worker's
    # role (no second hop, no one-hour chaining cap) with only the video service's data.
    return {
        "WorkerRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "ManagedPolicyArns": managed,
                "Policies": [
                    *host_policies,
                    {
                        "PolicyName": "video-worker-data",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": iam.data_statements("video"),
                        },
                    },
                ],
            },
        },
        "WorkerProfile": {
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": {"Roles": [{"Ref": "WorkerRole"}]},
        },
    }


def resources(*, host_policies: list[dict], managed: list, user_data: dict, tags) -> dict:
    """Role, security group, launch template, group and scaling policy of the workers."""
    return {
        **_worker_role(host_policies, managed),
        "WorkerSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "DREAD transcoding workers: nothing in (SSM), out to AWS",
                "VpcId": {"Ref": "VpcId"},
            },
        },
        "WorkerLaunchTemplate": {
            "Type": "AWS::EC2::LaunchTemplate",
            "Properties": {
                "LaunchTemplateData": {
                    "ImageId": {"Ref": "AmiId"},
                    "InstanceType": {"Ref": "WorkerInstanceType"},
                    "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["WorkerProfile", "Arn"]}},
                    "SecurityGroupIds": [{"Ref": "WorkerSecurityGroup"}],
                    # hop limit 2: the worker container reaches the instance role (its own)
                    "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
                    "BlockDeviceMappings": [
                        {
                            # scratch for sources up to 5 GiB and their renditions
                            "DeviceName": "/dev/xvda",
                            "Ebs": {"VolumeSize": 100, "VolumeType": "gp3", "Encrypted": True},
                        }
                    ],
                    "UserData": user_data,
                    "TagSpecifications": [{"ResourceType": "instance", "Tags": tags}],
                }
            },
        },
        "WorkerGroup": {
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            "CreationPolicy": {
                "ResourceSignal": {"Count": {"Ref": "WorkerMinCount"}, "Timeout": "PT15M"}
            },
            "UpdatePolicy": {
                "AutoScalingRollingUpdate": {
                    "MinInstancesInService": 0,
                    "MaxBatchSize": 1,
                    "WaitOnResourceSignals": True,
                    "PauseTime": "PT15M",
                }
            },
            "Properties": {
                "MinSize": {"Ref": "WorkerMinCount"},
                "MaxSize": {"Ref": "WorkerMaxCount"},
                "VPCZoneIdentifier": {"Ref": "SubnetIds"},
                "LaunchTemplate": {
                    "LaunchTemplateId": {"Ref": "WorkerLaunchTemplate"},
                    "Version": {"Fn::GetAtt": ["WorkerLaunchTemplate", "LatestVersionNumber"]},
                },
                "HealthCheckType": "EC2",
                # a new worker's CPU counts toward the average only once it is pulling jobs
                "DefaultInstanceWarmup": 300,
            },
        },
        "WorkerCpuScaling": {
            "Type": "AWS::AutoScaling::ScalingPolicy",
            "Properties": {
                "AutoScalingGroupName": {"Ref": "WorkerGroup"},
                "PolicyType": "TargetTrackingScaling",
                "TargetTrackingConfiguration": {
                    "PredefinedMetricSpecification": {
                        "PredefinedMetricType": "ASGAverageCPUUtilization"
                    },
                    "TargetValue": {"Ref": "WorkerCpuTarget"},
                },
            },
        },
    }
