"""Property tests: load/save identity, one-key edits touch only that key, set-and-back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from editor.core.frontmatter import FrontMatterEditError, PostDocument
from editor.core.textio import TextFormat, split_lines

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORD_CHARS = "abcxyzABC019é\u00a0😀ß-_."
TEXT_CHARS = WORD_CHARS + " :#'\"\\,[]{}!&*%@`|>?"
BODY_CHARS = "ab \r\n\u2028\u2029\ufeff\u00a0😀#:-'\"\x0c\x1c\x85\t"
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
KEYS = ["title", "tags", "layout", "clé", "标题", "date", "x-y", "k_1", "Ключ", "a b"]


@dataclass
class Entry:
    key: str
    lines: list[str]
    value: Any


word = st.text(WORD_CHARS, min_size=1, max_size=8).map(lambda w: "w" + w)
words = st.lists(word, min_size=1, max_size=4).map(" ".join)


@st.composite
def entries(draw: st.DrawFn, key: str) -> Entry:
    kind = draw(st.sampled_from(["plain", "single", "double", "flow", "block", "comment"]))
    if kind == "plain":
        value = draw(words)
        comment = draw(st.sampled_from(["", "  # note", " # x: y"]))
        return Entry(key, [f"{key}: {value}{comment}"], value)
    if kind == "single":
        value = draw(st.text(TEXT_CHARS, max_size=12))
        return Entry(key, [f"{key}: '" + value.replace("'", "''") + "'"], value)
    if kind == "double":
        value = draw(st.text(TEXT_CHARS, max_size=12))
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return Entry(key, [f'{key}: "{escaped}"'], value)
    items = draw(st.lists(word, min_size=1, max_size=4))
    if kind == "flow":
        return Entry(key, [f"{key}: [" + ", ".join(items) + "]"], items)
    if kind == "block":
        dash = draw(st.sampled_from(["- ", "  - ", "    - "]))
        return Entry(key, [f"{key}:", *[dash + i for i in items]], items)
    value = draw(words)
    note = draw(st.sampled_from(["# a comment", "  ", "   # indented: comment"]))
    return Entry(key, [note, f"{key}: {value}"], value)


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, list[Entry]]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    items = [draw(entries(k)) for k in keys]
    lines = ["---", *[line for e in items for line in e.lines], "---"]
    text = "".join(line + draw(ENDINGS) for line in lines)
    text += draw(st.text(BODY_CHARS, max_size=60))
    return text, items


formats = st.sampled_from(
    [
        TextFormat("utf-8", False),
        TextFormat("utf-8", True),
        TextFormat("utf-16-le", True),
        TextFormat("utf-16-be", True),
    ]
)


@SETTINGS
@given(posts(), formats)
def test_load_save_identity_on_generated_posts(
    post: tuple[str, list[Entry]], fmt: TextFormat
) -> None:
    text, items = post
    bom = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    data = (bom[fmt.encoding] if fmt.bom else b"") + text.encode(fmt.encoding)
    document = PostDocument.from_bytes(data)
    assert document.to_bytes() == data
    assert document.error is None
    assert document.metadata == {e.key: e.value for e in items}


@SETTINGS
@given(st.text(BODY_CHARS + "-+{}", max_size=200))
def test_load_save_identity_on_any_text(text: str) -> None:
    document = PostDocument.from_text(text, TextFormat("utf-8", False))
    assert document.text() == text
    assert document.set_body(document.body) is False
    assert document.to_bytes() == text.encode("utf-8")
    assert PostDocument.from_bytes(document.to_bytes()).to_bytes() == text.encode("utf-8")


values = st.one_of(
    st.text(TEXT_CHARS + "\n\r\u2028\ufeff\x85\t\x00", max_size=20),
    st.sampled_from(
        [
            "no",
            "on",
            "yes",
            "0755",
            "1:20",
            "1.10",
            "Hash #1",
            "",
            " ",
            "null",
            "2020-01-01",
            "~",
            "- x",
            "*a",
            "&a",
            "!x",
            "%x",
            "@x",
            "`x",
            "a: b",
        ]
    ),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.datetimes(
        dt.datetime(1990, 1, 1),
        dt.datetime(2090, 1, 1),
        timezones=st.sampled_from(
            [dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(-dt.timedelta(hours=7))]
        ),
    ),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2090, 1, 1)),
    st.lists(st.text(TEXT_CHARS, max_size=6), max_size=4),
)


def _span(items: list[Entry], key: str) -> tuple[int, int]:
    """File lines (0-based, exclusive end) of `key`'s own lines, comment lines excluded."""
    line = 1
    for entry in items:
        own = [i for i, text in enumerate(entry.lines) if not text.strip().startswith("#")]
        own = [i for i in own if entry.lines[i].strip()]
        if entry.key == key:
            return line + own[0], line + own[-1] + 1
        line += len(entry.lines)
    raise AssertionError(key)


