"""The site index: every post's list row and full text in SQLite (FTS5), in the cache folder.

Rows are keyed by path, size and mtime_ns, so a refresh re-reads only the posts that changed.
The index is a cache and never the truth: a missing, corrupt, foreign or stale file is rebuilt
from the posts, and deleting it loses nothing. The command line reads it without writing: it
copies the file into memory and brings that copy up to date (``SiteIndex.read_only``).
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from editor.core.digest import sha256
from editor.core.frontmatter.dates import parse_date_value
from editor.core.paths import cache_dir
from editor.core.site.model import POST_SUFFIXES, SKIPPED_DIRS, Site, filename_date
from editor.core.writing.paragraphs import word_total

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
BATCH = 250
FIRST_BATCH = 40  # the first rows show sooner
TAXONOMIES = ("tags", "categories")
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE posts(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size INTEGER, mtime_ns INTEGER,
    title TEXT, date TEXT, state TEXT, tags TEXT, categories TEXT, layout TEXT,
    words INTEGER, error TEXT);
CREATE TABLE terms(id INTEGER, kind TEXT, name TEXT);
CREATE INDEX terms_by_name ON terms(kind, name);
CREATE INDEX terms_by_post ON terms(id);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
"""
_POST_COLUMNS = "path, size, mtime_ns, title, date, state, tags, categories, layout, words, error"


@dataclass(frozen=True)
class IndexedPost:
    """One post as the list, quick open and the taxonomy view see it."""

    path: str
    title: str
    date: str  # ISO 8601, "" when the post has no date
    state: str  # "published", "draft" or "future"
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    layout: str
    words: int
    error: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class SearchHit:
    """A line of a post that matches a search, with the matched spans for highlighting."""

    path: str
    title: str
    line: int  # 1-based line of the file (front matter included)
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class RefreshResult:
    updated: list[IndexedPost]
    removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.updated or self.removed)


def default_index_path(root: Path) -> Path:
    digest = sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / "site-index" / f"{digest}.sqlite3"


def terms_of(value: Any) -> tuple[str, ...]:
    """Tags or categories as Jekyll reads them: a list, or a string split on commas or spaces."""
    if value is None or isinstance(value, bool | dict):
        return ()
    if isinstance(value, str):
        parts = value.split(",") if "," in value else value.split()
        return tuple(p.strip() for p in parts if p.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v is not None and not isinstance(v, list | dict))
    return (str(value),)


def post_state(site: Site, path: Path, metadata: dict[str, Any], when: Any) -> str:
    if (
        site.is_draft_path(path)
        or metadata.get("draft") is True
        or metadata.get("published") is False
    ):
        return "draft"
    if isinstance(when, datetime):
        now = datetime.now(UTC) if when.tzinfo else datetime.now()
        if when > now:
            return "future"
    elif isinstance(when, date) and when > date.today():
        return "future"
    return "published"


def read_post(site: Site, path: Path, size: int, mtime_ns: int) -> tuple[IndexedPost, str]:
    """A post's index row and its full text; a post that cannot be read still gets a row."""
    from editor.core.site.index_read import IndexDocument
    from editor.core.textio import TextDecodeError, normalise_newlines

    file_date, slug = filename_date(path)
    metadata: dict[str, Any] = {}
    text = body = ""
    error = ""
    try:
        document = IndexDocument.from_bytes(path.read_bytes())
        metadata = document.metadata
        text, body = normalise_newlines(document.text()), document.body
        if document.error is not None:
            error = document.error.message
    except (OSError, TextDecodeError) as exc:
        error = str(exc)
    title = metadata.get("title")
    title_text = html.unescape(str(title)) if title not in (None, "") else slug.replace("-", " ")
    parsed = parse_date_value(metadata.get("date"))
    when = parsed.value if parsed is not None else file_date
    layout = metadata.get("layout")
    categories = terms_of(metadata.get("categories")) or terms_of(metadata.get("category"))
    post = IndexedPost(
        path=str(path),
        title=title_text,
        date=when.isoformat() if when is not None else "",
        state=post_state(site, path, metadata, when),
        tags=terms_of(metadata.get("tags")),
        categories=categories,
        layout=str(layout) if isinstance(layout, str) else "",
        words=word_total(body),
        error=error,
        size=size,
        mtime_ns=mtime_ns,
    )
    return post, text


def _row_to_post(row: tuple[Any, ...]) -> IndexedPost:
    path, size, mtime_ns, title, when, state, tags, categories, layout, words, error = row
    return IndexedPost(
        path=path,
        title=title,
        date=when,
        state=state,
        tags=tuple(json.loads(tags)),
        categories=tuple(json.loads(categories)),
        layout=layout,
        words=words,
        error=error,
        size=size,
        mtime_ns=mtime_ns,
    )


