"""Dates as Jekyll's Liquid reads and prints them: Ruby strftime, Ruby Time values.

English month and day names whatever the locale; one parser (:func:`to_datetime`) for what
Liquid's ``to_date`` accepts.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from typing import Any

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

DATE_RE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_date(text: str) -> dt.date | None:
    """A date from the spellings Jekyll accepts in front matter and file names."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def format_date(value: Any) -> str:
    """ "2 September 2025": the day-month-year form our article header shows, locale-free."""
    if isinstance(value, str):
        value = parse_date(value)
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return ""


def _is_decimal(value: Any) -> bool:
    """Whether ``value`` is a ``Decimal`` (without importing ``decimal``, about 0.4 MiB of the
    render worker: a value can only be one once something has imported it)."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def to_datetime(value: Any) -> dt.datetime | None:
    """A datetime from what Liquid's ``to_date`` accepts: dates, ISO strings, epoch numbers."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if (isinstance(value, int | float) or _is_decimal(value)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(float(value), dt.UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in ("now", "today"):
        return dt.datetime.now()
    if text.isdigit():
        return dt.datetime.fromtimestamp(int(text), dt.UTC)
    match = DATE_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        tz = None
        if zone == "Z":
            tz = dt.UTC
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


class JekyllTime(dt.datetime):
    """A date as Jekyll gives it to Liquid (a Ruby Time): printed ``2024-03-05 14:30:00 +0000``."""

    def __str__(self) -> str:
        return ruby_strftime(self, "%Y-%m-%d %H:%M:%S ") + _zone(self, "")

    @classmethod
    def of(cls, value: dt.date) -> JekyllTime:
        if isinstance(value, dt.datetime):
            return cls(
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                value.microsecond,
                tzinfo=value.tzinfo or dt.UTC,
            )
        return cls(value.year, value.month, value.day, tzinfo=dt.UTC)


def site_zone(site: Any) -> dt.tzinfo | None:
    """The site's ``timezone`` (Jekyll sets ``TZ`` from it), or None for the computer's own."""
    config = getattr(site, "config", None) or {}
    name = config.get("timezone") if isinstance(config, dict) else None
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # here: only sites that set one

    try:
        return ZoneInfo(str(name))
    except (ValueError, ZoneInfoNotFoundError):
        return None


def local_time(value: dt.date, zone: dt.tzinfo | None) -> JekyllTime:
    """A post's ``date`` as Jekyll gives it (``Utils.parse_date(...).localtime``): the same
    instant in the site's time zone, else the computer's; a date or a time without offset is
    read in that zone."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    else:
        value = value.astimezone(zone)
    return JekyllTime.of(value)


def as_jekyll_times(value: Any, depth: int = 0) -> Any:
    """Dates in front matter (and in posts' data) as Jekyll's Time values, copied shallowly."""
    if isinstance(value, dt.date) and not isinstance(value, JekyllTime):
        return JekyllTime.of(value)
    if depth < 4 and isinstance(value, dict):
        return {k: as_jekyll_times(v, depth + 1) for k, v in value.items()}
    if depth < 4 and isinstance(value, list):
        return [as_jekyll_times(v, depth + 1) for v in value]
    return value


def ruby_strftime(when: dt.datetime, fmt: str) -> str:
    """Ruby's strftime with English names whatever the locale (``%-d``, ``%e``, ``%P``…)."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char != "%" or i + 1 >= len(fmt):
            out.append(char)
            i += 1
            continue
        flag = ""
        j = i + 1
        if fmt[j] in "-_0^#":
            flag = fmt[j]
            j += 1
        if j >= len(fmt):
            out.append(fmt[i:])
            break
        code = fmt[j]
        out.append(_directive(when, code, flag))
        i = j + 1
    return "".join(out)


def _directive(when: dt.datetime, code: str, flag: str) -> str:
    def num(value: int, width: int, pad: str = "0") -> str:
        if flag == "-":
            return str(value)
        if flag == "_":
            pad = " "
        return str(value).rjust(width, pad)

    hour12 = when.hour % 12 or 12
    names: dict[str, Callable[[], str]] = {
        "Y": lambda: str(when.year),
        "C": lambda: num(when.year // 100, 2),
        "y": lambda: num(when.year % 100, 2),
        "m": lambda: num(when.month, 2),
        "B": lambda: MONTHS[when.month - 1],
        "b": lambda: MONTHS[when.month - 1][:3],
        "h": lambda: MONTHS[when.month - 1][:3],
        "d": lambda: num(when.day, 2),
        "e": lambda: num(when.day, 2, " "),
        "j": lambda: num(when.timetuple().tm_yday, 3),
        "H": lambda: num(when.hour, 2),
        "k": lambda: num(when.hour, 2, " "),
        "I": lambda: num(hour12, 2),
        "l": lambda: num(hour12, 2, " "),
        "P": lambda: "am" if when.hour < 12 else "pm",
        "p": lambda: "AM" if when.hour < 12 else "PM",
        "M": lambda: num(when.minute, 2),
        "S": lambda: num(when.second, 2),
        "L": lambda: f"{when.microsecond // 1000:03d}",
        "z": lambda: _zone(when, ""),
        "Z": lambda: when.tzname() or "",
        "A": lambda: DAYS[when.weekday()],
        "a": lambda: DAYS[when.weekday()][:3],
        "u": lambda: str(when.isoweekday()),
        "w": lambda: str(when.isoweekday() % 7),
        "U": lambda: when.strftime("%U"),
        "W": lambda: when.strftime("%W"),
        "G": lambda: str(when.isocalendar()[0]),
        "V": lambda: num(when.isocalendar()[1], 2),
        "s": lambda: str(int(when.timestamp())),
        "F": lambda: f"{when.year:04d}-{when.month:02d}-{when.day:02d}",
        "D": lambda: f"{when.month:02d}/{when.day:02d}/{when.year % 100:02d}",
        "T": lambda: f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}",
        "R": lambda: f"{when.hour:02d}:{when.minute:02d}",
        "r": lambda: (
            f"{hour12:02d}:{when.minute:02d}:{when.second:02d} "
            + ("AM" if when.hour < 12 else "PM")
        ),
        "c": lambda: ruby_strftime(when, "%a %b %e %H:%M:%S %Y"),
        "x": lambda: ruby_strftime(when, "%m/%d/%y"),
        "X": lambda: ruby_strftime(when, "%H:%M:%S"),
        "n": lambda: "\n",
        "t": lambda: "\t",
        "%": lambda: "%",
    }
    handler = names.get(code)
    if handler is None:
        return "%" + flag + code
    text = handler()
    return text.upper() if flag == "^" else text


def _zone(when: dt.datetime, sep: str) -> str:
    offset = when.utcoffset()
    if offset is None:
        return "+0000"
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}{sep}{minutes % 60:02d}"
