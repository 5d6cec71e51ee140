"""Finding a course: cards with covers and instructors, navbar suggestions, sort and filters in
the URL, back to the same catalog position, skeletons, dark mode and Spanish."""

from __future__ import annotations

import re
import uuid
from types import SimpleNamespace

import pytest

from tests.accounts import DEMO_ADMIN
from tests.accounts import register as api_calls_register
from tests.e2e.catalog_support import PHONE, Pages, axe_clean, login, visit
from tests.e2e.e2e_support import SCREENSHOTS, api, new_account, wait_until

NAMES = [
    "Algebra", "Botany", "Chemistry", "Drawing", "Economics", "Finance", "Geology",
    "History", "Italian", "Jazz", "Kotlin", "Linguistics", "Music", "Nutrition",
]  # fmt: skip


@pytest.fixture
def pages(browser, site):
    """Pages whose console errors and uncaught errors fail the test."""
    opened = Pages(browser, site)
    yield opened
    opened.close()
    assert opened.errors == [], opened.errors


@pytest.fixture(scope="module")
def catalog(site):
    """14 published courses sharing one unusual word, half of them advanced, by one teacher."""
    word = "zeph" + uuid.uuid4().hex[:6]
    teacher = new_account(site, role="instructor", display_name="Ada Teacher")
    made = []
    for index, name in enumerate(NAMES):
        body = {
            "title": f"{name} {word}",
            "description": f"{name} for everyone.\n- Read {name} texts\n- Solve problems",
            "category": word,  # a category of their own: browsing it shows only them
            "tags": ["e2e"],
            "level": "advanced" if index % 2 else "beginner",
            "published": True,
        }
        made.append(api(site, "POST", "/api/courses", teacher, json=body)["course"])
    return {"word": word, "teacher": teacher, "courses": made}


def cards(page):
    return page.locator("#courses article.card")


def test_cards_sort_filter_and_back_keeps_the_position(pages, catalog):
    page = pages.open()
    word = catalog["word"]
    # Skeleton cards while the first page loads: its answer is held until they are seen.
    held = []
    page.route(re.compile(r".*/api/courses\?.*"), lambda route: held.append(route))
    page.goto(f"/catalog.html?category={word}&sort=title")
    page.locator("#courses [data-skeleton]").first.wait_for()
    for route in held:
        route.continue_()
    page.unroute(re.compile(r".*/api/courses\?.*"))
    cards(page).first.wait_for()
    assert cards(page).count() == 12
    titles = cards(page).locator("h3").all_inner_texts()
    assert titles == sorted(titles) and titles[0] == f"Algebra {word}"
    # A card: generated cover with initials, instructor, level and learners.
    first = cards(page).first
    assert first.get_by_test_id("cover-placeholder").inner_text() == f"A{word[0].upper()}"
    assert first.get_by_test_id("card-instructor").inner_text() == "by Ada Teacher"
    assert "Beginner" in first.get_by_test_id("card-meta").inner_text()
    assert "0 learners" in first.get_by_test_id("card-meta").inner_text()
    axe_clean(page, "catalog")

    # Filters and sort live in the URL.
    page.get_by_label("Level").select_option("advanced")
    page.wait_for_url(re.compile(r"level=advanced"))
    wait_until(page, "() => document.querySelectorAll('#courses article.card').length === 7")
    assert "sort=title" in page.url
    page.get_by_label("Sort by").select_option("newest")
    page.wait_for_url(re.compile(r"sort=newest"))
    page.get_by_label("Level").select_option("")
    wait_until(page, "() => document.querySelectorAll('#courses article.card').length === 12")

    # Load more, scroll down, open a course, come back: same cards, same place.
    page.get_by_role("button", name="Load more").click()
    wait_until(page, "() => document.querySelectorAll('#courses article.card').length === 14")
    target = cards(page).nth(12)
    target.scroll_into_view_if_needed()
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 200
    target.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/course\.html\?id="))
    page.go_back()
    page.wait_for_url(re.compile(r"/catalog\.html"))
    wait_until(page, "() => document.querySelectorAll('#courses article.card').length === 14")
    wait_until(page, "(y) => Math.abs(window.scrollY - y) < 40", scrolled)


