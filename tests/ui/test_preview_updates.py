"""Typing updates the preview by patches at once and equals a full render after the pause."""

from __future__ import annotations

import random
import re

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.incremental import CHUNK_MARK, END_MARK
from editor.core.render import RenderContext, RenderOptions, render_body
from editor.services.render_process import GROUP_FROM, GROUP_SIZE, group_chunks
from editor.ui.preview import PreviewView
from tests.ui.preview_support import body_html, js, show, type_into

POST = """---
title: Garden notes
---
# Spring

The tomatoes came early, and the *basil* kept up.

- first
- second

```python
def harvest(day):

    return day
```

> A quote.

## Summer

Long days and [a link](https://example.com) and `code`.

| plant | weeks |
| ----- | ----- |
| basil | 6     |

Last words.
"""


def squash(html: str) -> str:
    """Whitespace between tags is not content: chunks are joined without newlines."""
    return re.sub(r">\s+<", "><", html).strip()


def full_render(doc) -> str:
    return render_body(doc.body, RenderContext(metadata=doc.metadata, options=RenderOptions()))


@pytest.fixture
def preview(preview):
    """The shared view (tests/ui/conftest.py), a little larger for these posts."""
    preview.resize(700, 500)
    return preview


def test_a_keystroke_is_patched_before_any_full_render(qtbot, preview) -> None:
    doc = show(qtbot, preview, POST)
    preview.full_debounce.delay_ms = 60_000
    at = doc.body.index("Long days") + len("Long")
    with qtbot.waitSignal(preview.rendered, timeout=5000) as signal:
        type_into(preview, doc, at, " and warm")
    assert signal.args == ["patch"]
    assert "Long and warm days" in body_html(qtbot, preview)
    assert not preview.is_current()
    assert squash(body_html(qtbot, preview)) == squash(full_render(doc))


def test_patches_that_add_lines_move_the_source_lines_below(qtbot, preview) -> None:
    doc = show(qtbot, preview, POST)
    preview.full_debounce.delay_ms = 60_000
    at = doc.body.index("> A quote.")
    with qtbot.waitSignal(preview.rendered, timeout=5000) as signal:
        type_into(preview, doc, at, "New paragraph\nover two lines.\n\n")
    assert signal.args == ["patch"]
    assert not preview.is_current()
    assert squash(body_html(qtbot, preview)) == squash(full_render(doc))
    line = doc.body.count("\n", 0, doc.body.index("Last words")) + 1
    assert js(qtbot, preview, f"document.querySelector('[data-line=\"{line}\"]').textContent") == (
        "Last words."
    )


def test_random_edits_end_equal_to_a_full_render(qtbot, preview) -> None:
    doc = show(qtbot, preview, POST)
    rng = random.Random(5)
    pieces = ["word ", "\n", "\n\n", "# Head\n", "- item\n", "```\n", "> q\n", "*", "`", "x"]
    for _ in range(25):
        body = doc.body
        at = rng.randrange(len(body) + 1)
        remove = rng.choice([0, 0, 1, 3])
        type_into(preview, doc, at, rng.choice(pieces), remove=remove)
        qtbot.wait(rng.choice([0, 5, 20]))
    qtbot.waitUntil(preview.is_current, timeout=20000)
    assert body_html(qtbot, preview).strip() == full_render(doc).strip()


def test_an_edit_to_a_footnote_brings_the_full_render_at_once(qtbot, preview) -> None:
    doc = show(qtbot, preview, "Text with a note[^1].\n\nMore.\n\n[^1]: The note.\n")
    preview.full_debounce.delay_ms = 60_000
    at = doc.body.index("The note") + 4
    type_into(preview, doc, at, "longer ")
    qtbot.waitUntil(preview.is_current, timeout=10000)
    html = body_html(qtbot, preview)
    assert "The longer note" in html
    assert html.strip() == full_render(doc).strip()


def test_front_matter_edits_update_the_header(qtbot, preview) -> None:
    doc = show(qtbot, preview, POST)
    doc.set("title", "Autumn notes")
    preview.update_document()
    qtbot.waitUntil(
        lambda: (
            "Autumn notes" in js(qtbot, preview, "document.getElementById('article').innerText")
        ),
        timeout=10000,
    )
    qtbot.waitUntil(preview.is_current, timeout=10000)


