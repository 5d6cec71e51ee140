"""The NGINX configuration of the local stack, rendered from the stack's ports and paths."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
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
# On AWS the media bucket is another origin (S3 or a CDN): hls.js fetches (connect-src),
# MP4 (media-src), thumbnails (img-src) and the upload PUT (connect-src) go there, and only
# those directives name it; scripts never come from it.
def csp(media_origin: str = "") -> str:
    """The pages' Content-Security-Policy, allowing media from `media_origin` (if any)."""
    media = f" {media_origin}" if media_origin else ""
    return (
        "default-src 'self'; script-src $scheme://$http_host/js/ $scheme://$http_host/vendor/; "
        f"style-src 'self'; img-src 'self' data: blob:{media}; "
        f"media-src 'self' blob:{media}; connect-src 'self'{media}; worker-src 'self' blob:; "
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def aws_media_origin(bucket: str, region: str, cdn: str = "") -> str:
    """The CSP sources of the media on AWS: a CDN origin, else the bucket's S3 hosts.

    boto3 presigns virtual-hosted URLs: regional, except us-east-1's global endpoint.
    ci-cd/nginx/start.sh computes the same at container start.
    """
    if cdn:
        return cdn
    origin = f"https://{bucket}.s3.{region}.amazonaws.com"
    return f"{origin} https://{bucket}.s3.amazonaws.com" if region == "us-east-1" else origin


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
    # CSP source(s) of the media when the bucket is not this origin (AWS); may be an NGINX
    # variable set in runtime_conf, since the bucket is known only where NGINX runs.
    media_origin: str = ""
    # Names of services resolved again while running (containers: scaled or recreated
    # replicas get new addresses), through the `resolver` in runtime_conf.
    re_resolve: bool = False
    # Included at http level: written at container start by ci-cd/nginx/start.sh.
    runtime_conf: str | None = None


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


CONTAINER_RUNTIME_CONF = "/var/cache/nginx/dread/runtime.conf"


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
        media_origin="" if with_emulated_bucket else "$dread_media_origin",
        re_resolve=True,
        runtime_conf=CONTAINER_RUNTIME_CONF,
    )


TEMPLATES = Path(__file__).resolve().parent / "templates"
TOO_LARGE = "Your proposed upload exceeds the maximum allowed size"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # noqa: S701 (an NGINX config, not HTML)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("nginx.conf.j2")


def render(layout: Layout) -> str:
    """The whole nginx.conf for `layout` (devstack/templates/nginx.conf.j2)."""
    return _template().render(
        layout=layout,
        csp=csp(layout.media_origin),
        bucket_csp=BUCKET_CSP,
        bucket_media_csp=BUCKET_MEDIA_CSP,
        bucket_inline_types=BUCKET_INLINE_TYPES,
        edge_problems=[
            (name, status, _problem(status, detail), header)
            for name, (status, detail, header) in EDGE_PROBLEMS.items()
        ],
        too_large=TOO_LARGE,
    )


def main(argv: list[str]) -> int:
    """`python -m devstack.nginx local|compose|aws`: print that nginx.conf.

    `local` renders the stack of this environment (DREAD_* variables): the supervisor runs it
    as a child, so it never imports the kit and Jinja2 itself (about 50 MB of RSS less).
    """
    if argv == ["local"]:
        sys.stdout.write(render(local_layout(StackConfig.from_env())))
        return 0
    if argv not in (["compose"], ["aws"]):
        print("usage: python -m devstack.nginx local|compose|aws", file=sys.stderr)
        return 2
    sys.stdout.write(render(container_layout(with_emulated_bucket=argv == ["compose"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
