from editor.core.writing.formatting import (
    continue_list,
    make_link,
    set_heading,
    shift_list_items,
    toggle_code_block,
    toggle_inline,
    toggle_line_prefix,
)


def run(edit, text):
    new = edit.apply(text)
    return new, new[min(edit.anchor, edit.position) : max(edit.anchor, edit.position)]


def test_bold_wraps_and_unwraps_the_selection():
    text = "say hello now"
    new, selected = run(toggle_inline(text, 4, 9, "**"), text)
    assert (new, selected) == ("say **hello** now", "hello")
    assert run(toggle_inline(new, 6, 11, "**"), new) == ("say hello now", "hello")


def test_bold_without_selection_takes_the_word_under_the_cursor():
    assert toggle_inline("one two", 5, 5, "**").apply("one two") == "one **two**"


def test_empty_pair_then_cursor_inside():
    edit = toggle_inline("a  b", 2, 2, "`")
    assert edit.apply("a  b") == "a `` b" and edit.position == 3


def test_italic_inside_bold_is_not_mistaken_for_italic():
    text = "**word**"
    assert toggle_inline(text, 2, 6, "*").apply(text) == "***word***"
    assert toggle_inline("*word*", 1, 5, "*").apply("*word*") == "word"


def test_link_uses_the_clipboard_url_or_waits_in_the_parentheses():
    text = "see docs here"
    edit = make_link(text, 4, 8, "https://example.com/x")
    assert edit.apply(text) == "see [docs](https://example.com/x) here"
    edit = make_link(text, 4, 8, "not a url")
    assert edit.apply(text) == "see [docs]() here"
    assert edit.position == len("see [docs](")
    assert make_link("[a](b)", 0, 6).apply("[a](b)") == "a"


def test_heading_levels_set_change_and_toggle_off():
    assert set_heading("Title\nbody", 2, 2, 2).apply("Title\nbody") == "## Title\nbody"
    assert set_heading("## Title", 4, 4, 3).apply("## Title") == "### Title"
    assert set_heading("## Title", 4, 4, 2).apply("## Title") == "Title"


def test_lists_and_quotes_toggle_over_lines():
    text = "one\ntwo"
    assert toggle_line_prefix(text, 0, 7, "bullet").apply(text) == "- one\n- two"
    assert toggle_line_prefix("- one\n- two", 0, 11, "bullet").apply("- one\n- two") == text
    assert toggle_line_prefix(text, 0, 7, "numbered").apply(text) == "1. one\n2. two"
    assert toggle_line_prefix("- one", 0, 0, "numbered").apply("- one") == "1. one"
    assert toggle_line_prefix(text, 0, 7, "quote").apply(text) == "> one\n> two"
    assert toggle_line_prefix("> one\n> two", 0, 3, "quote").apply("> one\n> two") == ("one\n> two")


def test_code_block_fences_and_unfences():
    text = "a\nprint(1)\nb"
    fenced = toggle_code_block(text, 3, 3).apply(text)
    assert fenced == "a\n```\nprint(1)\n```\nb"
    assert toggle_code_block(fenced, 7, 7).apply(fenced) == text


def test_enter_continues_lists_and_quotes():
    assert continue_list("- a", 3).apply("- a") == "- a\n- "
    assert continue_list("9. a", 4).apply("9. a") == "9. a\n10. "
    assert continue_list("- [x] done", 10).apply("- [x] done") == "- [x] done\n- [ ] "
    assert continue_list("> quoted", 8).apply("> quoted") == "> quoted\n> "
    assert continue_list("plain", 5) is None


def test_enter_on_an_empty_item_ends_the_list():
    assert continue_list("- a\n- ", 6).apply("- a\n- ") == "- a\n"


def test_tab_nests_and_shift_tab_unnests_list_items():
    text = "- a\n- b"
    nested = shift_list_items(text, 6, 6).apply(text)
    assert nested == "- a\n  - b"
    assert shift_list_items(nested, 8, 8, outdent=True).apply(nested) == text
    assert shift_list_items("plain", 0, 0) is None
    assert shift_list_items("1. a\n2. b", 9, 9).apply("1. a\n2. b") == "1. a\n   2. b"
