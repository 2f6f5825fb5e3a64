"""A regular expression that backtracks for ever does not freeze the window: it is matched
off the UI thread within a budget, the writer is told it took too long and can edit it, and
Replace All changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from editor.ui.find_bar import TOO_LONG
from tests.support.timing import cpu_seconds
from tests.ui.writing_support import make_host

CTRL = Qt.KeyboardModifier.ControlModifier
# (a+)+$ backtracks without end on it with re (and a run this long is still editable).
LONG_LINE = "a" * 9_000 + "b\n"


def open_regex_find(qtbot, host, *, replace: bool = False):
    qtbot.keyClick(host.source, Qt.Key.Key_H if replace else Qt.Key.Key_F, CTRL)
    bar = host.pane.find_bar
    bar.regex.click()
    return bar


def test_a_slow_pattern_leaves_the_window_responsive_and_says_so(qtbot):
    host = make_host(qtbot, "Intro.\n" + LONG_LINE + "aaa\n")
    bar = open_regex_find(qtbot, host)
    # The UI thread's own work for typing the pattern stays small (the search runs elsewhere).
    _, cpu = cpu_seconds(lambda: qtbot.keyClicks(bar.find_field, "(a+)+$"))
    assert cpu < 1.0
    assert bar.searching() and bar.count_label.text() == "Searching…"
    # Events are processed while the search runs: a queued call arrives, the field takes keys.
    arrived: list[bool] = []
    QTimer.singleShot(0, lambda: arrived.append(True))
    qtbot.waitUntil(lambda: bool(arrived))
    assert bar.searching()
    qtbot.waitUntil(lambda: bar.count_label.text() == TOO_LONG, timeout=20_000)
    assert "took too long" in bar.count_label.toolTip() and bar.matches() == []
    assert not host.source.extraSelections()
    # The writer edits the pattern: found at once.
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Backspace)  # "(a+)+"
    bar.find_field.setText("^a+$")
    assert bar.count_label.text() == "1 match" and bar.matches() == [
        (len(LONG_LINE) + 7, len(LONG_LINE) + 10)
    ]


def test_replace_all_with_a_slow_pattern_changes_nothing(qtbot):
    text = "Intro.\n" + LONG_LINE + "aaa\n"
    host = make_host(qtbot, text)
    bar = open_regex_find(qtbot, host, replace=True)
    bar.find_field.setText("(a+)+$")
    bar.replace_field.setText("x")
    qtbot.waitUntil(lambda: bar.count_label.text() == TOO_LONG, timeout=20_000)
    _, cpu = cpu_seconds(
        lambda: qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    )
    assert cpu < 1.0
    assert host.source.text() == text and not host.source.document().isUndoAvailable()
    assert bar.count_label.text() == TOO_LONG


def test_replace_all_searching_itself_is_bounded_and_all_or_nothing(qtbot):
    text = "Intro.\n" + LONG_LINE + "aaa\n"
    host = make_host(qtbot, text)
    bar = open_regex_find(qtbot, host, replace=True)
    bar.find_field.setText("(a+)+$")
    bar.replace_field.setText("x")
    bar.close_bar()  # the background search is dropped; Replace All searches on its own
    bar.open_bar(replace=True)
    bar._too_long = False  # as if the text had not been searched yet
    _, cpu = cpu_seconds(bar.replace_all)
    assert cpu < 3.0
    assert host.source.text() == text and bar.count_label.text() == TOO_LONG


def test_a_sane_pattern_on_a_large_post_is_found_at_once(qtbot):
    host = make_host(qtbot, ("a word " + "filler " * 10 + "\n") * 13_000)  # about 1 MB
    bar = open_regex_find(qtbot, host)
    bar.find_field.setText(r"\bw\w+d\b")
    qtbot.waitUntil(lambda: not bar.searching(), timeout=20_000)
    assert len(bar.matches()) == 13_000 and bar.count_label.text() == "13000 matches"


def test_enter_while_searching_goes_to_the_match_once_found(qtbot, monkeypatch):
    import editor.ui.find_bar as find_bar

    monkeypatch.setattr(find_bar, "INLINE_BUDGET", 0.0)  # every regex goes to the find thread
    host = make_host(qtbot, "one\ntwo cat\nthree cat\n")
    bar = open_regex_find(qtbot, host)
    bar.find_field.setText("c.t")
    assert bar.searching()
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: host.source.textCursor().selectedText() == "cat")
    assert host.source.textCursor().selectionStart() == 8
    assert bar.count_label.text() == "1 of 2"
