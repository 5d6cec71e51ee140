"""UserStore under the kit's transaction policy: contention that never ends is still a 409."""

import pytest
from auth_service.store import EmailTaken
from botocore.exceptions import ClientError
from service_kit import dynamo


class AlwaysConflicting:
    """A DynamoDB client whose every transaction loses to another one."""

    def transact_write_items(self, **_kwargs):
        response = {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": "TransactionConflict"}, {"Code": "None"}],
        }
        raise ClientError(response, "TransactWriteItems")


def test_a_registration_that_keeps_losing_the_race_is_email_taken(service, monkeypatch):
    monkeypatch.setattr(dynamo.time, "sleep", lambda _s: None)
    monkeypatch.setattr(service.users, "client", AlwaysConflicting())
    with pytest.raises(EmailTaken):
        service.users.add(email="race@example.com", password_hash="x", display_name="Race")
