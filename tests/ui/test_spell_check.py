"""Spell checking in the source pane: marks, what is left alone, the context menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from editor.ui import spell_check
from editor.ui.source_editor import SourceEditor
from editor.ui.spell_check import SpellCheck, personal_words_path


def underlined(editor: SourceEditor, line: int) -> list[str]:
    block = editor.document().findBlockByNumber(line)
    text = block.text()
    words = []
    for fmt_range in block.layout().formats():
        style = fmt_range.format.underlineStyle()
        if style == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
            words.append(text[fmt_range.start : fmt_range.start + fmt_range.length])
    return words


def make(qtbot, text: str) -> tuple[SourceEditor, SpellCheck]:
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    spelling = SpellCheck(editor, editor.highlighter)
    spelling.configure(enabled=True, language="en", site_root=None)
    editor.set_text(text)
    qtbot.waitUntil(lambda: not spelling.remarking)
    return editor, spelling


def test_misspelled_words_are_underlined_but_not_code_urls_or_liquid(qtbot):
    editor, _ = make(
        qtbot,
        "We walkd to the hils.\n"
        "Use `confg` at https://exampel.com/pathh and {{ site.titel }}.\n"
        "```\nmisspeled code\n```",
    )
    assert underlined(editor, 0) == ["walkd", "hils"]
    assert underlined(editor, 1) == []
    assert underlined(editor, 3) == []


def test_typing_marks_the_new_word(qtbot):
    editor, _ = make(qtbot, "Fine words.")
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Wrongg")
    assert underlined(editor, 0) == ["Wrongg"]


def test_suggestions_add_and_ignore(qtbot):
    editor, spelling = make(qtbot, "I recieve mail from Zorblax.")
    assert "receive" in spelling.suggestions("recieve")
    point = editor.cursorRect(_cursor_at(editor, 4)).center()
    menu = spelling.build_menu(point)
    names = [a.objectName() for a in menu.actions()]
    assert "spelling:receive" in names and "spelling:add" in names
    next(a for a in menu.actions() if a.objectName() == "spelling:receive").trigger()
    assert editor.text() == "I receive mail from Zorblax."
    spelling.add_word("Zorblax")
    assert underlined(editor, 0) == []
    assert "Zorblax" in personal_words_path().read_text(encoding="utf-8")


def test_ignore_and_site_word_list(qtbot, tmp_path):
    (tmp_path / ".post-editor-words.txt").write_text("Kubernetes\n", encoding="utf-8")
    editor, spelling = make(qtbot, "Kubernetes and Qwertz.")
    spelling.configure(enabled=True, language="en", site_root=tmp_path)
    qtbot.waitUntil(lambda: not spelling.remarking)
    assert underlined(editor, 0) == ["Qwertz"]
    spelling.ignore_word("Qwertz")
    assert underlined(editor, 0) == []


def _cursor_at(editor: SourceEditor, position: int):
    cursor = editor.textCursor()
    cursor.setPosition(position)
    return cursor


def test_code_inside_list_items_is_not_checked_but_their_prose_is(qtbot):
    editor, spelling = make(
        qtbot,
        "1. Frist step:\n"  # 0
        "\n"
        "       - naem: value\n"  # 2: indented code of the item (7 = 3 + 4)
        "       * ptrr = 0\n"  # 3
        "\n"
        "   Secnd paragraph of the item.\n"  # 5
        "   - nestd item\n"  # 6
        "\n"
        "   ```yaml\n"  # 8: a fence inside the item
        "   - fenec: yes\n"  # 9
        "   ```\n"
        "\n"
        "\n"
        "{% highlight shell %}\n"  # 13
        "> shel promt\n"  # 14
        "{% endhighlight %}\n\n"
        "    - topp level code\n"  # 17: indented code outside any list
        "Paragraf\n"  # 18
        "    contnued lazily\n",  # 19: continues the paragraph: prose
    )
    assert underlined(editor, 0) == ["Frist"]
    for line in (2, 3, 8, 9, 13, 14, 17):
        assert underlined(editor, line) == [], line
    assert underlined(editor, 5) == ["Secnd"]
    assert underlined(editor, 6) == ["nestd"]
    assert underlined(editor, 18) == ["Paragraf"]
    assert underlined(editor, 19) == ["contnued"]
    block = editor.document().findBlockByNumber(2)
    point = editor.cursorRect(_cursor_at(editor, block.position() + 10)).center()
    assert spelling.word_at(point) is None


def test_html_code_blocks_and_maths_are_not_checked(qtbot):
    editor, _ = make(
        qtbot,
        "<style>\n.notez { colr: red; }\n</style>\n"  # 0-2
        "<script>\nconst valu = 1;\n</script>\n"  # 3-5
        "<pre>\nsom preformated\n</pre>\n"  # 6-8
        "$$\n\\fracc{ab}{cd} \\alpha\n$$\n"  # 9-11
        "Inline $$\\sqrtt{x}$$ and \\\\(\\betta\\\\) but wrongg.\n",  # 12
    )
    for line in range(12):
        assert underlined(editor, line) == [], line
    assert underlined(editor, 12) == ["wrongg"]


def test_a_blank_line_typed_above_indented_lines_turns_all_of_them_into_code(qtbot):
    editor, _ = make(qtbot, "Paragraf\n    - naem: x\n    - valu: y\nAftr\n")
    assert underlined(editor, 1) == ["naem"]  # continues the paragraph: prose
    cursor = editor.textCursor()
    cursor.setPosition(len("Paragraf"))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert underlined(editor, 2) == [] and underlined(editor, 3) == []  # now code
    assert underlined(editor, 4) == ["Aftr"]
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert underlined(editor, 1) == ["naem"] and underlined(editor, 2) == ["valu"]


def test_a_dictionary_read_in_the_background_marks_the_text_once_in(qtbot, monkeypatch):
    monkeypatch.setattr(spell_check, "_read_checkers", {})  # none read before
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    spelling = SpellCheck(editor, editor.highlighter)
    spelling.hold_loads()
    spelling.configure(enabled=True, language="en", site_root=None, background=True)
    editor.set_text("We walkd to the hils.")
    assert spelling.enabled and spelling.loading
    assert underlined(editor, 0) == []  # nothing marked while the dictionary is not in
    spelling.release_loads()
    qtbot.waitUntil(lambda: not spelling.loading and not spelling.remarking, timeout=10000)
    assert underlined(editor, 0) == ["walkd", "hils"]
    spelling.shutdown()


def test_spelling_turned_off_while_loading_comes_back_without_a_second_read(qtbot, monkeypatch):
    monkeypatch.setattr(spell_check, "_read_checkers", {})
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    spelling = SpellCheck(editor, editor.highlighter)
    spelling.configure(enabled=True, language="en", site_root=None, background=True)
    spelling.configure(enabled=False, language="en", site_root=None, background=True)
    editor.set_text("We walkd.")
    qtbot.waitUntil(lambda: not spelling.loading, timeout=10000)
    assert underlined(editor, 0) == []
    spelling.configure(enabled=True, language="en", site_root=None, background=True)
    assert not spelling.loading
    qtbot.waitUntil(lambda: not spelling.remarking)
    assert underlined(editor, 0) == ["walkd"]
    spelling.shutdown()


def test_british_spellings_are_known_in_english(qtbot):
    editor, _ = make(qtbot, "The colour of the centre, organised and travelled; the colr.")
    assert underlined(editor, 0) == ["colr"]


def test_web_words_names_in_mixed_case_hashtags_and_handles_are_not_marked(qtbot):
    editor, _ = make(
        qtbot,
        "The app's screenshot, emoji and metadata, etc. On macOS with WordPress and GitHub, "
        "#hashtagg and @handel. Teh end.",
    )
    assert underlined(editor, 0) == ["Teh"]


def test_emoji_shortcodes_are_not_checked_but_typos_beside_them_are(qtbot):
    editor, _ = make(qtbot, "Great news :tada: :+1: :white_check_mark: and a wrod.\n")
    assert underlined(editor, 0) == ["wrod"]
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Done :sparkles:")
    assert underlined(editor, 1) == []


def test_a_long_text_is_marked_again_when_the_dictionary_comes_in_without_being_typing(
    qtbot, monkeypatch
):
    monkeypatch.setattr(spell_check, "_read_checkers", {})
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    spelling = SpellCheck(editor, editor.highlighter)
    spelling.hold_loads()
    spelling.configure(enabled=True, language="en", site_root=None, background=True)
    editor.set_text("We walkd to the hils.\n" * 4000)  # longer than the lazy highlighter's limit
    editor.lazy_highlight.finish_now()
    assert underlined(editor, 3999) == []
    spelling.release_loads()
    qtbot.waitUntil(lambda: not spelling.loading and not spelling.remarking, timeout=30_000)
    assert underlined(editor, 0) == underlined(editor, 3999) == ["walkd", "hils"]
    assert edits == []
    spelling.shutdown()


def test_a_dictionary_read_once_serves_the_next_window_at_once(qtbot):
    make(qtbot, "Fine words.")  # reads the dictionary
    editor = SourceEditor()
    qtbot.addWidget(editor)
    spelling = SpellCheck(editor, editor.highlighter)
    spelling.hold_loads()
    spelling.configure(enabled=True, language="en", site_root=None, background=True)
    assert not spelling.loading
    editor.set_text("A wordd.")
    assert underlined(editor, 0) == ["wordd"]