def test_new_options_reload_the_page(qtbot, preview) -> None:
    show(qtbot, preview, POST)
    with qtbot.waitSignal(preview.rendered, timeout=20000) as signal:
        preview.set_options(RenderOptions(theme="dark"))
    assert signal.args == ["page"]
    qtbot.waitUntil(preview.is_current, timeout=10000)


def test_no_document_shows_an_empty_page(qtbot, preview) -> None:
    show(qtbot, preview, POST)
    with qtbot.waitSignal(preview.rendered, timeout=20000):
        preview.set_document(None, None, None)
    assert js(qtbot, preview, "document.body.innerText.trim()") == ""
    preview.update_document()
    assert not preview.is_current()


def test_two_views_are_independent(qtbot, preview) -> None:
    other = PreviewView()
    qtbot.addWidget(other)
    try:
        show(qtbot, preview, "First post\n")
        show(qtbot, other, "Second post\n")
        assert "First post" in body_html(qtbot, preview)
        assert "Second post" in body_html(qtbot, other)
    finally:
        other.shutdown()


def test_switching_posts_mid_render_shows_only_the_new_post(qtbot, preview) -> None:
    show(qtbot, preview, POST)
    first = PostDocument.from_text("".join(f"Old paragraph {i}.\n\n" for i in range(400)))
    second = PostDocument.from_text("The new post.\n")
    preview.set_document(first, None, None)
    preview.set_document(second, None, None)
    qtbot.waitUntil(preview.is_current, timeout=20000)
    qtbot.wait(300)
    html = body_html(qtbot, preview)
    assert "The new post." in html
    assert "Old paragraph" not in html


def ungroup(html: str) -> str:
    """A long post's chunks sit in <pe-group> blocks in the page; a full render has none."""
    return re.sub(r"</?pe-group\b[^>]*>", "", html)


def test_a_long_post_is_patched_across_its_groups_and_equals_a_full_render(qtbot, preview) -> None:
    doc = show(qtbot, preview, "".join(f"Paragraph {i}.\n\n" for i in range(2500)), timeout=60000)
    groups = "document.querySelectorAll('#post-body > pe-group').length"
    assert js(qtbot, preview, groups) > 10
    preview.full_debounce.delay_ms = 60_000
    # Joins the last chunk of the first group to the first chunk of the second one.
    at = doc.body.index("Paragraph 160.")
    with qtbot.waitSignal(preview.rendered, timeout=5000):
        type_into(preview, doc, at - 2, "", remove=2)
    # New lines at the top move every source line below, in every group.
    with qtbot.waitSignal(preview.rendered, timeout=5000) as signal:
        type_into(preview, doc, 0, "New\nlines.\n\n")
    assert signal.args == ["patch"]
    assert "Paragraph 159.Paragraph 160." in body_html(qtbot, preview)
    assert squash(ungroup(body_html(qtbot, preview))) == squash(full_render(doc))
    line = doc.body.count("\n", 0, doc.body.index("Paragraph 2499.")) + 1
    assert js(qtbot, preview, f"document.querySelector('[data-line=\"{line}\"]').textContent") == (
        "Paragraph 2499."
    )
    preview.full_debounce.delay_ms = 0
    preview.full_debounce.trigger()
    qtbot.waitUntil(preview.is_current, timeout=60000)
    assert js(qtbot, preview, groups) > 10
    assert ungroup(body_html(qtbot, preview)).strip() == full_render(doc).strip()


def test_only_long_posts_are_grouped_and_grouping_keeps_every_chunk() -> None:
    short = "".join(f"{CHUNK_MARK}<p>{i}</p>" for i in range(GROUP_FROM - 1)) + END_MARK
    assert group_chunks(short) == short
    long = "".join(f"{CHUNK_MARK}<p>{i}</p>" for i in range(GROUP_FROM)) + END_MARK + "<div>n</div>"
    grouped = group_chunks(long)
    assert grouped.count("<pe-group") == -(-GROUP_FROM // GROUP_SIZE)
    assert grouped.endswith(END_MARK + "<div>n</div>")
    assert ungroup(grouped) == long
