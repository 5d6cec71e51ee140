"""The NGINX configuration of the local stack, rendered from the stack's ports and paths."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from .config import REPO, SERVICES, StackConfig


def _problem(status: int, title: str, detail: str) -> str:
    body = {
        "type": f"https://dread.dev/problems/{status}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return json.dumps(body).replace("'", "\\'")


# Content-Security-Policy for the frontend: no inline scripts or styles anywhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Static caching: `?v=` marks a versioned URL (its content never changes under that URL).
STATIC_CACHE_MAPS = """
    map $arg_v $dread_asset_cache {
        "" "no-cache";
        default "public, max-age=31536000, immutable";
    }
    map $arg_v $dread_vendor_cache {
        "" "public, max-age=604800";
        default "public, max-age=31536000, immutable";
    }"""

VENDOR_HEADERS = """
            add_header Cache-Control $dread_vendor_cache always;
            add_header X-Content-Type-Options nosniff always;"""

SECURITY_HEADERS = f"""
        add_header Content-Security-Policy "{CSP}" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;
        add_header X-Frame-Options DENY always;"""


@dataclass(frozen=True)
class Layout:
    """Where NGINX finds everything: the local stack, compose and AWS differ only here."""

    listen: str
    services: dict  # name -> (URL area, "host:port")
    frontend: str
    node_modules: str
    run_dir: str
    error_log: str
    access_log: str
    auth_rate: str
    bucket: str
    s3: str | None  # the emulated bucket's address; None on AWS (browsers go to S3)
    gate: str | None  # the signature gate in front of it
    mime_types: str = "/etc/nginx/mime.types"


def local_layout(config: StackConfig) -> Layout:
    """The layout of `make up`: everything on loopback, files from the checkout."""
    return Layout(
        listen=f"{config.http_host}:{config.http_port}",
        services={
            name: (area, f"127.0.0.1:{config.service_ports[name]}")
            for name, (_pkg, area, _port) in config.services.items()
        },
        frontend=str(REPO / "frontend"),
        node_modules=str(REPO / "node_modules"),
        run_dir=str(config.run),
        error_log=f"{config.logs}/nginx-error.log",
        access_log=f"{config.logs}/nginx-access.log",
        auth_rate=config.auth_rate,
        bucket=config.bucket,
        s3=f"127.0.0.1:{config.s3_port}",
        gate=f"127.0.0.1:{config.s3_gate_port}",
    )


def container_layout(*, with_emulated_bucket: bool) -> Layout:
    """The layout inside the nginx image: compose (emulated bucket) or AWS (real S3)."""
    return Layout(
        listen="8080",
        services={name: (area, f"{name}:8000") for name, (_pkg, area, _port) in SERVICES.items()},
        frontend="/usr/share/dread/frontend",
        node_modules="/usr/share/dread/node_modules",
        run_dir="/var/cache/nginx/dread",
        error_log="/dev/stderr",
        access_log="/dev/stdout",
        auth_rate="10r/s",
        bucket="dread-media",
        s3="s3:9000" if with_emulated_bucket else None,
        gate="s3-gate:9001" if with_emulated_bucket else None,
    )


def _api_locations(layout: Layout) -> str:
    blocks = []
    for name, (area, _address) in layout.services.items():
        limit = "\n            limit_req zone=auth burst=20 nodelay;" if name == "auth" else ""
        blocks.append(
            f"""
        location ~ ^/api/{area}(/|$) {{{limit}
            proxy_pass http://{name}_upstream;
        }}"""
        )
    return "".join(blocks)


def _upstreams(layout: Layout) -> str:
    return "".join(
        f"""
    upstream {name}_upstream {{
        server {address} max_fails=0;
        keepalive 16;
    }}"""
        for name, (_area, address) in layout.services.items()
    )


def _bucket_locations(layout: Layout) -> str:
    if layout.s3 is None:
        return ""
    bucket, gate = layout.bucket, layout.gate
    return f"""
        # The media bucket at the same origin, so presigned URLs signed for this address work.
        # s3rver checks no signature, so the S3 gate (devstack/s3gate.py) checks each request
        # first, as S3 would: an unsigned, altered or expired URL gets 403.
        location /{bucket}/ {{
            auth_request /_s3gate_auth;
            client_max_body_size 0;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_pass http://s3_upstream;
        }}
        # Form uploads (presigned POST to the bucket root) carry their signature in the body,
        # which auth_request cannot see: the gate checks the policy and forwards to s3rver.
        location = /{bucket} {{
            client_max_body_size 16m;
            proxy_pass http://{gate};
        }}
        location = /{bucket}/ {{
            client_max_body_size 16m;
            proxy_pass http://{gate};
        }}
        location = /_s3gate_auth {{
            internal;
            client_max_body_size 0;  # checked for the main request, whose body is not sent here
            proxy_method GET;
            proxy_pass http://{gate}/auth;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Original-URI $request_uri;
            proxy_set_header X-Original-Method $request_method;
            # this subrequest has no body: the gate checks a signed length against this
            proxy_set_header X-Original-Content-Length $http_content_length;
        }}
