"""GET /api/courses: the published catalog, paging, category filter and word search."""

import pytest
from service_kit.testing import assert_problem

COURSES = "/api/courses"


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    return [course["id"] for course in response.get_json()["items"]]


def _all_pages(client, url: str, between=None) -> list[str]:
    ids, cursor, pages = [], None, 0
    while True:
        joiner = "&" if "?" in url else "?"
        response = client.get(url + (f"{joiner}cursor={cursor}" if cursor else ""))
        ids += _ids(response)
        cursor = response.get_json()["next_cursor"]
        pages += 1
        if between:
            between(pages)
        if cursor is None:
            return ids


def test_catalog_lists_only_published_courses_newest_first(client, make_course):
    first, second = make_course(), make_course()
    make_course(published=False)
    response = client.get(f"{COURSES}?sort=newest")
    assert _ids(response) == [second["id"], first["id"]]
    assert response.get_json()["next_cursor"] is None


def test_catalog_needs_no_token_and_an_empty_catalog_is_an_empty_page(client):
    assert client.get(COURSES).get_json() == {"items": [], "next_cursor": None}


def test_pages_return_every_course_once_while_courses_are_added(client, make_course):
    existing = [make_course()["id"] for _ in range(11)]
    added = []

    def add_two(_page):
        added.extend(make_course()["id"] for _ in range(2))

    seen = _all_pages(client, f"{COURSES}?limit=3&sort=newest", between=add_two)
    assert len(seen) == len(set(seen)), "a course was returned twice"
    assert sorted(seen) == sorted(existing), "every course that existed is seen exactly once"
    assert added and not set(added) & set(seen)  # newer ones sit above the first page


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_bad_limit_is_400(client, limit):
    assert "limit" in assert_problem(client.get(f"{COURSES}?limit={limit}"), 400)["errors"]


def _a_cursor(client, make_course) -> str:
    make_course(), make_course()
    return client.get(f"{COURSES}?limit=1").get_json()["next_cursor"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),
        lambda c: "A" + c[1:] if c[0] != "A" else "B" + c[1:],
        lambda c: "not-a-cursor",
        lambda c: c.split(".")[0],
    ],
)
def test_tampered_cursor_is_400(client, make_course, tamper):
    cursor = tamper(_a_cursor(client, make_course))
    assert "cursor" in assert_problem(client.get(f"{COURSES}?cursor={cursor}"), 400)["errors"]


def test_cursor_of_another_listing_is_400(client, make_course):
    cursor = _a_cursor(client, make_course)
    assert_problem(client.get(f"{COURSES}?category=Programming&cursor={cursor}"), 400)


def test_category_filter_ignores_case_and_spacing(client, make_course):
    data = make_course(category="Data Science")
    make_course(category="Design")
    assert _ids(client.get(f"{COURSES}?category=data%20%20SCIENCE")) == [data["id"]]
    assert _ids(client.get(f"{COURSES}?category=Cooking")) == []


def test_category_filter_pages(client, make_course):
    ids = [make_course(category="Music")["id"] for _ in range(5)]
    make_course(category="Art")
    assert _all_pages(client, f"{COURSES}?category=music&limit=2&sort=newest") == ids[::-1]


def test_search_matches_title_and_tag_words_case_insensitively(client, make_course):
    by_title = make_course(title="Advanced PYTHON Patterns")
    by_tag = make_course(title="Scripting", tags=["Python"])
    longer = make_course(title="Rust for Pythonistas")  # the last word is also a prefix
    make_course(title="Java Patterns", published=False)
    expected = {by_title["id"], by_tag["id"], longer["id"]}
    assert set(_ids(client.get(f"{COURSES}?q=Python"))) == expected
    assert set(_ids(client.get(f"{COURSES}?q=PYTHON"))) == expected
    assert _ids(client.get(f"{COURSES}?q=patterns")) == [by_title["id"]]


def test_search_with_several_words_is_an_intersection(client, make_course):
    both = make_course(title="Machine Learning with Python")
    make_course(title="Machine Shop Safety")
    make_course(title="Python Basics")
    assert _ids(client.get(f"{COURSES}?q=python%20machine")) == [both["id"]]
    assert _ids(client.get(f"{COURSES}?q=machine%20learning%20python")) == [both["id"]]
    assert _ids(client.get(f"{COURSES}?q=machine%20cooking")) == []


def test_search_treats_the_last_word_as_a_prefix(client, make_course):
    python = make_course(title="Python Basics")
    pythonic = make_course(title="Pythonic Code")
    make_course(title="Pyramids of Egypt")
    assert set(_ids(client.get(f"{COURSES}?q=pyth"))) == {python["id"], pythonic["id"]}
    assert _ids(client.get(f"{COURSES}?q=basics%20pyt")) == [python["id"]]
    assert _ids(client.get(f"{COURSES}?q=pyth%20basics")) == []  # earlier words are whole


