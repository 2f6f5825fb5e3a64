"""Set-then-restore is identity over the corpus, for every key type, across separate loads.

What ``fm --set`` does twice: change one key (new document), then set it back to the value it
had (another new document, so no memory of the original lines). The text must come back byte
for byte: the one date formatter, flow-list spacing, quotes and comments all keep their spelling.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from editor.core.frontmatter import FrontMatterEditError, PostDocument
from tests.support.corpus import corpus_posts, requires_corpus

POSTS = corpus_posts()
pytestmark = requires_corpus


def changed(value: Any) -> Any:
    """Another value of the same type (lists get one more item, so others stay untouched)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, dt.datetime | dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, str):
        return value[:-1] + " more\n" if value.endswith("\n") else value + " more"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [*value, "added item"]
    return None


def cases() -> list[tuple[Path, str]]:
    out = []
    for path in POSTS:
        document = PostDocument.from_bytes(path.read_bytes())
        if document.error is not None:
            continue
        out += [(path, key) for key, value in document.metadata.items() if changed(value)]
    return out


@pytest.mark.parametrize(("path", "key"), cases(), ids=lambda x: getattr(x, "name", x))
def test_set_then_restore_is_identity(path: Path, key: str) -> None:
    data = path.read_bytes()
    original = PostDocument.from_bytes(data).metadata[key]
    first = PostDocument.from_bytes(data)
    try:
        first.set(key, changed(original))
    except FrontMatterEditError as exc:
        pytest.skip(f"not settable: {exc}")
    second = PostDocument.from_bytes(first.to_bytes())
    second.set(key, original)
    assert second.to_bytes().decode("utf-8", "replace") == data.decode("utf-8", "replace")


SPELLINGS = [
    "date: 2020-01-02 10:00:00 +08",
    "date: 2020-01-02 10:00:00 +0800",
    "date: 2020-01-02 10:00:00 +08:00",
    "date: 2020-01-02T10:00:00Z",
    "date: 2020-01-02t10:00:00z",
    "date: 2020-01-02T10:00:00.50+01:00",
    "date: 2020-01-02 9:05:00",
    "date: 2020-1-2",
    "date: '2020-01-02 9:05'",
    'date: "2020-01-02T10:00:00 -05:00"',
    "date: 2020-01-02   10:00:00   +08",
    "tags: [ Jekyll, tutorial ]",
    "tags: [Jekyll,tutorial]",
    "tags: [  Jekyll ,  tutorial  ]",
    "tags: ['Jekyll', \"tutorial\"]",
    "tags:\n  - alpha   # first\n  - beta",
    "tags:\n- alpha # first\n- 'beta'  # second",
    "title: Hello   # a comment",
]
TOML = [
    "date = 2020-01-02T10:00:00Z",
    "date = 2020-01-02T10:00:00+08:00",
    "date = 2020-01-02 10:00:00Z",
    "date = 2020-01-02T10:00:00.123Z",
    "date = 2020-01-02",
    'date = "2020-01-02T10:00:00Z"',
    "tags = [ 'Jekyll', 'tutorial' ]",
    'tags = ["a","b"]',
]


@pytest.mark.parametrize(
    "text",
    [f"---\n{x}\nother: 1\n---\nbody\n" for x in SPELLINGS]
    + [f"+++\n{x}\nother = 1\n+++\nbody\n" for x in TOML],
)
def test_every_spelling_survives_set_then_restore(text: str) -> None:
    (key,) = [k for k in PostDocument.from_text(text).metadata if k != "other"]
    original = PostDocument.from_text(text).metadata[key]
    first = PostDocument.from_text(text)
    first.set(key, changed(original))
    second = PostDocument.from_text(first.text())
    second.set(key, original)
    assert second.text() == text
    assert second.metadata == PostDocument.from_text(text).metadata
