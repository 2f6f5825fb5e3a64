"""Which editor each key of a post gets, and in which order: the form's plan, without Qt.

Kept apart from the widgets so that "every key is shown" can be reasoned about (and tested)
on plain data: each top-level key, and each key of a nested mapping down to ``MAX_DEPTH``,
gets exactly one entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from editor.core.frontmatter.dates import DEFAULT_DATETIME_SPELLING, format_date, now_in_spelling
from editor.core.frontmatter.yaml_safe import parse_yaml
from editor.core.site import schema as sch

MAX_DEPTH = 3
MISSING: Any = object()
Path = tuple[str, ...]
Plan = list[tuple[Path, str]]


def value_at(metadata: Mapping[str, Any], path: Path) -> Any:
    """The value at a key path, or ``MISSING``."""
    current: Any = metadata
    for key in path:
        if not isinstance(current, dict):
            return MISSING
        if key not in current:
            # YAML keys may be numbers or booleans (``2013: x``); the document names them as text.
            matches = [k for k in current if not isinstance(k, str) and str(k) == key]
            if not matches:
                return MISSING
            key = matches[0]
        current = current[key]
    return current


def has_text_key(metadata: Mapping[Any, Any], key: str) -> bool:
    """Whether a top-level key is a string (a ``2013:`` key is an int and cannot be set by name)."""
    return key in metadata


def plan_fields(
    schema: sch.Schema,
    metadata: Mapping[str, Any],
    keys: Iterable[str],
    sticky: Mapping[Path, str] | None = None,
    *,
    case_insensitive: bool = False,
) -> Plan:
    """(path, field type) for every key, then for required keys the post lacks.

    ``sticky`` keeps the editor a key had while the writer types in it (a YAML value being
    typed as ``{a: 1}`` must not turn into a sub-form under the cursor).
    """
    sticky = sticky or {}
    plan: Plan = []

    def visit(mapping: Mapping[str, Any], prefix: Path, names: list[str]) -> None:
        for key in names:
            path = (*prefix, key)
            value = value_at(mapping, (key,))
            value = None if value is MISSING else value
            kind = sticky.get(path) or schema.field_type(".".join(path), value)
            nested = isinstance(value, dict) and value and all(isinstance(k, str) for k in value)
            if kind == sch.MAPPING and (not nested or len(path) >= MAX_DEPTH):
                kind = sch.YAML
            plan.append((path, kind))
            if kind == sch.MAPPING and isinstance(value, dict):
                visit(value, path, list(value))

    top = [k for k in keys if isinstance(k, str)]
    visit(metadata, (), schema.ordered(top))
    present = {k.lower() for k in top} if case_insensitive else set(top)
    for key in sch.missing_required(schema, metadata):
        if (key.lower() if case_insensitive else key) not in present:
            plan.append(((key,), schema.spec(key).type))
    return plan


def initial_value(schema: sch.Schema, key: str, fm_format: str | None) -> Any:
    """The value a newly added key starts with: the schema default, else an empty value.

    A new date is "now", spelled the Jekyll way in YAML (a string that reads back as typed)
    and as a native datetime in TOML.
    """
    spec = schema.spec(key)
    if spec.default is not None:
        return spec.default
    empty: dict[str, Any] = {
        sch.BOOLEAN: False,
        sch.STRING_LIST: [],
        sch.MAPPING: {},
        sch.YAML: None,
    }
    if spec.type == sch.MAPPING:
        return _initial_mapping(schema, key, fm_format)
    if spec.type in empty:
        return empty[spec.type]
    if spec.type == sch.DATE:
        if fm_format in (None, "yaml"):
            spelling = DEFAULT_DATETIME_SPELLING
            return format_date(now_in_spelling(spelling), spelling)
        return datetime.now(UTC).astimezone().replace(microsecond=0)
    if spec.type == sch.CHOICE and spec.choices:
        return spec.choices[0]
    return ""


def _initial_mapping(schema: sch.Schema, key: str, fm_format: str | None) -> Any:
    """A key the site uses as a mapping: its most used sub-key, empty, so the form can edit
    it (an empty ``{}`` has nothing to edit); a key also used as text starts as text."""
    spec = schema.spec(key)
    children = [
        s
        for p, s in schema.fields.items()
        if p.startswith(key + ".") and "." not in p[len(key) + 1 :]
    ]
    as_text = max(spec.type_counts[sch.TEXT], spec.type_counts[sch.IMAGE])
    if as_text and spec.type_counts[sch.MAPPING] <= as_text:
        return ""
    if children:
        child = max(children, key=lambda s: s.posts)
        value = initial_value(schema, child.path, fm_format)
        return {child.key: value if not isinstance(value, dict) else ""}
    return {}


_TOP_KEY = re.compile(r"""^(?:[^\s#\-?:'"]|['"]).*?:(?:\s|$)""")


def salvage_yaml(text: str) -> dict[str, Any]:
    """The top-level keys that still parse when the front matter as a whole does not.

    A broken line should not blank the whole form: each top-level block (a ``key:`` line and
    the indented lines under it) is parsed on its own, safely, and shown read-only. Blocks
    that fail (the broken one, or aliases to anchors elsewhere) are left out.
    """
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if _TOP_KEY.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    found: dict[str, Any] = {}
    for block in blocks:
        parsed = parse_yaml("\n".join(block) + "\n")
        for key, value in parsed.mapping.items():
            if isinstance(key, str) and key not in found:
                found[key] = value
    return found
