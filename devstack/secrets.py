"""Local secrets, generated once under .dread/secrets and never committed."""

from __future__ import annotations

import os
import secrets as random
from pathlib import Path

S3_ACCESS_KEY_FILE = "s3-access-key-id"
S3_SECRET_KEY_FILE = "s3-secret-access-key"  # noqa: S105 (a file name)
KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


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
        # imported only when a key is made: the supervisor keeps ~10 MB less for its lifetime
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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
    service_file = folder / "service-secret"  # traded for service tokens at the auth service
    if not service_file.exists():
        _write_private(service_file, random.token_urlsafe(32).encode())
    access_key, secret_key = ensure_s3_keys(folder)
    return {
        "AUTH_SIGNING_KEY_DIR": str(key_dir),
        "DREAD_CURSOR_SECRET": cursor_file.read_text().strip(),
        "DREAD_SERVICE_SECRET": service_file.read_text().strip(),
        # The bucket's key pair: services and the worker sign with it, s3rver knows only it
        # and the S3 gate verifies against it (never s3rver's public S3RVER/S3RVER).
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": secret_key,
    }


def ensure_s3_keys(folder: Path) -> tuple[str, str]:
    """This stack's random S3 (access key id, secret key), created once under `folder`."""
    id_file, secret_file = folder / S3_ACCESS_KEY_FILE, folder / S3_SECRET_KEY_FILE
    if not (id_file.exists() and secret_file.exists()):
        id_file.unlink(missing_ok=True)
        secret_file.unlink(missing_ok=True)
        # AWS-shaped: a 20-character upper-case id and a 40-character secret.
        access_key = "DREAD" + "".join(random.choice(KEY_ID_ALPHABET) for _ in range(15))
        _write_private(secret_file, random.token_urlsafe(30).encode())
        _write_private(id_file, access_key.encode())
    return read_s3_keys(folder)


def read_s3_keys(folder: Path) -> tuple[str, str]:
    """The (access key id, secret key) `ensure_s3_keys` wrote under `folder`."""
    return (
        (folder / S3_ACCESS_KEY_FILE).read_text().strip(),
        (folder / S3_SECRET_KEY_FILE).read_text().strip(),
    )
