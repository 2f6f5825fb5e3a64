"""Fixes change only the broken spans; real posts without mojibake are left byte-identical."""

from __future__ import annotations

import shutil

from hypothesis import given
from hypothesis import strategies as st

from editor.core.checks import SiteContext, apply_fix, apply_safe_fixes, check_file
from editor.core.checks.text import mojibake_repairs
from editor.core.frontmatter import PostDocument
from editor.core.site import Site
from tests.support.corpus import CORPUS_DIR, corpus_posts, requires_corpus


@requires_corpus
def test_no_mojibake_reported_on_the_corpus():
    ctx = SiteContext.build(Site.open(CORPUS_DIR))
    reported = {
        (path.name, f.line)
        for path in corpus_posts()
        for f in check_file(path, ctx)
        if f.rule in ("mojibake", "control-character")
    }
    assert len(corpus_posts()) >= 60
    assert reported == set()


@requires_corpus
def test_fix_on_corpus_posts_changes_nothing(tmp_path, capsys):
    from editor import cli

    folder = tmp_path / "posts"
    shutil.copytree(CORPUS_DIR, folder)
    cli.main(["check", "--fix", *(str(p) for p in sorted(folder.iterdir()))])
    out = capsys.readouterr().out
    assert ": fixed: " not in out
    for original in corpus_posts():
        assert (folder / original.name).read_bytes() == original.read_bytes(), original.name


def test_a_fix_keeps_crlf_bom_and_every_other_line():
    data = "\ufeff---\r\ntitle: Caf\u00c3\u00a9\r\n---\r\nOne\r\nHereâ€™s “two”\r\nThree".encode()
    document = PostDocument.from_bytes(data)
    ctx = SiteContext(None)
    applied = apply_safe_fixes(document, None, ctx)
    assert [f.line for f in applied] == [2, 5]
    assert (
        document.to_bytes()
        == "\ufeff---\r\ntitle: Café\r\n---\r\nOne\r\nHere’s “two”\r\nThree".encode()
    )


def test_a_stale_fix_is_refused():
    document = PostDocument.from_text("Hereâ€™s\n")
    from editor.core.checks import check_document

    (finding,) = check_document(document, None, SiteContext(None))
    document.set_body("Something else\n")
    assert finding.fix is not None and not apply_fix(document, finding.fix)
    assert document.body == "Something else\n"


def test_only_the_broken_spans_change_curly_quotes_stay_curly():
    line = "“Quoted” — Hereâ€™s the café, naïve Ã©"
    repairs = mojibake_repairs(line)
    assert [(line[a:b], new) for a, b, new in repairs] == [("â€™", "’"), ("Ã©", "é")]


WORD = st.text(
    alphabet=st.sampled_from(list("abcdefXYZ") + list("éèàçüößñÉÜÖÅØæøå")),
    min_size=1,
    max_size=8,
)
SEPARATOR = st.sampled_from(
    [
        " ",
        ", ",
        "” ",
        " “",
        "’",
        " — ",
        "… ",
        " «\u00a0",
        "\u00a0» ",
        " 5 € ",
        " 20°C ",
        "\n",
        "\r\n",
    ]
)
TEXT = st.lists(st.tuples(WORD, SEPARATOR), max_size=30).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@given(TEXT)
def test_fix_on_text_without_mojibake_changes_nothing(body):
    document = PostDocument.from_text("---\ntitle: x\n---\n" + body)
    before = document.to_bytes()
    applied = apply_safe_fixes(document, None, SiteContext(None))
    assert [f.rule for f in applied] == []
    assert document.to_bytes() == before


REAL_WORDS = ["café", "naïve", "Straße", "“quoted”", "it’s", "—", "…", "20 °C", "5 €", "中文"]
REAL_WORDS += ["😀", "Ärger", "São", "ça", "Æsir", "smörgåsbord", "piñata", "½", "©"]


@given(st.lists(st.sampled_from(REAL_WORDS), min_size=1, max_size=6).map(" ".join))
def test_garbled_text_is_found_and_repaired(word):
    garbled = word.encode("utf-8").decode("cp1252", errors="strict") if _cp1252_ok(word) else None
    if garbled is None:
        return
    document = PostDocument.from_text(f"Before {garbled} after\n")
    apply_safe_fixes(document, None, SiteContext(None))
    assert document.body == f"Before {word} after\n"


def _cp1252_ok(word: str) -> bool:
    try:
        word.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def test_a_garbled_line_keeps_its_real_german_quotes():
    line = "„Fuß“ and Hereâ€™s"
    assert [(line[a:b], new) for a, b, new in mojibake_repairs(line)] == [("â€™", "’")]


@given(
    st.lists(st.sampled_from(REAL_WORDS), min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["{}", '"{}"', "'{}'"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_a_garbled_front_matter_value_is_repaired_and_reads_back(words, style, ending):
    if not _cp1252_ok(words) or "'" in words or '"' in words:
        return
    garbled = words.encode("utf-8").decode("cp1252")
    lines = ["---", "title: " + style.format("Title " + garbled), "---", "Body", ""]
    document = PostDocument.from_text(ending.join(lines))
    apply_safe_fixes(document, None, SiteContext(None))
    assert document.error is None
    assert document.get("title") == "Title " + words
    assert document.text() == ending.join(lines).replace(garbled, words)
