"""S3 answers for objects that are not there, read the same way by every service."""

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto import mock_aws
from service_kit import aws


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="media")
        yield client


def test_head_object_answers_none_for_a_missing_key_and_the_head_otherwise(s3):
    assert aws.head_object(s3, "media", "nothing/here") is None
    s3.put_object(Bucket="media", Key="a.txt", Body=b"four", ContentType="text/plain")
    head = aws.head_object(s3, "media", "a.txt")
    assert (head["ContentLength"], head["ContentType"]) == (4, "text/plain")


def test_head_object_raises_what_is_not_a_missing_object(s3):
    with Stubber(s3) as stub:
        stub.add_client_error("head_object", service_error_code="403", http_status_code=403)
        with pytest.raises(ClientError):
            aws.head_object(s3, "media", "a.txt")


@pytest.mark.parametrize(
    ("code", "missing"),
    [("404", True), ("NoSuchKey", True), ("NoSuchUpload", True), ("AccessDenied", False)],
)
def test_object_missing_reads_the_error_code(code, missing):
    error = ClientError({"Error": {"Code": code, "Message": "m"}}, "GetObject")
    assert aws.object_missing(error) is missing
    assert aws.object_missing(ValueError(code)) is False
