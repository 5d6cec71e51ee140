"""The course page as a learner sees it: hero with the instructor, what you'll learn, a
collapsible description, the syllabus by section with watched ticks and Resume; the
instructor's page; a long title on a phone; the navbar after a profile change."""

from __future__ import annotations

import re

import pytest

from tests.e2e.catalog_support import PHONE, Pages, axe_clean, login, sideways_scroll, visit
from tests.e2e.e2e_support import api, make_video, new_account, unique, upload_video, wait_ready

LONG_WORD = "Supercalifragilisticexpialidociousness"
POINTS = ["Frame a shot with the rule of thirds", "Light a face with one lamp"]


@pytest.fixture
def pages(browser, site):
    """Pages whose console errors and uncaught errors fail the test."""
    opened = Pages(browser, site)
    yield opened
    opened.close()
    assert opened.errors == [], opened.errors


@pytest.fixture(scope="module")
def course(site, tmp_path_factory):
    """A course with two sections and two ready videos, one in each, and a learner who
    watched the first to the end."""
    teacher = new_account(site, role="instructor", display_name="Grace Lens")
    api(site, "PATCH", "/api/profiles/me", teacher, json={"bio": "Filmmaker and teacher."})
    title = f"{unique('Film')} {LONG_WORD} {LONG_WORD}"
    description = (
        "A practical course.\n"
        + "\n".join(f"- {p}" for p in POINTS)
        + "\n"
        + ("We shoot every week and review the results together. " * 8)
    )
    body = {
        "title": title,
        "description": description,
        "category": "design",
        "level": "intermediate",
        "published": True,
    }
    made = api(site, "POST", "/api/courses", teacher, json=body)["course"]
    sections = [
        api(site, "POST", f"/api/courses/{made['id']}/sections", teacher, json={"title": name})[
            "section"
        ]
        for name in ("Getting started", "Lighting")
    ]
    media = tmp_path_factory.mktemp("media")
    videos = []
    for index, name in enumerate(("Camera basics", "One lamp")):
        clip = make_video(media / f"v{index}.mp4", seconds=4, size="320x180")
        video = upload_video(site, teacher, made["id"], clip, title=name)
        api(
            site,
            "PATCH",
            f"/api/videos/{video['id']}",
            teacher,
            json={"section_id": sections[index]["id"]},
        )
        videos.append(video)
    videos = [wait_ready(site, teacher, video["id"]) for video in videos]
    learner = new_account(site, display_name="Lee Learner")
    api(site, "PUT", f"/api/courses/{made['id']}/enrollment", learner)
    first = videos[0]
    duration = float(first["duration_s"])
    beat = {
        "course_id": made["id"],
        "position_s": duration,
        "duration_s": duration,
        "watched": [[0, duration]],
    }
    api(site, "PUT", f"/api/progress/videos/{first['id']}", learner, json=beat)
    return {
        "course": made,
        "teacher": teacher,
        "learner": learner,
        "videos": videos,
        "sections": sections,
    }


def test_learner_sees_syllabus_ticks_and_resume(pages, course):
    page = pages.open()
    made, first, second = course["course"], *course["videos"]
    login(page, course["learner"], f"/course.html?id={made['id']}")
    page.wait_for_selector("#page[data-personalised]")
    hero = page.locator(".course-banner")
    hero.get_by_test_id("instructor").get_by_role("link", name="Grace Lens").wait_for()
    assert "Intermediate · 2 videos" in hero.get_by_test_id("course-stats").inner_text()
    # What you'll learn: the description's bullet lines.
    learn = page.get_by_role("region", name="What you'll learn")
    assert learn.locator("li .text-break-anywhere").all_inner_texts() == POINTS
    # The long description is collapsed behind "Show more".
    more = page.get_by_role("button", name="Show more")
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert page.get_by_role("button", name="Show less").get_attribute("aria-expanded") == "true"
    # Syllabus: one block per section, the watched video ticked, Resume on the next one.
    getting, lighting = (
        page.get_by_role("region", name=name) for name in ("Getting started", "Lighting")
    )
    assert getting.locator(f"[data-video-id='{first['id']}']").get_attribute("data-watched") == "1"
    assert getting.get_by_role("img", name="Completed").count() == 1
    assert (
        lighting.locator(f"[data-video-id='{second['id']}']").get_attribute("data-watched") == "0"
    )
    resume = page.get_by_test_id("resume")
    assert resume.inner_text() == "Resume: One lamp"
    assert resume.get_attribute("href") == f"/watch.html?id={second['id']}"
    page.locator("#course-progress").get_by_text("1 of 2 videos completed").wait_for()
    axe_clean(page, "course-learner")
    # The same page in Spanish and in dark mode.
    spanish = pages.open(locale="es-ES", color_scheme="dark")
    login(spanish, course["learner"], f"/course.html?id={made['id']}")
    spanish.wait_for_selector("#page[data-personalised]")
    spanish.get_by_role("region", name="Lo que aprenderás").wait_for()
    assert spanish.get_by_test_id("resume").inner_text() == "Continuar: One lamp"
    axe_clean(spanish, "course-learner-es-dark")


def test_visitor_on_a_phone_and_the_instructor_page(pages, course):
    page = pages.open(viewport=PHONE)
    made = course["course"]
    visit(page, f"/course.html?id={made['id']}")
    page.get_by_role("link", name="Log in to enrol").wait_for()
    assert page.get_by_test_id("resume").count() == 0
    assert sideways_scroll(page) == 0  # the long title wraps, in the breadcrumb too
    page.locator(".course-banner").get_by_role("link", name="Grace Lens").click()
    page.wait_for_url(re.compile(r"/instructor\.html\?id="))
    page.get_by_role("heading", level=1, name="Grace Lens").wait_for()
    page.get_by_text("Filmmaker and teacher.").wait_for()
    assert page.locator("article.card").filter(has_text=made["title"]).count() == 1
    assert "1 course" in page.get_by_test_id("instructor-stats").inner_text()
    axe_clean(page, "instructor")


def test_navbar_shows_the_new_name_after_a_profile_change(pages, site):
    someone = new_account(site, display_name="Old Name")
    page = pages.open()
    login(page, someone, "/profile.html")
    page.locator("#site-nav").get_by_role("link", name="Old Name").wait_for()
    field = page.get_by_label("Display name")
    field.fill("New Name")
    field.press("Enter")
    page.locator("#site-nav").get_by_role("link", name="New Name").wait_for()


def test_someone_not_enrolled_gets_enrol_not_watchlist_or_next(new_page, site, course):
    """A signed-in user who is not enrolled is offered "Enrol to watch", and none of the
    actions they could not use (watchlist, next video, ask about this video)."""
    stranger = new_account(site, display_name="Sid Stranger")
    page = new_page()
    first = course["videos"][0]
    login(page, stranger, f"/watch.html?id={first['id']}")
    page.get_by_role("button", name="Enrol to watch").wait_for()
    actions = page.locator("#video-actions")
    for name in ("+ Watchlist", "Ask about this video"):
        assert actions.get_by_role("button", name=name).count() == 0
        assert actions.get_by_role("link", name=name).count() == 0
    assert page.locator("#watchlist-toggle, #next-video, #ask-video").count() == 0
    # Enrolling from there starts the player and brings the actions.
    page.get_by_role("button", name="Enrol to watch").click()
    page.locator("#watchlist-toggle").wait_for()
    assert page.locator("#next-video").count() == 1
