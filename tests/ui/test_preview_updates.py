"""Typing updates the preview by patches at once and equals a full render after the pause."""

from __future__ import annotations

import json
import random
import re
import statistics

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.render import RenderContext, RenderOptions, render_body, render_page
from editor.core.render.incremental import CHUNK_MARK, END_MARK
from editor.core.render.page_groups import (
    GROUP_FROM,
    GROUP_KEEP,
    GROUP_MAX,
    GROUP_MIN,
    GROUP_SIZE,
    Group,
    full_page,
    join_groups,
    split_groups,
)
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
    assert join_groups(*split_groups(short, ["x"] * (GROUP_FROM - 1))) == short
    # The first chunk that shows an element stays outside the groups, with any before it.
    lead = f"{CHUNK_MARK}{CHUNK_MARK}\n"
    count = GROUP_FROM * 2
    chunks = "".join(f'{CHUNK_MARK}<p data-line="{i}">{i}</p>' for i in range(count))
    long = lead + chunks + END_MARK + "<div>n</div>"
    texts = ["", ""] + [f"Paragraph {i}.\n\n" for i in range(count)]
    grouped = join_groups(*split_groups(long, texts))
    assert grouped.startswith(lead + f'{CHUNK_MARK}<p data-line="0">0</p><pe-group')
    assert grouped.endswith(END_MARK + "<div>n</div>")
    assert ungroup(grouped) == long
    before, groups, after = split_groups(long, texts)
    sizes = [g.html.count(CHUNK_MARK) for g in groups]
    assert sum(sizes) == count - 1
    assert all(GROUP_MIN <= size <= GROUP_MAX for size in sizes[:-1])
    assert GROUP_SIZE / 2 < statistics.mean(sizes) < GROUP_SIZE * 2
    assert join_groups(before, groups, after) == grouped
    assert ungroup(join_groups(before, groups, after, empty=True)) == before + after


def test_a_paragraph_added_near_the_top_changes_one_group_only() -> None:
    """Groups start where a chunk's text says, and their keys ignore where they sit."""

    def groups_of(texts: list[str]):
        marked, line = "", 1
        for text in texts:
            marked += f'{CHUNK_MARK}<p data-line="{line}">{text.strip()}</p>'
            line += text.count("\n")
        return split_groups(marked + END_MARK, texts)[1]

    texts = [f"Paragraph {i}.\n\n" for i in range(GROUP_FROM + 500)]
    before = groups_of(texts)
    after = groups_of([*texts[:300], "A new paragraph\nover two lines.\n\n", *texts[300:]])
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a.key != b.key]
    assert len(changed) == 1
    moved = before[changed[0] + 1 :], after[changed[0] + 1 :]
    assert all(b.base == a.base + 3 for a, b in zip(*moved, strict=True))


def test_a_groups_key_ignores_where_it_sits_but_not_what_it_says() -> None:
    here = Group.of('<p data-line="10">Set <code>data-line="5"</code></p><p data-line="12">b</p>')
    there = Group.of('<p data-line="20">Set <code>data-line="5"</code></p><p data-line="22">b</p>')
    other = Group.of('<p data-line="20">Set <code>data-line="6"</code></p><p data-line="22">b</p>')
    assert (here.base, there.base) == (10, 20)
    assert here.key == there.key != other.key
    assert Group.of('<p data-line="10">a</p><p data-line="13">b</p>').key != here.key


def test_a_post_near_the_grouping_size_keeps_its_form() -> None:
    """Grouped from GROUP_FROM chunks on, and kept grouped down to GROUP_KEEP."""
    count = (GROUP_FROM + GROUP_KEEP) // 2
    marked = "".join(f"{CHUNK_MARK}<p>{i}</p>" for i in range(count)) + END_MARK
    texts = [f"{i}\n\n" for i in range(count)]
    assert split_groups(marked, texts)[1] == []
    assert split_groups(marked, texts, grouped=True)[1]


def test_a_long_post_that_shows_no_element_is_not_grouped() -> None:
    marked = CHUNK_MARK * GROUP_FROM + END_MARK
    assert split_groups(marked, [""] * GROUP_FROM) == (marked, [], "")


