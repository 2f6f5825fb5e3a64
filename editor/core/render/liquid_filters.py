"""Jekyll's Liquid filters, written after ``lib/jekyll/filters.rb`` and its modules.

They are registered on top of python-liquid's standard (Shopify) filters; where Jekyll
replaces a standard filter (``where``, ``sort``, ``date``), Jekyll's behaviour wins.
Filters that need the site read it from the environment (:class:`JekyllEnvironment`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from liquid import Markup
from liquid.filter import with_context, with_environment
from liquid.undefined import Undefined

from editor.core.render.liquid import DAYS, MONTHS

if TYPE_CHECKING:
    from liquid import Environment
    from liquid.context import RenderContext

logger = logging.getLogger(__name__)

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
DATE_RE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
SLUG_PATTERNS = {
    "raw": re.compile(r"\s+"),
    "default": re.compile(r"[\W_]+"),
    "pretty": re.compile(r"[^\w._~!$&'()+,;=@]+"),
    "ascii": re.compile(r"[^A-Za-z0-9]+"),
    "latin": re.compile(r"[^A-Za-z0-9]+"),
}
CJK = r"\u4e00-\u9fff\u3040-\u309f\u30a0-\u30ff\uac00-\ud7af"
CJK_RE = re.compile(f"[{CJK}]")
NON_CJK_WORD_RE = re.compile(rf"[^{CJK}\s]+")


def is_nil(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)


# -- dates -----------------------------------------------------------------------------------
def to_datetime(value: Any) -> dt.datetime | None:
    """A datetime from what Liquid's ``to_date`` accepts: dates, ISO strings, epoch numbers."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
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


def date_filter(value: Any, fmt: Any = None) -> Any:
    """Liquid's ``date``: input unchanged when it is no date or the format is empty."""
    if is_nil(value):
        return ""
    if is_nil(fmt) or not str(fmt):
        return value
    when = to_datetime(value)
    if when is None:
        return value
    return ruby_strftime(when, str(fmt))


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _stringify_date(value: Any, month: str, kind: Any, style: Any) -> Any:
    if is_nil(value) or str(value) == "":
        return value
    when = to_datetime(value)
    if when is None:
        return value
    if kind == "ordinal":
        day = f"{when.day}{_ordinal(when.day)}"
        if style == "US":
            return ruby_strftime(when, f"{month} {day}, %Y")
        return ruby_strftime(when, f"{day} {month} %Y")
    return ruby_strftime(when, f"%d {month} %Y")


def date_to_string(value: Any, kind: Any = None, style: Any = None) -> Any:
    return _stringify_date(value, "%b", kind, style)


def date_to_long_string(value: Any, kind: Any = None, style: Any = None) -> Any:
    return _stringify_date(value, "%B", kind, style)


def date_to_xmlschema(value: Any) -> Any:
    when = to_datetime(value) if not is_nil(value) else None
    if when is None:
        return value
    return ruby_strftime(when, "%Y-%m-%dT%H:%M:%S") + _zone(when, ":")


def date_to_rfc822(value: Any) -> Any:
    when = to_datetime(value) if not is_nil(value) else None
    if when is None:
        return value
    return ruby_strftime(when, "%a, %d %b %Y %H:%M:%S ") + _zone(when, "")


# -- URLs ------------------------------------------------------------------------------------
def _ensure_leading_slash(text: str) -> str:
    return text if not text or text.startswith("/") else "/" + text


def _url_of(value: Any) -> str:
    if isinstance(value, Mapping) and "url" in value:
        return str(value["url"])
    return "" if is_nil(value) else str(value)


@with_environment
def relative_url(value: Any, *, environment: Environment) -> Any:
    if is_nil(value):
        return None
    text = _url_of(value)
    if SCHEME_RE.match(text):
        return text
    base = str(getattr(environment, "baseurl", "") or "").rstrip("/")
    joined = _ensure_leading_slash(base) + _ensure_leading_slash(text)
    return normalize_url(joined)


