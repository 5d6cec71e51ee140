"""Own assets under the content hash in their path: what the pages name is immutable."""

import re

import pytest

from devstack import pages

IMMUTABLE = "public, max-age=31536000, immutable"


def _page_assets(stack, page: str) -> list[str]:
    html = stack.get(page).text
    return re.findall(r'(?:src|href)="(/(?:js|css|img)/[^"]+)"', html)


def test_a_page_names_its_assets_under_the_current_version(stack):
    version = pages.asset_version()
    assets = _page_assets(stack, "/watch.html")
    # favicon, app.css, the theme script run before paint, the player's CSS, the page module
    assert sorted(url.split("/", 3)[3] for url in assets) == [
        "app.css", "favicon.svg", "pages/watch.js", "player.css", "theme.js",
    ]  # fmt: skip
    assert all(url.split("/")[2] == version for url in assets)


@pytest.mark.parametrize("page", ["/", "/watch.html", "/login.html"])
def test_versioned_assets_are_immutable_and_the_same_files(stack, page):
    for url in _page_assets(stack, page):
        versioned = stack.get(url)
        assert versioned.status_code == 200, url
        assert versioned.headers["Cache-Control"] == IMMUTABLE
        assert "Content-Security-Policy" in versioned.headers  # the folder's headers hold
        assert versioned.headers["X-Content-Type-Options"] == "nosniff"
        plain = stack.get(re.sub(r"^/(\w+)/[0-9a-f]{12}/", r"/\1/", url))
        assert plain.content == versioned.content
        assert plain.headers["Cache-Control"] == "no-cache"


def test_a_module_imported_by_a_page_module_is_served_under_the_version(stack):
    version = pages.asset_version()
    response = stack.get(f"/js/{version}/pages/login.js")
    imported = re.findall(r'from "\.\./([^"]+)"', response.text)
    assert imported
    for module in imported:
        answer = stack.get(f"/js/{version}/{module}")
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == IMMUTABLE


def test_pages_are_revalidated_and_templates_are_not_served(stack):
    assert stack.get("/login.html").headers["Cache-Control"] == "no-cache"
    assert stack.get("/templates/layout.html.j2").status_code == 404
    assert stack.get("/js/0123456789ab/nosuch.js").status_code == 404
