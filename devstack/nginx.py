"""The NGINX configuration of the local stack, rendered from the stack's ports and paths."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from service_kit.errors import PROBLEM_TYPE_BASE, problem_kind

from .config import REPO, SERVICES, StackConfig


def _problem(status: int, detail: str) -> str:
    """A problem+json body with the same `type` and `title` the services use for `status`."""
    slug, title = problem_kind(status)
    body = {"type": PROBLEM_TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    return json.dumps(body).replace("'", "\\'")


# What NGINX itself answers (the services answer everything else under /api/ themselves).
EDGE_PROBLEMS = {
    # name: (status sent, detail, extra headers)
    "bad_request": (400, "The request is malformed.", ""),
    "not_found": (404, "There is no such API endpoint.", ""),
    "too_large": (413, "The request body is larger than allowed.", ""),
    "uri_too_long": (414, "The request URI is longer than allowed (8 KiB).", ""),
    "rate_limited": (429, "Too many requests; slow down and retry.", "Retry-After 1"),
    "headers_too_large": (431, "A request header is longer than allowed (8 KiB).", ""),
    "internal": (500, "Something went wrong on our side.", ""),
    "unavailable": (
        503,
        "This part of DREAD is not answering; try again shortly.",
        "Retry-After 2",
    ),
}


# Content-Security-Policy for the frontend: no inline scripts or styles anywhere. Scripts
# only from the page's own /js/ and /vendor/ (never the bucket at the same origin): 'self'
# takes no path, so the sources are this origin as the browser named it (an http: source
# also matches https:, so this holds behind a TLS-terminating proxy).
CSP = (
    "default-src 'self'; script-src $scheme://$http_host/js/ $scheme://$http_host/vendor/; "
    "style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Bucket objects are served from the app's origin: never as an active document (sandboxed,
# no sources), never sniffed. Opened directly, a video or image document must still load
# its own URL, which Chromium refuses from the opaque origin of a plain sandbox: media types
# keep their origin (still no script: no allow-scripts) and may load themselves.
BUCKET_CSP = "sandbox; default-src 'none'"
BUCKET_MEDIA_CSP = "sandbox allow-same-origin; default-src 'none'; img-src 'self'; media-src 'self'"
# Types served inline from the bucket (video, HLS, images, captions); all else is a download.
BUCKET_INLINE_TYPES = (
    r"video/(mp4|mp2t|webm|quicktime|x-matroska)|audio/(mp4|mpeg|aac)"
    r"|image/(png|jpeg|webp|gif|avif)|text/vtt|application/(vnd\.apple\.mpegurl|x-mpegurl)"
)

# Compression of pages, scripts, styles and JSON, on the fly (vendored files have no .gz).
GZIP = """
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_vary on;
    gzip_types text/plain text/css text/javascript application/javascript application/json
        application/problem+json image/svg+xml application/vnd.apple.mpegurl text/vtt;"""

# Static caching: a versioned URL never changes content. Own assets carry the content hash
# in their path (/js/<12 hex>/..., see devstack/pages.py), vendor files `?v=<npm version>`.
STATIC_CACHE_MAPS = """
    map $uri $dread_asset_cache {
        "~^/(js|css|img)/[0-9a-f]{12}/" "public, max-age=31536000, immutable";
        default "no-cache";
    }
    map $arg_v $dread_vendor_cache {
        "" "public, max-age=604800";
        default "public, max-age=31536000, immutable";
    }"""

# Sent only when the request came over HTTPS ($dread_hsts is empty otherwise).
HSTS = """
        add_header Strict-Transport-Security $dread_hsts always;"""

VENDOR_HEADERS = f"""{HSTS}
            add_header Cache-Control $dread_vendor_cache always;
            add_header X-Content-Type-Options nosniff always;"""

SECURITY_HEADERS = f"""{HSTS}
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
    # Behind a load balancer that terminates TLS (AWS): believe its X-Forwarded-Proto.
    trust_forwarded_proto: bool = False


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
        trust_forwarded_proto=not with_emulated_bucket,
    )


def _api_locations(layout: Layout) -> str:
    blocks = []
    for name, (area, _address) in layout.services.items():
        upstream = f"proxy_pass http://{name}_upstream;"
        if name == "auth":
            # Token responses stay uncompressed: compression leaks secrets next to
            # attacker-chosen text (BREACH).
            blocks.append(
                f"""
        location ~ ^/api/{area}(/|$) {{
            limit_req zone=auth burst=20 nodelay;
            gzip off;
            {upstream}
            location ~ ^/api/{area}/(docs|openapi\\.json)$ {{{SECURITY_HEADERS}
                {upstream}
            }}
        }}"""
            )
            continue
        blocks.append(
            f"""
        location ~ ^/api/{area}(/|$) {{
            {upstream}
            location ~ ^/api/{area}/(docs|openapi\\.json)$ {{{SECURITY_HEADERS}
                {upstream}
            }}
            # One resource (/api/<area>/<id>, /me) may carry a strong ETag for If-Match:
            # gzip would weaken it (W/"3"), so those answers, small anyway, go as they are.
            location ~ ^/api/{area}/[^/]+$ {{
                gzip off;
                {upstream}
            }}
        }}"""
        )
    return "".join(blocks)


