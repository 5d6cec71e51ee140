"""Administration: search without Scan, suspension (403 on login/refresh), the audit log."""

import uuid

import pytest

from .conftest import BROWSER


@pytest.fixture
def admin_headers(signed_in):
    """Headers of a fresh admin."""
    return signed_in("admin")[1]


def _search(client, headers, **params):
    response = client.get("/api/auth/users", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_search_matches_email_or_name_prefix_case_insensitively(client, register, admin_headers):
    tag = uuid.uuid4().hex[:8]
    by_email = register(email=f"zq{tag}@example.com", display_name="Plain Person")[0]
    by_name = register(display_name=f"ZQ{tag.upper()} Lovelace")[0]
    register(display_name="Someone Else")
    found = _search(client, admin_headers, q=f"ZQ{tag}")
    assert {u["id"] for u in found["items"]} == {by_email["id"], by_name["id"]}


def test_search_filters_by_role_and_pages_without_repeats(client, register, service,
                                                          admin_headers):  # fmt: skip
    tag = uuid.uuid4().hex[:8]
    made = [register(email=f"pg{tag}{n}@example.com")[0] for n in range(5)]
    service.users.set_role(user_id=made[0]["id"], role="instructor")
    only = _search(client, admin_headers, q=f"pg{tag}", role="instructor")
    assert [u["id"] for u in only["items"]] == [made[0]["id"]]
    seen, cursor = [], None
    while True:
        params = {"q": f"pg{tag}", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = _search(client, admin_headers, **params)
        seen += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(u["id"] for u in made)


def test_suspended_user_cannot_log_in_or_refresh(client, register, login, admin_headers):
    user, email, password = register()
    assert login(email, password).status_code == 200  # the client keeps this refresh cookie
    patched = client.patch(f"/api/auth/users/{user['id']}", json={"suspended": True},
                           headers=admin_headers)  # fmt: skip
    assert patched.status_code == 200 and patched.get_json()["user"]["suspended"] is True
    refused = login(email, password)
    assert refused.status_code == 403 and "suspended" in refused.get_json()["detail"]
    assert client.post("/api/auth/refresh", headers=BROWSER).status_code in (401, 403)
    client.patch(f"/api/auth/users/{user['id']}", json={"suspended": False},
                 headers=admin_headers)  # fmt: skip
    assert login(email, password).status_code == 200


def test_admin_cannot_suspend_themselves(client, signed_in):
    admin, headers = signed_in("admin")
    response = client.patch(f"/api/auth/users/{admin['id']}", json={"suspended": True},
                            headers=headers)  # fmt: skip
    assert response.status_code == 403


def test_audit_lists_role_changes_and_suspensions_newest_first(client, register, admin_headers):
    user = register()[0]
    url = f"/api/auth/users/{user['id']}"
    client.patch(url, json={"role": "instructor"}, headers=admin_headers)
    client.patch(url, json={"suspended": True}, headers=admin_headers)
    response = client.get("/api/auth/audit", headers=admin_headers)
    assert response.status_code == 200
    mine = [e for e in response.get_json()["items"] if e["target_id"] == user["id"]]
    assert [e["action"] for e in mine] == ["suspended", "role_changed"]
    assert mine[1]["detail"] == {"from": "student", "to": "instructor"}


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_audit_is_for_admins_only(client, signed_in, role):
    assert client.get("/api/auth/audit", headers=signed_in(role)[1]).status_code == 403
