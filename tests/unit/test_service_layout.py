"""Every service keeps the same things in the same places (issue 12, item 4).

App dependencies are read only through a `deps.py`; other services are called only through
`service_kit.clients`; each api module owns its blueprint; domain errors live in `errors.py`.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = [*sorted(REPO.glob("*-service/*_service")), REPO / "libs/service-kit/service_kit"]
MODULES = sorted(path for package in PACKAGES for path in package.rglob("*.py"))
PROBLEMS = {
    "Problem",
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "PreconditionFailed",
    "UnsupportedMediaType",
    "ValidationFailed",
    "TooManyRequests",
    "ServiceUnavailable",
}


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def test_the_layout_sees_every_service():
    assert len(PACKAGES) == 8 and len(MODULES) > 80


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_app_dependencies_are_read_only_in_deps(path):
    if path.name == "deps.py":
        return
    text = path.read_text()
    assert "current_app.extensions" not in text
    assert "settings_of(current_app)" not in text


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_other_services_are_called_only_through_the_kit_clients(path):
    if _name(path) in ("libs/service-kit/service_kit/clients.py",):
        return
    tree = ast.parse(path.read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("http")
        for alias in node.names
    }
    assert "call_service" not in imported
    assert "kit_http" not in path.read_text()


@pytest.mark.parametrize("path", [p for p in MODULES if p.name.startswith("api")], ids=_name)
def test_each_api_module_owns_its_blueprint(path):
    tree = ast.parse(path.read_text())
    assigned = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "blueprint" for t in node.targets)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", None) == "Blueprint"
    ]
    assert len(assigned) == 1, "an api module creates exactly one Blueprint of its own"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_domain_errors_live_in_errors_modules(path):
    if path.name == "errors.py" or "service-kit" in _name(path):
        return
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ClassDef):
            bases = {
                getattr(base, "id", None) or getattr(base, "attr", None) for base in node.bases
            }
            assert not bases & PROBLEMS, f"{node.name} belongs in errors.py"
