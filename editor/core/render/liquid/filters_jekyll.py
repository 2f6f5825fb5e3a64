"""Jekyll's Liquid filters, written after ``lib/jekyll/filters.rb`` and its modules.

They are registered on top of python-liquid's standard (Shopify) filters; where Jekyll
replaces a standard filter (``where``, ``sort``, ``date``), Jekyll's behaviour wins. This
module holds the date, URL and string filters and :func:`register`; the array filters are in
:mod:`filters_arrays`. Filters that need the site read it from the environment.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from liquid import Markup
from liquid.filter import with_environment

from editor.core.render.liquid import filters_arrays
from editor.core.render.liquid.dates import _zone, ruby_strftime, to_datetime
from editor.core.render.liquid.values import as_list, as_plain, is_nil, to_integer, to_liquid_text

if TYPE_CHECKING:
    from liquid import Environment


SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

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


# -- dates -----------------------------------------------------------------------------------


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
        "where": filters_arrays.where,
        "where_exp": filters_arrays.where_exp,
        "find": filters_arrays.find,
        "find_exp": filters_arrays.find_exp,
        "sort": filters_arrays.sort,
        "group_by": filters_arrays.group_by,
        "group_by_exp": filters_arrays.group_by_exp,
        "push": filters_arrays.push,
        "pop": filters_arrays.pop,
        "shift": filters_arrays.shift,
        "unshift": filters_arrays.unshift,
        "sample": filters_arrays.sample,
        "markdownify": markdownify,
        "sassify": lambda value: value,
        "scssify": lambda value: value,
    }
    for name, func in filters.items():
        env.add_filter(name, func)
