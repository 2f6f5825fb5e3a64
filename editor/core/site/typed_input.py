"""Text typed for a front-matter key (``fm --set KEY=VALUE``) read by the form's type rules.

The editor for a key is chosen from the post's own value first, then from the site's schema
(the schema file, else the key's name): a list stays a list (``a, b, c`` is three items), a
date must be a real date (kept in the spelling typed), a boolean must be a boolean word, and
the schema file's rules (choices, pattern, lengths, required) are checked as the form checks
them. Parsing goes through the bounded YAML loader; JSON-style surrogate-pair escapes
(``\\uD83D\\uDC69``) become the character they encode.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from editor.core.frontmatter import dates
from editor.core.frontmatter.yaml_safe import ValueParseError, load_value
from editor.core.site import schema as sch

_SURROGATE = re.compile("[\ud800-\udfff]")
_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


class InputError(ValueError):
    """The typed value does not fit the key; the message says what would."""


def key_as_written(keys: Iterable[Any], key: str, *, case_insensitive: bool) -> str:
    """The post's own spelling of ``key`` when keys are case-insensitive (Hugo): ``Title``."""
    names = [k for k in keys if isinstance(k, str)]
    if key in names or not case_insensitive:
        return key
    same = [k for k in names if k.lower() == key.lower()]
    return same[0] if len(same) == 1 else key


def join_surrogates(value: Any) -> Any:
    """Strings with UTF-16 surrogate pairs (what JSON writers emit for emoji) joined into
    characters; a lone surrogate cannot be written as UTF-8 and is refused."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if "\ufffd" in joined and "\ufffd" not in value:
            lone = _SURROGATE.search(value)
            code = ord(lone.group()) if lone else 0
            raise InputError(
                f"the value holds a lone UTF-16 surrogate (\\u{code:04X}) that is not a "
                "character; escape the whole pair (\\uD83D\\uDC69) or type the character"
            )
        return joined
    if isinstance(value, list):
        return [join_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {join_surrogates(k): join_surrogates(v) for k, v in value.items()}
    return value


def kind_for(current: Any, spec: sch.FieldSpec) -> str:
    """The field type: from the post's own value when it has one, else from the schema."""
    if current is None:
        return spec.type
    if isinstance(current, bool):
        return sch.BOOLEAN
    if isinstance(current, dt.date):
        return sch.DATE
    if isinstance(current, list):
        return sch.STRING_LIST
    if isinstance(current, dict):
        return sch.MAPPING
    if isinstance(current, str):
        if spec.type == sch.DATE and dates.parse_date(current) is not None:
            return sch.DATE
        return sch.TEXT
    return sch.YAML


def _load(key: str, raw: str) -> tuple[Any, str | None]:
    try:
        return join_surrogates(load_value(raw)), None
    except ValueParseError as exc:
        return None, str(exc)


def value_from_text(key: str, raw: str, current: Any, spec: sch.FieldSpec) -> Any:
    """The value to write for ``key`` from the text typed; InputError when it does not fit.

    A date comes back as ``dates.ParsedDate`` (the document keeps the spelling typed) when
    the post holds a date value, or as text when it holds the date as text.
    """
    text = raw.strip()
    kind = kind_for(current, spec)
    quoted = text[:1] in ("'", '"')
    if not text:
        value: Any = "" if kind != sch.STRING_LIST else []
    elif kind == sch.DATE:
        typed = text
        if quoted:
            loaded, _ = _load(key, raw)
            typed = loaded if isinstance(loaded, str) else text
        parsed = dates.parse_date(typed)
        if parsed is None:
            raise InputError(
                f"{key}: {text!r} is not a date; type it as 2024-05-18, "
                "2024-05-18 09:30:00 or 2024-05-18 09:30:00 +0200"
            )
        value = (
            dates.format_date(parsed.value, parsed.spelling) if isinstance(current, str) else parsed
        )
    elif kind == sch.STRING_LIST and isinstance(current, list | type(None)) and text[0] != "[":
        items = [item.strip() for item in _split_items(text)]
        if any(not item for item in items) and len(items) > 1:
            raise InputError(f"{key}: an empty item in {text!r}; separate items with commas")
        value = [join_surrogates(_scalar_item(item)) for item in items if item]
    elif kind == sch.BOOLEAN:
        word = text.strip("'\"").lower()
        if word not in _BOOL_WORDS:
            raise InputError(f"{key}: {text!r} is not true or false")
        value = _BOOL_WORDS[word]
    else:
        value = _generic(key, raw, text, current, kind)
    plain = value.value if isinstance(value, dates.ParsedDate) else value
    messages = sch.validate(spec, plain)
    if messages:
        raise InputError(f"{key}: " + " ".join(messages))
    return value


def _split_items(text: str) -> list[str]:
    """``a, 'b, c', d`` → three items: commas inside quotes belong to the item."""
    items, start, quote = [], 0, ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and not text[start:index].strip():
            quote = char
        elif char == ",":
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return items


def _scalar_item(item: str) -> Any:
    """One list item: quoted items are read as YAML strings, the rest kept as typed."""
    if item[:1] in ("'", '"'):
        try:
            loaded = load_value(item)
        except ValueParseError as exc:
            raise InputError(f"the item {item!r} is not valid: {exc}") from None
        if isinstance(loaded, str):
            return loaded
    return item


def _generic(key: str, raw: str, text: str, current: Any, kind: str) -> Any:
    """Quoted values, ``[…]`` and ``{…}`` are YAML; other text stays as typed when YAML would
    change it (``a: b`` → mapping, ``Hash #1`` → ``Hash``, ``no`` for a text key)."""
    value, problem = _load(key, raw)
    if problem is not None:
        if text[0] in "[{\"'&*!" or "too large" in problem or "alias" in problem:
            raise InputError(f"the value for {key} is not valid YAML: {problem}")
        return text
    if kind == sch.MAPPING and not isinstance(value, dict):
        raise InputError(f"{key} holds a mapping; give one as {{name: value, …}}")
    if text[0] in "[{\"'":
        return value
    if isinstance(value, dict | list) or (isinstance(value, str) and value != text):
        return text
    if isinstance(current, str) and not isinstance(value, str):
        return text
    return value
