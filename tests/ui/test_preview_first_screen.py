"""A long post's preview shows the top of the article first, then the whole of it."""

from __future__ import annotations

from editor.core.frontmatter import PostDocument
from editor.services.preview_scheduler import FIRST_SCREEN_FROM
from tests.ui.preview_support import body_html


def test_the_top_of_a_long_post_is_shown_before_its_full_render(qtbot, preview) -> None:
    text = "# Top\n\n" + "".join(f"Paragraph number {i} of many.\n\n" for i in range(6000))
    doc = PostDocument.from_text(text)
    assert len(doc.body) > FIRST_SCREEN_FROM
    with qtbot.waitSignal(preview.rendered, timeout=30000) as first:
        preview.set_document(doc, None, None)
    assert first.args == ["page"]
    top = body_html(qtbot, preview)
    assert "<h1" in top and "Paragraph number 0 of many." in top
    assert "Paragraph number 5999 of many." not in top
    qtbot.waitUntil(preview.is_current, timeout=60000)
    whole = body_html(qtbot, preview)
    assert "Paragraph number 5999 of many." in whole
    assert not preview.scheduler.shows_first_screen_only()
