"""service_kit.dynamo: table binding, condition checks, the one transaction policy, pages."""

import pytest
import service_kit as kit
from botocore.exceptions import ClientError
from service_kit import dynamo
from service_kit.dynamo import TransactionCancelled, TransactionContended, transact
from service_kit.testing import create_tables

TABLES = (kit.TableSpec(name="things", indexes=(kit.Index("gsi1", "gsi1pk", "gsi1sk"),)),)
SECRET = "unit-test-cursor-secret"


@pytest.fixture
def table(dynamodb, settings):  # `settings`: the demo service's, from conftest
    """The demo service's one table, on moto."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return dynamodb.Table(settings.table_name("things"))


def _put(table, pk: str, sk: str, **extra) -> dict:
    return {"Put": {"TableName": table.name, "Item": {"pk": pk, "sk": sk, **extra}}}


def _put_new(table, pk: str, sk: str) -> dict:
    write = _put(table, pk, sk)
    write["Put"]["ConditionExpression"] = "attribute_not_exists(pk)"
    return write


class Flaky:
    """A client whose first `failures` transactions are cancelled with `codes`."""

    def __init__(self, client, codes: list[str], failures: int):
        self.client, self.codes, self.failures, self.calls = client, codes, failures, 0

    def transact_write_items(self, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            response = {
                "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                "CancellationReasons": [{"Code": code} for code in self.codes],
            }
            raise ClientError(response, "TransactWriteItems")
        return self.client.transact_write_items(**kwargs)


@pytest.fixture
def sleeps(monkeypatch):
    """Backoff sleeps, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(dynamo.time, "sleep", slept.append)
    return slept


def test_bind_tables_names_each_table_by_the_settings(dynamodb, settings):
    tables = dynamo.bind_tables(dynamodb, settings, TABLES)
    assert {name: t.name for name, t in tables.items()} == {"things": "dread-demo-things"}
    assert dynamo.bind_tables(dynamodb, settings, ["a"])["a"].name == "dread-demo-a"


def test_table_store_from_resource_binds_its_tables(dynamodb, settings):
    class Store(dynamo.TableStore):
        TABLES = TABLES

    store = Store.from_resource(dynamodb, settings)
    assert store.tables["things"].name == "dread-demo-things"
    assert store.resource is dynamodb and store.settings is settings


def test_condition_failed_tells_a_failed_condition_from_other_errors(table):
    table.put_item(Item={"pk": "a", "sk": "1"})
    with pytest.raises(ClientError) as refused:
        table.put_item(Item={"pk": "a", "sk": "1"}, ConditionExpression="attribute_not_exists(pk)")
    assert dynamo.condition_failed(refused.value)
    with pytest.raises(ClientError) as invalid:
        table.put_item(Item={"pk": "a"})  # no sort key: a validation error
    assert not dynamo.condition_failed(invalid.value)
    assert not dynamo.condition_failed(ValueError("ConditionalCheckFailedException"))


def test_transact_writes_every_item(table):
    transact(table.meta.client, [_put(table, "a", "1"), _put(table, "a", "2")])
    assert (
        len(
            table.query(KeyConditionExpression="pk = :a", ExpressionAttributeValues={":a": "a"})[
                "Items"
            ]
        )
        == 2
    )


def test_a_failed_condition_raises_the_codes_of_each_item_and_writes_nothing(table, sleeps):
    table.put_item(Item={"pk": "a", "sk": "2"})
    with pytest.raises(TransactionCancelled) as cancelled:
        transact(table.meta.client, [_put(table, "a", "1"), _put_new(table, "a", "2")])
    assert cancelled.value.codes == ["None", "ConditionalCheckFailed"]
    assert cancelled.value.failed(1) and not cancelled.value.failed(0)
    assert not cancelled.value.failed(5)
    assert "Item" not in table.get_item(Key={"pk": "a", "sk": "1"})
    assert sleeps == []  # a condition is not retried


@pytest.mark.parametrize("code", ["TransactionConflict", "ThrottlingError"])
def test_contention_is_retried_with_backoff_then_succeeds(table, sleeps, code):
    client = Flaky(table.meta.client, ["None", code], failures=2)
    transact(client, [_put(table, "a", "1"), _put(table, "a", "2")])
    assert client.calls == 3
    assert len(sleeps) == 2 and all(0 <= s <= 0.5 for s in sleeps)
    assert "Item" in table.get_item(Key={"pk": "a", "sk": "2"})


def test_contention_that_never_ends_is_a_503_after_the_attempts(table, sleeps):
    client = Flaky(table.meta.client, ["TransactionConflict"], failures=100)
    with pytest.raises(TransactionContended) as contended:
        transact(client, [_put(table, "a", "1")], attempts=3, busy="This thread is busy.")
    assert client.calls == 3
    assert isinstance(contended.value, kit.ServiceUnavailable)
    assert contended.value.detail == "This thread is busy."
    assert "Item" not in table.get_item(Key={"pk": "a", "sk": "1"})


def test_other_cancellations_raise_their_codes_without_retrying(table, sleeps):
    client = Flaky(table.meta.client, ["ValidationError", "None"], failures=1)
    with pytest.raises(TransactionCancelled) as cancelled:
        transact(client, [_put(table, "a", "1"), _put(table, "a", "2")])
    assert cancelled.value.codes == ["ValidationError", "None"]
    assert client.calls == 1 and sleeps == []


