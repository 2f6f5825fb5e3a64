"""The compact dictionary answers as pyspellchecker's plain one does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.writing.word_store import (
    WordStore,
    cache_name,
    load_word_store,
    read_frequencies,
)

spellchecker = pytest.importorskip("spellchecker")

TRICKY = [
    "recieve", "Recieve", "teh", "walkd", "hils", "colr", "definately", "accomodate", "wrod",
    "aftr", "naem", "valu", "don't", "dont", "wasn't", "o'clock", "it's", "its", "épée", "naïve",
    "café", "cafe", "1234", "3.14", "nan", "inf", "a", "i", "x", "zz", "ca", "the", "The",
    "THE", "colour", "organise", "travelled", "xyzzyq", "'", "-", "", "rock'n'roll",
]  # fmt: skip


def dictionary(language: str) -> Path:
    path = Path(spellchecker.__file__).parent / "resources" / f"{language}.json.gz"
    if not path.exists():
        pytest.skip(f"pyspellchecker has no {language} dictionary here")
    return path


def plain(path: Path):
    checker = spellchecker.SpellChecker(language=None)
    checker.word_frequency.load_dictionary(str(path))
    return checker


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_word_and_count_of_the_dictionary_is_known(language):
    path = dictionary(language)
    words = plain(path).word_frequency.dictionary
    store = load_word_store(path)
    assert len(store) == len(words)
    assert [w for w, count in words.items() if w not in store or store.get(w) != count] == []


def test_tricky_and_unknown_words_answer_as_the_plain_dictionary():
    path = dictionary("en")
    words = plain(path).word_frequency.dictionary
    store = load_word_store(path)
    for word in TRICKY + [w + "q" for w in list(words)[::997]] + [w.upper() for w in words][:50]:
        assert (word in store) == (word in words), word
        assert store.get(word, -1) == words.get(word, -1), word


def test_suggestions_are_pyspellchecker_candidates():
    path = dictionary("en")
    checker = plain(path)
    store = load_word_store(path)
    for word in [*TRICKY[:30], "zorblax"]:
        assert store.candidates(word) == checker.candidates(word), word
    assert "receive" in (store.candidates("recieve") or set())


def test_a_small_store_without_the_file():
    store = WordStore.build({"cat": 5, "cart": 2, "dog": 1})
    assert "cat" in store and "cow" not in store and 5 not in store
    assert store.get("cart") == 2 and store.get("cow", 7) == 7
    assert store.candidates("cst") == {"cat"}
    assert store.candidates("crt") == {"cat", "cart"}
    assert store.candidates("qqqqq") is None
    assert len(WordStore.build({})) == 0 and "a" not in WordStore.build({})
    assert WordStore.build({"big": 1 << 40, "neg": -3}).get("big") == 1 << 40  # wider counts kept


def test_the_file_is_read_lowered_like_pyspellchecker(tmp_path):
    path = tmp_path / "words.json"
    path.write_text('{"Paris": 3, "the": 9}', encoding="utf-8")
    assert read_frequencies(path) == {"paris": 3, "the": 9}
    assert "paris" in load_word_store(path) and "Paris" not in load_word_store(path)


def test_the_store_read_back_from_its_cache_file_answers_the_same(tmp_path):
    path = dictionary("en")
    words = plain(path).word_frequency.dictionary
    built = load_word_store(path, tmp_path)
    cached = tmp_path / cache_name(path)
    assert cached.is_file()
    again = load_word_store(path, tmp_path)
    assert again.letters == built.letters and again.longest == built.longest
    assert len(again) == len(words)
    assert [w for w, count in words.items() if again.get(w, -1) != count] == []
    assert [w for w in TRICKY if (w in again) != (w in words)] == []
    assert again.candidates("recieve") == built.candidates("recieve")


def test_a_stale_or_broken_cache_file_is_rebuilt(tmp_path):
    source = tmp_path / "xx.json"
    source.write_text('{"cat": 5, "cart": 2}', encoding="utf-8")
    cache = tmp_path / "cache"
    first = cache / cache_name(source)
    assert "cat" in load_word_store(source, cache) and first.is_file()
    first.write_bytes(first.read_bytes()[:-10])  # cut short
    assert "cat" in load_word_store(source, cache)
    assert "cat" in load_word_store(source, cache)  # rewritten whole
    source.write_text('{"dog": 1}', encoding="utf-8")
    os.utime(source, ns=(1, 1))
    store = load_word_store(source, cache)
    assert "dog" in store and "cat" not in store
    assert [p.name for p in cache.iterdir()] == [cache_name(source)]  # the stale one is gone


def test_an_unwritable_cache_still_gives_the_store(tmp_path):
    source = tmp_path / "xx.json"
    source.write_text('{"cat": 5}', encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert "cat" in load_word_store(source, blocker / "cache")