@with_environment
def absolute_url(value: Any, *, environment: Environment) -> Any:
    if is_nil(value):
        return None
    text = _url_of(value)
    if SCHEME_RE.match(text):
        return text
    relative = relative_url(text, environment=environment)
    site_url = str(getattr(environment, "site_url", "") or "")
    return normalize_url(site_url + relative) if site_url else relative


def normalize_url(url: str) -> str:
    """What Addressable's ``normalize`` does to the URLs Jekyll builds: escape what must be."""
    return urllib.parse.quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")


@with_environment
def strip_index(value: Any, *, environment: Environment) -> Any:
    if is_nil(value) or not str(value):
        return value
    return re.sub(r"/index\.html?$", "/", str(value))


# -- strings ---------------------------------------------------------------------------------
def slugify(value: Any, mode: Any = None) -> Any:
    """Jekyll's ``Utils.slugify`` with its modes: none, raw, default, pretty, ascii, latin."""
    if is_nil(value):
        return None
    text = str(value)
    mode = "default" if is_nil(mode) else str(mode)
    if mode not in SLUG_PATTERNS:
        return text.lower()
    if mode == "latin":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = SLUG_PATTERNS[mode].sub("-", text)
    slug = re.sub(r"^-|-$", "", slug)
    return slug.lower()


def xml_escape(value: Any) -> str:
    return "" if is_nil(value) else html.escape(str(value), quote=True).replace("&#x27;", "&#39;")


def cgi_escape(value: Any) -> str:
    return urllib.parse.quote_plus("" if is_nil(value) else str(value), safe="*")


def uri_escape(value: Any) -> str:
    return urllib.parse.quote("" if is_nil(value) else str(value), safe="/:?#[]@!$&'()*+,;=%~-._")


def normalize_whitespace(value: Any) -> str:
    return re.sub(r"\s+", " ", "" if is_nil(value) else str(value)).strip()


def number_of_words(value: Any, mode: Any = None) -> int:
    text = "" if is_nil(value) else str(value)
    if mode == "cjk":
        return len(CJK_RE.findall(text)) + len(NON_CJK_WORD_RE.findall(text))
    if mode == "auto":
        cjk = len(CJK_RE.findall(text))
        return len(text.split()) if not cjk else cjk + len(NON_CJK_WORD_RE.findall(text))
    return len(text.split())


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    items = [to_liquid_text(v) for v in as_list(value)]
    connector = "and" if is_nil(connector) else str(connector)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def smartify(value: Any) -> str:
    """Typographic quotes and dashes, as kramdown's SmartyPants does for ``smartify``."""
    text = "" if is_nil(value) else str(value)
    text = text.replace("---", "—").replace("--", "–").replace("...", "…")
    text = re.sub(r"(^|[\s(\[{])\"", "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[{])'", "\\1‘", text)
    text = text.replace("'", "’")
    return text


def jsonify(value: Any) -> str:
    return json.dumps(as_plain(value), ensure_ascii=False, separators=(",", ":"), default=str)


def inspect(value: Any) -> str:
    return jsonify(value)


