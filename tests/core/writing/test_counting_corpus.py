"""Word counts on the corpus against a reference: the words of the preview's own rendering.

The reference renders each body with the preview's pipeline, drops what a reader does not read
as prose (code, maths, Liquid placeholders, emoji shortcodes, tags) and counts the
whitespace-separated tokens that hold a letter or digit. The counter works on the Markdown
without rendering, so small differences in tokenising (``a/b``, dashes) remain.
"""

from __future__ import annotations

import html
import re

import pytest

from editor.core.frontmatter.document import PostDocument
from editor.core.writing.counting import count
from tests.support.corpus import CORPUS_DIR

pytestmark = pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="the corpus is not present")

_DROPPED_ELEMENTS = re.compile(r"<(pre|code|script|style|math)\b.*?</\1>", re.DOTALL)
_PLACEHOLDERS = re.compile(r'<span class="pe-(?:math|placeholder|block-label)[^>]*>[^<]*</span>')
_NOT_PROSE = re.compile(
    r"\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)|\{%.*?%\}|\{\{.*?\}\}|(?<!\w):[a-z0-9_+-]+:(?!\w)",
    re.DOTALL,
)


def reference_words(doc: PostDocument) -> int:
    from editor.core.render.context import RenderContext, RenderOptions
    from editor.core.render.pipeline import render_body

    rendered = render_body(
        doc.body, RenderContext(None, None, doc.metadata, RenderOptions(allow_remote=True))
    )
    rendered = _PLACEHOLDERS.sub(" ", _DROPPED_ELEMENTS.sub(" ", rendered))
    text = _NOT_PROSE.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", rendered)))
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def test_word_counts_match_the_reference_on_the_corpus():
    rows = []
    for path in sorted(CORPUS_DIR.iterdir()):
        doc = PostDocument.from_bytes(path.read_bytes())
        rows.append((path.name, count(doc.body).words, reference_words(doc)))
    close = [r for r in rows if abs(r[1] - r[2]) <= max(10, 0.05 * r[2])]
    ours, reference = sum(r[1] for r in rows), sum(r[2] for r in rows)
    far = [r for r in rows if r not in close]
    assert len(close) >= 0.9 * len(rows), far
    assert abs(ours - reference) <= 0.03 * reference, (ours, reference, far)
