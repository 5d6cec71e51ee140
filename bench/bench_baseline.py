"""Baseline: raw DynamoDB Local throughput against the same operation behind a kit endpoint.

Later benchmarks compare against these figures: the HTTP path adds NGINX, gunicorn, Flask,
the kit's middleware and JSON on top of one DynamoDB call.
"""

from __future__ import annotations

import uuid

import boto3
import requests
from botocore.config import Config

from bench.common import print_table, private_stack, run_concurrently

THREADS = 8
PER_THREAD = 250


def _raw_table(stack):
    dynamodb = boto3.resource(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}",
        region_name="us-east-1",
        **stack.s3_keys,  # the stack's generated keys (DynamoDB Local accepts any)
        config=Config(max_pool_connections=THREADS * 2),
    )
    return dynamodb.Table("dread-bench-items")


def main() -> None:
    """Run the baseline and print both paths side by side with the ratio."""
    with private_stack(DREAD_BENCH_APP="1", DREAD_SEED="0") as stack:
        table = _raw_table(stack)
        run_id = uuid.uuid4().hex[:8]
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=THREADS, pool_maxsize=THREADS)
        session.mount("http://", adapter)
        base = f"{stack.url}/api/bench/items"

        def raw_write(i):
            table.put_item(Item={"pk": f"raw-{run_id}-{i}", "value": "x" * 64})

        def raw_read(i):
            assert "Item" in table.get_item(Key={"pk": f"raw-{run_id}-{i}"})

        def http_write(i):
            response = session.put(
                f"{base}/http-{run_id}-{i}", json={"value": "x" * 64}, timeout=10
            )
            response.raise_for_status()

        def http_read(i):
            session.get(f"{base}/http-{run_id}-{i}", timeout=10).raise_for_status()

        for warm in (raw_write, http_write):
            warm(-1)
        figures = {}
        for name, operation in (
            ("raw DynamoDB Local PutItem", raw_write),
            ("kit endpoint PUT via NGINX (1 PutItem)", http_write),
            ("raw DynamoDB Local GetItem", raw_read),
            ("kit endpoint GET via NGINX (1 GetItem)", http_read),
        ):
            figures[name] = run_concurrently(operation, threads=THREADS, per_thread=PER_THREAD)
        print(f"{THREADS} client threads, {THREADS * PER_THREAD} operations per case")
        print_table(
            "writes",
            [(k, v) for k, v in figures.items() if "Put" in k or "PUT" in k],
            baseline="raw DynamoDB Local PutItem",
        )
        print_table(
            "reads",
            [(k, v) for k, v in figures.items() if "Get" in k or "GET" in k],
            baseline="raw DynamoDB Local GetItem",
        )