def test_search_combines_with_category(client, make_course):
    data = make_course(title="Python for Data", category="Data Science")
    make_course(title="Python for Web", category="Programming")
    assert _ids(client.get(f"{COURSES}?q=python&category=data%20science")) == [data["id"]]


def test_search_pages_newest_first_without_repeats(client, make_course):
    ids = [make_course(title=f"Django part {i}")["id"] for i in range(7)]
    make_course(title="Flask part 1")
    assert _all_pages(client, f"{COURSES}?q=django&limit=3") == ids[::-1]
    assert _all_pages(client, f"{COURSES}?q=part%20dj&limit=2") == ids[::-1]


def test_search_never_finds_drafts(client, make_course):
    make_course(title="Secret Draft", published=False)
    assert _ids(client.get(f"{COURSES}?q=secret")) == []


def test_search_follows_edits_and_unpublishing(client, make_course, instructor):
    course = make_course(title="Old Name", tags=["legacy"])
    url = f"{COURSES}/{course['id']}"
    client.patch(url, json={"title": "New Name", "tags": []}, headers=instructor.headers)
    assert _ids(client.get(f"{COURSES}?q=old")) == []
    assert _ids(client.get(f"{COURSES}?q=legacy")) == []
    assert _ids(client.get(f"{COURSES}?q=new%20name")) == [course["id"]]
    client.patch(url, json={"published": False}, headers=instructor.headers)
    assert _ids(client.get(f"{COURSES}?q=new")) == []
    assert _ids(client.get(COURSES)) == []
    client.patch(url, json={"published": True}, headers=instructor.headers)
    assert _ids(client.get(f"{COURSES}?q=new")) == [course["id"]]


def test_category_change_moves_the_course_between_filters(client, make_course, instructor):
    course = make_course(title="Sketching", category="Art")
    client.patch(
        f"{COURSES}/{course['id']}", json={"category": "Design"}, headers=instructor.headers
    )
    assert _ids(client.get(f"{COURSES}?category=art")) == []
    assert _ids(client.get(f"{COURSES}?category=design")) == [course["id"]]
    assert _ids(client.get(f"{COURSES}?q=sketching&category=design")) == [course["id"]]
    assert _ids(client.get(f"{COURSES}?q=sketching&category=art")) == []


def test_search_of_punctuation_only_is_empty(client, make_course):
    make_course()
    assert client.get(f"{COURSES}?q=%21%3F").get_json() == {"items": [], "next_cursor": None}


def test_query_too_long_is_400(client):
    assert "q" in assert_problem(client.get(f"{COURSES}?q={'a' * 201}"), 400)["errors"]


def _enrol(client, course_id, person, times):
    for _ in range(times):
        client.put(f"{COURSES}/{course_id}/enrollment", headers=person("student").headers)


def test_catalog_is_popular_first_by_default_and_sorts_by_newest_or_title(
    client, make_course, person
):
    b, a, c = make_course(title="beta"), make_course(title="Alpha"), make_course(title="gamma")
    _enrol(client, c["id"], person, 2)
    _enrol(client, b["id"], person, 1)
    assert _ids(client.get(COURSES)) == [c["id"], b["id"], a["id"]]
    assert _ids(client.get(f"{COURSES}?sort=popular")) == [c["id"], b["id"], a["id"]]
    assert _ids(client.get(f"{COURSES}?sort=newest")) == [c["id"], a["id"], b["id"]]
    assert _ids(client.get(f"{COURSES}?sort=title")) == [a["id"], b["id"], c["id"]]
    assert _all_pages(client, f"{COURSES}?sort=title&limit=1") == [a["id"], b["id"], c["id"]]


def test_level_and_category_filters_combine_with_every_sort(client, make_course):
    hard_music = make_course(category="Music", level="advanced", title="Counterpoint")
    make_course(category="Music", level="beginner")
    hard_art = make_course(category="Art", level="advanced", title="Anatomy")
    for sort in ("popular", "newest", "title"):
        both = client.get(f"{COURSES}?category=music&level=advanced&sort={sort}")
        assert _ids(both) == [hard_music["id"]]
        level = set(_ids(client.get(f"{COURSES}?level=advanced&sort={sort}")))
        assert level == {hard_music["id"], hard_art["id"]}


