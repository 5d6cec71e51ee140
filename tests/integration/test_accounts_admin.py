"""Administration through NGINX: search, suspension, audit."""

import uuid

from tests.accounts import auth_call, demo_admin, new_account


def test_admin_finds_a_user_by_name_prefix_and_role(stack):
    admin = demo_admin(stack)
    tag = uuid.uuid4().hex[:8]
    target = new_account(stack, display_name=f"Owl{tag} Keeper")
    response = stack.get("/api/auth/users", params={"q": f"owl{tag}", "role": "student"},
                         headers=admin.headers)  # fmt: skip
    assert response.status_code == 200
    assert [u["id"] for u in response.json()["items"]] == [target.id]
    none = stack.get("/api/auth/users", params={"q": f"owl{tag}", "role": "admin"},
                     headers=admin.headers)  # fmt: skip
    assert none.json()["items"] == []


def test_suspension_blocks_login_with_a_clear_403_and_is_audited(stack):
    admin = demo_admin(stack)
    target = new_account(stack)
    url = f"/api/auth/users/{target.id}"
    patched = stack.request("PATCH", url, json={"suspended": True}, headers=admin.headers)
    assert patched.status_code == 200 and patched.json()["user"]["suspended"] is True
    login = auth_call(stack, "POST", "/api/auth/login",
                      json={"email": target.email, "password": target.password})  # fmt: skip
    assert login.status_code == 403 and "suspended" in login.json()["detail"]
    audit = stack.get("/api/auth/audit", params={"limit": 50}, headers=admin.headers)
    assert audit.status_code == 200
    events = [e for e in audit.json()["items"] if e["target_id"] == target.id]
    assert events[0]["action"] == "suspended" and events[0]["actor_id"] == admin.id
    restored = stack.request("PATCH", url, json={"suspended": False}, headers=admin.headers)
    assert restored.status_code == 200
    again = auth_call(stack, "POST", "/api/auth/login",
                      json={"email": target.email, "password": target.password})  # fmt: skip
    assert again.status_code == 200


def test_audit_is_403_for_students(stack):
    student = new_account(stack)
    assert stack.get("/api/auth/audit", headers=student.headers).status_code == 403