def test_navbar_suggestions_on_every_page(pages, catalog):
    page = pages.open()
    word = catalog["word"]
    visit(page, "/login.html")
    box = page.get_by_role("combobox", name="Search courses")
    box.fill(f"{word[:8]}")
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.get_by_role("option").first.wait_for()
    assert 1 <= listbox.get_by_role("option").count() <= 8
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    chosen = listbox.get_by_role("option", selected=True).inner_text()
    # On a phone the box sits in the collapsed menu: the open list is shot at laptop size.
    page.screenshot(path=str(SCREENSHOTS / "navbar-suggestions-1366x768.png"))
    box.press("Enter")
    page.wait_for_url(re.compile(r"/course\.html\?id="))
    page.get_by_role("heading", level=1, name=chosen).wait_for()
    # Enter without a highlighted suggestion searches the catalog.
    box = page.get_by_role("combobox", name="Search courses")
    box.fill(word)
    page.get_by_role("listbox", name="Suggestions").get_by_role("option").first.wait_for()
    box.press("Escape")  # closes the list (and keeps the text)
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/catalog\.html\?q={word}"))
    cards(page).first.wait_for()


def test_dark_mode_follows_the_system_and_the_toggle(pages, catalog):
    page = pages.open(color_scheme="dark")
    visit(page, f"/catalog.html?q={catalog['word']}")
    cards(page).first.wait_for()
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    axe_clean(page, "catalog-dark")
    page.get_by_role("button", name="Switch to light mode").click()
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "light"
    visit(page, "/")  # the choice is kept from page to page
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "light"
    page.get_by_role("button", name="Switch to dark mode").click()
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    axe_clean(page, "home-dark")


def test_spanish_from_the_browser_and_the_switcher(pages, catalog):
    page = pages.open(locale="es-ES")
    visit(page, f"/catalog.html?q={catalog['word']}")
    cards(page).first.wait_for()
    assert page.evaluate("() => document.documentElement.lang") == "es"
    page.get_by_role("heading", level=1, name="Catálogo de cursos").wait_for()
    assert page.title() == "Catálogo · DREAD"
    assert "por Ada Teacher" in cards(page).first.inner_text()
    assert "Principiante" in page.locator("#courses").inner_text()
    page.get_by_label("Ordenar por").wait_for()
    axe_clean(page, "catalog-es")
    visit(page, "/login.html")
    page.get_by_role("heading", level=1, name="Iniciar sesión").wait_for()
    page.get_by_label("Correo electrónico").wait_for()
    axe_clean(page, "login-es")
    visit(page, "/register.html")
    page.get_by_role("heading", level=1, name="Crea tu cuenta").wait_for()
    # The switcher in the footer: English from now on, on every page.
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("heading", level=1, name="Create your account").wait_for()
    visit(page, "/")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.get_by_role("heading", level=1, name="Learn from open course videos").wait_for()


def test_public_pages_log_no_errors_for_visitors(pages, catalog):
    """A visitor's pages ask nothing that answers 401 or 404 (each would be a red console line)."""
    page = pages.open()
    course = catalog["courses"][0]
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ("/", "/catalog.html", "/login.html", f"/course.html?id={course['id']}"):
        visit(page, path)
    page.get_by_role("link", name="Log in to enrol").wait_for()
    assert failed == []


def test_home_empty_continue_box_stays_in_its_section(pages, site):
    someone = new_account(site, display_name="New Learner")
    page = pages.open(viewport=PHONE)
    login(page, someone, "/")
    box = page.locator("#continue-list").get_by_text("Nothing in progress yet")
    box.wait_for()
    outer = page.locator("#continue").bounding_box()
    inner = page.locator("#continue-list .border").first.bounding_box()
    assert inner["x"] >= outer["x"] - 0.5
    assert inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
    page.get_by_role("heading", level=1, name="Welcome back, New Learner").wait_for()


# Each piece of an email between its break points stays on one line: one rectangle per piece.
PIECES_ON_ONE_LINE = """(email) => {
  const row = document.querySelector(`tr[data-email="${email}"] .email-wrap`);
  return [...row.childNodes].filter((n) => n.nodeType === 3).map((n) => {
    const range = document.createRange(); range.selectNodeContents(n);
    return [n.textContent, range.getClientRects().length];
  });
}"""


def test_admin_emails_wrap_between_their_parts_on_a_phone(pages, site):
    long_email = f"someone.{uuid.uuid4().hex[:10]}@averylongmaildomain.example.com"
    registered = api_calls_register(site, email=long_email, password="a-long-enough-Pw-42")
    assert registered.status_code == 201, registered.text
    page = pages.open(viewport=PHONE)
    admin = SimpleNamespace(email=DEMO_ADMIN[0], password=DEMO_ADMIN[1])
    login(page, admin, "/admin.html")
    row = page.locator(f"tr[data-email='{long_email}']")
    while not row.count():
        more = page.get_by_role("button", name="Load more")
        assert more.count(), f"{long_email} is not listed"
        more.click()
        wait_until(page, "() => !document.querySelector('#more button:disabled')")
    row.scroll_into_view_if_needed()
    pieces = page.evaluate(PIECES_ON_ONE_LINE, long_email)
    assert "".join(text for text, _ in pieces) == long_email
    assert [text for text, lines in pieces if lines != 1] == []