def test_a_level_change_moves_the_course_between_filters(client, make_course, instructor):
    course = make_course(level="beginner")
    client.patch(
        f"{COURSES}/{course['id']}", json={"level": "advanced"}, headers=instructor.headers
    )
    assert _ids(client.get(f"{COURSES}?level=beginner")) == []
    assert _ids(client.get(f"{COURSES}?level=advanced")) == [course["id"]]
    assert _ids(client.get(f"{COURSES}?q={course['title'].split()[1]}&level=advanced")) == [
        course["id"]
    ]


def test_bad_sort_or_level_is_400_and_a_cursor_of_another_sort_too(client, make_course):
    assert "sort" in assert_problem(client.get(f"{COURSES}?sort=random"), 400)["errors"]
    assert "level" in assert_problem(client.get(f"{COURSES}?level=expert"), 400)["errors"]
    make_course(), make_course()
    cursor = client.get(f"{COURSES}?limit=1&sort=popular").get_json()["next_cursor"]
    assert_problem(client.get(f"{COURSES}?sort=title&cursor={cursor}"), 400)


def test_search_forgives_one_typo_in_words_of_five_letters_or_more(client, make_course):
    python = make_course(title="Python Basics")
    rust = make_course(title="Rust Basics")
    assert _ids(client.get(f"{COURSES}?q=pyhton")) == [python["id"]]  # swapped letters
    assert _ids(client.get(f"{COURSES}?q=pythn")) == [python["id"]]  # a letter missing
    assert _ids(client.get(f"{COURSES}?q=pythoon%20basics")) == [python["id"]]  # extra letter
    assert _ids(client.get(f"{COURSES}?q=rust%20bazics")) == [rust["id"]]  # replaced, last word
    assert _ids(client.get(f"{COURSES}?q=rast")) == []  # four letters: no typo forgiven
    assert _ids(client.get(f"{COURSES}?q=pyhtno")) == []  # two edits
    assert _ids(client.get(f"{COURSES}?q=ypthon")) == [python["id"]]  # first two swapped


def test_search_sorts_its_matches_by_popularity_or_title_and_pages_in_that_order(
    client, make_course, person
):
    b = make_course(title="Beta Python")
    a = make_course(title="alpha python")
    c = make_course(title="Gamma Python", tags=["pythonic"])
    make_course(title="Delta Rust")  # no match
    _enrol(client, a["id"], person, 2)
    _enrol(client, c["id"], person, 1)
    for q in ("python", "pyth", "pyhton"):  # a word, a prefix (two spellings), a typo
        assert _ids(client.get(f"{COURSES}?q={q}&sort=popular")) == [a["id"], c["id"], b["id"]]
        assert _ids(client.get(f"{COURSES}?q={q}&sort=title")) == [a["id"], b["id"], c["id"]]
        assert _ids(client.get(f"{COURSES}?q={q}&sort=newest")) == [c["id"], a["id"], b["id"]]
    for order, expected in (("popular", [a, c, b]), ("title", [a, b, c])):
        paged = _all_pages(client, f"{COURSES}?q=pyth&sort={order}&limit=1")
        assert paged == [course["id"] for course in expected]
    cursor = client.get(f"{COURSES}?q=python&sort=title&limit=1").get_json()["next_cursor"]
    assert_problem(client.get(f"{COURSES}?q=python&sort=popular&cursor={cursor}"), 400)


def test_search_by_popularity_follows_enrolments_and_unenrolments(client, make_course, person):
    first, second = make_course(title="Rust One"), make_course(title="Rust Two")
    _enrol(client, first["id"], person, 1)
    assert _ids(client.get(f"{COURSES}?q=rust&sort=popular")) == [first["id"], second["id"]]
    learners = [person("student") for _ in range(2)]
    for learner in learners:
        client.put(f"{COURSES}/{second['id']}/enrollment", headers=learner.headers)
    assert _ids(client.get(f"{COURSES}?q=rust&sort=popular")) == [second["id"], first["id"]]
    for learner in learners:
        client.delete(f"{COURSES}/{second['id']}/enrollment", headers=learner.headers)
    assert _ids(client.get(f"{COURSES}?q=rust&sort=popular")) == [first["id"], second["id"]]


def test_search_sorted_by_title_follows_a_rename(client, make_course, instructor):
    zed, mid = make_course(title="Zed Rust"), make_course(title="Mid Rust")
    assert _ids(client.get(f"{COURSES}?q=rust&sort=title")) == [mid["id"], zed["id"]]
    renamed = client.patch(
        f"{COURSES}/{zed['id']}", json={"title": "Aardvark Rust"}, headers=instructor.headers
    )
    assert renamed.status_code == 200, renamed.get_json()
    assert _ids(client.get(f"{COURSES}?q=rust&sort=title")) == [zed["id"], mid["id"]]
