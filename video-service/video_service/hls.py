"""HLS for the browser: short-lived playlist tokens, the master playlist, signed media playlists.

hls.js cannot easily add an Authorization header, so the playlists served by this service
carry a video-scoped, expiring token signed with HMAC (key derived from the cursor secret).
Media playlists list presigned segment URLs, so every byte still comes straight from S3.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from .errors import InvalidStreamToken

_SIG_BYTES = 18
_CODECS_VIDEO = "avc1.4d4028"  # H.264 Main, level 4.0: what the worker encodes
_CODECS_AUDIO = "mp4a.40.2"  # AAC-LC


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"dread-video-hls-token", hashlib.sha256).digest()


def _sign(secret: str, message: str) -> str:
    digest = hmac.new(_key(secret), message.encode(), hashlib.sha256).digest()[:_SIG_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(video_id: str, expires_at: int, secret: str) -> str:
    """A token that lets its bearer read this video's playlists until `expires_at` (epoch s)."""
    return f"{expires_at}.{_sign(secret, f'{video_id}.{expires_at}')}"


def check_token(token: str | None, video_id: str, secret: str, *, now: float | None = None) -> int:
    """Return the token's expiry, or raise InvalidStreamToken (missing, altered, expired)."""
    expires_text, _, signature = (token or "").partition(".")
    if not expires_text.isdigit() or not signature:
        raise InvalidStreamToken()
    expected = _sign(secret, f"{video_id}.{expires_text}")
    if not hmac.compare_digest(signature, expected):
        raise InvalidStreamToken()
    expires_at = int(expires_text)
    if expires_at < (time.time() if now is None else now):
        raise InvalidStreamToken("This playlist link has expired; ask for a new stream URL.")
    return expires_at


def start_first(renditions: list[dict]) -> list[dict]:
    """Renditions in playlist order, the lowest first: hls.js starts on the first variant, and
    the lowest rung's short first segment is the quickest first frame (ABR climbs from there)."""
    return sorted(renditions, key=lambda r: (r["height"], r.get("bandwidth", 0)))


def master_playlist(renditions: list[dict], token: str, *, has_audio: bool) -> str:
    """The master playlist: one variant per rendition, media playlist URLs carrying `token`."""
    codecs = _CODECS_VIDEO + ("," + _CODECS_AUDIO if has_audio else "")
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for rendition in start_first(renditions):
        attributes = [f"BANDWIDTH={int(rendition['bandwidth'])}"]
        if rendition.get("average_bandwidth"):
            attributes.append(f"AVERAGE-BANDWIDTH={int(rendition['average_bandwidth'])}")
        if rendition.get("width"):
            attributes.append(f"RESOLUTION={rendition['width']}x{rendition['height']}")
        attributes.append(f'CODECS="{codecs}"')
        lines.append("#EXT-X-STREAM-INF:" + ",".join(attributes))
        lines.append(f"{rendition['name']}.m3u8?token={token}")
    return "\n".join(lines) + "\n"


def signed_media_playlist(text: str, key_prefix: str, presign_many) -> str:
    """Rewrite a media playlist's segment lines to presigned URLs of `key_prefix` + name."""
    lines = text.splitlines()
    slots = [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    urls = presign_many([key_prefix + lines[i].strip() for i in slots])
    for index, url in zip(slots, urls, strict=True):
        lines[index] = url
    return "\n".join(lines) + "\n"
