"""What a login reads, in two BatchGetItem round trips instead of one request per item.

Round one: the email's reservation, the account's and the client's failure counters and, when
a refresh cookie came along, its token. Round two: the user and, when the cookie's token
belongs to that user, its family and the family's counter. Login's cost is meant to be the
password hash; each request to the store (parsed on both sides) is CPU taken from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from service_kit import clock, dynamo

from .store import UserRecord, UserStore
from .store_throttle import ACCOUNT, CLIENT, SESSION, ThrottleStore
from .store_tokens import RefreshTokenStore

ROTATED_PROOF_S = 3600  # how long a spent refresh token still proves an earlier login


@dataclass(frozen=True)
class LoginState:
    """The account, the failure counters that apply and their (locked_s, live) statuses."""

    user: UserRecord | None
    counters: list[tuple[str, str]]
    statuses: list[tuple[int, bool]]
    family: str | None = None  # the session family the cookie proves, if it does


def read_login_state(
    users: UserStore,
    tokens: RefreshTokenStore,
    throttle: ThrottleStore,
    *,
    account: str,
    client: str,
    token_hash: str | None,
) -> LoginState:
    """Everything login decides on; a cookie proving an earlier login counts on its session."""
    first = [
        users.email_read(account),
        throttle.read(ACCOUNT, account),
        throttle.read(CLIENT, client),
    ]
    if token_hash:
        first.append(tokens.token_read(token_hash))
    reservation, account_item, client_item, *cookie = dynamo.batch_get(first)
    user_id = reservation["user_id"] if reservation else None
    token = tokens.live_token(cookie[0]) if cookie else None
    if token is None or token["user_id"] != user_id or _stale(token):
        token = None
    second = [users.user_read(user_id)] if user_id else []
    if token is not None:
        family = token["family_id"]
        second += [tokens.family_read(user_id, family), throttle.read(SESSION, family)]
    items = dynamo.batch_get(second)
    user = users.record(items[0]) if user_id else None
    if token is not None and tokens.live_family(items[1]):
        return LoginState(user, [(SESSION, family)], [throttle.status_of(items[2])], family)
    statuses = [throttle.status_of(account_item), throttle.status_of(client_item)]
    return LoginState(user, [(ACCOUNT, account), (CLIENT, client)], statuses)


def _stale(token: dict) -> bool:
    # A spent token still proves a login shortly after its rotation (a lost Set-Cookie);
    # a revoked family (logout, reuse, password change) proves nothing.
    return "used_at" in token and int(token["used_at"]) < clock.epoch() - ROTATED_PROOF_S
