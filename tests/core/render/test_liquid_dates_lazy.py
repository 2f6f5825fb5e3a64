"""Liquid's dates take Decimals and site time zones without importing them up front."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from editor.core.render.liquid.dates import site_zone, to_datetime


def test_epoch_numbers_of_every_kind_but_booleans():
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert to_datetime(0) == to_datetime(0.0) == to_datetime(Decimal("0")) == epoch
    assert to_datetime(Decimal("86400.5")) == epoch + dt.timedelta(days=1, seconds=0.5)
    assert to_datetime(True) is None


def test_the_site_time_zone():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        zoneinfo.ZoneInfo("UTC")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone data here")
    assert site_zone(SimpleNamespace(config={"timezone": "UTC"})) == zoneinfo.ZoneInfo("UTC")
    assert site_zone(SimpleNamespace(config={"timezone": "Nowhere/Atlantis"})) is None
    assert site_zone(SimpleNamespace(config={})) is None
