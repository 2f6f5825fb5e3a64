"""Edit and Format commands pressed as keys in the source pane."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from editor.ui import messages
from tests.ui.writing_support import make_host, place

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def selected(host) -> str:
    return host.source.textCursor().selectedText()


def test_ctrl_b_bolds_the_selection_and_again_unbolds_it(qtbot):
    host = make_host(qtbot, "say hello now")
    place(host, 4, 9)
    qtbot.keyClick(host.source, Qt.Key.Key_B, CTRL)
    assert host.source.text() == "say **hello** now" and selected(host) == "hello"
    qtbot.keyClick(host.source, Qt.Key.Key_B, CTRL)
    assert host.source.text() == "say hello now"
    qtbot.keyClick(host.source, Qt.Key.Key_Z, CTRL)
    assert host.source.text() == "say **hello** now"  # one undo step per command


@pytest.mark.parametrize(
    ("key", "mods", "before", "after"),
    [
        (Qt.Key.Key_I, CTRL, "a word", "a *word*"),
        (Qt.Key.Key_E, CTRL, "a word", "a `word`"),
        (Qt.Key.Key_2, CTRL, "a word", "## a word"),
        (Qt.Key.Key_6, CTRL, "a word", "###### a word"),
        (Qt.Key.Key_8, CTRL | SHIFT, "a word", "- a word"),
        (Qt.Key.Key_7, CTRL | SHIFT, "a word", "1. a word"),
        (Qt.Key.Key_Q, CTRL | SHIFT, "a word", "> a word"),
        (Qt.Key.Key_C, CTRL | SHIFT, "a word", "```\na word\n```"),
    ],
)
def test_format_keys_apply_and_toggle_back(qtbot, key, mods, before, after):
    host = make_host(qtbot, before)
    place(host, 3)
    qtbot.keyClick(host.source, key, mods)
    assert host.source.text() == after
    qtbot.keyClick(host.source, key, mods)
    assert host.source.text() == before


def test_ctrl_k_links_the_selection_to_the_clipboard_url(qtbot):
    host = make_host(qtbot, "read the docs today")
    QGuiApplication.clipboard().setText("https://example.com/docs")
    place(host, 9, 13)
    qtbot.keyClick(host.source, Qt.Key.Key_K, CTRL)
    assert host.source.text() == "read the [docs](https://example.com/docs) today"


def test_ctrl_k_without_a_url_waits_in_the_parentheses(qtbot):
    host = make_host(qtbot, "read the docs today")
    QGuiApplication.clipboard().setText("plain words")
    place(host, 9, 13)
    qtbot.keyClick(host.source, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(host.source, "/docs/")
    assert host.source.text() == "read the [docs](/docs/) today"


def test_enter_continues_a_list_and_ends_it_on_an_empty_item(qtbot):
    host = make_host(qtbot, "- first")
    place(host, 7)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    qtbot.keyClicks(host.source, "second")
    assert host.source.text() == "- first\n- second"
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "- first\n- second\n"
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "- first\n- second\n\n"


def test_enter_continues_numbers_and_quotes(qtbot):
    host = make_host(qtbot, "1. one")
    place(host, 6)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "1. one\n2. "
    host.source.set_text("> said")
    place(host, 6)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "> said\n> "


def test_tab_and_shift_tab_nest_list_items(qtbot):
    host = make_host(qtbot, "- a\n- b")
    place(host, 7)
    qtbot.keyClick(host.source, Qt.Key.Key_Tab)
    assert host.source.text() == "- a\n  - b"
    qtbot.keyClick(host.source, Qt.Key.Key_Backtab, SHIFT)
    assert host.source.text() == "- a\n- b"
    host.source.set_text("plain")
    place(host, 5)
    qtbot.keyClick(host.source, Qt.Key.Key_Tab)
    assert host.source.text() == "plain\t"


def test_find_bar_counts_moves_and_closes(qtbot):
    host = make_host(qtbot, "Cat cat concat CAT")
    qtbot.keyClick(host.source, Qt.Key.Key_F, CTRL)
    bar = host.pane.find_bar
    assert bar.isVisible() and bar.find_field.hasFocus()
    qtbot.keyClicks(bar.find_field, "cat")
    assert bar.count_label.text() == "4 matches"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "1 of 4"
    bar.whole_word.click()
    assert len(bar.matches()) == 3
    bar.match_case.click()
    assert bar.matches() == [(4, 7)]
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_f3_and_shift_f3_go_to_the_next_and_previous_match(qtbot):
    host = make_host(qtbot, "a x b x c x")
    qtbot.keyClick(host.source, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(host.pane.find_bar.find_field, "x")
    host.source.setFocus()
    place(host, 0)
    qtbot.keyClick(host.source, Qt.Key.Key_F3)
    assert host.source.textCursor().selectionStart() == 2
    qtbot.keyClick(host.source, Qt.Key.Key_F3)
    assert host.source.textCursor().selectionStart() == 6
    qtbot.keyClick(host.source, Qt.Key.Key_F3, SHIFT)
    assert host.source.textCursor().selectionStart() == 2


def test_regex_replace_all_is_one_undo_step(qtbot):
    host = make_host(qtbot, "on 2024-05-01 and 2023-01-02, then 2022-12-31")
    qtbot.keyClick(host.source, Qt.Key.Key_H, CTRL)
    bar = host.pane.find_bar
    assert bar.replace_field.isVisible()
    bar.regex.click()
    qtbot.keyClicks(bar.find_field, r"(\d{4})-(\d\d)-(\d\d)")
    qtbot.keyClicks(bar.replace_field, r"\3.\2.\1")
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert host.source.text() == "on 01.05.2024 and 02.01.2023, then 31.12.2022"
    host.source.setFocus()
    qtbot.keyClick(host.source, Qt.Key.Key_Z, CTRL)
    assert host.source.text() == "on 2024-05-01 and 2023-01-02, then 2022-12-31"


def test_replace_one_replaces_the_current_match_then_moves_on(qtbot):
    host = make_host(qtbot, "teh cat and teh dog")
    qtbot.keyClick(host.source, Qt.Key.Key_H, CTRL)
    bar = host.pane.find_bar
    qtbot.keyClicks(bar.find_field, "teh")
    qtbot.keyClicks(bar.replace_field, "the")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)  # selects the first match
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)  # replaces it
    assert host.source.text() == "the cat and teh dog"
    assert selected(host) == "teh"


def test_bad_regex_is_reported_not_raised(qtbot):
    host = make_host(qtbot, "text")
    qtbot.keyClick(host.source, Qt.Key.Key_F, CTRL)
    bar = host.pane.find_bar
    bar.regex.click()
    qtbot.keyClicks(bar.find_field, "(")
    assert bar.count_label.text() == "Bad pattern"


def test_go_to_line(qtbot, monkeypatch):
    host = make_host(qtbot, "one\ntwo\nthree\nfour")
    monkeypatch.setattr(messages, "ask_line", lambda _parent, current, count: 3)
    qtbot.keyClick(host.source, Qt.Key.Key_L, CTRL)
    assert host.source.textCursor().blockNumber() == 2


def test_edit_menu_clipboard_and_select_all_act_on_the_focused_pane(qtbot):
    host = make_host(qtbot, "alpha beta")
    place(host, 0, 5)
    host.actions.cut.trigger()
    assert host.source.text() == " beta"
    place(host, 5)
    host.actions.paste.trigger()
    assert host.source.text() == " betaalpha"
    host.form_field.setFocus()
    host.actions.paste.trigger()
    assert host.form_field.text() == "alpha" and host.source.text() == " betaalpha"
    host.source.setFocus()
    qtbot.keyClick(host.source, Qt.Key.Key_A, CTRL)
    assert selected(host) == " betaalpha"


def test_undo_in_the_form_uses_the_form_history(qtbot):
    from PySide6.QtGui import QUndoCommand

    host = make_host(qtbot, "text")
    undone: list[int] = []

    class Command(QUndoCommand):
        def undo(self) -> None:
            undone.append(1)

    host.form_undo.push(Command("form edit"))
    host.form.setFocus()
    host.form_field.setFocus()
    host.actions.undo.trigger()
    assert undone == [1] and host.source.text() == "text"


def test_format_commands_count_positions_past_emoji_and_separators(qtbot):
    host = make_host(qtbot, "😀 a\u2029b word")
    place(host, 8, 12)  # Qt counts the emoji and the U+2029 stand-in as two units each
    assert selected(host) == "word"
    qtbot.keyClick(host.source, Qt.Key.Key_B, CTRL)
    assert host.source.text() == "😀 a\u2029b **word**"
    assert selected(host) == "word"


def test_enter_in_a_fence_inside_a_list_item_keeps_the_indent_and_adds_no_marker(qtbot):
    text = "1. Install:\n\n   ```yaml\n   - name: site\n   ```\n"
    host = make_host(qtbot, text)
    place(host, text.index("site") + 4)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    qtbot.keyClicks(host.source, "x: 1")
    assert host.source.text() == text.replace("site\n", "site\n   x: 1\n")
    # Past the closing fence, Enter continues the list again.
    host.source.set_text("- a\n- b")
    place(host, 7)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "- a\n- b\n- "


def test_enter_in_indented_code_and_liquid_highlight_is_a_plain_newline(qtbot):
    text = "- Step:\n\n      > prompt\n"
    host = make_host(qtbot, text)
    place(host, text.index("prompt") + 6)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "- Step:\n\n      > prompt\n      \n"
    text = "{% highlight shell %}\n* star\n{% endhighlight %}"
    host.source.set_text(text)
    place(host, text.index("star") + 4)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == text.replace("star\n", "star\n\n")


def test_enter_on_an_empty_nested_item_goes_up_a_level_and_keeps_continuation_indent(qtbot):
    host = make_host(qtbot, "- a\n  - ")
    place(host, 8)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "- a\n- "
    host.source.set_text("- item\n  second line")
    place(host, len("- item\n  second line"))
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    qtbot.keyClicks(host.source, "third")
    assert host.source.text() == "- item\n  second line\n  third"


def test_shift_enter_is_a_new_line_in_the_same_item_never_a_line_separator(qtbot):
    host = make_host(qtbot, "* first")
    place(host, 7)
    qtbot.keyClick(host.source, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(host.source, "more")
    assert host.source.text() == "* first\n  more"
    host.source.set_text("1. one")
    place(host, 6)
    qtbot.keyClick(host.source, Qt.Key.Key_Return, SHIFT)
    assert host.source.text() == "1. one\n   "
    host.source.set_text("plain words")
    place(host, 5)
    qtbot.keyClick(host.source, Qt.Key.Key_Return, SHIFT)
    assert host.source.text() == "plain\n words"
    assert "\u2028" not in host.source.toPlainText()


def test_enter_in_the_middle_of_a_numbered_list_counts_the_items_below_on(qtbot):
    host = make_host(qtbot, "1. a\n2. b\n   more of b\n3. c\n\n1. other list")
    place(host, 4)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    qtbot.keyClicks(host.source, "new")
    assert host.source.text() == "1. a\n2. new\n3. b\n   more of b\n4. c\n\n1. other list"
    host.source.set_text("1. a\n1. b")  # every item numbered alike: kept so
    place(host, 4)
    qtbot.keyClick(host.source, Qt.Key.Key_Return)
    assert host.source.text() == "1. a\n1. \n1. b"
    qtbot.keyClick(host.source, Qt.Key.Key_Z, CTRL)
    assert host.source.text() == "1. a\n1. b"  # one undo step


@pytest.mark.parametrize(
    ("key", "after"),
    [
        (Qt.Key.Key_B, "**Great** news"),
        (Qt.Key.Key_I, "*Great* news"),
        (Qt.Key.Key_E, "`Great` news"),
    ],
)
def test_a_word_selected_with_its_space_is_wrapped_without_the_space(qtbot, key, after):
    # Ctrl+Shift+Right (and a double-click-drag) selects a word with the space after it;
    # "*Great *" is no emphasis in Markdown, so the space stays outside the markers.
    host = make_host(qtbot, "Great news")
    place(host, 0)
    qtbot.keyClick(host.source, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected(host) == "Great "
    qtbot.keyClick(host.source, key, CTRL)
    assert host.source.text() == after and selected(host) == "Great"
    qtbot.keyClick(host.source, key, CTRL)
    assert host.source.text() == "Great news"


def test_ctrl_k_links_a_word_selected_with_its_space_leaving_the_space_out(qtbot):
    host = make_host(qtbot, "read docs today")
    QGuiApplication.clipboard().setText("https://example.com/docs")
    place(host, 5, 10)
    qtbot.keyClick(host.source, Qt.Key.Key_K, CTRL)
    assert host.source.text() == "read [docs](https://example.com/docs) today"
