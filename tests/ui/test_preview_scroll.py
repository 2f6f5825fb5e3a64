"""The preview keeps its scroll position across updates and scrolls in sync by source line."""

from __future__ import annotations

from editor.core.render import RenderOptions
from tests.ui.preview_support import js, show, type_into

LONG_POST = "".join(
    f"Paragraph number {i}, with enough words to fill a line.\n\n" for i in range(300)
)


def scroll_y(qtbot, view) -> float:
    return js(qtbot, view, "window.scrollY")


def top_of_line(qtbot, view, line: int) -> float:
    return js(
        qtbot,
        view,
        f"document.querySelector('#post-body [data-line=\"{line}\"]').getBoundingClientRect().top",
    )


def test_scroll_to_source_line_puts_that_line_at_the_top(qtbot, preview) -> None:
    show(qtbot, preview, LONG_POST)
    preview.scroll_to_source_line(201)
    qtbot.waitUntil(lambda: scroll_y(qtbot, preview) > 0, timeout=5000)
    assert abs(top_of_line(qtbot, preview, 201)) <= 2
    preview.scroll_to_source_line(202)
    qtbot.waitUntil(lambda: top_of_line(qtbot, preview, 201) < -2, timeout=5000)
    assert top_of_line(qtbot, preview, 203) > 0


def test_scrolling_the_preview_reports_the_top_source_line(qtbot, preview) -> None:
    show(qtbot, preview, LONG_POST)
    qtbot.wait(300)
    with qtbot.waitSignal(preview.sourceLineScrolled, timeout=5000) as signal:
        js(
            qtbot,
            preview,
            "window.scrollTo(0, document.querySelector('[data-line=\"151\"]')"
            ".getBoundingClientRect().top + window.scrollY); 1",
        )
    assert signal.args[0] in (151, 152)


def test_scroll_position_survives_patches_and_the_full_render(qtbot, preview) -> None:
    doc = show(qtbot, preview, LONG_POST)
    preview.scroll_to_source_line(241)
    qtbot.waitUntil(lambda: scroll_y(qtbot, preview) > 0, timeout=5000)
    before = scroll_y(qtbot, preview)
    at = doc.body.index("Paragraph number 121,") + len("Paragraph")
    with qtbot.waitSignal(preview.rendered, timeout=5000) as signal:
        type_into(preview, doc, at, " one")
    assert signal.args == ["patch"]
    assert abs(scroll_y(qtbot, preview) - before) <= 1
    qtbot.waitUntil(preview.is_current, timeout=10000)
    assert abs(scroll_y(qtbot, preview) - before) <= 1
    assert "Paragraph one number 121" in js(qtbot, preview, "document.body.innerText")


def test_scroll_position_survives_a_page_reload(qtbot, preview) -> None:
    show(qtbot, preview, LONG_POST)
    preview.scroll_to_source_line(241)
    qtbot.waitUntil(lambda: scroll_y(qtbot, preview) > 0, timeout=5000)
    qtbot.wait(100)
    before = scroll_y(qtbot, preview)
    with qtbot.waitSignal(preview.rendered, timeout=20000) as signal:
        preview.set_options(RenderOptions(theme="dark"))
    assert signal.args == ["page"]
    qtbot.waitUntil(lambda: abs(scroll_y(qtbot, preview) - before) <= 40, timeout=5000)


def test_scroll_sync_in_a_long_post_after_lines_moved(qtbot, preview) -> None:
    """A long post's groups off screen are skipped by layout and get moved lines lazily."""
    text = "".join(
        f"Paragraph number {i}, with enough words to fill a line.\n\n" for i in range(2500)
    )
    doc = show(qtbot, preview, text, timeout=60000)
    assert js(qtbot, preview, "document.querySelectorAll('#post-body > pe-group').length") > 10
    preview.full_debounce.delay_ms = 60_000
    with qtbot.waitSignal(preview.rendered, timeout=5000):
        type_into(preview, doc, 0, "A new first line.\n\n")
    line = doc.body.count("\n", 0, doc.body.index("Paragraph number 2100,")) + 1
    preview.scroll_to_source_line(line)
    qtbot.waitUntil(lambda: scroll_y(qtbot, preview) > 0, timeout=5000)
    qtbot.wait(200)
    assert abs(top_of_line(qtbot, preview, line)) <= 2
    assert js(qtbot, preview, f"document.querySelector('[data-line=\"{line}\"]').textContent") == (
        "Paragraph number 2100, with enough words to fill a line."
    )
    other = doc.body.count("\n", 0, doc.body.index("Paragraph number 1800,")) + 1
    qtbot.wait(300)  # scrolling right after scroll sync moved the view is not reported
    with qtbot.waitSignal(preview.sourceLineScrolled, timeout=5000) as signal:
        js(
            qtbot,
            preview,
            f"window.scrollTo(0, document.querySelector('[data-line=\"{other}\"]')"
            ".getBoundingClientRect().top + window.scrollY); 1",
        )
    assert signal.args[0] in (other, other + 1)
    before = scroll_y(qtbot, preview)
    preview.full_debounce.delay_ms = 0
    with qtbot.waitSignal(preview.rendered, timeout=60000) as rendered:
        preview.full_debounce.trigger()
    assert rendered.args == ["full"]
    qtbot.wait(200)
    assert abs(scroll_y(qtbot, preview) - before) <= 1
