"""Post dates as writers spell them, and new values written back in the same spelling.

Real posts spell dates many ways: ``2019-03-08``, ``'2019-11-12'``, ``2010-01-10 13:07:09``,
``2019-12-01T21:57:40+08:00``, Jekyll's ``2019-08-08 11:33:00 +0800``, ``2011-06-28T16:08:57Z``.
PyYAML turns some of them into ``datetime`` objects and leaves others as strings (``+0800`` is not
a YAML timestamp). Tools that re-serialise dates (Front Matter CMS #34, Decap #7319, Prose #597)
anger writers; we remember the spelling of the value as typed and reuse it for every new value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

__all__ = [
    "DEFAULT_DATETIME_SPELLING",
    "DateSpelling",
    "ParsedDate",
    "describe_zone",
    "format_date",
    "format_for",
    "now_in_spelling",
    "parse_date",
    "parse_date_value",
    "with_time",
]

_DATE_RE = re.compile(
    r"""^(?P<q>['"]?)
    (?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})
    (?:
        (?P<sep>[Tt]|[ \t]+)
        (?P<h>\d{1,2}):(?P<mi>\d{2})
        (?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?
        (?P<zsp>[ \t]*)
        (?P<tz>[Zz]|[+-]\d{1,2}(?::?\d{2})?)?
    )?
    (?P=q)$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class DateSpelling:
    """How a date was typed, so that a new value can be typed the same way.

    ``zone_style`` is ``None`` (no zone), ``"Z"``/``"z"``, ``"colon"`` (+08:00), ``"compact"``
    (+0800) or ``"hours"`` (+08). ``offset`` remembers the original zone so that "now" can be
    expressed in the writer's own zone rather than UTC.
    """

    has_time: bool = False
    quote: str = ""
    separator: str = " "
    seconds: bool = True
    fraction_digits: int = 0
    zone_space: str = ""
    zone_style: str | None = None
    offset: timedelta | None = None
    pad_month_day: bool = True
    pad_hour: bool = True


DEFAULT_DATETIME_SPELLING = DateSpelling(has_time=True, zone_space=" ", zone_style="compact")


@dataclass(frozen=True)
class ParsedDate:
    """A date or datetime read from a front-matter value, with the spelling it was typed in."""

    value: date | datetime
    spelling: DateSpelling

    @property
    def text(self) -> str:
        """The value as it would be typed again (without quotes)."""
        return format_date(self.value, self.spelling)


def _zone_style(tz: str) -> str:
    if tz in ("Z", "z"):
        return tz
    if ":" in tz:
        return "colon"
    return "compact" if len(tz) > 3 else "hours"


def _offset_of(tz: str) -> timedelta:
    if tz in ("Z", "z"):
        return timedelta(0)
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    return sign * timedelta(hours=hours, minutes=minutes)


def parse_date(text: str) -> ParsedDate | None:
    """Parse a date as typed (quotes allowed), or None when it is not a date we understand.

    Invalid calendar dates (``2019-02-30``) return None rather than raising, because the caller
    is usually validating what a writer is typing.
    """
    match = _DATE_RE.match(text.strip())
    if match is None:
        return None
    g = match.groupdict()
    try:
        day = date(int(g["y"]), int(g["mo"]), int(g["d"]))
    except ValueError:
        return None
    pad = len(g["mo"]) == 2 and len(g["d"]) == 2
    if g["h"] is None:
        return ParsedDate(day, DateSpelling(quote=g["q"], pad_month_day=pad))
    frac = g["frac"] or ""
    tz = g["tz"]
    offset = _offset_of(tz) if tz else None
    try:
        micro = int((frac + "000000")[:6]) if frac else 0
        value = datetime(
            day.year,
            day.month,
            day.day,
            int(g["h"]),
            int(g["mi"]),
            int(g["s"] or 0),
            micro,
            tzinfo=timezone(offset) if offset is not None else None,
        )
    except ValueError:
        return None
    spelling = DateSpelling(
        has_time=True,
        quote=g["q"],
        separator=g["sep"],
        seconds=g["s"] is not None,
        fraction_digits=len(frac),
        zone_space=g["zsp"] if tz else "",
        zone_style=_zone_style(tz) if tz else None,
        offset=offset,
        pad_month_day=pad,
        pad_hour=len(g["h"]) == 2,
    )
    return ParsedDate(value, spelling)


def parse_date_value(value: object, raw: str | None = None) -> ParsedDate | None:
    """Read a front-matter value (as loaded) and its source text (as typed) as a date.

    The raw text wins because it carries the spelling; the loaded value is the fallback for
    formats whose source text we do not have (TOML dates, JSON strings).
    """
    if raw is not None:
        parsed = parse_date(raw)
        if parsed is not None:
            return parsed
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, datetime):
        offset = value.utcoffset()
        spelling = DateSpelling(
            has_time=True,
            separator="T",
            fraction_digits=6 if value.microsecond else 0,
            zone_style=None if offset is None else ("Z" if offset == timedelta(0) else "colon"),
            offset=offset,
        )
        return ParsedDate(value, spelling)
    if isinstance(value, date):
        return ParsedDate(value, DateSpelling())
    return None


def _format_offset(offset: timedelta, style: str) -> str:
    if style in ("Z", "z") and offset == timedelta(0):
        return style
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    if style == "compact":
        return f"{sign}{hours:02d}{minutes:02d}"
    if style == "hours" and minutes == 0:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}"


