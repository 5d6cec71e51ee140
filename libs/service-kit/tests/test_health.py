"""readyz tells the public whether it is ready, not what its tables are called; problem types."""

import logging

from service_kit.errors import problem_kind

PREFIX = "/api/demo"


def test_readyz_body_names_no_table(client, settings):
    response = client.get(f"{PREFIX}/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"table-1": "ok"}
    assert settings.table_name("things") not in response.get_data(as_text=True)


def test_failed_readyz_names_the_table_in_the_log_only(client, dynamodb, settings, caplog):
    table = settings.table_name("things")
    dynamodb.meta.client.delete_table(TableName=table)
    with caplog.at_level(logging.WARNING, logger="service_kit.health"):
        response = client.get(f"{PREFIX}/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"table-1": "failed"}}
    assert table not in response.get_data(as_text=True)
    assert table in caplog.text


def test_every_layer_uses_one_type_per_status(client):
    # NGINX renders its own refusals from problem_kind too (tests/unit/test_nginx.py).
    assert client.get(f"{PREFIX}/boom").get_json()["type"].endswith("/internal")
    assert problem_kind(500) == ("internal", "Internal Server Error")
    body = client.get(f"{PREFIX}/no-such-path").get_json()
    assert body["type"].endswith("/" + problem_kind(404)[0])


def test_a_probe_client_slow_to_build_is_built_before_the_deadline_starts():
    import time

    from service_kit.app import _LazyClient
    from service_kit.health import READY_DEADLINE_S, run_checks, table_check

    class Store:
        def describe_table(self, TableName):
            return {"Table": {"TableStatus": "ACTIVE"}}

    def slow_to_build():
        time.sleep(READY_DEADLINE_S + 0.3)  # a loaded machine building a boto3 client
        return Store()

    client = _LazyClient(slow_to_build)
    checks = [table_check(client, "dread-demo-a"), table_check(client, "dread-demo-b")]
    assert run_checks(checks) == {"table:dread-demo-a": "ok", "table:dread-demo-b": "ok"}
