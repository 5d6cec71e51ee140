"""The interface catalogues: one per language, the same keys, every marked key defined."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
CATALOGUES = FRONTEND / "js" / "i18n"
PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
# t("area.key") in modules and templates; data-i18n="area.key" / data-i18n-<attr>="area.key".
USES = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']|data-i18n(?:-[a-z-]+)?="([a-z0-9_.]+)\"""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def flatten(node: dict, prefix: str = "") -> dict[str, object]:
    """`{"a": {"b": "x"}}` -> `{"a.b": "x"}`; a plural object is one entry."""
    out: dict[str, object] = {}
    for key, value in node.items():
        if isinstance(value, dict) and value and not set(value) <= PLURAL_FORMS:
            out.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, dict) and not value:
            continue  # an area another helper has not filled yet
        else:
            out[f"{prefix}{key}"] = value
    return out


def load(language: str) -> dict[str, object]:
    """The flattened catalogue of `language`."""
    return flatten(json.loads((CATALOGUES / f"{language}.json").read_text()))


def placeholders(value: object) -> set[str]:
    """The {names} a text (or every form of a plural) fills in."""
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in PLACEHOLDER.findall(str(text))}


LANGUAGES = sorted(path.stem for path in CATALOGUES.glob("*.json"))


def test_english_and_spanish_ship():
    assert {"en", "es"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_catalogue_has_the_english_keys_and_placeholders(language):
    english, other = load("en"), load(language)
    assert sorted(set(english) - set(other)) == [], f"{language} lacks these keys"
    assert sorted(set(other) - set(english)) == [], f"{language} has keys English lacks"
    wrong = [key for key in english if placeholders(english[key]) != placeholders(other[key])]
    assert wrong == [], f"{language}: placeholders differ from English"


def test_every_marked_key_is_in_the_english_catalogue():
    english = load("en")
    sources = [*(FRONTEND / "js").rglob("*.js"), *(FRONTEND / "templates").rglob("*.j2")]
    missing = {
        f"{path.relative_to(FRONTEND)}: {key}"
        for path in sources
        for match in USES.finditer(path.read_text())
        for key in match.groups()
        if key and key not in english
    }
    assert sorted(missing) == []