# Arrays do not cross runJavaScript in this Qt: results come back as JSON text. Chromium's
# first geometry query into a group off screen can come back empty: those are asked twice.
TOPS = """(function () {
  var els = document.querySelectorAll('#post-body [data-line]'), out = [];
  for (var i = 0; i < els.length; i++) {
    var r = els[i].getBoundingClientRect();
    if (!r.top && !r.width && !r.height) r = els[i].getBoundingClientRect();
    out.push(Math.round((r.top + window.scrollY) * 10) / 10);
  }
  return JSON.stringify(out);
})()"""
# The same positions with every group plain (no containment, margins collapsing across).
PLAIN = (
    """(function () {
  var saved = [];
  document.querySelectorAll('#post-body > pe-group').forEach(function (g) {
    saved.push(g.style.cssText); g.style.cssText = 'display:block';
  });
  var tops = TOPS;
  document.querySelectorAll('#post-body > pe-group').forEach(function (g, i) {
    g.style.cssText = saved[i];
  });
  return tops;
})()"""
).replace("TOPS", TOPS)
BLOCKS = [
    "## Heading {i}",
    "A paragraph {i} with *emphasis* and enough words to wrap in a narrow preview pane.",
    "- one {i}\n- two",
    "> A quote {i}.",
    "```\ncode {i}\n```",
    "---",
    "Closing words {i}.",
]


def assert_laid_out_as_plain(qtbot, preview) -> None:
    held = json.loads(js(qtbot, preview, TOPS, timeout=20000))
    plain = json.loads(js(qtbot, preview, PLAIN, timeout=20000))
    assert len(held) == len(plain) > 2000
    moved = [(i, a, b) for i, (a, b) in enumerate(zip(held, plain, strict=True)) if abs(a - b) > 1]
    assert not moved, f"{len(moved)} lines moved, first {moved[:3]}"


def test_a_long_posts_groups_are_laid_out_on_their_own_without_moving_a_line(
    qtbot, preview
) -> None:
    text = "\n\n".join(BLOCKS[i % len(BLOCKS)].format(i=i) for i in range(3200)) + "\n"
    doc = show(qtbot, preview, text, timeout=60000)
    visibility = (
        "JSON.stringify(Array.prototype.map.call(document.querySelectorAll("
        "'#post-body > pe-group'), function (g) { return getComputedStyle(g).contentVisibility; }))"
    )
    assert set(json.loads(js(qtbot, preview, visibility))) == {"auto"}
    # Margins that collapse across a group's edges in the plain page are given back.
    assert_laid_out_as_plain(qtbot, preview)
    preview.full_debounce.delay_ms = 60_000
    # Edits that change the element at a group's edge: a paragraph becomes a heading, and
    # the block first in another group is removed.
    first_line = (
        "document.querySelectorAll('#post-body > pe-group')[%d]"
        ".firstElementChild.getAttribute('data-line')"
    )
    for group, edit in ((3, "heading"), (6, "remove")):
        line = int(js(qtbot, preview, first_line % group))
        lines = doc.body.split("\n")
        at = sum(len(x) + 1 for x in lines[: line - 1])
        if edit == "heading":
            block_at = at if not lines[line - 1].startswith("#") else at + 3
            with qtbot.waitSignal(preview.rendered, timeout=5000):
                type_into(preview, doc, block_at, "### ")
        else:
            end = doc.body.index("\n\n", at) + 2
            with qtbot.waitSignal(preview.rendered, timeout=5000):
                type_into(preview, doc, at, "", remove=end - at)
        # A group off screen keeps the height it had until it is shown: the writer sees the
        # edit, as scroll sync brings it into view.
        preview.scroll_to_source_line(line)
        qtbot.wait(200)
        assert_laid_out_as_plain(qtbot, preview)
    assert squash(ungroup(body_html(qtbot, preview))) == squash(full_render(doc))