"""


def _s3_upstream(layout: Layout) -> str:
    if layout.s3 is None:
        return ""
    return f"""
    upstream s3_upstream {{
        server {layout.s3};
        keepalive 16;
    }}"""


def render(layout: Layout) -> str:
    """The whole nginx.conf for `layout`."""
    run = layout.run_dir
    node_modules, frontend = layout.node_modules, layout.frontend
    too_large = _problem(413, "Payload Too Large", "The request body is larger than allowed.")
    unavailable = _problem(
        503, "Service Unavailable", "This part of DREAD is not answering; try again shortly."
    )
    rate_limited = _problem(429, "Too Many Requests", "Too many requests; slow down and retry.")
    return f"""# Generated by devstack/nginx.py; edits are overwritten at every start.
worker_processes 2;
pid {run}/nginx.pid;
error_log {layout.error_log} warn;
events {{ worker_connections 1024; }}

http {{
    include {layout.mime_types};
    types {{ text/vtt vtt; }}  # m3u8 and ts are in mime.types already
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    client_body_temp_path {run}/nginx-tmp/body;
    proxy_temp_path {run}/nginx-tmp/proxy;
    fastcgi_temp_path {run}/nginx-tmp/fastcgi;
    uwsgi_temp_path {run}/nginx-tmp/uwsgi;
    scgi_temp_path {run}/nginx-tmp/scgi;

    map $http_x_request_id $dread_request_id {{
        default $http_x_request_id;
        "" $request_id;
    }}
    log_format dread_json escape=json '{{"ts":"$time_iso8601","request_id":"$dread_request_id",'
        '"remote":"$remote_addr","method":"$request_method","uri":"$request_uri",'
        '"status":$status,"bytes":$body_bytes_sent,"duration_s":$request_time,'
        '"upstream":"$upstream_addr"}}';
    access_log {layout.access_log} dread_json;

    # Per-client limit on the auth endpoints (brute force, credential stuffing).
    limit_req_zone $binary_remote_addr zone=auth:10m rate={layout.auth_rate};
    limit_req_status 429;
{STATIC_CACHE_MAPS}
{_upstreams(layout)}{_s3_upstream(layout)}

    server {{
        listen {layout.listen};
        server_name _;
        root {frontend};
        client_max_body_size 1m;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Request-ID $dread_request_id;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;

        error_page 413 @too_large;
        error_page 429 @rate_limited;
        error_page 502 503 504 @unavailable;
        location @too_large {{
            default_type application/problem+json;
            return 413 '{too_large}';
        }}
        location @rate_limited {{
            default_type application/problem+json;
            add_header Retry-After 1 always;
            return 429 '{rate_limited}';
        }}
        location @unavailable {{
            default_type application/problem+json;
            add_header Retry-After 2 always;
            return 503 '{unavailable}';
        }}
{_api_locations(layout)}

{_bucket_locations(layout)}
        # Vendor files from npm: immutable when the page names their version (?v=5.3.8).
        location ^~ /vendor/bootstrap/ {{
            alias {node_modules}/bootstrap/dist/;{VENDOR_HEADERS}
        }}
        location ^~ /vendor/bootstrap-icons/ {{
            alias {node_modules}/bootstrap-icons/font/;{VENDOR_HEADERS}
        }}
        location ^~ /vendor/hls/ {{
            alias {node_modules}/hls.js/dist/;{VENDOR_HEADERS}
        }}
        location ^~ /vendor/swagger-ui/ {{
            alias {node_modules}/swagger-ui-dist/;{VENDOR_HEADERS}
        }}
        location ^~ /vendor/axe/ {{
            alias {node_modules}/axe-core/;{VENDOR_HEADERS}
        }}

        # Pages: revalidated on every visit (ETag/Last-Modified make that cheap).
        location / {{{SECURITY_HEADERS}
            add_header Cache-Control "no-cache" always;
            try_files $uri $uri.html $uri/ =404;
            error_page 404 /404.html;
        }}
        # Own assets: immutable for a year when versioned (?v=N in every reference and
        # import), else revalidated. Prefix locations, so the bucket's paths never match.
        location ^~ /js/ {{{SECURITY_HEADERS}
            add_header Cache-Control $dread_asset_cache always;
        }}
        location ^~ /css/ {{{SECURITY_HEADERS}
            add_header Cache-Control $dread_asset_cache always;
        }}
        location ^~ /img/ {{{SECURITY_HEADERS}
            add_header Cache-Control $dread_asset_cache always;
        }}
    }}
}}
"""


def main(argv: list[str]) -> int:
    """`python -m devstack.nginx compose|aws`: print the nginx.conf of the container image."""
    if argv not in (["compose"], ["aws"]):
        print("usage: python -m devstack.nginx compose|aws", file=sys.stderr)
        return 2
    sys.stdout.write(render(container_layout(with_emulated_bucket=argv == ["compose"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
