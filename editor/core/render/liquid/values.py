"""Liquid values as Jekyll's filters see them: nil, lists, printing, properties."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from liquid.undefined import Undefined

from editor.core.render.liquid.dates import _zone, ruby_strftime


def is_nil(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)


def to_integer(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


def as_list(value: Any) -> list[Any]:
    if is_nil(value):
        return []
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def as_plain(value: Any) -> Any:
    """A JSON-able copy: dates as Jekyll prints them, drops as their mappings."""
    if isinstance(value, Mapping):
        return {str(k): as_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return to_liquid_text(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Undefined):
        return None
    return value


def to_liquid_text(value: Any) -> str:
    """How Jekyll prints a value: dates with their offset, nil as empty."""
    if is_nil(value):
        return ""
    if isinstance(value, dt.datetime):
        return ruby_strftime(value, "%Y-%m-%d %H:%M:%S ") + _zone(value, "")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def item_property(item: Any, prop: str) -> Any:
    value: Any = item
    for key in prop.split(".") if "." in prop else [prop]:
        if isinstance(value, Mapping):
            value = value.get(key)
        else:
            return None
    return parse_sort_input(value)


def parse_sort_input(value: Any) -> Any:
    text = str(value) if value is not None else ""
    if re.fullmatch(r"\s*-?\d+\s*", text):
        return int(text)
    if re.fullmatch(r"\s*-?(?:\d+\.?\d*|\.\d+)\s*", text):
        return float(text)
    return value