def to_integer(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


# -- arrays ----------------------------------------------------------------------------------
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


def _matches(prop: Any, target: Any) -> bool:
    if target is None:
        return prop is None
    target = str(target) if not isinstance(target, bool) else ("true" if target else "false")
    if isinstance(prop, str):
        return prop == target
    values = prop if isinstance(prop, list | tuple) else [prop]
    return any(to_liquid_text(v) == target for v in values)


def where(value: Any, prop: Any = None, target: Any = None) -> Any:
    if is_nil(prop) or isinstance(target, list | dict):
        return value
    items = as_list(value)
    target = None if is_nil(target) else target
    return [item for item in items if _matches(item_property(item, str(prop)), target)]


def find(value: Any, prop: Any = None, target: Any = None) -> Any:
    found = where(value, prop, target)
    return found[0] if isinstance(found, list) and found else None


@with_context
def where_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    items = as_list(value)
    test = context.env.condition_template(str(expression))  # type: ignore[attr-defined]
    kept = []
    for item in items:
        with context.extend({str(variable): item}):
            if test.render_with_context_to_str(context):
                kept.append(item)
    return kept


@with_context
def find_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    found = where_exp(value, variable, expression, context=context)
    return found[0] if found else None


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, int | float | Decimal):
        return (0, float(value))
    if isinstance(value, dt.datetime):
        return (2, value.replace(tzinfo=None).isoformat())
    if isinstance(value, dt.date):
        return (2, value.isoformat())
    return (3, str(value))


def sort(value: Any, prop: Any = None, nils: Any = "first") -> Any:
    items = as_list(value)
    if is_nil(prop):
        return sorted(items, key=_sort_key)
    keyed = [(item_property(item, str(prop)), item) for item in items]
    present = sorted((k for k in keyed if k[0] is not None), key=lambda k: _sort_key(k[0]))
    missing = [k for k in keyed if k[0] is None]
    ordered = present + missing if nils == "last" else missing + present
    return [item for _, item in ordered]


def group_by(value: Any, prop: Any) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in as_list(value):
        key = item_property(item, str(prop))
        name = to_liquid_text(key) if not isinstance(key, list) else "".join(map(str, key))
        groups.setdefault(name, []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


@with_context
def group_by_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    template = context.env.expression_template(str(expression))  # type: ignore[attr-defined]
    groups: dict[str, list[Any]] = {}
    for item in as_list(value):
        with context.extend({str(variable): item}):
            name = template.render_with_context_to_str(context)
        groups.setdefault(name, []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def push(value: Any, item: Any) -> list[Any]:
    return [*as_list(value), item]


def pop(value: Any, count: Any = 1) -> Any:
    items = as_list(value)
    n = max(0, to_integer(count))
    return items[: len(items) - n] if n else items


def shift(value: Any, count: Any = 1) -> Any:
    return as_list(value)[max(0, to_integer(count)) :]


def unshift(value: Any, item: Any) -> list[Any]:
    return [item, *as_list(value)]


def sample(value: Any, count: Any = None) -> Any:
    """Deterministic in a preview: the first item(s), so the page does not flicker."""
    items = as_list(value)
    if is_nil(count):
        return items[0] if items else None
    return items[: max(0, to_integer(count))]


@with_environment
def markdownify(value: Any, *, environment: Environment) -> Any:
    text = "" if is_nil(value) else str(value)
    converter = getattr(environment, "markdownify", None)
    return Markup(converter(text)) if converter else text


def register(env: Environment) -> None:
    """Jekyll's filters on ``env`` (after the standard ones, replacing a few)."""
    filters: dict[str, Callable[..., Any]] = {
        "date": date_filter,
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822,
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "strip_index": strip_index,
        "slugify": slugify,
        "xml_escape": xml_escape,
        "cgi_escape": cgi_escape,
        "uri_escape": uri_escape,
        "normalize_whitespace": normalize_whitespace,
        "number_of_words": number_of_words,
        "array_to_sentence_string": array_to_sentence_string,
        "smartify": smartify,
        "jsonify": jsonify,
        "inspect": inspect,
        "to_integer": to_integer,
        "where": where,
        "where_exp": where_exp,
        "find": find,
        "find_exp": find_exp,
        "sort": sort,
        "group_by": group_by,
        "group_by_exp": group_by_exp,
        "push": push,
        "pop": pop,
        "shift": shift,
        "unshift": unshift,
        "sample": sample,
        "markdownify": markdownify,
        "sassify": lambda value: value,
        "scssify": lambda value: value,
    }
    for name, func in filters.items():
        env.add_filter(name, func)
