"""Ed25519 signing keys: loaded from a folder (and/or an env var), newest signs, all published."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from service_kit.auth import JwksVerifier
from service_kit.config import MissingSetting

logger = logging.getLogger(__name__)

_PEM_BLOCK = re.compile(r"-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", re.DOTALL)
_RESCAN_INTERVAL_S = 5.0


@dataclass(frozen=True)
class SigningKey:
    """One private key, its key id and when it may start signing (epoch seconds)."""

    kid: str
    private_key: Ed25519PrivateKey
    active_from: float

    @property
    def public_jwk(self) -> dict:
        """The public half as a JWK."""
        jwk = json.loads(OKPAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=self.kid, alg="EdDSA", use="sig")
        return jwk


def _load_pem(data: bytes, origin: str) -> Ed25519PrivateKey | None:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        logger.warning("ignoring unreadable signing key %s: %s", origin, error)
        return None
    if not isinstance(key, Ed25519PrivateKey):
        logger.warning("ignoring signing key %s: not Ed25519", origin)
        return None
    return key


def thumbprint_kid(key: Ed25519PrivateKey) -> str:
    """An RFC 7638 JWK thumbprint (shortened) for keys that come without a file name."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest())[:16].decode()


def keys_from_pem_text(text: str) -> list[SigningKey]:
    """Keys from concatenated PEM blocks; later blocks rank newer (the last one signs)."""
    keys = []
    for position, block in enumerate(_PEM_BLOCK.findall(text)):
        key = _load_pem(block.encode(), f"AUTH_SIGNING_KEYS_PEM[{position}]")
        if key is not None:
            keys.append(SigningKey(thumbprint_kid(key), key, active_from=0.0))
    return keys


def keys_from_dir(folder: Path) -> list[SigningKey]:
    """Keys from `<kid>.pem` files; a file's mtime says when it may start signing."""
    keys = []
    for path in sorted(folder.glob("*.pem")):
        try:
            data, mtime = path.read_bytes(), path.stat().st_mtime
        except OSError as error:
            logger.warning("ignoring signing key %s: %s", path.name, error)
            continue
        key = _load_pem(data, path.name)
        if key is not None:
            keys.append(SigningKey(path.stem, key, active_from=mtime))
    return keys


class KeyRing:
    """Every published key and the one that signs now; re-reads the folder when it changes."""

    def __init__(self, *, key_dir: str | None = None, pem_text: str | None = None):
        self.key_dir = Path(key_dir) if key_dir else None
        self.pem_keys = keys_from_pem_text(pem_text) if pem_text else []
        self._lock = threading.Lock()
        self._dir_state: tuple = ()
        self._checked_at = 0.0
        self._dir_keys: list[SigningKey] = []
        self.version = 0
        self._reload()
        if not self.keys:
            raise MissingSetting(
                "no usable Ed25519 signing key: set AUTH_SIGNING_KEY_DIR or AUTH_SIGNING_KEYS_PEM"
            )

    def _state(self) -> tuple:
        if self.key_dir is None or not self.key_dir.is_dir():
            return ()
        entries = []
        for path in self.key_dir.glob("*.pem"):
            try:
                entries.append((path.name, path.stat().st_mtime_ns))
            except OSError:
                continue
        return tuple(sorted(entries))

    def _reload(self) -> None:
        state = self._state()
        self._checked_at = time.monotonic()
        if state == self._dir_state and self.version:
            return
        self._dir_keys = keys_from_dir(self.key_dir) if state else []
        self._dir_state = state
        self.version += 1
        logger.info("signing keys loaded: %s", ", ".join(k.kid for k in self.keys))

    def refresh(self) -> None:
        """Pick up added or removed key files (checked at most every few seconds)."""
        if time.monotonic() - self._checked_at < _RESCAN_INTERVAL_S:
            return
        with self._lock:
            self._reload()

    @property
    def keys(self) -> list[SigningKey]:
        """All keys, file keys first, oldest first."""
        return [*self._dir_keys, *self.pem_keys]

    def signer(self) -> SigningKey:
        """The key that signs now: a key from the env var if any, else the newest active file."""
        self.refresh()
        if self.pem_keys:
            return self.pem_keys[-1]
        now = time.time()
        # A file dated in the future is published but does not sign yet (pre-publication).
        active = [k for k in self._dir_keys if k.active_from <= now] or self._dir_keys
        return max(active, key=lambda k: (k.active_from, k.kid))

    def jwks(self) -> dict:
        """The JWKS document: every key, so tokens of a retired signer still verify."""
        self.refresh()
        return {"keys": [key.public_jwk for key in self.keys]}


class KeyRingVerifier:
    """The kit's verifier fed straight from the key ring (the auth service needs no HTTP)."""

    def __init__(self, ring: KeyRing, *, issuer: str, audience: str):
        self.ring = ring
        self.issuer = issuer
        self.audience = audience
        self._version = -1
        self._verifier: JwksVerifier | None = None

    def verify(self, token: str):
        """Verify exactly as every other service does, with the current keys."""
        self.ring.refresh()
        if self._verifier is None or self._version != self.ring.version:
            self._verifier = JwksVerifier(
                issuer=self.issuer, audience=self.audience, jwks=self.ring.jwks()
            )
            self._version = self.ring.version
        return self._verifier.verify(token)
