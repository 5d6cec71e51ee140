"""The demo seed (idempotent, never in production) and the admin CLI."""

import pytest
from auth_service import cli, seed
from auth_service.passwords import verify_password


@pytest.fixture
def users(service):
    """The user store on moto tables."""
    return service.users


def test_seed_creates_demo_accounts_that_can_log_in(users, login):
    assert len(seed.seed_demo_accounts(users)) == 3
    for email, password, _name, role in seed.DEMO_ACCOUNTS:
        response = login(email, password)
        assert response.status_code == 200
        assert response.get_json()["user"]["role"] == role


def test_seed_is_idempotent_and_restores_roles(users):
    seed.seed_demo_accounts(users)
    admin = users.get_by_email(email="admin@dread.local")
    users.set_role(user_id=admin.id, role="student")
    assert seed.seed_demo_accounts(users) == []
    assert users.get_by_email(email="admin@dread.local").role == "admin"


def test_demo_passwords_pass_the_policy():
    from auth_service.passwords import password_problem

    for email, password, name, _role in seed.DEMO_ACCOUNTS:
        assert password_problem(password, email=email, display_name=name) is None


def test_seed_main_does_nothing_in_production(monkeypatch):
    monkeypatch.setenv("DREAD_ENV", "production")
    monkeypatch.setenv("DREAD_CURSOR_SECRET", "x")
    monkeypatch.setattr(seed, "seed_demo_accounts", lambda users: pytest.fail("seeded"))
    assert seed.main() == 0


def test_cli_promote_changes_role(users, register, capsys):
    user, email, _password = register()
    assert cli.promote(email.upper(), "instructor", users) == 0
    assert users.get(user_id=user["id"]).role == "instructor"
    assert "instructor" in capsys.readouterr().out


def test_cli_promote_unknown_email_fails(users, capsys):
    assert cli.promote("nobody@example.com", "admin", users) == 1
    assert "no account" in capsys.readouterr().err


def test_cli_create_admin_creates_an_admin(users, capsys):
    password = "granite-heron-58-copper-sky"
    assert cli.create_admin("Boss@Example.com", "Boss", users, password) == 0
    record = users.get_by_email(email="boss@example.com")
    assert record.role == "admin" and verify_password(record.password_hash, password)
    assert password not in capsys.readouterr().out


def test_cli_create_admin_refuses_weak_password(users, capsys):
    assert cli.create_admin("weak@example.com", "Weak", users, "password") == 1
    assert users.get_by_email(email="weak@example.com") is None


def test_cli_create_admin_promotes_existing_account(users, register):
    user, email, _password = register()
    assert cli.create_admin(email, "X", users, "irrelevant") == 0
    assert users.get(user_id=user["id"]).role == "admin"


def test_cli_reads_password_from_env(monkeypatch):
    monkeypatch.setenv(cli.PASSWORD_ENV, "from-the-environment-42")
    assert cli._read_password() == "from-the-environment-42"
