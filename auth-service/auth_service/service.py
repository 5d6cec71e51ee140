"""The rules of accounts and sessions: registration, login with backoff, rotation, revocation."""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass

import jwt
from service_kit import Forbidden, ValidationFailed, clock
from service_kit.auth import ACCESS_TOKEN_TYPE, InvalidToken

from . import passwords
from .config import Settings
from .errors import AccountSuspended, InvalidCredentials, RefreshRefused, TooManyFailures
from .keys import KeyRing
from .login_reads import read_login_state
from .store import UserRecord, UserStore, normalize_email
from .store_throttle import ACCOUNT, CLIENT, ThrottleStore
from .store_tokens import FamilyRevoked, RefreshTokenStore, TokenReused

logger = logging.getLogger(__name__)

REFRESH_TOKEN_BYTES = 32  # 256 random bits


@dataclass(frozen=True)
class Session:
    """What login and refresh hand out."""

    access_token: str
    expires_in: int
    refresh_token: str
    user: UserRecord


def hash_refresh_token(token: str) -> str:
    """The only form a refresh token is stored in."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_policy(password: str, *, email: str, display_name: str = "") -> None:
    """Raise 422 naming `password` when the policy refuses it."""
    problem = passwords.password_problem(password, email=email, display_name=display_name)
    if problem:
        raise ValidationFailed(f"The password is refused: {problem}", errors={"password": problem})


class AuthService:
    """Accounts and sessions over the three stores and the signing keys."""

    def __init__(self, *, users: UserStore, tokens: RefreshTokenStore, throttle: ThrottleStore,
                 keys: KeyRing, settings: Settings):  # fmt: skip
        self.users, self.tokens, self.throttle = users, tokens, throttle
        self.keys, self.settings = keys, settings

    def register(self, *, email: str, password: str, display_name: str) -> UserRecord:
        """Create a student account (409 when the email is taken)."""
        check_password_policy(password, email=email, display_name=display_name)
        user = self.users.add(
            email=email, password_hash=passwords.hash_password(password), display_name=display_name
        )
        logger.info("registered user %s", user.id)
        return user

    def _check_password(
        self,
        counters: list[tuple[str, str]],
        user: UserRecord | None,
        password: str,
        statuses: list[tuple[int, bool]] | None = None,
    ) -> bool:
        """Verify unless a counter is locked (429); count a failure on each; clear on success."""
        if statuses is None:
            statuses = [self.throttle.status(scope, subject) for scope, subject in counters]
        locked_s = max(locked for locked, _live in statuses)
        if locked_s:
            raise TooManyFailures(locked_s)
        if user is None:
            passwords.burn_verify_time(password)
            ok = False
        else:
            ok = passwords.verify_password(user.password_hash, password)
        for (scope, subject), (_locked, live) in zip(counters, statuses, strict=True):
            if not ok:
                self.throttle.record_failure(scope, subject)
            # A client's counter outlives its successes: else one login to an account of its
            # own between guesses would reset it.
            elif live and scope != CLIENT:
                self.throttle.clear(scope, subject)
        return ok

    def login(
        self, *, email: str, password: str, client: str, refresh_token: str | None = None
    ) -> Session:
        """Check the credentials and open a session (a new refresh-token family).

        Failures count per account and per client address; a client whose refresh cookie
        proves an earlier login on this account counts on that session alone, so nobody else
        can lock it out. Its reads take two round trips (login_reads), its write one.
        """
        state = read_login_state(
            self.users,
            self.tokens,
            self.throttle,
            account=normalize_email(email),
            client=client,
            token_hash=hash_refresh_token(refresh_token) if refresh_token else None,
        )
        user = state.user
        if not self._check_password(state.counters, user, password, state.statuses):
            raise InvalidCredentials()
        if user.deleted_at:
            raise InvalidCredentials()
        if user.suspended:
            raise AccountSuspended()
        if passwords.needs_rehash(user.password_hash):
            self.users.set_password_hash(
                user_id=user.id, password_hash=passwords.hash_password(password)
            )
        refresh_token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        self.tokens.start_family(
            user_id=user.id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=self._refresh_expiry(),
        )
        return self._session(user, refresh_token)

    def refresh(self, *, refresh_token: str | None) -> Session:
        """Spend a refresh token for a new one; a spent token coming back (after the short
        grace for concurrent tabs) ends its family."""
        stored = self.tokens.get_token(token_hash=hash_refresh_token(refresh_token or ""))
        if stored is None:
            raise RefreshRefused()
        successor = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        try:
            self.tokens.rotate(
                old=stored,
                new_hash=hash_refresh_token(successor),
                expires_at=self._refresh_expiry(),
                grace_s=self.settings.refresh_reuse_grace_s,
            )
        except TokenReused as error:
            logger.warning("refresh token reused; revoking family of user %s", stored["user_id"])
            self.tokens.revoke_family(user_id=stored["user_id"], family_id=stored["family_id"])
            raise RefreshRefused("This session was ended: its refresh token was reused.") from error
        except FamilyRevoked as error:
            raise RefreshRefused() from error
        user = self.users.get(user_id=stored["user_id"])
        if user is None or user.deleted_at:
            raise RefreshRefused()
        if user.suspended:
            raise AccountSuspended()
        return self._session(user, successor)

    def logout(self, *, refresh_token: str | None) -> None:
        """End the session the refresh token belongs to (no-op for an unknown token)."""
        stored = self.tokens.get_token(token_hash=hash_refresh_token(refresh_token or ""))
        if stored is not None:
            self.tokens.revoke_family(user_id=stored["user_id"], family_id=stored["family_id"])

    def change_password(
        self, *, user_id: str, current: str, new: str, refresh_token: str | None
    ) -> None:
        """Replace the password; every other session of the user ends."""
        user = self.users.get(user_id=user_id)
        if user is None:
            raise InvalidToken("The account no longer exists.")
        if not self._check_password([(ACCOUNT, user.email)], user, current):
            raise Forbidden(
                "The current password is incorrect.",
                errors={"current_password": "Incorrect password."},
            )
        check_password_policy(new, email=user.email, display_name=user.display_name)
        self.users.set_password_hash(user_id=user.id, password_hash=passwords.hash_password(new))
        stored = self.tokens.get_token(token_hash=hash_refresh_token(refresh_token or ""))
        keep = stored["family_id"] if stored and stored["user_id"] == user.id else None
        count = self.tokens.revoke_user_families(user_id=user.id, keep_family=keep)
        logger.info("password changed for user %s; %s other sessions revoked", user.id, count)

    @staticmethod
    def may_sign_in(user: UserRecord) -> bool:
        """False for suspended and deleted accounts."""
        return not user.suspended and not user.deleted_at

    def _refresh_expiry(self) -> int:
        return int(clock.epoch()) + self.settings.refresh_ttl_s

    def _session(self, user: UserRecord, refresh_token: str) -> Session:
        return Session(
            access_token=self.mint_access_token(user),
            expires_in=self.settings.access_ttl_s,
            refresh_token=refresh_token,
            user=user,
        )

    def mint_access_token(self, user: UserRecord) -> str:
        """A signed EdDSA access token with kid, ≤ 15 minutes."""
        key = self.keys.signer()
        now = int(clock.epoch())
        claims = {
            "iss": self.settings.token_issuer,
            "aud": self.settings.token_audience,
            "sub": user.id,
            "role": user.role,
            "iat": now,
            "exp": now + self.settings.access_ttl_s,
            "jti": uuid.uuid4().hex,
        }
        headers = {"kid": key.kid, "typ": ACCESS_TOKEN_TYPE}  # RFC 9068: an access token
        return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)
