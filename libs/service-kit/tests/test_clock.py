"""service_kit.clock: one timestamp format (ISO 8601 UTC, milliseconds, Z) and epoch helpers."""

import re
from datetime import UTC, datetime, timedelta, timezone

from service_kit import clock

FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_timestamp_now_is_utc_milliseconds_with_z():
    stamp = clock.timestamp()
    assert FORMAT.match(stamp), stamp
    assert abs(clock.parse(stamp) - datetime.now(UTC)) < timedelta(seconds=5)


def test_timestamp_of_a_datetime_and_of_epoch_seconds_agree():
    moment = datetime(2026, 12, 1, 13, 20, 0, 123456, tzinfo=UTC)
    assert clock.timestamp(moment) == "2026-12-01T13:20:00.123Z"
    assert clock.timestamp(moment.timestamp()) == "2026-12-01T13:20:00.123Z"
    assert clock.timestamp(1_700_000_000) == "2023-11-14T22:13:20.000Z"


def test_timestamp_of_another_zone_is_shown_in_utc():
    paris = datetime(2026, 12, 1, 14, 20, tzinfo=timezone(timedelta(hours=1)))
    assert clock.timestamp(paris) == "2026-12-01T13:20:00.000Z"


def test_timestamps_sort_in_time_order():
    start = datetime(2026, 12, 1, 13, 20, 59, 999000, tzinfo=UTC)
    stamps = [clock.timestamp(start + timedelta(milliseconds=n)) for n in (0, 1, 1001, 60_000)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4


def test_parse_reads_this_format_and_older_second_precision_ones():
    assert clock.parse("2026-12-01T13:20:00.123Z") == datetime(
        2026, 12, 1, 13, 20, 0, 123000, tzinfo=UTC
    )
    assert clock.parse("2026-12-01T13:20:00Z") == datetime(2026, 12, 1, 13, 20, tzinfo=UTC)


def test_expires_in_is_whole_epoch_seconds_for_ttl_attributes():
    assert clock.expires_in(60, start=1000.7) == 1060
    assert abs(clock.expires_in(30) - (clock.epoch() + 30)) <= 1
    assert isinstance(clock.expires_in(30), int)


def test_order_keys_keep_microsecond_order_and_are_unique_by_tiebreak():
    moment = datetime(2026, 12, 1, 13, 20, tzinfo=UTC)
    keys = [clock.order_key(moment + timedelta(microseconds=n), "c1") for n in (0, 1, 2)]
    assert keys == sorted(keys) and len(set(keys)) == 3
    assert clock.order_key(moment, "a") < clock.order_key(moment, "b")