def format_date(value: date | datetime, spelling: DateSpelling, *, quoted: bool = False) -> str:
    """Type ``value`` the way the original was typed.

    A date-only spelling drops the time; a datetime spelling given a plain date uses midnight.
    A spelling with a zone keeps the value's own offset (or the original offset for a naive
    value); a spelling without one writes the wall-clock time as given.
    """
    if spelling.has_time:
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        )
    else:
        moment = None
    day = (
        moment.date()
        if moment is not None
        else (value.date() if isinstance(value, datetime) else value)
    )
    if spelling.pad_month_day:
        text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    else:
        text = f"{day.year:04d}-{day.month}-{day.day}"
    if moment is not None:
        hour = f"{moment.hour:02d}" if spelling.pad_hour else str(moment.hour)
        text += f"{spelling.separator}{hour}:{moment.minute:02d}"
        if spelling.seconds:
            text += f":{moment.second:02d}"
            if spelling.fraction_digits:
                digits = f"{moment.microsecond:06d}".ljust(spelling.fraction_digits, "0")
                text += "." + digits[: spelling.fraction_digits]
        if spelling.zone_style is not None:
            offset = moment.utcoffset()
            if offset is None:
                offset = spelling.offset or timedelta(0)
            text += spelling.zone_space + _format_offset(offset, spelling.zone_style)
    if quoted and spelling.quote:
        return f"{spelling.quote}{text}{spelling.quote}"
    return text


def now_in_spelling(spelling: DateSpelling, now: datetime | None = None) -> date | datetime:
    """The current moment, expressed the way this field is spelled.

    Date-only fields get today's date; zoned fields get the time in the field's own zone (a
    writer in +08:00 does not want UTC); naive fields get local wall-clock time.
    """
    current = now if now is not None else datetime.now(UTC).astimezone()
    if current.tzinfo is None:
        current = current.astimezone()
    if not spelling.has_time:
        return current.date()
    current = current.replace(microsecond=0) if not spelling.fraction_digits else current
    if spelling.zone_style is None:
        return current.replace(tzinfo=None)
    target: tzinfo | None = (
        timezone(spelling.offset) if spelling.offset is not None else current.tzinfo
    )
    return current.astimezone(target)


def describe_zone(parsed: ParsedDate) -> str:
    """A short human description of the zone, shown beside the date field."""
    if not parsed.spelling.has_time:
        return "date only"
    if not isinstance(parsed.value, datetime) or parsed.value.utcoffset() is None:
        return "no time zone (site time)"
    offset = parsed.value.utcoffset()
    if offset is None or offset == timedelta(0):
        return "UTC"
    return "UTC" + _format_offset(offset, "colon")


def with_time(spelling: DateSpelling) -> DateSpelling:
    """The spelling extended with a time, for a writer who adds a time to a date-only field."""
    if spelling.has_time:
        return spelling
    return replace(spelling, has_time=True)


def _default_spelling(value: date | datetime, separator: str) -> DateSpelling:
    if not isinstance(value, datetime):
        return DateSpelling()
    return DateSpelling(has_time=True, separator=separator, zone_style="colon")


def format_for(
    value: date | datetime,
    like: str | DateSpelling | None,
    *,
    separator: str = " ",
    syntax: str = "yaml",
) -> str:
    """``value`` typed like ``like`` (old text or spelling), adapted so it reads back as itself.

    The one formatter for dates written into front matter (YAML and TOML). The spelling keeps
    the writer's separator, padding, fraction, zone style and spacing; it only changes where
    the value needs it: a datetime gets a time and, when aware, a zone; a plain date drops the
    time; YAML timestamps and TOML datetimes need seconds; TOML needs ``Z`` or ``±HH:MM``.
    """
    if isinstance(like, str):
        parsed = parse_date(like)
        spelling = parsed.spelling if parsed is not None else None
    else:
        spelling = like
    if spelling is None:
        spelling = _default_spelling(value, separator)
    if not isinstance(value, datetime):
        spelling = replace(spelling, has_time=False)
        if syntax == "toml":
            spelling = replace(spelling, pad_month_day=True)
        return format_date(value, spelling)
    spelling = with_time(spelling)
    offset = value.utcoffset()
    zone_style = spelling.zone_style
    if offset is None:
        zone_style = None
    elif zone_style is None or (zone_style in ("Z", "z") and offset != timedelta(0)):
        zone_style = "colon"
    fraction = spelling.fraction_digits
    if value.microsecond:
        fraction = max(fraction, len(f"{value.microsecond:06d}".rstrip("0")))
    spelling = replace(
        spelling,
        seconds=True,
        fraction_digits=fraction,
        zone_style=zone_style,
        zone_space=spelling.zone_space if zone_style else "",
        offset=offset,
    )
    if syntax == "toml":
        if zone_style is not None and zone_style not in ("Z", "z"):
            zone_style = "colon"
        spelling = replace(
            spelling,
            pad_hour=True,
            pad_month_day=True,
            zone_space="",
            zone_style=zone_style,
        )
        if spelling.separator not in ("T", "t", " "):
            spelling = replace(spelling, separator="T")
    return format_date(value, spelling)
