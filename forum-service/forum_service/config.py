"""forum service settings: every environment variable it reads, read once."""

from dataclasses import dataclass

from service_kit import KitSettings, env_int


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings plus the posting rate limit."""

    posts_per_minute: int = 10  # threads + replies per user per clock minute

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        overrides.setdefault("posts_per_minute", env_int("FORUM_POSTS_PER_MINUTE", 10))
        return super().from_env("forum", **overrides)
