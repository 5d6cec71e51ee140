"""auth service settings: every environment variable it reads, read once."""

from dataclasses import dataclass

from service_kit import KitSettings, env_int, env_str
from service_kit.mail import DEFAULT_FROM

MAX_ACCESS_TTL_S = 15 * 60  # access tokens never live longer than this


@dataclass(frozen=True)
class Settings(KitSettings):
    """Kit settings plus signing keys, token lifetimes and login throttling."""

    # Ed25519 PEM files, one per key, file stem = kid; the newest (mtime) signs.
    signing_key_dir: str | None = None
    # Production alternative or complement: PEM blocks in one variable; the last one signs.
    signing_keys_pem: str | None = None
    access_ttl_s: int = MAX_ACCESS_TTL_S
    refresh_ttl_s: int = 14 * 24 * 3600
    # A spent refresh token may be spent again this long: two tabs (or a page left while its
    # refresh was in flight) send the same cookie at once, and treating that as theft signed
    # the user out. Later reuse still ends the session.
    refresh_reuse_grace_s: int = 10
    # The origin browsers use (e.g. http://localhost:8080); refresh/logout accept it as Origin.
    public_url: str | None = None
    # Failed logins allowed before the account backs off; then 2, 4, 8 … s, capped.
    login_free_failures: int = 4
    login_max_lockout_s: int = 15 * 60
    # The same per client address, over all accounts (one address may be a whole NAT).
    login_client_free_failures: int = 20
    # Proxies in front of the service that append to X-Forwarded-For (NGINX: 1); the entry
    # that many from the right is the client, anything left of it is what the client sent.
    proxy_hops: int = 1
    # Mail: where the outbox sender hands messages over (smtp://, smtp+starttls://, smtps://)
    # and the From of every message.
    smtp_url: str | None = None
    mail_from: str = DEFAULT_FROM
    # Password reset: link lifetime; requests per email and per client address per hour.
    reset_ttl_s: int = 30 * 60
    reset_per_email_hour: int = 3
    reset_per_client_hour: int = 20

    def __post_init__(self):
        super().__post_init__()
        if not 0 < self.access_ttl_s <= MAX_ACCESS_TTL_S:
            raise ValueError(f"access_ttl_s must be 1..{MAX_ACCESS_TTL_S} seconds")
        if self.proxy_hops < 0 or self.login_client_free_failures < 0:
            raise ValueError("AUTH_PROXY_HOPS and AUTH_LOGIN_CLIENT_FREE_FAILURES must be ≥ 0")

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment (tests pass overrides instead)."""
        values = {
            "signing_key_dir": env_str("AUTH_SIGNING_KEY_DIR"),
            "signing_keys_pem": env_str("AUTH_SIGNING_KEYS_PEM"),
            "access_ttl_s": env_int("AUTH_ACCESS_TTL_S", MAX_ACCESS_TTL_S),
            "refresh_ttl_s": env_int("AUTH_REFRESH_TTL_S", 14 * 24 * 3600),
            "refresh_reuse_grace_s": env_int("AUTH_REFRESH_REUSE_GRACE_S", 10),
            "public_url": env_str("DREAD_PUBLIC_URL"),
            "login_client_free_failures": env_int("AUTH_LOGIN_CLIENT_FREE_FAILURES", 20),
            "proxy_hops": env_int("AUTH_PROXY_HOPS", 1),
            "smtp_url": env_str("DREAD_SMTP_URL"),
            "mail_from": env_str("DREAD_MAIL_FROM", DEFAULT_FROM),
            "reset_per_client_hour": env_int("AUTH_RESET_PER_CLIENT_HOUR", 20),
        }
        values.update(overrides)
        return super().from_env("auth", **values)
