"""Property tests for TOML front matter: identity, one-line edits that read back."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.frontmatter import PostDocument
from editor.core.textio import split_lines

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHARS = "abcXYZ09 é\u00a0😀#'\"\\=[]{},.-\t"
KEYS = ["title", "date", "authors", "draft", "weight", "slug", "x-y"]

strings = st.text(CHARS, max_size=10)
toml_values = st.one_of(
    strings,
    st.integers(-1000, 1000),
    st.booleans(),
    st.lists(strings, max_size=3),
)


def _literal(value: Any, multi: bool) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, str):
        return ['"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"']
    items = [_literal(v, False)[0] for v in value]
    if multi and items:
        return ["[", *[f"    {i}," for i in items], "]"]
    return ["[" + ", ".join(items) + "]"]


@st.composite
def toml_posts(draw: st.DrawFn) -> tuple[str, dict[str, tuple[int, int]]]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["+++"]
    spans: dict[str, tuple[int, int]] = {}
    for key in keys:
        if draw(st.booleans()):
            lines.append("# about " + key)
        value_lines = _literal(draw(toml_values), draw(st.booleans()))
        comment = draw(st.sampled_from(["", "  # note"])) if len(value_lines) == 1 else ""
        start = len(lines)
        lines.append(f"{key} = {value_lines[0]}{comment}")
        lines.extend(value_lines[1:])
        spans[key] = (start, len(lines))
    if draw(st.booleans()):
        lines += ["", "[extra]", "team = 'core'"]
    lines.append("+++")
    return ending.join(lines) + ending + "Body" + ending, spans


@SETTINGS
@given(toml_posts())
def test_toml_round_trip_is_identity(post: tuple[str, dict[str, tuple[int, int]]]) -> None:
    text, _ = post
    document = PostDocument.from_text(text)
    assert document.error is None
    assert document.text() == text


@SETTINGS
@given(toml_posts(), st.data(), toml_values)
def test_toml_set_touches_only_its_lines_and_reads_back(
    post: tuple[str, dict[str, tuple[int, int]]], data: st.DataObject, value: Any
) -> None:
    text, spans = post
    key = data.draw(st.sampled_from(sorted(spans)))
    document = PostDocument.from_text(text)
    before = document.metadata
    document.set(key, value)
    start, end = spans[key]
    old, new = split_lines(text), split_lines(document.text())
    assert new[:start] == old[:start]
    assert new[len(new) - (len(old) - end) :] == old[end:]
    front = document.front_matter_text
    assert tomllib.loads(front) == {**before, key: value}