def test_a_full_render_of_a_long_post_replaces_only_the_groups_that_changed(qtbot, preview) -> None:
    text = "\n\n".join(BLOCKS[i % len(BLOCKS)].format(i=i) for i in range(3200)) + "\n"
    doc = show(qtbot, preview, text, timeout=60000)
    preview.full_debounce.delay_ms = 60_000
    # Each group's first element is tagged in the page: a replaced group loses the tag.
    tag = (
        "document.querySelectorAll('#post-body > pe-group').forEach(function (g, i) {"
        " g.firstElementChild.__kept = i; }); 1"
    )
    kept = (
        "JSON.stringify(Array.prototype.map.call(document.querySelectorAll("
        "'#post-body > pe-group'), function (g) { return g.firstElementChild.__kept; }))"
    )
    js(qtbot, preview, tag)
    count = len(json.loads(js(qtbot, preview, kept)))
    at = doc.body.index("A paragraph 1499 ") + len("A paragraph")
    with qtbot.waitSignal(preview.rendered, timeout=5000):
        type_into(preview, doc, at, " edited")
    preview.full_debounce.delay_ms = 0
    with qtbot.waitSignal(preview.rendered, timeout=60000) as signal:
        preview.full_debounce.trigger()
    assert signal.args == ["full"]
    qtbot.waitUntil(preview.is_current, timeout=60000)
    after = json.loads(js(qtbot, preview, kept))
    assert len(after) == count
    replaced = [i for i, k in enumerate(after) if k != i]
    assert len(replaced) == 1, replaced
    assert ungroup(body_html(qtbot, preview)).strip() == full_render(doc).strip()
    preview.scroll_to_source_line(doc.body.count("\n", 0, at) + 1)
    qtbot.wait(200)
    assert_laid_out_as_plain(qtbot, preview)


def pdf_pages(qtbot, preview, path) -> int:
    with qtbot.waitSignal(preview.page().pdfPrintingFinished, timeout=60000):
        preview.page().printToPdf(str(path))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_a_long_post_prints_every_group_even_those_never_shown(qtbot, preview, tmp_path) -> None:
    text = "".join(
        f"Paragraph number {i}, with enough words to fill a line.\n\n" for i in range(2500)
    )
    show(qtbot, preview, text, timeout=60000)
    held = pdf_pages(qtbot, preview, tmp_path / "held.pdf")
    js(
        qtbot,
        preview,
        "document.querySelectorAll('pe-group').forEach(function (g) {"
        " g.style.cssText = 'display:block'; }); 1",
    )
    plain = pdf_pages(qtbot, preview, tmp_path / "plain.pdf")
    assert held == plain > 50


def test_what_reaches_out_of_the_column_in_a_long_post_is_not_clipped(qtbot, preview) -> None:
    wide = '<p style="margin-left: -60px; background-color: rgb(255, 0, 0)">Wide.</p>\n\n'
    text = "".join(f"Paragraph number {i}.\n\n" for i in range(2500))
    at = text.index("Paragraph number 5.")
    preview.resize(1100, 500)
    show(qtbot, preview, text[:at] + wide + text[at:], timeout=60000)
    where = (
        "(function () { var p = document.querySelector('#post-body p[style]');"
        " var r = p.getBoundingClientRect();"
        " return JSON.stringify([p.closest('pe-group') !== null, r.left, r.top]);"
        " })()"
    )
    grouped, left, top = json.loads(js(qtbot, preview, where))
    assert grouped
    column = js(qtbot, preview, "document.getElementById('post-body').getBoundingClientRect().left")
    assert 0 < left < column - 50
    qtbot.wait(300)
    image = preview.grab().toImage()
    # Out of the column, above the first line's glyphs.
    pixel = image.pixelColor(int(left + 5), int(top + 1))
    assert (pixel.red(), pixel.green(), pixel.blue()) == (255, 0, 0)


