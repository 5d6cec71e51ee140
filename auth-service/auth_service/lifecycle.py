"""Leaving: account deletion (a durable job fanning out to every service) and data export."""

from __future__ import annotations

import io
import json
import logging
import zipfile

from boto3.dynamodb.conditions import Key
from service_kit import Forbidden, ServiceUnavailable, clients, clock, dynamo
from service_kit.account_data import export_path, purge_path
from service_kit.config import DEFAULT_SERVICE_PORTS

from .errors import UserNotFound
from .service import AuthService
from .store import UserRecord
from .store_deletions import DeletionJobStore
from .store_throttle import ACCOUNT

logger = logging.getLogger(__name__)

# service name (its URL in settings.service_urls) -> its URL area; each holds user data
HOLDERS = {"profile": "profiles", "course": "courses", "watchlist": "watchlist",
           "progress": "progress", "forum": "forum"}  # fmt: skip
EXPORT_FILES = {"profile": "profile.json", "course": "enrollments.json",
                "watchlist": "watchlist.json", "progress": "progress.json",
                "forum": "forum.json"}  # fmt: skip


class AccountLifecycle:
    """Deletion and export over the users, tokens and jobs tables."""

    def __init__(self, *, auth: AuthService, jobs: DeletionJobStore, audit=None, call=None):
        self.auth, self.jobs, self.audit = auth, jobs, audit
        self.call = call or clients.account_data_request  # tests pass a fake

    def delete_account(self, *, user_id: str, password: str) -> None:
        """Check the password, mark the account deleted and queue its purge, in one write."""
        user = self.auth.users.get(user_id=user_id)
        if user is None or user.deleted_at:
            raise UserNotFound()
        if not self.auth._check_password([(ACCOUNT, user.email)], user, password):
            raise Forbidden("The password is incorrect.", errors={"password": "Incorrect."})
        users = self.auth.users
        mark = {
            "Update": {
                "TableName": users.table.name,
                "Key": {"pk": f"USER#{user_id}", "sk": "USER"},
                "UpdateExpression": "SET deleted_at = :now REMOVE gsi1pk",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(deleted_at)",
                "ExpressionAttributeValues": {":now": clock.timestamp()},
            }
        }
        writes = [mark, self.jobs.put_request(user_id=user_id, services=list(HOLDERS))]
        if self.audit is not None:
            writes.append(self.audit.put_request(actor_id=user_id, action="account_deleted",
                                                 target_id=user_id, detail={}))  # fmt: skip
        try:
            dynamo.transact(users.client, writes)
        except dynamo.TransactionCancelled as error:
            if error.failed(0):  # deleted meanwhile by another request
                raise UserNotFound() from error
            raise
        revoked = self.auth.tokens.revoke_user_families(user_id=user_id)
        logger.info("account %s deleted; %s sessions revoked; purge queued", user_id, revoked)

    def run_due(self) -> int:
        """One pass over due deletion jobs; return how many finished."""
        finished = 0
        for job in self.jobs.due():
            if not self.jobs.lease(job):
                continue
            user_id, pending, errors = job["user_id"], [], []
            for service in job["pending"]:
                if not self._purge_at(service, user_id, errors):
                    pending.append(service)
            if pending:
                self.jobs.retry_later(job, pending=pending, error="; ".join(errors))
                logger.warning("deletion of %s: still pending at %s (%s)", user_id,
                               ", ".join(pending), "; ".join(errors))  # fmt: skip
                continue
            self.purge_own(user_id)
            self.jobs.finish(job)
            logger.info("deletion of %s complete: every service purged", user_id)
            finished += 1
        return finished

    def _base(self, service: str) -> str:
        urls = self.auth.settings.service_urls
        return urls.get(service) or f"http://127.0.0.1:{DEFAULT_SERVICE_PORTS[service]}"

    def _purge_at(self, service: str, user_id: str, errors: list[str]) -> bool:
        url = self._base(service) + purge_path(HOLDERS[service], user_id)
        try:
            status = self.call("DELETE", url).status_code
        except ServiceUnavailable as error:
            errors.append(f"{service}: {error}")
            return False
        if status not in (200, 204, 404):
            errors.append(f"{service}: answered {status}")
            return False
        return True

    def purge_own(self, user_id: str) -> None:
        """Remove the auth service's own items of the user: account, email, sessions."""
        users, tokens = self.auth.users, self.auth.tokens
        user = users.get(user_id=user_id)
        if user is not None:
            users.table.delete_item(Key={"pk": f"EMAIL#{user.email}", "sk": "EMAIL"})
        families = tokens.table.query(KeyConditionExpression=Key("pk").eq(f"USER#{user_id}"))
        with tokens.table.batch_writer() as batch:
            for item in families["Items"]:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
        users.table.delete_item(Key={"pk": f"USER#{user_id}", "sk": "USER"})

    def export_zip(self, user: UserRecord) -> bytes:
        """A zip with account.json and one JSON file per service holding the user's data."""
        files = {"account.json": {"user": user.public()}}
        for service, area in HOLDERS.items():
            url = self._base(service) + export_path(area, user.id)
            response = self.call("GET", url)  # a service token is attached for /internal/
            if response.status_code != 200:
                logger.warning("export of %s: %s answered %s", user.id, service,
                               response.status_code)  # fmt: skip
                raise ServiceUnavailable(f"The {service} service could not export; try again.")
            files[EXPORT_FILES[service]] = response.json()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, body in files.items():
                archive.writestr(name, json.dumps(body, indent=2, ensure_ascii=False))
        return buffer.getvalue()
