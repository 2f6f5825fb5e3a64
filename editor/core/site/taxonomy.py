"""Tags and categories across a site: rename or merge them in every post, find near-duplicates.

Every change goes through the lossless document (``PostDocument``), so only the tag lines of a
file change, in the file's own style. A rename stops at the first file it cannot change and
says which files were already changed, so nothing is half-done without the writer knowing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.frontmatter import FrontMatterEditError, PostDocument
from editor.core.post import Post
from editor.core.storage import BatchItem, BatchResult, recover_folder, save_batch
from editor.core.textio import TextDecodeError

KEYS = {"tags": ("tags",), "categories": ("categories", "category")}
# Spellings writers use for the same subject; suggested, never applied on their own.
ALIASES = {
    "js": "javascript",
    "ts": "typescript",
    "py": "python",
    "golang": "go",
    "k8s": "kubernetes",
    "postgres": "postgresql",
    "ml": "machine learning",
    "ai": "artificial intelligence",
}


@dataclass
class RenameReport:
    """What a rename did: the files changed, and the first failure that stopped it, if any."""

    changed: list[Path] = field(default_factory=list)
    failed: tuple[Path, str] | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None


def _renamed_list(items: list[Any], old: str, new: str) -> list[Any] | None:
    if old not in [str(i) for i in items if isinstance(i, str | int | float)]:
        return None
    result: list[Any] = []
    for item in items:
        value = new if isinstance(item, str | int | float) and str(item) == old else item
        if value == new and any(isinstance(r, str) and r == new for r in result):
            continue  # a merge: the post already has the new name
        result.append(value)
    return result


def _renamed_string(text: str, old: str, new: str) -> str | None:
    separator = r"\s*,\s*" if "," in text else r"\s+"
    parts = re.split(f"({separator})", text)
    if old not in parts[::2]:
        return None
    words = parts[::2]
    seen: set[str] = set()
    kept: list[str] = []
    for index, word in enumerate(words):
        word = new if word == old else word
        if word == new and new in seen:
            if kept:
                kept.pop()  # drop the separator before the duplicate
            continue
        seen.add(word)
        if index and kept:
            kept.append(parts[2 * index - 1])
        kept.append(word)
    return "".join(kept)


def rename_in_document(document: PostDocument, kind: str, old: str, new: str) -> bool:
    """Rename a tag (``kind="tags"``) or category in one document; False when it has none."""
    changed = False
    for key in KEYS[kind]:
        value = document.get(key)
        if isinstance(value, list):
            renamed: Any = _renamed_list(value, old, new)
        elif isinstance(value, str):
            renamed = _renamed_string(value, old, new)
        else:
            renamed = None
        if renamed is not None and document.set(key, renamed):
            changed = True
    return changed


def _renamed_bytes(post: Post, kind: str, old: str, new: str) -> bytes | None:
    """The post's new bytes, or None when it has no such term (or nothing would change)."""
    if post.document.error is not None:
        raise FrontMatterEditError(post.document.error.message)
    if not rename_in_document(post.document, kind, old, new):
        return None
    data = post.document.to_bytes()
    return None if data == post.saved_bytes else data


def _seen(path: Path, files: set[tuple[int, int]]) -> bool:
    """Whether ``path`` names a file already in ``files`` (which it is then added to)."""
    try:
        info = os.stat(path)
    except OSError:
        return False  # reading it says why
    identity = (info.st_dev, info.st_ino)
    if identity in files:
        return True
    files.add(identity)
    return False