def test_errors_other_than_a_cancellation_pass_through(table):
    with pytest.raises(ClientError) as error:
        transact(table.meta.client, [_put(table, "a", "1"), _put(table, "a", "1")])
    assert dynamo.error_code(error.value) == "ValidationException"


def _fill(table, count: int, pk: str = "list") -> None:
    for n in range(count):
        table.put_item(
            Item={"pk": f"{pk}#{n}", "sk": "x", "gsi1pk": pk, "gsi1sk": f"{n:03}", "n": n}
        )


def _pages(table, limit: int, values: dict | None = None, **query) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        items, cursor = dynamo.query_page(
            table, limit=limit, cursor=cursor, secret=SECRET, expect={"gsi1pk": "list"},
            IndexName="gsi1", KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": "list", **(values or {})}, **query,
        )  # fmt: skip
        pages.append([int(item["n"]) for item in items])
        if cursor is None:
            return pages
        assert len(pages) < 20


def test_query_page_walks_every_item_once_and_the_last_page_is_known(table):
    _fill(table, 6)
    assert _pages(table, 3) == [[0, 1, 2], [3, 4, 5]]  # no empty page after the last
    assert _pages(table, 4) == [[0, 1, 2, 3], [4, 5]]
    assert _pages(table, 10) == [[0, 1, 2, 3, 4, 5]]


def test_a_page_with_a_next_page_costs_one_request_once_the_keys_are_known(table, dynamodb):
    _fill(table, 6)
    _pages(table, 3)  # learns the table's and the index's key names
    sent: list[str] = []
    dynamodb.meta.client.meta.events.register(
        "before-call.dynamodb", lambda model, **_: sent.append(model.name)
    )
    # a fresh resource, as a service makes per request: its key schema is not loaded
    fresh = dynamodb.Table(table.name)
    sent.clear()
    assert _pages(fresh, 3) == [[0, 1, 2], [3, 4, 5]]
    assert sent == ["Query", "Query"]  # no DescribeTable to build the cursor


def test_query_page_goes_on_past_items_a_filter_dropped(table):
    _fill(table, 6)
    pages = _pages(table, 2, {":two": 2}, FilterExpression="n <> :two")
    assert [n for page in pages for n in page] == [0, 1, 3, 4, 5]


def test_query_page_refuses_a_cursor_of_another_partition_or_purpose(table):
    _fill(table, 3)
    _fill(table, 3, pk="other")
    query = {"IndexName": "gsi1", "KeyConditionExpression": "gsi1pk = :p"}
    _, foreign = dynamo.query_page(
        table, limit=1, cursor=None, secret=SECRET,
        ExpressionAttributeValues={":p": "other"}, **query,
    )  # fmt: skip
    with pytest.raises(kit.BadRequest):
        dynamo.query_page(
            table, limit=1, cursor=foreign, secret=SECRET, expect={"gsi1pk": "list"},
            ExpressionAttributeValues={":p": "list"}, **query,
        )  # fmt: skip
    _, elsewhere = dynamo.query_page(
        table, limit=1, cursor=None, secret=SECRET, purpose="demo:other",
        ExpressionAttributeValues={":p": "list"}, **query,
    )  # fmt: skip
    with pytest.raises(kit.BadRequest):
        dynamo.query_page(
            table, limit=1, cursor=elsewhere, secret=SECRET,
            ExpressionAttributeValues={":p": "list"}, **query,
        )  # fmt: skip


# --- batch_get: several items, one round trip ----------------------------------------------


def test_batch_get_answers_in_the_order_asked_with_none_for_absent_items(dynamodb, table):
    other_spec = kit.TableSpec(name="others")
    create_tables(dynamodb, (other_spec,), lambda name: table.name.replace("things", name))
    other = dynamodb.Table(table.name.replace("things", "others"))
    table.put_item(Item={"pk": "a", "sk": "1", "value": 1})
    table.put_item(Item={"pk": "b", "sk": "1", "value": 2})
    other.put_item(Item={"pk": "a", "sk": "1", "value": 3})
    calls = []
    table.meta.client.meta.events.register("before-call.dynamodb", lambda **kw: calls.append(kw))
    reads = [
        (table, {"pk": "b", "sk": "1"}),
        (other, {"pk": "a", "sk": "1"}),
        (table, {"pk": "missing", "sk": "1"}),
        (table, {"pk": "a", "sk": "1"}),
    ]
    items = dynamo.batch_get(reads)
    assert [item and item["value"] for item in items] == [2, 3, None, 1]
    assert len(calls) == 1 and calls[0]["model"].name == "BatchGetItem"
    assert dynamo.batch_get([]) == []


def test_batch_get_retries_unprocessed_keys(table, sleeps):
    table.put_item(Item={"pk": "a", "sk": "1", "value": 1})
    client = table.meta.client
    real, answers = client.batch_get_item, []

    def first_unprocessed(**kwargs):
        if not answers:  # the first answer processes nothing
            answers.append(1)
            return {"Responses": {}, "UnprocessedKeys": kwargs["RequestItems"]}
        return real(**kwargs)

    client.batch_get_item = first_unprocessed
    try:
        assert dynamo.batch_get([(table, {"pk": "a", "sk": "1"})])[0]["value"] == 1
    finally:
        del client.batch_get_item
    assert len(sleeps) == 1
