import subprocess
import sys

import pytest

from editor.core.writing.search import Query, QueryError, find_all, next_match, replace_all


def test_literal_search_ignores_case_unless_asked():
    text = "Cat cat CAT concat"
    assert len(find_all(text, Query("cat"))) == 4
    assert find_all(text, Query("cat", match_case=True)) == [(4, 7), (15, 18)]


def test_whole_word_skips_words_containing_the_query():
    assert find_all("cat concat cat.", Query("cat", whole_word=True)) == [(0, 3), (11, 14)]


def test_regex_with_groups_replaces_all_at_once():
    text = "2024-05-01 and 2023-01-02"
    query = Query(r"(\d{4})-(\d\d)-(\d\d)", regex=True)
    assert replace_all(text, query, r"\3/\2/\1") == ("01/05/2024 and 02/01/2023", 2)


def test_literal_replacement_is_not_a_template():
    assert replace_all("a.b", Query("."), r"\1") == (r"a\1b", 1)


def test_bad_regex_says_why():
    with pytest.raises(QueryError):
        find_all("x", Query("(", regex=True))


def test_next_match_wraps_both_ways():
    matches = [(0, 1), (5, 6)]
    assert next_match(matches, 2) == (5, 6)
    assert next_match(matches, 7) == (0, 1)
    assert next_match(matches, 5, backward=True) == (0, 1)
    assert next_match(matches, 0, backward=True) == (5, 6)


def test_a_pattern_that_backtracks_for_ever_stops_within_its_budget():
    from editor.core.writing.search import SearchTooLong, replacements
    from tests.support.timing import cpu_seconds

    text = "a" * 9_000 + "b"
    query = Query("(a+)+$", regex=True)
    for work in (
        lambda: find_all(text, query, budget=0.2),
        lambda: replacements(text, query, "x", budget=0.2),
        lambda: replace_all(text, query, "x", budget=0.2),
    ):
        with pytest.raises(SearchTooLong, match="took too long"):
            work()

    def bounded() -> None:
        with pytest.raises(SearchTooLong):
            find_all(text, query, budget=0.2)

    _, cpu = cpu_seconds(bounded)
    assert cpu < 2.0


def test_replacements_know_every_match_and_its_text_in_one_pass():
    from editor.core.writing.search import replacements

    query = Query(r"(\d+)-(\d+)", regex=True)
    assert replacements("1-2 and 30-4", query, r"\2-\1") == [(0, 3, "2-1"), (8, 12, "4-30")]
    with pytest.raises(QueryError):
        replacements("1-2", query, r"\3")


def test_regex_is_loaded_by_the_first_regular_expression_only():
    """The window imports this module at start; ``regex`` waits for a regex query."""
    code = (
        "import sys\n"
        "from editor.core.writing.search import Query, QueryError, find_all\n"
        "find_all('a cat', Query('cat'))\n"
        "print('regex' in sys.modules)\n"
        "try:\n"
        "    find_all('x', Query('(?<name', regex=True))\n"
        "except QueryError:\n"
        "    print('refused')\n"
        "print(find_all('a cat', Query('c.t', regex=True)), 'regex' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split("\n")[:3] == ["False", "refused", "[(2, 5)] True"]
