"""The committed pages are what the layout renders: nobody edits frontend/*.html by hand."""

import re
from pathlib import Path

from devstack import pages

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"


def test_committed_pages_are_current():
    rendered = pages.render()
    for name, html in rendered.items():
        committed = FRONTEND / name
        assert committed.exists(), f"run `make pages` and commit frontend/{name}"
        assert committed.read_text() == html, f"run `make pages` (frontend/{name} is stale)"


def test_every_committed_page_has_a_template():
    committed = {p.name for p in FRONTEND.glob("*.html")}
    assert committed == set(pages.render()), "a page without a template in frontend/templates/"


def test_every_page_shares_the_layout_and_loads_its_own_module():
    for name, html in pages.render().items():
        assert html.count('href="#main">Skip to content</a>') == 1, name
        assert html.count('<header id="site-nav">') == 1, name
        assert html.count('<div id="live-status"') == 1, name
        modules = re.findall(r'<script type="module" src="([^"]+)"', html)
        assert len(modules) == 1 and "/pages/" in modules[0], name


def test_the_page_module_exists():
    for name, html in pages.render().items():
        src = re.search(r'<script type="module" src="([^"?]+)', html).group(1)
        module = src.rsplit("/pages/", 1)[1]
        assert (FRONTEND / "js" / "pages" / module).is_file(), f"{name} loads a missing {src}"
