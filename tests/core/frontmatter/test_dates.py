"""Dates as real posts spell them: parsed, and new values written in the same spelling."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from editor.core.frontmatter.dates import (
    DateSpelling,
    describe_zone,
    format_date,
    now_in_spelling,
    parse_date,
    parse_date_value,
    with_time,
)

SPELLINGS = [
    "2019-03-08",
    "'2019-11-12'",
    '"2019-11-12"',
    "2010-01-10 13:07:09",
    "2019-12-01T21:57:40+08:00",
    "2019-08-08 11:33:00 +0800",
    "2011-06-28T16:08:57Z",
    "2015-10-20 11:12:00-0400",
    "2010-01-10 13:07:09 +00:00",
    "2017-2-5",
    "2020-01-01T10:00:00.123Z",
    "2020-01-01 10:00 +02",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_round_trips(text: str):
    parsed = parse_date(text)
    assert parsed is not None
    assert format_date(parsed.value, parsed.spelling, quoted=True) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-08", date(2019, 3, 8)),
        ("2010-01-10 13:07:09", datetime(2010, 1, 10, 13, 7, 9)),
        (
            "2019-08-08 11:33:00 +0800",
            datetime(2019, 8, 8, 11, 33, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2011-06-28T16:08:57Z", datetime(2011, 6, 28, 16, 8, 57, tzinfo=UTC)),
        (
            "2015-10-20 11:12:00-0400",
            datetime(2015, 10, 20, 11, 12, tzinfo=timezone(timedelta(hours=-4))),
        ),
    ],
)
def test_parsed_values(text: str, expected: date):
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.value == expected
    assert type(parsed.value) is type(expected)


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2019-02-30", "2019-13-01", "19-01-01", "2019-01-01 25:00"]
)
def test_non_dates_are_refused(text: str):
    assert parse_date(text) is None


def test_a_new_value_takes_the_original_spelling():
    jekyll = parse_date("2019-08-08 11:33:00 +0800")
    assert jekyll is not None
    new = datetime(2024, 5, 18, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert format_date(new, jekyll.spelling) == "2024-05-18 09:30:00 +0800"
    iso = parse_date("2019-12-01T21:57:40+08:00")
    assert iso is not None
    assert format_date(new, iso.spelling) == "2024-05-18T09:30:00+08:00"
    quoted = parse_date("'2019-11-12'")
    assert quoted is not None
    assert format_date(date(2020, 1, 2), quoted.spelling, quoted=True) == "'2020-01-02'"


def test_z_spelling_falls_back_to_an_offset_when_the_value_is_not_utc():
    parsed = parse_date("2011-06-28T16:08:57Z")
    assert parsed is not None
    value = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    assert format_date(value, parsed.spelling) == "2024-01-01T08:00:00+02:00"


def test_now_is_expressed_in_the_fields_own_zone():
    utc_now = datetime(2024, 5, 18, 1, 2, 3, 456, tzinfo=UTC)
    zoned = parse_date("2019-08-08 11:33:00 +0800")
    assert zoned is not None
    moment = now_in_spelling(zoned.spelling, utc_now)
    assert format_date(moment, zoned.spelling) == "2024-05-18 09:02:03 +0800"
    date_only = parse_date("2019-03-08")
    assert date_only is not None
    assert now_in_spelling(date_only.spelling, utc_now) == date(2024, 5, 18)
    naive = parse_date("2010-01-10 13:07:09")
    assert naive is not None
    assert isinstance(now_in_spelling(naive.spelling, utc_now), datetime)
    assert now_in_spelling(naive.spelling, utc_now).tzinfo is None


def test_loaded_values_without_source_text_get_a_sensible_spelling():
    value = datetime(2019, 12, 1, 21, 57, 40, tzinfo=timezone(timedelta(hours=8)))
    parsed = parse_date_value(value)
    assert parsed is not None
    assert parsed.text == "2019-12-01T21:57:40+08:00"
    assert parse_date_value(date(2019, 3, 8)).text == "2019-03-08"  # type: ignore[union-attr]
    assert parse_date_value("2019-08-08 11:33:00 +0800").text == "2019-08-08 11:33:00 +0800"  # type: ignore[union-attr]
    assert parse_date_value(42) is None


def test_raw_text_wins_over_the_loaded_value():
    value = datetime(2010, 1, 10, 13, 7, 9, tzinfo=UTC)
    parsed = parse_date_value(value, "2010-01-10 13:07:09 +00:00")
    assert parsed is not None
    assert parsed.text == "2010-01-10 13:07:09 +00:00"


def test_zone_descriptions():
    assert describe_zone(parse_date("2019-03-08")) == "date only"  # type: ignore[arg-type]
    assert describe_zone(parse_date("2019-03-08 10:00:00")).startswith("no time zone")  # type: ignore[arg-type]
    assert describe_zone(parse_date("2019-03-08T10:00:00Z")) == "UTC"  # type: ignore[arg-type]
    assert describe_zone(parse_date("2019-03-08 10:00:00 +0530")) == "UTC+05:30"  # type: ignore[arg-type]


def test_adding_a_time_to_a_date_only_spelling():
    spelling = with_time(DateSpelling())
    assert format_date(datetime(2024, 1, 2, 3, 4, 5), spelling) == "2024-01-02 03:04:05"


# --- the one date formatter: any value in any spelling reads back as itself ------------------
import datetime as _dt  # noqa: E402
import tomllib as _tomllib  # noqa: E402

import yaml as _yaml  # noqa: E402
from hypothesis import given as _given  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

from editor.core.frontmatter.dates import format_for as _format_for  # noqa: E402

_SPELLINGS = [
    None,
    "2020-01-02",
    "2020-01-02 10:00:00 +08",
    "2020-01-02 10:00:00 +0800",
    "2020-01-02T10:00:00+08:00",
    "2020-01-02T10:00:00Z",
    "2020-01-02t10:00:00z",
    "2020-01-02 9:05",
    "2020-1-2 9:05:00",
    "2020-01-02   10:00:00.50   -05",
]
_zones = _st.one_of(
    _st.none(),
    _st.integers(-14 * 60, 14 * 60).map(lambda m: _dt.timezone(_dt.timedelta(minutes=m))),
)
_moments = _st.one_of(
    _st.dates(_dt.date(1900, 1, 1), _dt.date(2200, 1, 1)),
    _st.builds(
        lambda d, z: d.replace(tzinfo=z),
        _st.datetimes(_dt.datetime(1900, 1, 2), _dt.datetime(2200, 1, 1)),
        _zones,
    ),
)


def _same(a, b) -> bool:
    return (
        type(a) is type(b)
        and a == b
        and getattr(a, "utcoffset", lambda: None)() == getattr(b, "utcoffset", lambda: None)()
    )


@_given(value=_moments, like=_st.sampled_from(_SPELLINGS))
def test_format_for_reads_back_in_yaml(value, like) -> None:
    text = _format_for(value, like)
    loaded = _yaml.safe_load(f"d: {text}")["d"]
    if isinstance(loaded, str):  # a spelling YAML does not read as a timestamp stays text
        assert loaded == text
    else:
        # PyYAML turns aware timestamps into naive UTC (or aware, by version): compare moments
        want = value
        if isinstance(want, _dt.datetime) and want.tzinfo is not None and loaded.tzinfo is None:
            want = want.astimezone(_dt.UTC).replace(tzinfo=None)
        assert loaded == want


@_given(value=_moments, like=_st.sampled_from(_SPELLINGS))
def test_format_for_reads_back_in_toml(value, like) -> None:
    text = _format_for(value, like, separator="T", syntax="toml")
    assert _same(_tomllib.loads(f"d = {text}")["d"], value)
