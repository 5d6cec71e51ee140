"""POST /api/auth/register: unique emails, password policy, no secrets in answers."""

import pytest
from service_kit.testing import assert_problem

from .conftest import STRONG_PASSWORD


def _post(client, **body):
    return client.post("/api/auth/register", json=body)


def test_register_returns_201_with_student_user(client):
    response = _post(client, email="Ada@Example.com", password=STRONG_PASSWORD, display_name="Ada")
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    user = response.get_json()["user"]
    assert set(user) == {"id", "email", "display_name", "role", "created_at", "suspended"}
    assert user["email"] == "ada@example.com"
    assert user["role"] == "student"
    assert user["created_at"].endswith("Z")
    assert STRONG_PASSWORD not in response.get_data(as_text=True)
    assert "argon2" not in response.get_data(as_text=True)


def test_register_stores_an_argon2id_hash(client, service):
    user = _post(client, email="h@example.com", password=STRONG_PASSWORD, display_name="H")
    record = service.users.get(user_id=user.get_json()["user"]["id"])
    assert record.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize("second", ["dup@example.com", "DUP@Example.COM", " dup@example.com "])
def test_register_duplicate_email_any_case_is_409(client, second):
    assert _post(client, email="dup@example.com", password=STRONG_PASSWORD, display_name="A")
    response = _post(client, email=second, password=STRONG_PASSWORD, display_name="B")
    body = assert_problem(response, 409)
    assert "email" in body["errors"]


@pytest.mark.parametrize(
    "password",
    [
        "short1!",  # under 8 bytes
        "é" * 37,  # 74 bytes in UTF-8
        "aaaaaaaaaaaa",  # one character repeated
        "pw-owner@example.com",  # the email itself
        "password123",  # common
        "qwertyuiop",  # keyboard walk
        "12345678",
    ],
)
def test_register_refuses_weak_password_with_422(client, password):
    response = _post(client, email="pw-owner@example.com", password=password, display_name="P")
    body = assert_problem(response, 422)
    assert "password" in body["errors"]
    assert password not in response.get_data(as_text=True)


def test_register_accepts_72_byte_passphrase(client):
    password = "river otter maps quiet lantern " * 2 + "zebra4 "  # 69 bytes
    password = password + "x" * (72 - len(password.encode()))
    response = _post(client, email="long@example.com", password=password, display_name="L")
    assert response.status_code == 201


_OK = {"email": "n@example.com", "password": STRONG_PASSWORD, "display_name": "N"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": None}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"password": None}, "password"),
        ({"password": 12345678}, "password"),
        ({"display_name": None}, "display_name"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"display_name": "bell\x07"}, "display_name"),
        ({"role": "admin"}, "role"),
    ],
)
def test_register_invalid_body_is_422_naming_the_field(client, changes, field):
    payload = {**_OK, **changes}
    payload = {name: value for name, value in payload.items() if value is not None}
    body = assert_problem(client.post("/api/auth/register", json=payload), 422)
    assert field in body["errors"]


def test_register_malformed_json_is_400(client):
    response = client.post("/api/auth/register", data="{nope", content_type="application/json")
    assert_problem(response, 400)


def test_register_logs_no_password(client, caplog):
    caplog.set_level("DEBUG")
    _post(client, email="log@example.com", password=STRONG_PASSWORD, display_name="Log")
    assert STRONG_PASSWORD not in caplog.text
    assert "$argon2" not in caplog.text
