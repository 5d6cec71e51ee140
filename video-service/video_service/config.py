"""video service settings: every environment variable it reads, read once."""

from __future__ import annotations

from dataclasses import dataclass

from service_kit import KitSettings, env_int, env_str

MIB = 1024 * 1024


def _env_float(name: str, default: float) -> float:
    raw = env_str(name)
    return float(raw) if raw else default


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings plus upload, streaming and worker limits (VIDEO_* variables)."""

    # uploads
    max_upload_bytes: int = 5 * 1024 * MIB
    multipart_threshold_bytes: int = 64 * MIB
    part_size_bytes: int = 16 * MIB
    # short: a presigned PUT can be replayed until it expires (the worker pins the ETag)
    upload_url_ttl_s: int = 900
    # streaming: every presigned URL and HLS token expires after this long
    stream_url_ttl_s: int = 3600
    # worker
    lease_s: int = 30
    max_attempts: int = 3
    poll_interval_s: float = 1.0
    retry_delay_s: int = 5
    ffmpeg_preset: str = "veryfast"
    work_dir: str | None = None
    # the worker's Prometheus /metrics (its own HTTP server; 0 = not served)
    worker_metrics_port: int = 9100
    # loopback on a laptop; containers set 0.0.0.0 so Prometheus on the network can scrape
    worker_metrics_addr: str = "127.0.0.1"

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        values = {
            "max_upload_bytes": env_int("VIDEO_MAX_UPLOAD_BYTES", 5 * 1024 * MIB),
            "multipart_threshold_bytes": env_int("VIDEO_MULTIPART_THRESHOLD_BYTES", 64 * MIB),
            "part_size_bytes": env_int("VIDEO_PART_SIZE_BYTES", 16 * MIB),
            "upload_url_ttl_s": env_int("VIDEO_UPLOAD_URL_TTL_SECONDS", 900),
            "stream_url_ttl_s": env_int("VIDEO_STREAM_URL_TTL_SECONDS", 3600),
            "lease_s": env_int("VIDEO_LEASE_SECONDS", 30),
            "max_attempts": env_int("VIDEO_MAX_ATTEMPTS", 3),
            "poll_interval_s": _env_float("VIDEO_WORKER_POLL_SECONDS", 1.0),
            "retry_delay_s": env_int("VIDEO_RETRY_DELAY_SECONDS", 5),
            "ffmpeg_preset": env_str("VIDEO_FFMPEG_PRESET", "veryfast"),
            "work_dir": env_str("VIDEO_WORK_DIR"),
            "worker_metrics_port": env_int("VIDEO_WORKER_METRICS_PORT", 9100),
            "worker_metrics_addr": env_str("VIDEO_WORKER_METRICS_ADDR", "127.0.0.1"),
        }
        values.update(overrides)
        return super().from_env("video", **values)

    def __post_init__(self):
        super().__post_init__()
        if self.part_size_bytes < 1:
            raise ValueError("VIDEO_PART_SIZE_BYTES must be positive")
        if not 1 <= self.stream_url_ttl_s <= 7 * 24 * 3600:
            raise ValueError("VIDEO_STREAM_URL_TTL_SECONDS must be 1..604800")
