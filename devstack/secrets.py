"""Local secrets, generated once under .dread/secrets and never committed."""

from __future__ import annotations

import os
import secrets as random
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def ensure_secrets(folder: Path) -> dict[str, str]:
    """Create the signing key and cursor secret if missing; return the env that points at them."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    key_dir = folder / "signing-keys"
    key_dir.mkdir(exist_ok=True)
    if not any(key_dir.glob("*.pem")):
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_private(key_dir / f"{random.token_hex(6)}.pem", pem)
    cursor_file = folder / "cursor-secret"
    if not cursor_file.exists():
        _write_private(cursor_file, random.token_urlsafe(32).encode())
    return {
        "AUTH_SIGNING_KEY_DIR": str(key_dir),
        "DREAD_CURSOR_SECRET": cursor_file.read_text().strip(),
    }
