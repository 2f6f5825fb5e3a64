"""Writing YAML scalars so that they read back exactly as the value set.

YAML 1.1 (PyYAML) reads `no`, `on`, `0755`, `1:20`, `1.10`, `~` and many date-like words
as something other than a string, and treats ` #` as the start of a comment. Every string
written here is checked against PyYAML's own resolver, and quoted when plain text would be
misread. Dates are spelled by the one date formatter, `dates.format_for`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_INDICATORS = ",[]{}#&*!|>'\"%@`"
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def resolves_to_str(text: str) -> bool:
    """True when PyYAML would read this plain text as a string."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR_TAG


def plain_ok(text: str, *, flow: bool = False) -> bool:
    """True when `text` can be written without quotes and read back unchanged."""
    if not text or text != text.strip(" \t"):
        return False
    if text[0] in _INDICATORS:
        return False
    if text[0] in "-?:" and (len(text) == 1 or text[1] in " \t"):
        return False
    if text.startswith(("---", "...")):
        return False
    if any(c in text for c in _LINE_BREAKS + "\t\ufeff") or _NON_PRINTABLE.search(text):
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    if flow and any(c in text for c in ",[]{}:#"):
        return False
    return resolves_to_str(text)


def single_ok(text: str) -> bool:
    """True when `text` can be written in single quotes on one line."""
    return not (any(c in text for c in _LINE_BREAKS + "\ufeff") or _NON_PRINTABLE.search(text))


def single_quote(text: str) -> str:
    """Single-quoted YAML: only the quote itself needs doubling."""
    return "'" + text.replace("'", "''") + "'"


def double_quote(text: str) -> str:
    """Double-quoted YAML with every character that could be misread escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch] if ch != "\xa0" else ch)
        elif ch == "\ufeff" or _NON_PRINTABLE.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def quote_string(text: str, style: str | None, *, flow: bool = False, prefer: str = '"') -> str:
    """A string in `style` (None plain, "'" or '"') when that style can hold it, else quoted."""
    if style is None and '"' in text:
        prefer = "'"
    orders: dict[str | None, list[str | None]] = {
        None: [None, prefer, "'", '"'],
        "'": ["'", '"'],
        '"': ['"'],
    }
    order = orders.get(style, [prefer, '"'])
    for candidate in order:
        if candidate is None and plain_ok(text, flow=flow):
            return text
        if candidate == "'" and single_ok(text):
            return single_quote(text)
        if candidate == '"':
            return double_quote(text)
    return double_quote(text)


def format_plain_value(value: Any, old_text: str | None) -> str:
    """Booleans, numbers and null in YAML spelling (matching the case used before)."""
    if value is None:
        return old_text if old_text in ("~", "null", "Null", "NULL", "") else "null"
    if isinstance(value, bool):
        word = "true" if value else "false"
        if old_text and old_text.strip().lower() in ("true", "false"):
            if old_text.strip().isupper():
                return word.upper()
            if old_text.strip()[0].isupper():
                return word.capitalize()
        return word
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    raise TypeError(type(value).__name__)


def same_value(a: Any, b: Any) -> bool:
    """Deep equality that tells True from 1, "1" from 1, date from datetime, and NaN from NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)
