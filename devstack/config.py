"""Ports, paths and process definitions of the local stack; every value overridable by env."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# name -> (package, URL area, default port)
SERVICES = {
    "auth": ("auth_service", "auth", 5001),
    "course": ("course_service", "courses", 5002),
    "forum": ("forum_service", "forum", 5003),
    "profile": ("profile_service", "profiles", 5004),
    "progress": ("progress_service", "progress", 5005),
    "video": ("video_service", "videos", 5006),
    "watchlist": ("watchlist_service", "watchlist", 5007),
}

# Only with DREAD_BENCH_APP=1: a minimal kit endpoint, the baseline of `make bench`.
BENCH_SERVICE = {"bench": ("bench.kit_app", "bench", 5099)}


def _env(name: str, default) -> str:
    return os.environ.get(name) or str(default)


def _auth_rate(value: str) -> str:
    """An NGINX rate such as 10r/s or 600r/m (DREAD_AUTH_RATE); anything else fails fast."""
    if not re.fullmatch(r"[1-9][0-9]*r/[sm]", value):
        raise ValueError(f"DREAD_AUTH_RATE must look like 10r/s or 600r/m, got {value!r}")
    return value


@dataclass
class StackConfig:
    """Everything the local stack needs to know, resolved once from the environment."""

    home: Path
    http_host: str
    http_port: int
    dynamodb_port: int
    s3_port: int
    s3_gate_port: int
    service_ports: dict[str, int]
    bucket: str
    table_prefix: str
    workers: int
    restart_delay_s: float
    seed: bool
    bench_app: bool
    python: str = field(default=sys.executable)
    # NGINX limit_req rate on /api/auth per client (benchmarks raise it; keep the default).
    auth_rate: str = "10r/s"
    # DynamoDB Local keeps its tables in memory (benchmarks' throwaway stacks: bulk imports
    # run several times faster than into the SQLite files, and nothing outlives the stack).
    dynamodb_in_memory: bool = False

    @classmethod
    def from_env(cls) -> StackConfig:
        """Read DREAD_* variables (see the README's table)."""
        home = Path(_env("DREAD_HOME", REPO / ".dread")).resolve()
        return cls(
            home=home,
            http_host=_env("DREAD_HTTP_HOST", "127.0.0.1"),
            http_port=int(_env("DREAD_HTTP_PORT", 8080)),
            dynamodb_port=int(_env("DYNAMODB_PORT", 8000)),
            s3_port=int(_env("S3_PORT", 9000)),
            s3_gate_port=int(_env("S3_GATE_PORT", 9001)),
            service_ports={
                name: int(_env(f"{name.upper()}_PORT", port))
                for name, (_pkg, _area, port) in {**SERVICES, **BENCH_SERVICE}.items()
            },
            bucket=_env("S3_BUCKET", "dread-media"),
            table_prefix=_env("DREAD_TABLE_PREFIX", "dread"),
            workers=int(_env("DREAD_WORKERS", 1)),
            restart_delay_s=float(_env("DREAD_RESTART_DELAY", 2)),
            seed=_env("DREAD_SEED", "1") not in ("0", "false", "no"),
            bench_app=_env("DREAD_BENCH_APP", "0") in ("1", "true", "yes"),
            auth_rate=_auth_rate(_env("DREAD_AUTH_RATE", "10r/s")),
            dynamodb_in_memory=_env("DREAD_DYNAMODB_IN_MEMORY", "0") in ("1", "true", "yes"),
        )

    @property
    def services(self) -> dict[str, tuple[str, str, int]]:
        """The services this stack runs (the seven, plus the bench app when asked)."""
        return {**SERVICES, **(BENCH_SERVICE if self.bench_app else {})}

    @property
    def logs(self) -> Path:
        """Log folder."""
        return self.home / "logs"

    @property
    def run(self) -> Path:
        """Pid files, generated configs, metrics scratch."""
        return self.home / "run"

    @property
    def secrets(self) -> Path:
        """Generated local secrets (never committed)."""
        return self.home / "secrets"

    @property
    def public_url(self) -> str:
        """Where a browser reaches the platform."""
        host = "localhost" if self.http_host in ("127.0.0.1", "0.0.0.0") else self.http_host
        return f"http://{host}:{self.http_port}"

    def service_env(self, secrets: dict[str, str]) -> dict[str, str]:
        """Environment shared by every service process (same names as in compose)."""
        env = {
            "DREAD_ENV": os.environ.get("DREAD_ENV", "development"),
            "DREAD_TABLE_PREFIX": self.table_prefix,
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "DYNAMODB_ENDPOINT": f"http://127.0.0.1:{self.dynamodb_port}",
            "S3_ENDPOINT": f"http://127.0.0.1:{self.s3_port}",
            "S3_PUBLIC_ENDPOINT": self.public_url,
            "S3_BUCKET": self.bucket,
            "DREAD_PUBLIC_URL": self.public_url,
            "DREAD_FORBID_SCAN": os.environ.get("DREAD_FORBID_SCAN", "1"),
            "DREAD_SECRETS_DIR": str(self.secrets),
            "DREAD_WORKERS": str(self.workers),
        }
        for name, port in self.service_ports.items():
            if name not in SERVICES:
                continue
            env[f"{name.upper()}_SERVICE_URL"] = f"http://127.0.0.1:{port}"
        # The generated secrets, including this stack's S3 key pair (AWS_ACCESS_KEY_ID /
        # AWS_SECRET_ACCESS_KEY; DynamoDB Local with -sharedDb accepts any key).
        env.update(secrets)
        return env
