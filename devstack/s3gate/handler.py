"""The gate's HTTP side: NGINX's `/auth` subrequest, and form uploads proxied to s3rver."""

from __future__ import annotations

import http.client
import logging
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..s3form import FormError, build_form, parse_form
from .refusal import Refusal
from .verifier import Verifier

logger = logging.getLogger("devstack.s3gate")
MAX_FORM_BYTES = 16 * 1024 * 1024


class GateHandler(BaseHTTPRequestHandler):
    """`/auth`: NGINX's auth_request (204/403); anything else: verify, then proxy to s3rver."""

    protocol_version = "HTTP/1.1"
    verifier: Verifier
    upstream: tuple[str, int]

    def log_message(self, format, *args):
        """Quiet: refusals are logged with their reason instead."""

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, method: str, uri: str, refusal: Refusal) -> None:
        logger.warning(
            "refused %s %s: %s %s", method, uri.split("?")[0], refusal.code, refusal.detail
        )
        headers = {"Content-Type": "application/xml"}
        status = refusal.status
        if self.path == "/auth":
            # auth_request passes on only 401/403 and drops the body: NGINX renders the XML
            # (status and all) from these headers. Their values never carry request input.
            status = 403
            headers.update(
                {
                    "X-S3-Error-Status": str(refusal.status),
                    "X-S3-Error-Code": refusal.code,
                    "X-S3-Error-Message": escape(refusal.message),
                }
            )
        body = refusal.xml(self.headers.get("X-Request-ID", ""))
        self._answer(status, body, headers)

    def _handle(self) -> None:
        if self.path == "/auth":
            method = self.headers.get("X-Original-Method", "GET")
            uri = self.headers.get("X-Original-URI", "/")
            refusal = self.verifier.check_request(method, uri, self.headers)
            return self._refuse(method, uri, refusal) if refusal else self._answer(204)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_FORM_BYTES:
            refusal = Refusal(400, "EntityTooLarge", "Your proposed upload is too large.", "body")
            return self._refuse(self.command, self.path, refusal)
        body = self.rfile.read(length) if length else b""
        if self.command == "POST" and "?" not in self.path:
            return self._form_upload(body)
        refusal = self.verifier.check_request(self.command, self.path, self.headers)
        if refusal:
            return self._refuse(self.command, self.path, refusal)
        skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        self._forward(body, {k: v for k, v in self.headers.items() if k.lower() not in skip})

    def _form_upload(self, body: bytes) -> None:
        """A presigned POST: parse strictly, verify, forward only what was verified."""
        bucket = urlsplit(self.path).path.strip("/")
        try:
            form = parse_form(self.headers.get("Content-Type", ""), body)
        except FormError as error:
            refusal = Refusal(error.status, error.code, error.message, error.message)
        else:
            refusal = self.verifier.check_post(bucket, form)
        if refusal:
            return self._refuse(self.command, self.path, refusal)
        content_type, rebuilt = build_form(form.forwarded(), form.file)
        self._forward(rebuilt, {"Host": self.headers.get("Host", ""), "Content-Type": content_type})

    def _forward(self, body: bytes, headers: dict) -> None:
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        headers["Content-Length"] = str(len(body))
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        passed = {k: v for k, v in answer.getheaders() if k.lower() not in skip}
        self._answer(answer.status, payload, passed)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _handle
