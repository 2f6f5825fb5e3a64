from editor.core.writing.counting import Counter, count, count_words
from editor.core.writing.outline import headings
from editor.core.writing.spelling import is_indented_code, language_code, words_to_check


def test_outline_lists_atx_and_setext_headings_but_not_code():
    text = "# One {#one}\ntext\n```\n# not\n```\nTwo **bold**\n---\n## Three ##"
    assert [(h.line, h.level, h.title) for h in headings(text)] == [
        (0, 1, "One"),
        (5, 2, "Two bold"),
        (7, 2, "Three"),
    ]


def test_counts_leave_out_code_links_targets_and_liquid():
    text = (
        "Hello **bold** world.\n\n```python\nprint('not counted words here')\n```\n\n"
        "A [link text](https://example.com/a-b-c) and `code` {% include x.html %}.\n\n"
        "    indented code block\n\n![alt](/img.png) <span>tag</span> it's well-known"
    )
    counts = count(text)
    assert counts.words == 3 + 4 + 3  # Hello bold world / A link text and / tag it's well-known
    assert counts.reading_minutes == 1


def test_counter_reuses_unchanged_paragraphs_and_agrees_with_a_fresh_count():
    counter = Counter()
    text = "one two\n\nthree\n\nfour five six"
    assert counter.count(text).words == 6
    edited = text.replace("three", "three more")
    assert counter.count(edited) == count(edited)
    assert count("").words == 0 and count("").reading_minutes == 0


def test_selection_words():
    assert count_words("**Two** words") == 2


def test_spelling_looks_at_prose_only():
    line = "Teh `codee` at https://exmple.com/pathh [lnk](http://x.io) {{ site.titel }} NASA v2beta"
    assert [w for _, _, w in words_to_check(line)] == ["Teh", "at", "lnk"]
    assert words_to_check("    indented codee") == []


def test_language_from_post_then_site_then_default():
    assert language_code("fr-FR", "de") == "fr"
    assert language_code(None, "de_DE.UTF-8") == "de"
    assert language_code(None, "") in {"en", language_code()}


def test_a_highlight_block_with_blank_lines_and_tex_environments_are_not_prose():
    body = (
        "Intro words here.\n\n{%\n  highlight ruby\n%}\ndef a\nend\n\nputs a\n"
        "{% endhighlight %}\n\n\\begin{equation}\nx = y\n\n+ z\n\\end{equation}\n\nTail.\n"
    )
    assert count(body).words == 4


def test_indented_code_is_read_against_the_list_item_it_sits_in():
    def code(line: str, *above: str) -> bool:
        return is_indented_code(line, reversed(above))

    assert code("      - name: x", "- item", "")  # 2 + 4 columns: code of the item
    assert code("       * p = 0", "1. item", "")
    assert not code("    - nested", "- item")  # a nested item
    assert not code("   text", "1. item", "")
    assert not code("      more", "- item", "  - sub", "")  # a paragraph of the sub-item
    assert code("        deep", "- item", "  - sub", "")
    assert code("    - code", "Paragraph.", "")  # outside lists: 4 columns
    assert not code("    lazy", "Paragraph.")  # continues the paragraph
    assert code("\tcode", "")
    assert code("    second", "", "    first")


def test_outline_after_edits_reads_changed_paragraphs_and_agrees_with_a_fresh_pass():
    import random

    from editor.core.writing.outline import Outline

    text = "".join(
        f"## Part {i}\n\nWords {i}.\n\n```\n# code {i}\n```\n\n"
        f"Title {i}\n---\n\n~~~\n\n# in\n~~~\n\n"
        for i in range(40)
    )
    outline, pick = Outline(), random.Random(7)
    assert outline.headings(text) == headings(text)
    for step in range(400):
        at = pick.randrange(len(text))
        if pick.random() < 0.3:
            text = text[:at] + text[at + pick.randrange(1, 40) :]
        else:
            piece = pick.choice(["\n\n", "```\n", "~~~", "# T\n", "\n---\n", "x", "\n", "==\n"])
            text = text[:at] + piece + text[at:]
        assert outline.headings(text) == headings(text), step


def test_counter_pauses_while_counting_a_long_text():
    pauses: list[int] = []
    text = "A paragraph of words.\n\n" * 2000
    assert Counter().count(text, lambda: pauses.append(1)) == count(text)
    assert len(pauses) >= 4


def test_british_spellings_map_to_the_american_dictionary_forms():
    from editor.core.writing.spelling import american_forms

    assert "color" in american_forms("colour")
    assert "organized" in american_forms("organised")
    assert "center" in american_forms("centre")
    assert "traveled" in american_forms("travelled")
    assert "defense" in american_forms("defence")
    assert "sense" not in american_forms("sence")


def test_footnote_text_is_prose_for_spelling_and_counting():
    line = "[^water]: Two litres is not enuogh."
    assert [w for _, _, w in words_to_check(line)] == ["Two", "litres", "is", "not", "enuogh"]
    assert words_to_check("[ref]: https://example.com/a Titel") == []
    assert count("[^note]: Three words here.").words == 3


def test_counts_read_indented_code_against_the_list_item_it_sits_in():
    # YAML in a list item's code block is code; a paragraph of an item is prose.
    assert count("1. Install it:\n\n       - name: site\n       - other: x\n\nEnd.").words == 3
    assert count("- item one\n\n    more words in item\n\nTop.").words == 7
    assert count("Para.\n\n    code here\n    - yaml: x\n\nEnd.").words == 2
    assert count("- a\n  - b\n\n      para of b\n\n        code of b\n\nEnd.").words == 6
    counter, text = Counter(), "- a\n\n      - code: x\n\nEnd."
    assert counter.count(text).words == 2
    # The same paragraph after a change above it: read again in its new context.
    assert counter.count(text.replace("- a", "Plain")).words == 2
    assert (
        counter.count(text.replace("- a\n\n", "Plain\n\n  ")).words
        == count(text.replace("- a\n\n", "Plain\n\n  ")).words
    )
