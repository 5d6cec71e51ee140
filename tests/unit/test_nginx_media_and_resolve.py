"""Issue 11 at the edge: the AWS CSP allows the media origin; container NGINX re-resolves names.

The re-resolve check runs the rendered container config in a real NGINX (no compose): a
tiny DNS server moves `course.test` from one loopback address to another, and NGINX must
follow within its `valid=` time, without a reload.
"""

import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from devstack import nginx

REPO = Path(__file__).resolve().parents[2]
START = REPO / "ci-cd" / "nginx" / "start.sh"
AWS = nginx.render(nginx.container_layout(with_emulated_bucket=False))
COMPOSE = nginx.render(nginx.container_layout(with_emulated_bucket=True))


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def _page_csp(conf: str) -> dict[str, list[str]]:
    (policy,) = set(re.findall(r'add_header Content-Security-Policy "(default-src[^"]*)"', conf))
    return _directives(policy)


def test_aws_csp_allows_the_media_origin_for_media_fetches_and_uploads_only():
    csp = _page_csp(AWS)
    for directive in ("img-src", "media-src", "connect-src"):
        assert "$dread_media_origin" in csp[directive], directive
    for directive in ("default-src", "script-src", "style-src", "worker-src", "font-src"):
        assert "$dread_media_origin" not in csp[directive], directive
    assert "include /var/cache/nginx/dread/runtime.conf;" in AWS


def test_a_configured_origin_lands_in_the_same_three_directives():
    csp = _directives(nginx.csp("https://cdn.example.com"))
    assert [d for d, sources in csp.items() if "https://cdn.example.com" in sources] == [
        "img-src",
        "media-src",
        "connect-src",
    ]


def test_same_origin_bucket_keeps_the_self_only_policy():
    csp = _page_csp(COMPOSE)
    assert csp["connect-src"] == ["'self'"] and csp["media-src"] == ["'self'", "blob:"]


def test_aws_media_origin_is_the_bucket_s3_host_or_the_cdn():
    assert (
        nginx.aws_media_origin("media-1", "eu-west-1")
        == "https://media-1.s3.eu-west-1.amazonaws.com"
    )
    assert nginx.aws_media_origin("m", "us-east-1").split() == [
        "https://m.s3.us-east-1.amazonaws.com",
        "https://m.s3.amazonaws.com",
    ]
    assert nginx.aws_media_origin("m", "eu-west-1", "https://cdn.x") == "https://cdn.x"


