"""The edge (NGINX in front of gunicorn): its own answers, compression, leftovers, HTTPS."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import replace
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
import requests
from service_kit.errors import PROBLEM_TYPE_BASE, problem_kind

from devstack import nginx
from devstack.config import StackConfig
from tests.accounts import auth_call, register
from tests.conftest import AREAS

PROBLEM = "application/problem+json"


def _assert_problem(response: requests.Response, status: int) -> dict:
    """A problem+json answer of `status` whose type and title are the kit's for that status."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"] == PROBLEM
    body = response.json()
    slug, title = problem_kind(status)
    assert body["status"] == status
    assert (body["type"], body["title"]) == (PROBLEM_TYPE_BASE + slug, title)
    return body


def _raw(stack, data: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are (requests would refuse or fix them); status, headers, body."""
    host, port = urlsplit(stack.url).hostname, urlsplit(stack.url).port
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(data)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def _raw_problem(stack, data: bytes, status: int) -> None:
    got, headers, body = _raw(stack, data)
    assert got == status, body[:300]
    assert headers["content-type"] == PROBLEM
    parsed = json.loads(body)
    assert parsed["type"] == PROBLEM_TYPE_BASE + problem_kind(status)[0]


# --- item 5: every answer under /api/ is problem+json, one type per status -------------------


@pytest.mark.parametrize("path", ["/api/nosuch", "/api/", "/api/nosuch/deeper"])
def test_unknown_api_area_is_problem_404_with_the_services_type(stack, path):
    edge = _assert_problem(stack.get(path), 404)
    service = _assert_problem(stack.get(f"/api/courses/{uuid.uuid4()}"), 404)
    assert edge["type"] == service["type"]


def test_unknown_page_is_still_the_html_404_page(stack):
    response = stack.get("/no-such-page")
    assert response.status_code == 404 and "<html" in response.text


def test_request_line_over_4k_reaches_the_service_not_gunicorns_html(stack):
    # gunicorn's default limit is 4094 bytes; NGINX's is 8 KiB: the service answers.
    for length in (4100, 6000, 8100):
        response = stack.get("/api/courses/healthz", params={"pad": "a" * length})
        assert response.status_code == 200, response.text[:200]
        assert response.json() == {"status": "ok"}


def test_uri_over_8k_is_problem_414(stack):
    _assert_problem(stack.get("/api/courses/" + "a" * 9000), 414)
    _assert_problem(stack.get("/api/courses?q=" + "a" * 9000), 414)


def test_header_over_8k_is_problem_431(stack):
    response = stack.get("/api/courses", headers={"X-Padding": "p" * 9000})
    _assert_problem(response, 431)
    _assert_problem(stack.get("/api/courses", cookies={"big": "c" * 9000}), 431)


def test_headers_near_nginxs_limit_reach_the_service(stack):
    # Each just under NGINX's 8 KiB, many of them, and a long X-Forwarded-For NGINX extends.
    headers = {f"X-Pad-{n}": "p" * 100 for n in range(150)}
    headers["X-Big"] = "b" * 8100
    headers["X-Forwarded-For"] = "1" * 8150
    assert stack.get("/api/courses/healthz", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /api/courses HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
        b"GET /api/courses HTTP/1.1\r\nHost: a\r\nX-A: a\r\n folded\r\nConnection: close\r\n\r\n",
        b"GET /api/courses/a b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        b"NONSENSE\r\n\r\n",
    ],
    ids=["duplicate-host", "folded-header", "space-in-uri", "no-http-version"],
)
def test_malformed_request_is_problem_400(stack, request_bytes):
    _raw_problem(stack, request_bytes, 400)


def test_request_line_over_8k_is_problem_414_raw(stack):
    line = b"GET /api/courses/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    _raw_problem(stack, line, 414)


def _wait_for(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_service_down_is_503_problem_not_502(stack):
    pid = stack.pid_of("watchlist")
    os.killpg(pid, signal.SIGKILL)  # master and workers: its port closes at once
    try:
        body = _assert_problem(stack.get("/api/watchlist/healthz"), 503)
        assert body["status"] == 503
        assert stack.get("/api/watchlist/healthz").headers["Retry-After"]
    finally:
        # The supervisor restarts it; later tests need it back.
        assert _wait_for(
            lambda: stack.get("/api/watchlist/readyz").status_code == 200
            and stack.pid_of("watchlist") != pid,
            60,
        )


@pytest.mark.parametrize("area", AREAS)
def test_413_from_nginx_has_the_same_type_as_the_services(stack, area):
    body = "x" * (2 * 1024 * 1024)
    response = stack.request("POST", f"/api/{area}/anything", data=body)
    _assert_problem(response, 413)


@pytest.mark.parametrize("area", AREAS)
def test_a_body_over_nginxs_memory_buffer_still_reaches_the_service(stack, area):
    # under the 1 MiB limit but over NGINX's default 16 KiB buffer: NGINX used to spool it to
    # a temp folder its `nobody` workers cannot reach in the private stack home (503)
    response = stack.request("POST", f"/api/{area}/anything", data="x" * (200 * 1024))
    assert response.status_code in (401, 404, 405), response.text
    assert response.headers["Content-Type"].startswith(PROBLEM)


# --- item 10: compression ----------------------------------------------------------------------

GZIP = {"Accept-Encoding": "gzip"}


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/hls/hls.min.js",
        "/vendor/swagger-ui/swagger-ui-bundle.js",
        "/vendor/bootstrap/css/bootstrap.min.css",
        "/",
        "/catalog.html",
        "/api/courses",
        "/api/courses/openapi.json",
    ],
)
def test_text_and_json_are_gzip_encoded(stack, path):
    response = stack.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.headers.get("Vary", "")
    assert response.content  # requests decoded it


def test_hls_is_much_smaller_compressed(stack):
    plain = stack.get(
        "/vendor/hls/hls.min.js", headers={"Accept-Encoding": "identity"}, stream=True
    )
    packed = stack.get("/vendor/hls/hls.min.js", headers=GZIP, stream=True)
    plain_size = len(plain.raw.read())
    packed_size = len(packed.raw.read(decode_content=False))
    assert plain.headers.get("Content-Encoding") is None
    assert packed_size < plain_size / 2


def test_a_resource_keeps_its_strong_etag(stack):
    # gzip would turn ETag "1" into W/"1", which If-Match must not match.
    course = stack.get("/api/courses", params={"limit": 1}).json()["items"][0]
    response = stack.get(f"/api/courses/{course['id']}", headers=GZIP)
    assert response.status_code == 200
    assert not response.headers["ETag"].startswith("W/")


def test_auth_answers_are_not_compressed(stack):
    # Tokens next to attacker-chosen text in a compressed body leak (BREACH).
    response = stack.get("/api/auth/openapi.json", headers=GZIP)
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


# --- item 13: public leftovers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/README.md",
        "/readme.md",
        "/package.json",
        "/.gitignore",
        "/vendor/swagger-ui/",
        "/vendor/swagger-ui/index.html",
        "/vendor/swagger-ui/swagger-initializer.js",
        "/vendor/swagger-ui/README.md",
        "/vendor/swagger-ui/package.json",
        "/vendor/axe/README.md",
        "/vendor/axe/package.json",
    ],
)
def test_leftovers_are_not_served(stack, path):
    response = stack.get(path)
    assert response.status_code == 404
    assert "petstore" not in response.text and "# DREAD" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/swagger-ui/swagger-ui.css",
        "/vendor/swagger-ui/swagger-ui-bundle.js",
        "/vendor/axe/axe.min.js",
        "/login.html",
        "/login",
    ],
)
def test_what_pages_and_docs_load_is_still_served(stack, path):
    assert stack.get(path).status_code == 200


@pytest.mark.parametrize("area", AREAS)
def test_docs_pages_have_csp_and_frame_headers(stack, area):
    response = stack.get(f"/api/{area}/docs")
    assert response.status_code == 200 and "swagger-ui" in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "script-src" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("area", AREAS)
def test_readyz_names_no_table(stack, area):
    response = stack.get(f"/api/{area}/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks and all(value == "ok" for value in checks.values())
    for name in checks:
        assert name.split("-")[0] in ("table", "bucket") and name.split("-")[1].isdigit()
    assert "dread" not in response.text and ":" not in "".join(checks)


# --- item 3: HTTPS behind the load balancer ----------------------------------------------------


def test_a_client_cannot_claim_https_to_the_local_nginx(stack):
    headers = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in stack.get("/", headers=headers).headers
    email, password = f"edge-{uuid.uuid4().hex[:10]}@example.com", "edge-" + uuid.uuid4().hex
    assert register(stack, email=email, password=password).status_code == 201
    response = auth_call(
        stack,
        "POST",
        "/api/auth/login",
        json={"email": email, "password": password},
        headers=headers,
    )
    assert response.status_code == 200
    assert "Secure" not in response.headers["Set-Cookie"]


class _Proxied:
    """The stack seen through a second NGINX in load-balancer mode (AWS: trusts the proto)."""

    def __init__(self, url: str):
        self.url = url

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.url + path, timeout=10, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)


@pytest.fixture(scope="module")
def behind_load_balancer(stack, tmp_path_factory):
    """The same services behind an NGINX that trusts X-Forwarded-Proto, on its own port."""
    port = urlsplit(stack.url).port + 1
    run = tmp_path_factory.mktemp("lb-nginx")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / "nginx-tmp" / sub).mkdir(parents=True)
    with mock.patch.dict(os.environ, stack.env, clear=True):
        config = StackConfig.from_env()
    layout = replace(
        nginx.local_layout(config),
        listen=f"127.0.0.1:{port}",
        run_dir=str(run),
        error_log=str(run / "error.log"),
        access_log=str(run / "access.log"),
        trust_forwarded_proto=True,
    )
    conf = Path(run) / "nginx.conf"
    conf.write_text(nginx.render(layout))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(run), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    proxied = _Proxied(f"http://127.0.0.1:{port}")

    def answers():
        try:
            return proxied.get("/api/auth/healthz").status_code == 200
        except requests.RequestException:
            return False

    try:
        assert _wait_for(answers, 20), (run / "error.log").read_text()
        yield proxied
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.parametrize(
    "path", ["/", "/js/infrastructure/api.js", "/vendor/hls/hls.min.js", "/api/courses"]
)
def test_hsts_when_the_load_balancer_says_https(behind_load_balancer, path):
    response = behind_load_balancer.get(path, headers=HTTPS)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = behind_load_balancer.get(path, headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_hsts_on_the_edges_own_problems_over_https(behind_load_balancer):
    response = behind_load_balancer.get("/api/nosuch", headers=HTTPS)
    _assert_problem(response, 404)
    assert "Strict-Transport-Security" in response.headers


def test_refresh_cookie_is_secure_over_https_behind_the_load_balancer(behind_load_balancer):
    email, password = f"edge-{uuid.uuid4().hex[:10]}@example.com", "edge-" + uuid.uuid4().hex
    assert register(behind_load_balancer, email=email, password=password).status_code == 201
    credentials = {"email": email, "password": password}
    for proto, secure in (("https", True), ("http", False)):
        response = auth_call(
            behind_load_balancer,
            "POST",
            "/api/auth/login",
            json=credentials,
            headers={"X-Forwarded-Proto": proto},
        )
        assert response.status_code == 200
        assert ("Secure" in response.headers["Set-Cookie"]) is secure
        assert ("Strict-Transport-Security" in response.headers) is secure