def fts_query(query: str) -> tuple[str, list[str]]:
    """An FTS5 query matching every word of ``query`` as a prefix, and those words."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"*' for w in words), words


class SiteIndex:
    """The index of one site, used from one thread (each thread opens its own)."""

    def __init__(self, site: Site, path: Path | None = None) -> None:
        self.site = site
        self.path = path if path is not None else default_index_path(site.root)
        self.rebuilt = False
        self._db = self._connect()

    # -- opening ----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            return self._open_checked()
        except sqlite3.DatabaseError as exc:
            log.warning("site index %s unusable (%s); rebuilding it", self.path, exc)
            self._delete_files()
            self.rebuilt = True
            return self._open_checked()

    def _open_checked(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if not self._valid(db):
                db.close()
                self._delete_files()
                self.rebuilt = True
                db = sqlite3.connect(self.path, timeout=10)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                self._create(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _valid(self, db: sqlite3.Connection) -> bool:
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:
            return False  # no meta table: empty or foreign file
        return meta.get("version") == SCHEMA_VERSION and meta.get("root") == str(self.site.root)

    def _create(self, db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("version", SCHEMA_VERSION), ("root", str(self.site.root))],
        )
        db.commit()

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    @classmethod
    def read_only(cls, site: Site, path: Path | None = None) -> SiteIndex:
        """An up-to-date index in memory that never writes the cache file (for the CLI)."""
        index = cls.__new__(cls)
        index.site = site
        index.path = path if path is not None else default_index_path(site.root)
        index.rebuilt = False
        memory = sqlite3.connect(":memory:")
        try:
            source = sqlite3.connect(f"{index.path.as_uri()}?mode=ro", uri=True)
            try:
                source.backup(memory)
            finally:
                source.close()
            if not index._valid(memory) or not index.check(memory):
                raise sqlite3.DatabaseError("stale or foreign index")
        except sqlite3.Error:
            memory.close()
            memory = sqlite3.connect(":memory:")
            index._create(memory)
            index.rebuilt = True
        index._db = memory
        index.refresh()
        return index

    @staticmethod
    def check(db: sqlite3.Connection) -> bool:
        try:
            return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            return False

    def verify(self) -> bool:
        """Check the file's pages; a damaged index is emptied to be rebuilt. True when sound."""
        if self.check(self._db):
            return True
        log.warning("site index %s failed its check; rebuilding it", self.path)
        self.close()
        self._delete_files()
        self.rebuilt = True
        self._db = self._connect()
        return False

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------
    def posts(self) -> list[IndexedPost]:
        rows = self._db.execute(f"SELECT {_POST_COLUMNS} FROM posts").fetchall()
        return [_row_to_post(row) for row in rows]

    def post(self, path: Path | str) -> IndexedPost | None:
        row = self._db.execute(
            f"SELECT {_POST_COLUMNS} FROM posts WHERE path = ?", (str(path),)
        ).fetchone()
        return _row_to_post(row) if row else None

    def term_counts(self, kind: str) -> list[tuple[str, int]]:
        """Every tag (or category) with the number of posts that have it, most used first."""
        rows = self._db.execute(
            "SELECT name, COUNT(DISTINCT id) FROM terms WHERE kind = ? GROUP BY name",
            (kind,),
        ).fetchall()
        return sorted(rows, key=lambda r: (-r[1], r[0].casefold(), r[0]))

    def paths_with_term(self, kind: str, name: str) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT posts.path FROM terms JOIN posts ON posts.id = terms.id "
            "WHERE terms.kind = ? AND terms.name = ? ORDER BY posts.path",
            (kind, name),
        ).fetchall()
        return [r[0] for r in rows]

    def search(self, query: str, *, limit: int = 200, per_post: int = 20) -> list[SearchHit]:
        """Lines matching every word of ``query`` (as prefixes), best posts first."""
        match, words = fts_query(query)
        if not words:
            return []
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE
        )
        # Rows are read one at a time: the first posts usually give every hit asked for, and
        # the bodies of the others are never read.
        rows = self._db.execute(
            "SELECT posts.path, posts.title, fts.body FROM fts JOIN posts ON posts.id = fts.rowid "
            "WHERE fts MATCH ? ORDER BY bm25(fts, 5.0, 1.0) LIMIT ?",
            (match, limit),
        )
        hits: list[SearchHit] = []
        for path, title, body in rows:
            found = 0
            for number, line in enumerate(body.split("\n"), start=1):
                spans = tuple(m.span() for m in pattern.finditer(line))
                if spans:
                    hits.append(SearchHit(path, title, number, line, spans))
                    found += 1
                    if found >= per_post or len(hits) >= limit:
                        break
            if len(hits) >= limit:
                break
        rows.close()
        return hits

    # -- refreshing -------------------------------------------------------------------------
    def on_disk(self, pause: Callable[[], None] | None = None) -> dict[str, tuple[int, int]]:
        """Every post file of the site (as ``Site.post_paths`` lists them) with its
        (size, mtime_ns): one ``stat`` per file and no ``Path`` objects (10,000 posts were
        most of a second of Python work, competing with the UI thread for the interpreter).
        ``pause`` is called every few hundred files (a background caller gives way there)."""
        found: dict[str, tuple[int, int]] = {}
        for folder in self.site.post_folders():
            for current, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
                for name in files:
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in (
                        POST_SUFFIXES
                    ):
                        continue
                    full = os.path.join(current, name)
                    try:
                        info = os.stat(full)
                    except OSError:
                        continue
                    if stat.S_ISREG(info.st_mode):
                        found[full] = (info.st_size, info.st_mtime_ns)
                        if pause is not None and len(found) % 256 == 0:
                            pause()
        return found

    def post_folders(self) -> set[str]:
        """Every folder that holds posts (hidden and build folders skipped), for a watcher."""
        folders: set[str] = set()
        for folder in self.site.post_folders():
            for current, dirs, _files in os.walk(folder):
                dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
                folders.add(current)
        return folders

    def stale(self, disk: dict[str, tuple[int, int]]) -> tuple[list[str], list[str]]:
        """Paths to (re)read and paths to drop, comparing the index with ``disk``."""
        known = {
            path: (size, mtime)
            for path, size, mtime in self._db.execute("SELECT path, size, mtime_ns FROM posts")
        }
        changed = sorted(p for p, stamp in disk.items() if known.get(p) != stamp)
        removed = sorted(p for p in known if p not in disk)
        return changed, removed

    def refresh(
        self,
        on_batch: Callable[[RefreshResult], None] | None = None,
        *,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> RefreshResult:
        """Bring the whole index up to date, in batches (each reported, each committed)."""
        changed, removed = self.stale(self.on_disk())
        return self._apply(changed, removed, on_batch, cancelled)

    def refresh_paths(self, paths: Iterable[Path | str]) -> RefreshResult:
        """Re-check only these paths (after a save or a watcher event)."""
        changed: list[str] = []
        removed: list[str] = []
        for raw in paths:
            path = Path(raw)
            try:
                info = path.stat()
                listed = path.is_file() and self.site.holds_post(path)
            except OSError:
                listed = False
            if listed:
                row = self._db.execute(
                    "SELECT size, mtime_ns FROM posts WHERE path = ?", (str(path),)
                ).fetchone()
                if row != (info.st_size, info.st_mtime_ns):
                    changed.append(str(path))
            elif self._db.execute("SELECT 1 FROM posts WHERE path = ?", (str(path),)).fetchone():
                removed.append(str(path))
        return self._apply(changed, removed, None, lambda: False)

    def _apply(
        self,
        changed: list[str],
        removed: list[str],
        on_batch: Callable[[RefreshResult], None] | None,
        cancelled: Callable[[], bool],
    ) -> RefreshResult:
        total = RefreshResult([], [])
        if removed:
            with self._db:
                for path in removed:
                    self._drop(path)
            total.removed.extend(removed)
            if on_batch:
                on_batch(RefreshResult([], list(removed)))
        starts = [0, *range(FIRST_BATCH, len(changed), BATCH)] if changed else []
        for number, start in enumerate(starts):
            if cancelled():
                break
            end = starts[number + 1] if number + 1 < len(starts) else len(changed)
            batch = RefreshResult([], [])
            with self._db:
                for path in changed[start:end]:
                    try:
                        info = os.stat(path)
                    except OSError:
                        if self._drop(path):
                            batch.removed.append(path)
                        continue
                    post, text = read_post(self.site, Path(path), info.st_size, info.st_mtime_ns)
                    self._store(post, text)
                    batch.updated.append(post)
            total.updated.extend(batch.updated)
            total.removed.extend(batch.removed)
            if on_batch and batch:
                on_batch(batch)
        return total

    def _drop(self, path: str) -> bool:
        row = self._db.execute("SELECT id FROM posts WHERE path = ?", (path,)).fetchone()
        if row is None:
            return False
        self._db.execute("DELETE FROM posts WHERE id = ?", row)
        self._db.execute("DELETE FROM terms WHERE id = ?", row)
        self._db.execute("DELETE FROM fts WHERE rowid = ?", row)
        return True

    def _store(self, post: IndexedPost, text: str) -> None:
        self._drop(post.path)
        cursor = self._db.execute(
            f"INSERT INTO posts({_POST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                post.path,
                post.size,
                post.mtime_ns,
                post.title,
                post.date,
                post.state,
                json.dumps(post.tags, ensure_ascii=False),
                json.dumps(post.categories, ensure_ascii=False),
                post.layout,
                post.words,
                post.error,
            ),
        )
        rowid = cursor.lastrowid
        terms = [(rowid, "tags", t) for t in post.tags]
        terms += [(rowid, "categories", c) for c in post.categories]
        self._db.executemany("INSERT INTO terms VALUES (?, ?, ?)", terms)
        self._db.execute(
            "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", (rowid, post.title, text)
        )
