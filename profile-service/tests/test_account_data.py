"""Internal export and purge of one user's profile and avatar objects (service tokens only)."""

import uuid

from service_kit.pytest_plugin import TEST_BUCKET


def test_purge_removes_the_profile_and_its_avatar_object(app, client, s3, tokens):
    user_id = uuid.uuid4().hex
    store = app.extensions["profile.store"]
    store.add(user_id=user_id, display_name="Ada")
    key = f"avatars/{user_id}/a.png"
    s3.put_object(Bucket=TEST_BUCKET, Key=key, Body=b"png")
    store.table.update_item(Key={"pk": f"USER#{user_id}"}, UpdateExpression="SET avatar_key = :k",
                            ExpressionAttributeValues={":k": key})  # fmt: skip
    path = f"/internal/profiles/users/{user_id}"
    exported = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()
    assert exported["data"]["profile"]["display_name"] == "Ada"
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert store.get(user_id=user_id) is None
    assert s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix=key).get("KeyCount", 0) == 0
    again = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()
    assert again["data"]["profile"] is None