@SETTINGS
@given(posts(), st.data(), values)
def test_setting_one_key_touches_only_its_lines(
    post: tuple[str, list[Entry]], data: st.DataObject, value: Any
) -> None:
    text, items = post
    key = data.draw(st.sampled_from([e.key for e in items]))
    document = PostDocument.from_text(text)
    before = document.metadata
    changed = document.set(key, value)
    old, new = split_lines(text), split_lines(document.text())
    start, end = _span(items, key)
    assert new[:start] == old[:start]
    assert new[len(new) - (len(old) - end) :] == old[end:]
    reread = PostDocument.from_bytes(document.to_bytes())
    assert reread.error is None
    expected = {**before, key: reread.get(key)}
    assert reread.metadata == expected
    if isinstance(value, dt.datetime):
        assert reread.get(key) == value and reread.get(key).utcoffset() == value.utcoffset()
    else:
        assert reread.get(key) == value
    assert changed == (text != document.text())


@SETTINGS
@given(posts(), st.data(), words)
def test_set_plain_value_then_back_restores_bytes(
    post: tuple[str, list[Entry]], data: st.DataObject, value: str
) -> None:
    text, items = post
    scalars = [e for e in items if isinstance(e.value, str)]
    assume(scalars)
    entry = data.draw(st.sampled_from(scalars))
    document = PostDocument.from_text(text)
    document.set(entry.key, value)
    document.set(entry.key, entry.value)
    assert document.text() == text


@SETTINGS
@given(posts(), st.data())
def test_unset_removes_only_that_keys_lines(
    post: tuple[str, list[Entry]], data: st.DataObject
) -> None:
    text, items = post
    key = data.draw(st.sampled_from([e.key for e in items]))
    document = PostDocument.from_text(text)
    assert document.unset(key)
    old, new = split_lines(text), split_lines(document.text())
    start, end = _span(items, key)
    assert new == old[:start] + old[end:]
    assert document.metadata == {e.key: e.value for e in items if e.key != key}


nested = st.recursive(
    st.one_of(st.text(TEXT_CHARS, max_size=6), st.integers(-5, 5), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(WORD_CHARS, min_size=1, max_size=4), inner, max_size=3),
    ),
    max_leaves=6,
)


@SETTINGS
@given(posts(), nested, st.sampled_from(["zz new", "extra", "title"]))
def test_new_or_nested_values_read_back_and_removal_restores(
    post: tuple[str, list[Entry]], value: Any, key: str
) -> None:
    text, items = post
    assume(key not in {e.key for e in items})
    document = PostDocument.from_text(text)
    assert document.set(key, value)
    reread = PostDocument.from_bytes(document.to_bytes())
    assert reread.error is None
    assert reread.metadata == {**{e.key: e.value for e in items}, key: value}
    assert document.unset(key)
    assert document.text() == text


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text(BODY_CHARS.replace("\r", "").replace("\n", ""), max_size=8), ENDINGS),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_editing_one_body_line_changes_only_that_line(
    lines: list[tuple[str, str]], data: st.DataObject
) -> None:
    body = "".join(content + ending for content, ending in lines)
    document = PostDocument.from_text("---\ntitle: x\n---\n" + body, TextFormat("utf-8", False))
    old = split_lines(document.text())
    index = data.draw(st.integers(0, len(old) - 4))
    edited = document.body.split("\n")
    edited[index] = "CHANGED" + edited[index]
    assert document.set_body("\n".join(edited))
    new = split_lines(document.text())
    assert len(new) == len(old)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert changed == [index + 3]
    assert new[index + 3] == "CHANGED" + old[index + 3]


