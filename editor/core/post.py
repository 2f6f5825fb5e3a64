"""A post document bound to a file: load, save with conflict checks, reload."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.frontmatter import PostDocument
from editor.core.paths import same_file
from editor.core.storage import (
    ConflictError,
    FileExistsConflict,
    FileGoneError,
    FileStamp,
    SaveError,
    atomic_write,
    recover_folder,
)


def _read(path: Path) -> tuple[bytes, FileStamp]:
    """Bytes and stamp from one open of the file, so they always describe the same content."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        data = handle.read()
    return data, FileStamp.from_bytes(data, info)


class Post:
    """A PostDocument plus where it lives and what the file looked like when last synced."""

    def __init__(
        self,
        document: PostDocument,
        path: Path | None,
        stamp: FileStamp | None,
        saved: bytes | None,
    ) -> None:
        self.document = document
        self.path = path
        self.stamp = stamp
        self._saved = saved

    @classmethod
    def load(cls, path: Path, *, recover: bool = True) -> Post:
        """Open a post; raises TextDecodeError for undecodable files, OSError if unreadable.

        ``recover=False`` is for a caller that already ran ``recover_folder`` on the folder
        (a site-wide rename reads thousands of posts of one folder).
        """
        path = Path(path)
        if recover:
            # A save of this folder's hard-linked post killed half-way is finished first.
            recover_folder(path.parent)
        data, stamp = _read(path)
        return cls(PostDocument.from_bytes(data), path, stamp, data)

    @classmethod
    def untitled(cls, text: str = "") -> Post:
        """A new post not yet saved anywhere."""
        return cls(PostDocument.from_text(text), None, None, None)

    @property
    def saved_bytes(self) -> bytes | None:
        """The bytes last loaded or saved (None for a post never saved)."""
        return self._saved

    @property
    def is_dirty(self) -> bool:
        """True when the document's bytes differ from the bytes last loaded or saved."""
        return self._saved is None or self.document.to_bytes() != self._saved

    def changed_on_disk(self) -> bool:
        """True when the file's content differs from what was loaded/saved (or it is gone)."""
        if self.path is None or self.stamp is None:
            return False
        current = FileStamp.of(self.path)
        return current is None or current.sha256 != self.stamp.sha256

    def save(self, path: Path | None = None, *, force: bool = False) -> None:
        """Save atomically; ConflictError if the file changed on disk, unless `force`."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise SaveError("This post has no file yet; choose where to save it.")
        same = self.path is not None and same_file(target, self.path)
        data = self.document.to_bytes()
        current = FileStamp.of(target)
        if same and self.stamp is not None and not force and current is not None:
            if current.sha256 != self.stamp.sha256:
                raise ConflictError(
                    f"{target} was changed by another program since it was opened; choose "
                    "your version or the version on disk."
                )
            if data == self._saved:
                self.stamp = current
                return
        if same and self.stamp is not None and current is None and not force:
            raise FileGoneError(
                f"{target} was deleted or renamed on disk since it was opened; save it there "
                "again or choose a new name."
            )
        if same and self.stamp is None and current is not None and not force:
            raise FileExistsConflict(
                f"{target} already exists; choose another name or replace it explicitly."
            )
        atomic_write(target, data)
        self.path = target
        self._saved = data
        # The stamp describes what we wrote, so a write by someone else right after ours
        # still shows up as a conflict instead of being taken for our own content.
        self.stamp = FileStamp.from_bytes(data, os.stat(target))

    def reload(self) -> None:
        """Re-read the file from disk, discarding unsaved edits."""
        if self.path is None:
            raise SaveError("This post has no file to reload from.")
        data, stamp = _read(self.path)
        self.document = PostDocument.from_bytes(data)
        self.stamp = stamp
        self._saved = data
