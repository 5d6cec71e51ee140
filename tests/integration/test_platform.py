"""Platform foundation, checked from outside through NGINX on a private stack."""

import json
import os
import signal
import time
import uuid

import pytest

from tests.conftest import AREAS


@pytest.mark.parametrize("area", AREAS)
def test_health_and_readiness_are_200(stack, area):
    assert stack.get(f"/api/{area}/healthz").status_code == 200
    ready = stack.get(f"/api/{area}/readyz")
    assert ready.status_code == 200
    assert all(value == "ok" for value in ready.json()["checks"].values())


@pytest.mark.parametrize("area", AREAS)
def test_openapi_is_valid_3x(stack, area):
    from openapi_spec_validator import validate

    response = stack.get(f"/api/{area}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)
    docs = stack.get(f"/api/{area}/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text


@pytest.mark.parametrize("area", AREAS)
def test_unknown_path_is_problem_404(stack, area):
    response = stack.get(f"/api/{area}/no-such-{uuid.uuid4().hex}")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert response.headers["X-Request-ID"]


@pytest.mark.parametrize("area", AREAS)
def test_three_mib_body_is_413_problem(stack, area):
    body = json.dumps({"x": "a" * (3 * 1024 * 1024)})
    response = stack.request(
        "POST", f"/api/{area}/anything", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"


def test_request_id_passes_through(stack):
    response = stack.get("/api/courses/healthz", headers={"X-Request-ID": "trace-me-42"})
    assert response.headers["X-Request-ID"] == "trace-me-42"


def test_front_page_is_served_with_security_headers(stack):
    response = stack.get("/")
    assert response.status_code == 200
    assert "<html" in response.text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_metrics_are_not_exposed_through_nginx(stack):
    assert stack.get("/metrics").status_code == 404


def _wait_for(predicate, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_dynamodb_killed_gives_fast_503_then_recovers(stack):
    os.kill(stack.pid_of("dynamodb"), signal.SIGKILL)
    started = time.monotonic()
    response = stack.get("/api/courses/readyz", timeout=5)
    assert response.status_code == 503
    assert time.monotonic() - started < 2.0
    assert response.headers["Content-Type"].startswith("application/json")
    service_pid = stack.pid_of("course")
    # The supervisor restarts DynamoDB Local; the service recovers without a restart.
    assert _wait_for(lambda: stack.get("/api/courses/readyz").status_code == 200, 60)
    assert stack.pid_of("course") == service_pid
