"""`python -m devstack.pages`: render frontend/*.html from one layout (`make pages`).

Every page is `frontend/templates/pages/<name>.html.j2` extending `layout.html.j2`, which
holds what all pages share (head, skip link, nav, footer, live region). The output is
committed so NGINX serves plain files; a unit test fails when it is out of date.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

import jinja2

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
TEMPLATES = FRONTEND / "templates"
# The URL name under /vendor/ -> its npm package (NGINX maps the same names to node_modules).
VENDOR_PACKAGES = {"bootstrap": "bootstrap", "hls": "hls.js", "uplot": "uplot"}


# Own assets: every file under these folders is served under one version in its path.
ASSET_FOLDERS = ("js", "css", "img")


def asset_version() -> str:
    """The content hash of every own asset: a change to any of them gives new URLs."""
    digest = hashlib.sha256()
    for folder in ASSET_FOLDERS:
        for path in sorted((FRONTEND / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(FRONTEND).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def asset_url(path: str, version: str | None = None) -> str:
    """The URL of an own asset: `js/pages/home.js` -> `/js/<version>/pages/home.js`.

    Modules import each other by relative path, so they load under the same version.
    """
    folder, rest = path.split("/", 1)
    if folder not in ASSET_FOLDERS:
        raise ValueError(f"not an own asset folder: {path}")
    return f"/{folder}/{version or asset_version()}/{rest}"


def vendor_url(name: str, path: str) -> str:
    """The URL of a vendor file, versioned with the npm version pinned in package.json."""
    pins = json.loads((FRONTEND.parent / "package.json").read_text())["dependencies"]
    return f"/vendor/{name}/{path}?v={pins[VENDOR_PACKAGES[name]]}"


@functools.cache
def _english() -> dict:
    """The English catalogue (frontend/js/i18n/en.json): the text pages are rendered with."""
    return json.loads((FRONTEND / "js" / "i18n" / "en.json").read_text())


def translate(key: str) -> str:
    """The English text of an i18n key (`catalog.heading`); a plural gives its `other` form.

    Templates mark the same key with data-i18n so the browser swaps in the visitor's language.
    """
    value = _english()
    for part in key.split("."):
        value = value[part]  # a missing key fails the render: no page ships an unknown key
    return value["other"] if isinstance(value, dict) else value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    asset = functools.partial(asset_url, version=asset_version())
    env.globals.update(asset=asset, vendor=vendor_url, title=None, title_key=None, t=translate)
    return env


def render() -> dict[str, str]:
    """Every page: output file name (`login.html`) -> its HTML."""
    env = _environment()
    return {
        f"{template.name.removesuffix('.html.j2')}.html": env.get_template(
            f"pages/{template.name}"
        ).render()
        for template in sorted((TEMPLATES / "pages").glob("*.html.j2"))
    }


def main() -> int:
    """Write the rendered pages next to the templates' folder and name them."""
    for name, html in render().items():
        (FRONTEND / name).write_text(html)
        print(f"frontend/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
