"""progress service settings: every environment variable it reads, read once."""

from dataclasses import dataclass

from service_kit import KitSettings, env_str


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings plus whether heartbeats keep the instructor analytics."""

    analytics: bool = True

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        values = {"analytics": env_str("PROGRESS_ANALYTICS", "on").lower() not in ("off", "0")}
        values.update(overrides)
        return super().from_env("progress", **values)
