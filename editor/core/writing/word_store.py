"""A spelling dictionary held compactly: the words' hashes, sorted, with their frequencies.

pyspellchecker keeps its dictionary as a ``dict`` of about 160,000 ``str`` keys with their
counts (English: about 13 MiB of the window's heap). Spell checking only asks whether a word
is in it and how common it is, so :class:`WordStore` keeps each word's hash in a sorted
``array`` and its count in a parallel one (about 2 MiB), and looks a word up by bisection.
The hashes are Python's own string hashes, so a store is built in the process that uses it
(they differ between processes); two different words share a 64-bit hash about once in 10^14
dictionaries of this size, so the answers are those of the plain ``dict``.

Suggestions follow pyspellchecker's ``SpellChecker.candidates`` (edit distance 1, then 2)
step for step, over the same letters, with the store as the word list.
"""

from __future__ import annotations

import gzip
import json
import string
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from pathlib import Path

BUCKETS = 1 << 16


def _bucket(key: int) -> int:
    return (key >> 48) + (BUCKETS >> 1)  # the top 16 bits of a signed 64-bit hash, from 0


def _lowest(bucket: int) -> int:
    """The smallest hash of ``bucket`` (past the largest hash for ``BUCKETS``)."""
    return (bucket - (BUCKETS >> 1)) << 48


class WordStore:
    """Words (lower case, as pyspellchecker loads them) and their frequencies, read-only."""

    __slots__ = ("_counts", "_hashes", "_starts", "letters", "longest")

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        # Built in a few C-level passes: the transient objects (the sort's integers) come and
        # go together, without other threads' objects in between to keep their pages.
        hashes = array("q", map(hash, frequencies))
        # Counts in 4 bytes when they fit (pyspellchecker's do), else 8.
        wide = (
            max(frequencies.values(), default=0) >= 1 << 32
            or min(frequencies.values(), default=0) < 0
        )
        counts = array("q" if wide else "I", frequencies.values())
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self._hashes = array("q", map(hashes.__getitem__, order))
        self._counts = array(counts.typecode, map(counts.__getitem__, order))
        del order, hashes, counts
        # Where each bucket of hashes (by their top bits) starts: a lookup bisects a few.
        self._starts = array(
            "I", (bisect_left(self._hashes, _lowest(bucket)) for bucket in range(BUCKETS + 1))
        )
        self.letters: frozenset[str] = frozenset().union(*frequencies)
        self.longest = max(map(len, frequencies), default=0)

    def _index(self, word: str) -> int:
        """Where ``word``'s hash sits in the sorted hashes; -1 when it is not there."""
        key = hash(word)
        bucket = _bucket(key)
        end = self._starts[bucket + 1]
        at = bisect_left(self._hashes, key, self._starts[bucket], end)
        return at if at < end and self._hashes[at] == key else -1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index(word) >= 0

    def get(self, word: str, default: int = 0) -> int:
        """The word's frequency (``default`` when unknown), like ``dict.get``."""
        at = self._index(word)
        return self._counts[at] if at >= 0 else default

    def __len__(self) -> int:
        return len(self._hashes)

    def nbytes(self) -> int:
        """The memory of the word list's arrays."""
        return sum(a.buffer_info()[1] * a.itemsize for a in (self._hashes, self._counts))

    # -- suggestions, as pyspellchecker makes them ---------------------------------------------
    def candidates(self, word: str) -> set[str] | None:
        """Known words one edit from ``word``, else two; ``{word}`` when it is known or not a
        word to check; None when there are none (``SpellChecker.candidates``)."""
        if self.known([word]) or not self._should_check(word):
            return {word}
        first = list(self.edit_distance_1(word))
        found = self.known(first)
        if found:
            return found
        second: set[str] = set()
        for e1 in first:
            if self._should_check(e1):
                second |= self._known_lower(self.edit_distance_1(e1))
        return self.known(second) or None

    def known(self, words: Iterable[str]) -> set[str]:
        """Those of ``words`` (lowered) in the dictionary."""
        return self._known_lower(word.lower() for word in words)

    def _known_lower(self, words: Iterable[str]) -> set[str]:
        index = self._index
        return {word for word in words if index(word) >= 0 and self._should_check(word)}

    def edit_distance_1(self, word: str) -> set[str]:
        """Every string one deletion, transposition, replacement or insertion (of a letter of
        the dictionary) away from ``word`` (lowered)."""
        word = word.lower()
        if not self._should_check(word):
            return {word}
        letters = self.letters
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        deletes = [left + right[1:] for left, right in splits if right]
        transposes = [
            left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
        ]
        replaces = [left + c + right[1:] for left, right in splits if right for c in letters]
        inserts = [left + c + right for left, right in splits for c in letters]
        return set(deletes + transposes + replaces + inserts)

    def _should_check(self, word: str) -> bool:
        """pyspellchecker's filter: not punctuation, not a number, not far longer than the
        longest word."""
        if len(word) == 1 and word in string.punctuation:
            return False
        if len(word) > self.longest + 3:
            return False
        if word.lower() in ("nan", "inf", "infinity"):
            return True
        try:
            float(word)
        except ValueError:
            return True
        return False


def read_frequencies(path: Path) -> dict[str, int]:
    """A pyspellchecker dictionary file (JSON, gzipped or not) read as pyspellchecker's
    ``load_dictionary`` reads it: the whole text lowered, then parsed."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data: dict[str, int] = json.loads(handle.read().lower())
    return data


def load_word_store(path: Path) -> WordStore:
    return WordStore(read_frequencies(path))
