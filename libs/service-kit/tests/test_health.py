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
