"""Every real post of the corpus renders, with no Liquid braces left in its visible text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.render import RenderContext, RenderOptions, render_body, render_page
from tests.core.render.render_support import top_level, visible_text_outside_code
from tests.support.corpus import corpus_posts, requires_corpus

LIQUID_RE = re.compile(r"\{%|\{\{")
POSTS = corpus_posts()


def load(path: Path) -> PostDocument:
    return PostDocument.from_bytes(path.read_bytes())


@requires_corpus
def test_the_corpus_is_there() -> None:
    assert len(POSTS) >= 50


@requires_corpus
@pytest.mark.parametrize("path", POSTS, ids=[p.name for p in POSTS])
def test_corpus_post_renders_without_liquid_braces(path: Path) -> None:
    doc = load(path)
    ctx = RenderContext(None, path, doc.metadata, RenderOptions())
    body = render_body(doc.body, ctx)
    assert "pe-render-error" not in body
    text = visible_text_outside_code(body)
    leftover = [text[max(0, m.start() - 30) : m.end() + 30] for m in LIQUID_RE.finditer(text)]
    assert leftover == []
    page = render_page(doc.body, ctx)
    assert page.count('<div id="post-body">') == 1


@requires_corpus
@pytest.mark.parametrize("path", POSTS, ids=[p.name for p in POSTS])
def test_corpus_post_blocks_all_carry_a_valid_line(path: Path) -> None:
    doc = load(path)
    body = render_body(doc.body, RenderContext(None, path, doc.metadata))
    parsed = top_level(body)
    line_count = max(1, len(doc.body.splitlines()))
    lines = [attrs.get("data-line") for _tag, attrs in parsed.elements]
    assert None not in lines, [el for el in parsed.elements if el[1].get("data-line") is None]
    numbers = [int(n) for n in lines]
    assert all(1 <= n <= line_count for n in numbers)
    assert numbers == sorted(numbers)
    assert parsed.stray_text == []
