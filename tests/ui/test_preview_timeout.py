"""Pathological Markdown: the preview says it gave up, the UI thread never waits for it."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from editor.core.frontmatter import PostDocument
from tests.ui.preview_support import body_html


def test_brackets_show_the_time_limit_message_and_typing_goes_on(qtbot, preview) -> None:
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)
    doc = PostDocument.from_text("Intro\n\n" + "[" * 20000 + "\n")
    preview.set_document(doc, None, None)
    qtbot.waitUntil(lambda: "took longer than" in preview.status_message(), timeout=15000)
    calls: list[float] = []
    for word in ("a", "b", "c"):
        started = time.perf_counter()
        doc.set_body(doc.body + word)
        preview.update_document()
        calls.append(time.perf_counter() - started)
        qtbot.wait(20)
    heartbeat.stop()
    assert max(calls) < 0.05
    assert max(gaps) < 0.5, f"the UI thread stalled {max(gaps):.2f} s"
    assert preview.full.restarts >= 1

    doc.set_body("Fixed text.\n")
    preview.update_document()
    qtbot.waitUntil(preview.is_current, timeout=20000)
    assert preview.status_message() == ""
    assert "Fixed text." in body_html(qtbot, preview)


def test_a_time_out_on_a_new_post_shows_an_empty_page_not_the_previous_post(qtbot, preview) -> None:
    preview.set_document(PostDocument.from_text("The previous post's article.\n"), None, None)
    qtbot.waitUntil(preview.is_current, timeout=20000)
    assert "previous post" in body_html(qtbot, preview)
    preview.set_document(PostDocument.from_text("[" * 20000 + "\n"), None, None)
    qtbot.waitUntil(lambda: "took longer than" in preview.status_message(), timeout=20000)
    qtbot.waitUntil(lambda: "previous post" not in body_html(qtbot, preview), timeout=10000)
    assert body_html(qtbot, preview).strip() == ""
    assert "took longer than" in preview.status_message()
