"""The JS modules: type-checked, imported by relative path, in their layers."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
MODULES = sorted((FRONTEND / "js").rglob("*.js"))


def test_every_module_is_type_checked():
    # tsc checks all of js/ (frontend/jsconfig.json); the pragma makes editors check it too.
    assert MODULES
    for module in MODULES:
        assert module.read_text().startswith("// @ts-check\n"), f"{module} lacks // @ts-check"


def test_modules_import_by_relative_path_without_a_version():
    # An absolute or `?v=` import would load a second copy of a module (and of api.js's token).
    for module in (FRONTEND / "js").rglob("*.js"):
        for target in re.findall(r'(?:from|import)\s*\(?\s*"([^"]+)"', module.read_text()):
            assert target.startswith("./") or target.startswith("../"), f"{module}: {target}"
            assert "?" not in target, f"{module}: {target}"


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
                # i18n/ holds the text catalogues (JSON data, nothing that draws).
                assert layer in ("infrastructure", "i18n"), f"{module.name} imports {target.name}"
