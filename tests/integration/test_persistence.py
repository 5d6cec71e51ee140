"""Stop and start again: tables and S3 objects are still there."""

import os
import tempfile
import uuid
from pathlib import Path

import boto3

from devstack.handle import Stack


def test_data_survives_a_restart():
    home = Path(tempfile.mkdtemp(prefix="dread-persist-"))
    port_base = int(os.environ.get("DREAD_TEST_PORT_BASE", "21000")) + 1000
    stack = Stack(home, port_base)
    stack.env["DREAD_SEED"] = "0"
    assert stack.devstack("up", "--detach", check=False).returncode == 0, stack.devstack(
        "status", check=False
    ).stdout
    try:
        credentials = {"region_name": "us-east-1", **stack.s3_keys}  # s3rver knows only these
        dynamodb = boto3.client(
            "dynamodb", endpoint_url=f"http://127.0.0.1:{port_base + 100}", **credentials
        )
        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port_base + 200}", **credentials)
        tables_before = set(dynamodb.list_tables()["TableNames"])
        assert "dread-course-courses" in tables_before
        marker = uuid.uuid4().hex
        dynamodb.put_item(
            TableName="dread-course-courses",
            Item={"pk": {"S": f"TEST#{marker}"}, "sk": {"S": "TEST"}},
        )
        s3.put_object(Bucket="dread-media", Key=f"test/{marker}.txt", Body=b"kept")

        assert stack.devstack("down").returncode == 0
        assert stack.devstack("up", "--detach", check=False).returncode == 0

        assert set(dynamodb.list_tables()["TableNames"]) == tables_before
        item = dynamodb.get_item(
            TableName="dread-course-courses",
            Key={"pk": {"S": f"TEST#{marker}"}, "sk": {"S": "TEST"}},
        )
        assert "Item" in item
        body = s3.get_object(Bucket="dread-media", Key=f"test/{marker}.txt")["Body"].read()
        assert body == b"kept"
        assert stack.get("/api/courses/readyz").status_code == 200
    finally:
        stack.devstack("down", check=False)