TOKENS = [
    "---\n",
    "+++\n",
    "{\n",
    "}\n",
    "...\n",
    "a: ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&x ",
    "*x",
    "!!python/name:os.system ",
    "!!binary ",
    "<<: ",
    "? ",
    ": ",
    "'",
    '"',
    "|",
    "|+",
    ">-",
    "\n",
    "  ",
    "\t",
    "#",
    "1e9999",
    "2020-13-45",
    "~",
    "\ufeff",
    "\u2028",
    "\r",
    "\r\n",
    "xyz",
    "=",
    "[extra]\n",
    '"""',
    "1" * 5000,
    "!!timestamp ",
    "%YAML 1.1\n",
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_hostile_token_soup_never_breaks_the_document(text: str) -> None:
    document = PostDocument.from_text(text, TextFormat("utf-8", False))
    assert document.text() == text
    _ = document.metadata, document.keys(), document.body, document.front_matter_text
    for key in document.keys()[:2]:
        document.raw_value(key)
    edits = [
        lambda: document.set("title", "x: y"),
        lambda: document.set("tags", ["a"]),
        lambda: document.unset("tags"),
    ]
    for edit in edits:
        before = document.text()
        try:
            edit()
        except FrontMatterEditError:
            assert document.text() == before
    reread = PostDocument.from_bytes(document.to_bytes())
    assert reread.to_bytes() == document.to_bytes()


@st.composite
def nested_posts(draw: st.DrawFn) -> tuple[str, int, list[str]]:
    indent = draw(st.sampled_from(["  ", "    "]))
    subs = draw(
        st.lists(
            st.sampled_from(["image", "teaser", "caption", "clé"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    lines = ["---", "title: " + draw(words), "header:"]
    for sub in subs:
        lines.append(f"{indent}{sub}: {draw(words)}")
    lines += ["tags: [a, b]", "---"]
    ending = draw(ENDINGS)
    return "".join(line + ending for line in lines) + "Body" + ending, 3, subs


@SETTINGS
@given(nested_posts(), st.data(), values)
def test_set_path_changes_only_the_nested_line(
    post: tuple[str, int, list[str]], data: st.DataObject, value: Any
) -> None:
    text, first, subs = post
    index = data.draw(st.integers(0, len(subs) - 1))
    document = PostDocument.from_text(text)
    before = document.metadata
    document.set_path(("header", subs[index]), value)
    old, new = split_lines(text), split_lines(document.text())
    line = first + index
    assert new[:line] == old[:line]
    assert new[len(new) - (len(old) - line - 1) :] == old[line + 1 :]
    reread = PostDocument.from_bytes(document.to_bytes())
    expected = dict(before)
    expected["header"] = {**before["header"], subs[index]: reread.get("header")[subs[index]]}
    assert reread.metadata == expected
    got = reread.get("header")[subs[index]]
    assert got == value
    if isinstance(value, dt.datetime):
        assert got.utcoffset() == value.utcoffset()


spellings = st.tuples(
    st.sampled_from(["T", " "]),
    st.sampled_from(["Z", "+00:00", " +00:00", "+08:00", " -07:00", ""]),
    st.sampled_from(["", "'", '"']),
)


@SETTINGS
@given(
    spellings,
    st.datetimes(
        dt.datetime(1990, 1, 1),
        dt.datetime(2090, 1, 1),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
    ),
)
def test_dates_keep_separator_zone_style_and_quoting(
    spelling: tuple[str, str, str], value: dt.datetime
) -> None:
    sep, zone, quote = spelling
    old = f"2011-06-28{sep}16:08:57{zone}"
    document = PostDocument.from_text(f"---\ndate: {quote}{old}{quote}\ntitle: x\n---\n")
    assert document.set("date", value)
    raw = document.raw_value("date")
    assert raw is not None
    assert raw.startswith(quote) and raw.endswith(quote)
    text = raw.strip("'\"")
    assert text[10] == sep
    if zone.startswith(" "):
        assert " +" in text or " -" in text
    if zone == "Z":
        assert text.endswith("Z") == (value.utcoffset() == dt.timedelta(0))
    if quote:
        assert document.get("date") == text
    else:
        assert document.get("date") == value
    assert document.text().endswith("\ntitle: x\n---\n")
