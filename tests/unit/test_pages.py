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


def test_pages_name_own_assets_only_under_the_current_version():
    version = pages.asset_version()
    for name, html in pages.render().items():
        own = re.findall(r'(?:src|href)="(/(?:js|css|img)/[^"]*)"', html)
        assert own, name
        assert all(url.split("/")[2] == version for url in own), name


def test_the_version_changes_with_any_asset(tmp_path, monkeypatch):
    for folder in pages.ASSET_FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    monkeypatch.setattr(pages, "FRONTEND", tmp_path)
    before = pages.asset_version()
    assert re.fullmatch(r"[0-9a-f]{12}", before)
    assert pages.asset_url("js/pages/x.js") == f"/js/{before}/pages/x.js"
    (tmp_path / "css" / "b.css").write_text("p {}\n")
    assert pages.asset_version() != before