def _start_sh(tmp_path: Path, **env) -> tuple[subprocess.CompletedProcess, str]:
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("search dns.podman\nnameserver 10.89.0.1\n")
    out = tmp_path / "runtime.conf"
    run = subprocess.run(
        ["sh", str(START), "true"],
        env={
            "PATH": os.environ["PATH"],
            "DREAD_RESOLV_CONF": str(resolv),
            "DREAD_NGINX_RUNTIME_CONF": str(out),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    return run, out.read_text() if out.exists() else ""


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_start_script_writes_the_resolver_and_the_same_origin_as_python(tmp_path, region):
    run, conf = _start_sh(tmp_path, S3_BUCKET="dread-media-1", AWS_REGION=region)
    assert run.returncode == 0, run.stderr
    assert "resolver 10.89.0.1 valid=10s ipv6=off;" in conf
    origin = re.search(r'default "([^"]*)";', conf).group(1)
    assert origin == nginx.aws_media_origin("dread-media-1", region)


def test_start_script_prefers_a_cdn_and_refuses_anything_but_https_hosts(tmp_path):
    run, conf = _start_sh(tmp_path, DREAD_MEDIA_ORIGIN="https://d1.cloudfront.net", S3_BUCKET="b")
    assert run.returncode == 0 and 'default "https://d1.cloudfront.net";' in conf
    for bad in ('https://x.com"; add_header', "http://x.com", "https://", "*"):
        run, _ = _start_sh(tmp_path, DREAD_MEDIA_ORIGIN=bad)
        assert run.returncode == 1 and "DREAD_MEDIA_ORIGIN" in run.stderr, bad


@pytest.mark.parametrize("conf", [AWS, COMPOSE], ids=["aws", "compose"])
def test_container_configs_pass_to_names_resolved_while_running(conf):
    assert not re.search(r"^\s*upstream ", conf, re.M), "an upstream block resolves once, at start"
    passes = re.findall(r"proxy_pass (\S+);", conf)
    assert passes and all(p.startswith("http://$dread_") for p in passes), passes
    for name in ("auth", "course", "forum", "profile", "progress", "video", "watchlist"):
        assert f"set $dread_{name}_address {name}:8000;" in conf


def test_local_config_keeps_fixed_upstreams_with_keepalive():
    local = (Path(__file__).with_name("golden") / "nginx.local.conf").read_text()
    assert "resolver" not in local and "$dread_course_address" not in local
    assert "upstream course_upstream {" in local and "keepalive 16;" in local


# --- NGINX against a DNS server that changes its answer ---------------------------------------


class _Dns:
    """Answers every A query with `self.address` (TTL 1 s), anything else with no records."""

    def __init__(self, address: str):
        self.address = address
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                query, client = self.sock.recvfrom(512)
            except OSError:
                return
            end = 12
            while query[end]:
                end += query[end] + 1
            question = query[12 : end + 5]
            (qtype,) = struct.unpack(">H", query[end + 1 : end + 3])
            answer = b""
            if qtype == 1:
                answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 1, 4)
                answer += socket.inet_aton(self.address)
            header = query[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, int(bool(answer)), 0, 0)
            self.sock.sendto(header + question + answer, client)


def _backend(address: str, port: int, name: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((address, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs the nginx binary")
def test_nginx_follows_a_replica_that_moved_without_a_reload(tmp_path):
    port = _free_port("127.0.0.2")
    first, second = _backend("127.0.0.2", port, "first"), _backend("127.0.0.3", port, "second")
    dns = _Dns("127.0.0.2")
    (tmp_path / "nginx-tmp").mkdir()
    runtime = tmp_path / "runtime.conf"
    runtime.write_text(
        f"resolver 127.0.0.1:{dns.port} valid=1s ipv6=off;\n"
        'map $host $dread_media_origin { default ""; }\n'
    )
    http_port = _free_port()
    layout = replace(
        nginx.container_layout(with_emulated_bucket=False),
        listen=f"127.0.0.1:{http_port}",
        services={"course": ("courses", f"course.test:{port}")},
        run_dir=str(tmp_path),
        error_log=str(tmp_path / "error.log"),
        access_log=str(tmp_path / "access.log"),
        frontend=str(tmp_path),
        runtime_conf=str(runtime),
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.render(layout))
    binary = shutil.which("nginx")
    proc = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{http_port}/api/courses/c1"
    try:
        seen = _poll(url, "first", proc)
        dns.address = "127.0.0.3"  # the replica was recreated elsewhere
        seen = _poll(url, "second", proc)
        assert seen == "second"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        first.shutdown()
        second.shutdown()
        dns.sock.close()


def _poll(url: str, want: str, proc: subprocess.Popen, timeout_s: float = 10) -> str:
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            last = requests.get(url, timeout=2).text
        except requests.RequestException as error:
            last = repr(error)
        if last == want:
            return last
        time.sleep(0.2)
    raise AssertionError(f"NGINX still answered {last!r}, wanted {want!r}")


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs the nginx binary")
@pytest.mark.parametrize("emulated", [True, False], ids=["compose", "aws"])
def test_container_configs_start_with_no_service_resolvable(tmp_path, emulated):
    """Names are looked up per request, so NGINX starts before (or without) its services."""
    (tmp_path / "nginx-tmp").mkdir()
    run, _conf = _start_sh(tmp_path, S3_BUCKET="b", AWS_REGION="eu-west-1")
    assert run.returncode == 0, run.stderr
    layout = replace(
        nginx.container_layout(with_emulated_bucket=emulated),
        run_dir=str(tmp_path),
        error_log=str(tmp_path / "error.log"),
        runtime_conf=str(tmp_path / "runtime.conf"),
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.render(layout))
    check = subprocess.run(
        [shutil.which("nginx"), "-t", "-q", "-c", str(conf), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