def _edge_problems() -> str:
    """error_page targets: NGINX's own refusals as problem+json, like the services'.

    URIs, not named locations: a refusal of the request line has no URI to keep.
    """
    blocks = []
    for name, (status, detail, header) in EDGE_PROBLEMS.items():
        extra = f"\n            add_header {header} always;" if header else ""
        blocks.append(
            f"""
        location = /_problem/{name} {{
            internal;
            default_type application/problem+json;{HSTS}{extra}
            return {status} '{_problem(status, detail)}';
        }}"""
        )
    return "".join(blocks)


def _proto_maps(layout: Layout) -> str:
    """$dread_proto: the scheme the browser used; $dread_hsts: HSTS when that was HTTPS."""
    trusted = (
        """
        "~*^https(,|$)" https;
        "~*^http(,|$)" http;"""
        if layout.trust_forwarded_proto
        else ""
    )
    return f"""
    map $http_x_forwarded_proto $dread_proto {{
        default $scheme;{trusted}
    }}
    map $dread_proto $dread_hsts {{
        default "";
        https "max-age=31536000; includeSubDomains";
    }}"""


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
        # first, as S3 would: an unsigned, altered or expired URL is refused with S3's XML.
        location /{bucket}/ {{
            auth_request /_s3gate_auth;
            auth_request_set $dread_s3_status $upstream_http_x_s3_error_status;
            auth_request_set $dread_s3_code $upstream_http_x_s3_error_code;
            auth_request_set $dread_s3_message $upstream_http_x_s3_error_message;
            error_page 403 = @s3_refused;
            error_page 500 502 503 504 = @s3_unavailable;
            client_max_body_size 0;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_pass http://s3_upstream;{_BUCKET_HEADERS}
        }}
        # Form uploads (presigned POST to the bucket root) carry their signature in the body,
        # which auth_request cannot see: the gate checks the policy and forwards to s3rver.
        location = /{bucket} {{
            client_max_body_size 16m;
            error_page 413 = @s3_too_large;
            error_page 500 502 503 504 = @s3_unavailable;
            proxy_pass http://{gate};{_BUCKET_HEADERS}
        }}
        location = /{bucket}/ {{
            client_max_body_size 16m;
            error_page 413 = @s3_too_large;
            error_page 500 502 503 504 = @s3_unavailable;
            proxy_pass http://{gate};{_BUCKET_HEADERS}
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
            proxy_set_header X-Request-ID $dread_request_id;
            # this subrequest has no body: the gate checks a signed length against this
            proxy_set_header X-Original-Content-Length $http_content_length;
        }}
        # auth_request keeps only the gate's status: the XML S3 would send is rebuilt here
        # from the X-S3-Error-* headers the gate answered with (never from request input).
        location @s3_refused {{
            types {{ }}  # the key's extension must not pick the type
            default_type application/xml;{_BUCKET_ERROR_HEADERS}
            if ($dread_s3_code = "") {{
                return 403 '{_s3_error_xml("AccessDenied", "Access Denied")}';
            }}
            if ($dread_s3_status = 400) {{
                return 400 '{_s3_error_xml("$dread_s3_code", "$dread_s3_message")}';
            }}
            return 403 '{_s3_error_xml("$dread_s3_code", "$dread_s3_message")}';
        }}
        location @s3_too_large {{
            types {{ }}  # the key's extension must not pick the type
            default_type application/xml;{_BUCKET_ERROR_HEADERS}
            return 400 '{_s3_error_xml("EntityTooLarge", TOO_LARGE)}';
        }}
        location @s3_unavailable {{
            types {{ }}  # the key's extension must not pick the type
            default_type application/xml;{_BUCKET_ERROR_HEADERS}
            add_header Retry-After 2 always;
            return 503 '{_s3_error_xml("ServiceUnavailable", "Please reduce your request rate.")}';
        }}