class _Saver:
    """Saves batches in order on one helper thread, so the next batch is read meanwhile.

    Only one batch is ever on its way: ``submit`` first waits for the one before, and
    nothing more is saved once a batch has failed. Progress is reported from the caller's
    thread, each file once its batch is on disk.
    """

    def __init__(
        self, report: RenameReport, progress: Callable[[int, Path], None] | None, workers: int
    ) -> None:
        self._report = report
        self._progress = progress
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rename-save")
        self._running: tuple[list[Path], Future[BatchResult]] | None = None
        self._done = 0

    def submit(self, read: list[Path], items: list[BatchItem]) -> bool:
        """Start saving ``items`` (``read``: every file read for them, changed or not)."""
        if not self.wait():
            return False
        future = self._pool.submit(save_batch, items, flushers=self._workers)
        self._running = (read, future)
        return True

    def wait(self) -> bool:
        """Wait for the batch on its way; False once any batch has failed."""
        if self._running is None:
            return self._report.failed is None
        read, future = self._running
        self._running = None
        result = future.result()
        self._report.changed.extend(result.saved)
        failed_at = result.failed[0] if result.failed is not None else None
        for path in read:
            if path == failed_at:
                break
            self._done += 1
            if self._progress is not None:
                self._progress(self._done, path)
        if result.failed is not None:
            path, error = result.failed
            self._report.failed = (path, str(error))
        return result.failed is None

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def rename_term(
    paths: Iterable[Path],
    kind: str,
    old: str,
    new: str,
    *,
    progress: Callable[[int, Path], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int = 16,
    batch_size: int = 256,
) -> RenameReport:
    """Rename ``old`` to ``new`` (a merge when posts already have ``new``) in these posts.

    Posts are read and edited in order and saved in batches (``storage.save_batch``: every
    file atomic, the disk flushed once per batch with ``workers`` flushes side by side),
    each batch saved while the next one is read. The result is that of saving one file
    after another: at the first failure (a file that cannot be read or edited, or that
    changed on disk since it was read) the files before it are saved and reported, and none
    after it is touched. ``progress(done, path)`` follows each file once its batch is on
    disk; ``cancelled`` is asked before each file (what was read by then is still saved).
    """
    if kind not in KEYS:
        raise ValueError(f"unknown taxonomy {kind!r}")
    if not new.strip():
        raise ValueError("the new name is empty")
    report = RenameReport()
    recovered: set[Path] = set()
    read: list[Path] = []  # read since the last batch was handed over, changed or not
    items: list[BatchItem] = []
    saver = _Saver(report, progress, workers)
    files: set[tuple[int, int]] = set()  # (device, inode) of every file read
    try:
        for path in dict.fromkeys(Path(p) for p in paths):  # each file once
            if cancelled():
                break
            if path.parent not in recovered:
                # A save of this folder's hard-linked post killed half-way is finished first.
                recover_folder(path.parent)
                recovered.add(path.parent)
            if _seen(path, files):
                # Another name (a link) of a file already read: its new bytes are on their
                # way; reading it again would only find it changed since.
                read.append(path)
                continue
            try:
                post = Post.load(path, recover=False)
                data = _renamed_bytes(post, kind, old, new)
            except (OSError, TextDecodeError, FrontMatterEditError) as exc:
                if saver.submit(read, items) and saver.wait():
                    report.failed = (path, getattr(exc, "strerror", None) or str(exc))
                return report
            read.append(path)
            if data is not None and post.stamp is not None:
                items.append(BatchItem(path, data, post.stamp))
            if len(items) >= batch_size:
                if not saver.submit(read, items):
                    return report
                read, items = [], []
        if saver.submit(read, items):
            saver.wait()
        return report
    finally:
        saver.close()


def _normal(name: str) -> str:
    key = re.sub(r"[\s_\-.]+", " ", name.casefold()).strip()
    key = ALIASES.get(key, key)
    if len(key) > 3 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 3 and key.endswith("es") and key[-3] in "sxz":
        return key[:-2]
    if len(key) > 2 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def near_duplicates(counts: Iterable[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Groups of names that probably mean the same (case, plural, spacing, known aliases)."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, count in counts:
        groups.setdefault(_normal(name), []).append((name, count))
    found = [sorted(g, key=lambda item: (-item[1], item[0])) for g in groups.values()]
    return sorted((g for g in found if len(g) > 1), key=lambda g: g[0][0].casefold())
