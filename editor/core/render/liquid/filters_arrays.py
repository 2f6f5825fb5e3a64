"""Jekyll's array filters (``where``, ``where_exp``, ``sort``, ``group_by``, ``push``…).

Written after ``lib/jekyll/filters.rb``; ``where`` and ``sort`` replace Shopify's standard
filters of the same name, as in Jekyll.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from liquid.filter import with_context

from editor.core.render.liquid.values import (
    as_list,
    is_nil,
    item_property,
    to_integer,
    to_liquid_text,
)

if TYPE_CHECKING:
    from liquid.context import RenderContext


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
