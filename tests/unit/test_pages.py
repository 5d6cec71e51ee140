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


def test_modules_import_by_relative_path_without_a_version():
    # An absolute or `?v=` import would load a second copy of a module (and of api.js's token).
    for module in (FRONTEND / "js").rglob("*.js"):
        for target in re.findall(r'(?:from|import)\s*\(?\s*"([^"]+)"', module.read_text()):
            assert target.startswith("./") or target.startswith("../"), f"{module}: {target}"
            assert "?" not in target, f"{module}: {target}"


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


def _imports(module: Path) -> list[Path]:
    targets = re.findall(r'from\s*"(\.{1,2}/[^"]+)"', module.read_text())
    return [(module.parent / target).resolve() for target in targets]


def test_js_folders_keep_their_layers():
    # pages/ use the rest; components/ draw with infrastructure/; infrastructure/ (API client,
    # session, uploads) draws nothing, but for page.js, the start-up that draws the navbar.
    js = (FRONTEND / "js").resolve()
    for module in js.rglob("*.js"):
        for target in _imports(module):
            assert target.is_file(), f"{module.name} imports a missing {target}"
            layer = target.relative_to(js).parts[0]
            assert layer != "pages", f"{module.name} imports a page module"
            if module.parent.name == "infrastructure" and module.name != "page.js":
                assert layer == "infrastructure", f"{module.name} imports {target.name}"
