"""Password reset: a mailed single-use link (30 minutes), rate-limited, no enumeration."""

from __future__ import annotations

import logging
import secrets
import time
from urllib.parse import quote

from service_kit import TooManyRequests

from . import mail_texts, passwords
from .errors import ResetTokenRefused
from .service import AuthService, check_password_policy, hash_refresh_token
from .store_outbox import OutboxStore
from .store_quota import RESET_CLIENT, RESET_EMAIL, QuotaStore
from .store_resets import ResetTokenSpent, ResetTokenStore

logger = logging.getLogger(__name__)

RESET_TOKEN_BYTES = 32


class PasswordReset:
    """Request and confirm a reset over the accounts service's stores."""

    def __init__(self, *, auth: AuthService, resets: ResetTokenStore, outbox: OutboxStore,
                 quota: QuotaStore):  # fmt: skip
        self.auth, self.resets, self.outbox, self.quota = auth, resets, outbox, quota
        self.settings = auth.settings
        self.audit = None  # set by create_app: resets are audited

    def request(self, *, email: str, client: str, user_agent: str) -> None:
        """Queue a reset mail for a real, active account; 429 only per client, never per email."""
        retry_after = self.quota.take(
            RESET_CLIENT, client, limit=self.settings.reset_per_client_hour
        )
        if retry_after:
            raise TooManyRequests(
                f"Too many reset requests from this address; try again in {retry_after} s.",
                retry_after=retry_after,
            )
        user = self.auth.users.get_by_email(email=email)
        # An over-quota email answers 202 like any other (no enumeration, no mail bombing).
        if self.quota.take(RESET_EMAIL, email.lower(), limit=self.settings.reset_per_email_hour):
            logger.info("reset request over the per-email quota; no mail sent")
            return
        if user is None or not self.auth.may_sign_in(user):
            return
        token = secrets.token_urlsafe(RESET_TOKEN_BYTES)
        base = (self.settings.public_url or "").rstrip("/")
        ttl_s = self.settings.reset_ttl_s
        texts = mail_texts.password_reset(
            email=user.email,
            link=f"{base}/reset.html#token={quote(token)}",
            minutes=ttl_s // 60,
            client=client,
            user_agent=user_agent[:200],
            at=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        )
        self.resets.add_with_mail(
            token_hash=hash_refresh_token(token),
            user_id=user.id,
            ttl_s=ttl_s,
            mail_put=self.outbox.put_request(
                to=user.email, kind="password-reset", ttl_s=ttl_s, **texts
            ),
        )
        logger.info("password reset mail queued for user %s", user.id)

    def confirm(self, *, token: str, new_password: str) -> str:
        """Set the new password and end every session; return the user id."""
        token_hash = hash_refresh_token(token)
        stored = self.resets.peek(token_hash=token_hash)
        user = self.auth.users.get(user_id=stored["user_id"]) if stored else None
        if user is None or not self.auth.may_sign_in(user):
            raise ResetTokenRefused()
        # The policy first: a refused password must not spend the link.
        check_password_policy(new_password, email=user.email, display_name=user.display_name)
        try:
            self.resets.spend(token_hash=token_hash)
        except ResetTokenSpent as error:
            raise ResetTokenRefused() from error
        self.auth.users.set_password_hash(
            user_id=user.id, password_hash=passwords.hash_password(new_password)
        )
        count = self.auth.tokens.revoke_user_families(user_id=user.id)
        if self.audit is not None:
            self.audit.record(actor_id=user.id, action="password_reset", target_id=user.id,
                              detail={"sessions_revoked": count})  # fmt: skip
        logger.info("password reset for user %s; %s sessions revoked", user.id, count)
        return user.id
