"""Two-word search through word-pair postings, and its fallback for courses without them."""

from course_service.deps import COURSES as STORE

COURSES = "/api/courses"


def _ids(client, q: str, **params) -> list[str]:
    response = client.get(COURSES, query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return [course["id"] for course in response.get_json()["items"]]


def _read_partitions(app, monkeypatch) -> list[str]:
    """Record the partition of every Query on the index table from now on."""
    index = app.extensions[STORE].search_index.table
    seen, query = [], index.query

    def spy(**kwargs):
        seen.append(kwargs["ExpressionAttributeValues"].get(":pk"))
        return query(**kwargs)

    monkeypatch.setattr(index, "query", spy)
    return seen


def test_two_words_read_only_their_pair_postings(app, client, make_course, monkeypatch):
    both = make_course(title="Practical Python Basics")
    for n in range(3):  # courses with only the rarer word are not read
        make_course(title=f"Python Recipes {n}")
    make_course(title="Practical Rust")
    seen = _read_partitions(app, monkeypatch)
    assert _ids(client, "python practical", sort="newest") == [both["id"]]
    assert [pk for pk in seen if pk.startswith(("WORD#", "PAIR#"))] == ["PAIR#practical python"]


def test_pairs_answer_as_the_word_intersection_did(client, make_course):
    tagged = make_course(title="Scripting", tags=["python", "practical"])
    titled = make_course(title="Python, the practical way")
    make_course(title="Python Basics")
    prefix = _ids(client, "python prac", sort="newest")  # the last word is a prefix
    assert prefix == [titled["id"], tagged["id"]]
    assert _ids(client, "practical python", sort="title") == [titled["id"], tagged["id"]]
    assert set(_ids(client, "python py")) == {titled["id"], tagged["id"]} | set(
        _ids(client, "python")
    )  # the same word twice: every course with it


def test_a_course_with_many_words_is_found_by_two_of_them(app, client, make_course, monkeypatch):
    wide = make_course(title="one two three four five six seven eight nine", tags=["python"])
    make_course(title="Python Basics")
    seen = _read_partitions(app, monkeypatch)
    assert _ids(client, "python seven") == [wide["id"]]
    assert not any(pk.startswith("PAIR#") for pk in seen if pk)  # no pairs: the word is read


def test_a_course_indexed_before_pairs_existed_is_still_found(app, client, make_course):
    old = make_course(title="Practical Python")
    store = app.extensions[STORE]
    _as_indexed_before_pairs(store, old["id"])
    new = make_course(title="Practical Python Again")
    assert _ids(client, "python practical", sort="newest") == [new["id"], old["id"]]
    # an edit re-indexes it with its pairs, and the fallback is no longer needed
    store.update(course_id=old["id"], changes={"description": "edited"}, if_match=None)
    index = store.search_index.table
    rank = store._item(old["id"])["rank"]
    assert "Item" in index.get_item(Key={"pk": "PAIR#practical python", "sk": rank})
    assert _ids(client, "python practical", sort="newest") == [new["id"], old["id"]]


def _as_indexed_before_pairs(store, course_id: str) -> None:
    """Make the course look as the code before pair postings stored it."""
    item = store._item(course_id)
    store.table.update_item(
        Key={"pk": item["pk"], "sk": item["sk"]}, UpdateExpression="REMOVE paired"
    )
    index = store.search_index.table
    for pair in ("practical python",):
        index.delete_item(Key={"pk": f"PAIR#{pair}", "sk": item["rank"]})
    for word in item["words"]:  # its vocabulary counts: postings, never paired ones
        index.update_item(
            Key={"pk": f"VOCAB#{word[:2]}", "sk": word},
            UpdateExpression="ADD paired :minus",
            ExpressionAttributeValues={":minus": -1},
        )
