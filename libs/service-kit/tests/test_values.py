"""DynamoDB values map back to plain Python."""

from decimal import Decimal

from service_kit.values import plain


def test_plain_turns_whole_decimals_into_int_and_others_into_float():
    assert plain(Decimal("3")) == 3 and isinstance(plain(Decimal("3")), int)
    assert plain(Decimal("2.5")) == 2.5 and isinstance(plain(Decimal("2.5")), float)


def test_plain_walks_lists_and_dicts_and_keeps_other_values():
    item = {"n": Decimal("1"), "spans": [[Decimal("0"), Decimal("1.5")]], "title": "x", "ok": True}
    assert plain(item) == {"n": 1, "spans": [[0, 1.5]], "title": "x", "ok": True}
