"""forum service settings: every environment variable it reads, read once."""

from dataclasses import dataclass

from service_kit import KitSettings, env_int, env_str


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings plus the posting rate limit."""

    posts_per_minute: int = 10  # threads + replies per user per clock minute
    digest_interval_s: int = 86_400  # the email digest goes out once per interval (UTC)
    public_url: str = "http://localhost:8080"  # links in mail point here

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        overrides.setdefault("posts_per_minute", env_int("FORUM_POSTS_PER_MINUTE", 10))
        overrides.setdefault("digest_interval_s", env_int("FORUM_DIGEST_INTERVAL_S", 86_400))
        overrides.setdefault("public_url", env_str("DREAD_PUBLIC_URL", "http://localhost:8080"))
        return super().from_env("forum", **overrides)
