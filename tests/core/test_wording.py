from editor.core.checks.report import summary
from editor.core.wording import count_of


def test_counts_agree_with_their_noun():
    assert count_of(0, "post") == "0 posts"
    assert count_of(1, "post") == "1 post"
    assert count_of(2_000, "post") == "2,000 posts"
    assert count_of(1, "entry", "entries") == "1 entry"
    assert count_of(3, "entry", "entries") == "3 entries"
    assert summary([]) == "0 errors, 0 warnings, 0 notes"
