"""`python -m devstack.s3gate`: the local stand-in for the checks S3 makes before serving.

s3rver checks no SigV4 signature, so NGINX asks this gate first (`auth_request`) for every
request to the bucket: the gate recomputes the signature with botocore's own signer (the
stack's generated key pair, never s3rver's public S3RVER one), checks expiry, refuses
unsigned `x-amz-*` headers and repeated query parameters, and answers 204 (let through) or
403 with S3's error code in `X-S3-Error-*` headers (NGINX drops an auth_request body and
renders S3's XML from them). Browser form uploads (presigned POST) carry their signature in
the body, which `auth_request` cannot see, so NGINX sends POSTs to the bucket root here as a
proxy: the gate parses the form strictly (devstack/s3form.py), checks the policy signature,
expiry and conditions, and forwards a body rebuilt from what it verified.

The package: `refusal` (S3's error answers), `verifier` (SigV4 URLs, headers and POST
signatures), `policy` (POST policy conditions), `handler` (the HTTP side); this module
starts the server.
"""

from __future__ import annotations

import contextlib
import logging
import os
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

from .handler import GateHandler
from .refusal import Refusal
from .verifier import Verifier

logger = logging.getLogger("devstack.s3gate")
WELL_KNOWN_KEY = "S3RVER"  # s3rver's public default: anyone could sign with it


def keys_from_env(environ) -> tuple[str, str]:
    """The stack's S3 key pair (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); required."""
    access_key = environ.get("AWS_ACCESS_KEY_ID", "")
    secret_key = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not (access_key and secret_key):
        raise SystemExit("s3gate: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set")
    if access_key == WELL_KNOWN_KEY:
        logger.warning(
            "s3gate: verifying against s3rver's public S3RVER key: anyone can sign requests; "
            "use the generated pair (`python -m devstack compose-env`)"
        )
    return access_key, secret_key


def main() -> int:
    """Serve on S3_GATE_HOST:S3_GATE_PORT (default 127.0.0.1:9001) until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    access_key, secret_key = keys_from_env(os.environ)
    GateHandler.verifier = Verifier(
        access_key=access_key,
        secret_key=secret_key,
        region=os.environ.get("AWS_REGION", "us-east-1"),
    )
    s3 = urlsplit(os.environ.get("S3_ENDPOINT", "http://127.0.0.1:9000"))
    GateHandler.upstream = (s3.hostname or "127.0.0.1", s3.port or 80)
    # loopback for the local stack; a container sets S3_GATE_HOST=0.0.0.0 so NGINX reaches it
    host = os.environ.get("S3_GATE_HOST", "127.0.0.1")
    port = int(os.environ.get("S3_GATE_PORT", "9001"))
    server = ThreadingHTTPServer((host, port), GateHandler)
    server.daemon_threads = True
    logger.info("S3 gate on %s:%s, forwarding form uploads to %s", host, port, s3.netloc)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


__all__ = ["GateHandler", "Refusal", "Verifier", "keys_from_env", "main"]