"""


# Every answer under the bucket route: no sniffing, no active content, downloads for
# anything but media (the maps in _s3_upstream pick Content-Disposition and the CSP).
_BUCKET_HEADERS = """
            proxy_hide_header Content-Disposition;
            proxy_hide_header Content-Security-Policy;
            proxy_hide_header X-Content-Type-Options;
            add_header Content-Disposition $dread_bucket_disposition always;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy $dread_bucket_csp always;"""
_BUCKET_ERROR_HEADERS = f"""
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "{BUCKET_CSP}" always;"""


TOO_LARGE = "Your proposed upload exceeds the maximum allowed size"


def _s3_error_xml(code: str, message: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        "<RequestId>$dread_request_id</RequestId></Error>"
    )


def _s3_upstream(layout: Layout) -> str:
    if layout.s3 is None:
        return ""
    return f"""
    upstream s3_upstream {{
        server {layout.s3};
        keepalive 16;
    }}
    # Bucket objects of a type outside the inline allow-list are served as downloads.
    map $upstream_http_content_type $dread_bucket_disposition {{
        default attachment;
        "~*^({BUCKET_INLINE_TYPES})\\s*(;|$)" $upstream_http_content_disposition;
    }}
    map $upstream_http_content_type $dread_bucket_csp {{
        default "{BUCKET_CSP}";
        "~*^({BUCKET_INLINE_TYPES})\\s*(;|$)" "{BUCKET_MEDIA_CSP}";
    }}"""


def render(layout: Layout) -> str:
    """The whole nginx.conf for `layout`."""
    run = layout.run_dir
    node_modules, frontend = layout.node_modules, layout.frontend
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
{_proto_maps(layout)}
{GZIP}
{_upstreams(layout)}{_s3_upstream(layout)}

    server {{
        listen {layout.listen};
        server_name _;
        root {frontend};
        client_max_body_size 1m;
        # Request line and each header: 8 KiB (gunicorn_conf.py allows more, so NGINX decides).
        large_client_header_buffers 4 8k;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Request-ID $dread_request_id;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $dread_proto;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;
        # For locations without add_header of their own (the API); the others repeat it.{HSTS}

        # NGINX's own refusals are problem+json with the services' types; a service that is
        # down or too slow is 503 (status and body agree), and a page that is not there is
        # the 404 page. Upstream answers pass as they are (proxy_intercept_errors is off).
        error_page 400 /_problem/bad_request;
        error_page 404 /404.html;
        error_page 413 /_problem/too_large;
        error_page 414 /_problem/uri_too_long;
        error_page 429 /_problem/rate_limited;
        error_page 494 =431 /_problem/headers_too_large;
        error_page 500 /_problem/internal;
        error_page 502 504 =503 /_problem/unavailable;
        error_page 503 /_problem/unavailable;
{_edge_problems()}
{_api_locations(layout)}
        # Any other path under /api/ is no API: a problem, not the HTML 404 page.
        location /api/ {{
            error_page 404 /_problem/not_found;
            return 404;
        }}

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
        location ^~ /vendor/uplot/ {{
            alias {node_modules}/uplot/dist/;{VENDOR_HEADERS}
        }}
        # Of swagger-ui-dist only what the docs pages load (not its stock petstore page).
        location ^~ /vendor/swagger-ui/ {{
            return 404;
        }}
        location = /vendor/swagger-ui/swagger-ui.css {{
            alias {node_modules}/swagger-ui-dist/swagger-ui.css;{VENDOR_HEADERS}
        }}
        location = /vendor/swagger-ui/swagger-ui-bundle.js {{
            alias {node_modules}/swagger-ui-dist/swagger-ui-bundle.js;{VENDOR_HEADERS}
        }}
        location = /vendor/axe/axe.min.js {{
            alias {node_modules}/axe-core/axe.min.js;{VENDOR_HEADERS}
        }}

        # Pages: revalidated on every visit (ETag/Last-Modified make that cheap).
        location / {{{SECURITY_HEADERS}
            add_header Cache-Control "no-cache" always;
            try_files $uri $uri.html $uri/ =404;
        }}
        # At the top level only pages are public (not README.md or any other file there).
        location ~ ^/[^/]*\\.(?!html$)[^/]*$ {{
            return 404;
        }}
{_own_assets(frontend)}
    }}
}}
"""


def _own_assets(frontend: str) -> str:
    # /js/<hash>/x.js is the file /js/x.js: the pages name every asset under the content hash
    # (devstack/pages.py), so it is immutable for a year and a release gets new URLs; the
    # unversioned path (the API docs page's script) is revalidated. Prefix locations, so the
    # bucket's paths never match; the nested one inherits the headers. The page templates
    # are sources, not pages.
    blocks = "".join(
        f"""
        location ^~ /{folder}/ {{{SECURITY_HEADERS}
            add_header Cache-Control $dread_asset_cache always;
            location ~ "^/{folder}/[0-9a-f]{{12}}/(.+)$" {{
                alias {frontend}/{folder}/$1;
            }}
        }}"""
        for folder in ("js", "css", "img")
    )
    return f"""        # Own assets, versioned by path.{blocks}
        location ^~ /templates/ {{
            return 404;
        }}"""


def main(argv: list[str]) -> int:
    """`python -m devstack.nginx compose|aws`: print the nginx.conf of the container image."""
    if argv not in (["compose"], ["aws"]):
        print("usage: python -m devstack.nginx compose|aws", file=sys.stderr)
        return 2
    sys.stdout.write(render(container_layout(with_emulated_bucket=argv == ["compose"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
