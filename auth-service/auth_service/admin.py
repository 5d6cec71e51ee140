"""Administration: change a role or suspend an account, each change written with its audit
event in one transaction; a suspension also ends every session at once."""

from __future__ import annotations

import logging

from service_kit import Forbidden, dynamo

from .errors import UserNotFound
from .service import AuthService
from .store import UserRecord
from .store_audit import AuditStore

logger = logging.getLogger(__name__)


class Administration:
    """Admin changes to accounts over the users and audit tables."""

    def __init__(self, *, auth: AuthService, audit: AuditStore):
        self.auth, self.audit = auth, audit

    def update_user(self, *, actor_id: str, user_id: str, role: str | None,
                    suspended: bool | None) -> UserRecord:  # fmt: skip
        """Apply the changes that differ from the stored account; return the account."""
        user = self.auth.users.get(user_id=user_id)
        if user is None or user.deleted_at:
            raise UserNotFound()
        if user_id == actor_id and (role not in (None, "admin") or suspended):
            raise Forbidden("Admins cannot take away their own admin role or suspend themselves.")
        sets, events = {}, []
        if role is not None and role != user.role:
            sets["role"] = role
            events.append(("role_changed", {"from": user.role, "to": role}))
        if suspended is not None and suspended != user.suspended:
            sets["suspended"] = suspended
            events.append(("suspended" if suspended else "unsuspended", {}))
        if not sets:
            return user
        self._write(user_id, sets, [
            self.audit.put_request(actor_id=actor_id, action=action, target_id=user_id,
                                   detail=detail)
            for action, detail in events
        ])  # fmt: skip
        if sets.get("suspended"):
            self.auth.tokens.revoke_user_families(user_id=user_id)
        logger.info("admin %s changed user %s: %s", actor_id, user_id, sorted(sets))
        return self.auth.users.get(user_id=user_id)

    def _write(self, user_id: str, sets: dict, audit_puts: list[dict]) -> None:
        users = self.auth.users
        names = {f"#a{n}": name for n, name in enumerate(sets)}
        values = {f":v{n}": value for n, value in enumerate(sets.values())}
        expression = ", ".join(f"#a{n} = :v{n}" for n in range(len(sets)))
        update = {
            "Update": {
                "TableName": users.table.name,
                "Key": {"pk": f"USER#{user_id}", "sk": "USER"},
                "UpdateExpression": f"SET {expression} ADD #version :one",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(deleted_at)",
                "ExpressionAttributeNames": {**names, "#version": "version"},
                "ExpressionAttributeValues": {**values, ":one": 1},
            }
        }
        try:
            dynamo.transact(users.client, [update, *audit_puts])
        except dynamo.TransactionCancelled as error:
            if error.failed(0):  # no such user, or already deleted
                raise UserNotFound() from error
            raise