def line_offset(body: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = body.index("\n", pos) + 1
    return pos


GROUP_LINES = (
    "__pe.settleLines(); JSON.stringify(Array.prototype.map.call("
    "document.querySelectorAll('#post-body > pe-group'),"
    " function (g) { return +g.getAttribute('data-base'); }))"
)


def full_now(qtbot, preview) -> None:
    preview.full_debounce.delay_ms = 0
    with qtbot.waitSignal(preview.rendered, timeout=60000) as signal:
        preview.full_debounce.trigger()
    assert signal.args == ["full"]
    qtbot.waitUntil(preview.is_current, timeout=60000)
    preview.full_debounce.delay_ms = 60_000


def test_typing_in_the_first_heading_of_a_long_post_moves_no_line(qtbot, preview) -> None:
    text = "## Intro\n\n" + "".join(f"Paragraph number {i}.\n\n" for i in range(2500))
    doc = show(qtbot, preview, text, timeout=60000)
    preview.full_debounce.delay_ms = 60_000
    with qtbot.waitSignal(preview.rendered, timeout=5000):
        type_into(preview, doc, len("## Intro"), "s")
    # The heading stays before the groups, where its top margin meets the article header's.
    assert js(qtbot, preview, "document.querySelector('#post-body h2').parentNode.id") == (
        "post-body"
    )
    assert_laid_out_as_plain(qtbot, preview)


def test_typing_at_the_end_of_a_long_post_stays_in_the_last_group(qtbot, preview) -> None:
    doc = show(qtbot, preview, "".join(f"Paragraph {i}.\n\n" for i in range(2500)), timeout=60000)
    preview.full_debounce.delay_ms = 60_000
    preview.scroll_to_source_line(doc.body.count("\n"))
    for typed in ("A last", " paragraph.\n\n", "## A heading\n"):
        with qtbot.waitSignal(preview.rendered, timeout=5000):
            type_into(preview, doc, len(doc.body), typed)
    last = "document.querySelector('#post-body h2').parentNode.localName"
    assert js(qtbot, preview, last) == "pe-group"
    qtbot.wait(200)
    assert_laid_out_as_plain(qtbot, preview)
    assert squash(ungroup(body_html(qtbot, preview))) == squash(full_render(doc))


def test_a_full_render_of_a_body_whose_patches_the_page_missed_is_put_in_place(
    qtbot, preview
) -> None:
    """A patch can fail to reach the page (a time limit); the full render must still fit."""
    doc = show(qtbot, preview, "".join(f"Paragraph {i}.\n\n" for i in range(2500)), timeout=60000)
    second_group = json.loads(js(qtbot, preview, GROUP_LINES))[1]
    body = doc.body[line_offset(doc.body, second_group - 2) :]
    ctx = RenderContext(options=RenderOptions())
    _, article_js, _ = full_page(render_page(body, ctx), body)
    assert js(qtbot, preview, article_js, timeout=20000) == "ok"
    assert ungroup(body_html(qtbot, preview)).strip() == (
        full_render(PostDocument.from_text(body)).strip()
    )


EDITS = ["x", "\n", "\n\nA new paragraph\n\n", "## A heading\n\n", "- item\n", "\n\n---\n\n"]


@pytest.mark.parametrize("seed", [3, 11])
def test_random_edits_to_a_long_post_equal_a_full_render_before_and_after_it(
    qtbot, preview, seed
) -> None:
    # Long enough to stay grouped (2,000+ chunks) whatever the edits take away.
    text = "\n\n".join(BLOCKS[i % len(BLOCKS)].format(i=i) for i in range(4500)) + "\n"
    doc = show(qtbot, preview, text, timeout=60000)
    preview.full_debounce.delay_ms = 60_000
    rng = random.Random(seed)
    for _ in range(4):
        for _ in range(rng.randrange(1, 5)):
            starts = json.loads(js(qtbot, preview, GROUP_LINES))
            body = doc.body
            kind = rng.choice(["edge", "end", "top", "span", "anywhere"])
            if kind == "edge":
                line = starts[rng.randrange(1, len(starts))] + rng.randrange(-3, 3)
                at, typed, remove = line_offset(body, max(1, line)), rng.choice(EDITS), 0
            elif kind == "end":
                at, typed, remove = len(body), rng.choice(EDITS), 0
            elif kind == "top":
                at, typed, remove = rng.randrange(0, 60), rng.choice(EDITS), 0
            elif kind == "span":
                group = rng.randrange(1, len(starts) - 1)
                at = line_offset(body, max(1, starts[group] - rng.randrange(1, 12)))
                end = line_offset(body, starts[group + 1] + rng.randrange(1, 12))
                typed, remove = "", end - at
            else:
                at, typed, remove = rng.randrange(len(body)), rng.choice(EDITS), 0
            with qtbot.waitSignal(preview.rendered, timeout=10000) as signal:
                type_into(preview, doc, at, typed, remove=remove)
            assert signal.args == ["patch"]
        assert squash(ungroup(body_html(qtbot, preview))) == squash(full_render(doc))
        full_now(qtbot, preview)
        assert ungroup(body_html(qtbot, preview)).strip() == full_render(doc).strip()
