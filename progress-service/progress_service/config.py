"""progress service settings: every environment variable it reads, read once."""

from dataclasses import dataclass

from service_kit import KitSettings


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings; service-specific fields are added here."""

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        return super().from_env("progress", **overrides)
