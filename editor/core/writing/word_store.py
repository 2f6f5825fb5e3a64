"""A spelling dictionary held compactly: the words' hashes, sorted, with their frequencies.

pyspellchecker keeps its dictionary as a ``dict`` of about 160,000 ``str`` keys with their
counts (English: about 13 MiB of the window's heap, and reading it leaves the heap fragmented).
Spell checking only asks whether a word is in it and how common it is, so :class:`WordStore`
keeps each word's 64-bit BLAKE2 hash in a sorted ``array`` and its count in a parallel one
(about 2 MiB), and looks a word up by bisection within the bucket of its hash's top bits; a
bit table of the words' CRC-32s answers most misses before any hashing. Two different words
share a 64-bit hash about once in 10^9 dictionaries of this size, so the answers are those of
the plain ``dict``.

The hashes are stable, so the store is kept in a cache file (:func:`load_word_store`): read
back into the arrays directly, without making a Python object per word.

Suggestions follow pyspellchecker's ``SpellChecker.candidates`` (edit distance 1, then 2)
step for step, over the same letters, with the store as the word list.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import string
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from pathlib import Path

from editor.core.digest import blake2b

log = logging.getLogger(__name__)

BUCKET_BITS = 16
BUCKETS = 1 << BUCKET_BITS
FILTER_BITS = 21  # the CRC-32 bit table: 2^21 bits (256 KiB), about 7% of misses pass it
FORMAT = b"post-editor word store 1\n"


def _digest(data: bytes) -> int:
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little")


def _encode(word: str) -> bytes:
    return word.encode("utf-8", "surrogatepass")


class WordStore:
    """Words (lower case, as pyspellchecker loads them) and their frequencies, read-only."""

    __slots__ = ("_counts", "_filter", "_hashes", "_starts", "letters", "longest")

    def __init__(
        self,
        hashes: array[int],
        counts: array[int],
        starts: array[int],
        word_filter: bytearray,
        letters: str,
        longest: int,
    ) -> None:
        self._hashes = hashes  # sorted
        self._counts = counts  # the count of the word with the hash at the same index
        self._starts = starts  # where each bucket (the hashes' top bits) starts
        self._filter = word_filter  # bit (CRC-32 mod 2^FILTER_BITS) set for each word
        self.letters = frozenset(letters)
        self.longest = longest

    @classmethod
    def build(cls, frequencies: Mapping[str, int]) -> WordStore:
        encoded = list(map(_encode, frequencies))
        hashes = array("Q", map(_digest, encoded))
        wide = any(c < 0 or c >= 1 << 32 for c in frequencies.values())
        counts = array("q" if wide else "I", frequencies.values())
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        sorted_hashes = array("Q", map(hashes.__getitem__, order))
        sorted_counts = array(counts.typecode, map(counts.__getitem__, order))
        word_filter = bytearray(1 << (FILTER_BITS - 3))
        mask = (1 << FILTER_BITS) - 1
        for data in encoded:
            bit = zlib.crc32(data) & mask
            word_filter[bit >> 3] |= 1 << (bit & 7)
        shift = 64 - BUCKET_BITS
        starts = array(
            "I", (bisect_left(sorted_hashes, bucket << shift) for bucket in range(BUCKETS))
        )
        starts.append(len(sorted_hashes))
        letters = "".join(sorted(frozenset().union(*frequencies)))
        longest = max(map(len, frequencies), default=0)
        return cls(sorted_hashes, sorted_counts, starts, word_filter, letters, longest)

    # -- looking up -----------------------------------------------------------------------------
    def _index(self, word: str) -> int:
        """Where ``word``'s hash sits in the sorted hashes; -1 when it is not there."""
        data = _encode(word)
        bit = zlib.crc32(data) & ((1 << FILTER_BITS) - 1)
        if not self._filter[bit >> 3] & (1 << (bit & 7)):
            return -1
        key = _digest(data)
        bucket = key >> (64 - BUCKET_BITS)
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
        """The memory of the word list's tables."""
        arrays = (self._hashes, self._counts, self._starts)
        return sum(len(a) * a.itemsize for a in arrays) + len(self._filter)

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

    # -- the cache file -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the store to ``path`` (atomically: a reader sees the old file or the new)."""
        header = {
            "byteorder": sys.byteorder,
            "count": len(self._hashes),
            "count_type": self._counts.typecode,
            "letters": "".join(sorted(self.letters)),
            "longest": self.longest,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + f".{os.getpid()}.part")
        try:
            with partial.open("wb") as handle:
                handle.write(FORMAT)
                handle.write(json.dumps(header).encode("utf-8") + b"\n")
                for table in (self._hashes, self._counts, self._starts):
                    table.tofile(handle)
                handle.write(self._filter)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    @classmethod
    def read(cls, path: Path) -> WordStore:
        """A store written by :meth:`save` (ValueError: not one, or another machine's)."""
        with path.open("rb") as handle:
            if handle.readline() != FORMAT:
                raise ValueError("not a word store")
            header = json.loads(handle.readline(4096))
            if header.get("byteorder") != sys.byteorder:
                raise ValueError("a word store of another byte order")
            count = int(header["count"])
            hashes = _read_table(handle, "Q", count)
            counts = _read_table(handle, str(header["count_type"]), count)
            starts = _read_table(handle, "I", BUCKETS + 1)
            word_filter = bytearray(1 << (FILTER_BITS - 3))
            if handle.readinto(word_filter) != len(word_filter) or handle.read(1):
                raise ValueError("a word store of the wrong length")
        return cls(hashes, counts, starts, word_filter, header["letters"], int(header["longest"]))


def _read_table(handle, typecode: str, count: int) -> array[int]:
    """``count`` items read straight into an array (no intermediate bytes)."""
    if typecode not in ("Q", "I", "q"):
        raise ValueError(f"unexpected table type {typecode!r}")
    table = array(typecode, [0]) * count
    view = memoryview(table).cast("B")
    if handle.readinto(view) != len(view):
        raise ValueError("a word store cut short")
    view.release()
    return table


def read_frequencies(path: Path) -> dict[str, int]:
    """A pyspellchecker dictionary file (JSON, gzipped or not) read as pyspellchecker's
    ``load_dictionary`` reads it: the whole text lowered, then parsed."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data: dict[str, int] = json.loads(handle.read().lower())
    return data


def cache_name(path: Path) -> str:
    """The cache file's name for the dictionary file ``path`` (its size and time in it)."""
    info = path.stat()
    return f"{path.name.split('.')[0]}-{info.st_size}-{info.st_mtime_ns}.words"


def load_word_store(path: Path, cache: Path | None = None) -> WordStore:
    """The dictionary file ``path`` as a store, from the cache folder ``cache`` when it holds
    it (written there the first time; a stale or broken cache file is replaced)."""
    cached = cache / cache_name(path) if cache is not None else None
    if cached is not None:
        try:
            return WordStore.read(cached)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("rebuilding the word store %s: %s", cached, exc)
    store = WordStore.build(read_frequencies(path))
    if cached is not None:
        try:
            store.save(cached)
            stem = cached.name.split("-")[0]
            for old in cached.parent.glob(f"{stem}-*.words"):
                if old != cached:
                    old.unlink(missing_ok=True)  # an earlier version of the dictionary
        except OSError as exc:
            log.info("cannot keep the word store in %s: %s", cached.parent, exc)
    return store
