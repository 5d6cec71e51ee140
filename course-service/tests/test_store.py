"""CourseStore directly: conditional writes, the Scan guard, bounded search plans."""

import pytest
from course_service.errors import StaleVersion
from course_service.store import CourseStore
from course_service.tables import TABLES
from service_kit.aws import ScanForbidden

FIELDS = {"description": "", "category": "Programming", "level": "beginner", "tags": []}


@pytest.fixture
def store(app) -> CourseStore:
    """The app's store (on moto tables)."""
    return app.extensions["course.store"]


def _add(store, title, **fields):
    return store.add(
        owner_id="owner-1", fields={**FIELDS, "published": True, "title": title, **fields}
    )


@pytest.mark.parametrize("table", [spec.name for spec in TABLES])
def test_scan_is_refused_on_every_table(dynamodb, app, settings, table):
    with pytest.raises(ScanForbidden):
        dynamodb.Table(settings.table_name(table)).scan()


def _interleave(store, monkeypatch, competing_changes):
    """Make another writer update the course right after the store read it, once."""
    original = store._current
    state = {"done": False}

    def read_then_someone_writes(course_id, if_match):
        current = original(course_id, if_match)
        if not state["done"]:
            state["done"] = True
            store.update(course_id=course_id, changes=competing_changes, if_match=None)
        return current

    monkeypatch.setattr(store, "_current", read_then_someone_writes)


def test_concurrent_edit_with_if_match_is_refused_not_overwritten(store, monkeypatch):
    course = _add(store, "Original")
    _interleave(store, monkeypatch, {"title": "Theirs"})
    with pytest.raises(StaleVersion):
        store.update(course_id=course["id"], changes={"title": "Mine"}, if_match=frozenset({1}))
    assert store.get(course_id=course["id"])["title"] == "Theirs"


def test_concurrent_edit_without_if_match_keeps_both_changes(store, monkeypatch):
    course = _add(store, "Original")
    _interleave(store, monkeypatch, {"description": "theirs"})
    updated = store.update(course_id=course["id"], changes={"title": "Mine"}, if_match=None)
    assert (updated["title"], updated["description"], updated["version"]) == ("Mine", "theirs", 3)


def test_search_reads_only_the_rarest_words_postings(store, monkeypatch):
    for i in range(12):
        _add(store, f"Common topic {i}")
    rare = _add(store, "Common rare topic")
    partitions = []
    original = store.search_index.table.query

    def counting_query(**kwargs):
        values = kwargs.get("ExpressionAttributeValues", {})
        partitions.append(values.get(":pk"))
        return original(**kwargs)

    monkeypatch.setattr(store.search_index.table, "query", counting_query)
    found, _ = store.search(words=["common", "topic", "rare"], category=None, after=None, limit=5)
    assert [c["id"] for c in found] == [rare["id"]]
    assert "WORD#common" not in partitions and "WORD#topic" not in partitions


def test_whole_rewrite_of_a_long_course_fits_one_transaction(store):
    words = [f"alpha{i}" for i in range(40)]
    course = _add(store, " ".join(words[:30]), tags=words[30:])
    others = [f"beta{i}" for i in range(40)]
    store.update(
        course_id=course["id"],
        changes={"title": " ".join(others[:30]), "tags": others[30:], "category": "Other"},
        if_match=None,
    )
    found, _ = store.search(words=["beta39", "beta0"], category="other", after=None, limit=5)
    assert [c["id"] for c in found] == [course["id"]]
    assert store.search(words=["alpha1"], category=None, after=None, limit=5) == ([], None)


def test_vocabulary_counts_follow_creates_and_deletes(store):
    first = _add(store, "Counting sheep")
    _add(store, "Counting stars")
    counts = store.search_index._counts
    assert counts(["counting", "sheep"]) == {"counting": (2, 2), "sheep": (1, 1)}
    store.delete(course_id=first["id"])
    assert counts(["counting", "sheep"]) == {"counting": (1, 1), "sheep": (0, 0)}


def test_import_many_indexes_like_add(store):
    fields = [{**FIELDS, "published": True, "title": f"Bulk lesson {i}"} for i in range(30)]
    fields.append({**FIELDS, "published": False, "title": "Bulk draft"})
    imported = store.import_many(owner_id="owner-2", fields=fields)
    assert len(imported) == 31
    found, _ = store.search(words=["bulk", "les"], category=None, after=None, limit=100)
    assert {c["id"] for c in found} == {c["id"] for c in imported if c["published"]}
    listed, _ = store.list_published(category="programming", cursor=None, limit=100)
    assert len(listed) == 30
    owned, _ = store.list_owned(owner_id="owner-2", cursor=None, limit=100)
    assert len(owned) == 31
    assert store.search_index._counts(["bulk", "draft"]) == {"bulk": (30, 30), "draft": (0, 0)}


def test_a_course_found_under_two_popularity_keys_is_listed_once(store):
    course = _add(store, "Python Pythonic")
    rank = store.table.get_item(Key={"pk": f"COURSE#{course['id']}", "sk": "COURSE"})["Item"][
        "rank"
    ]
    # a re-keying that reached one of the course's postings only (the other keeps 0)
    store.search_index.table.update_item(
        Key={"pk": "WORD#pythonic", "sk": rank},
        UpdateExpression="SET psk = :p",
        ExpressionAttributeValues={":p": f"{1:010d}#{rank}"},
    )
    items, _ = store.search(words=["pyth"], category=None, after=None, limit=10, order="popular")
    assert [c["id"] for c in items] == [course["id"]]
