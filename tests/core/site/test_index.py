"""The site index: refresh after outside changes, rebuild when damaged, search with lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.site import Site
from editor.core.site.index import SiteIndex, terms_of


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch):
    """Every index a test opens is closed at its end (an open SQLite handle warns)."""
    indexes: list[SiteIndex] = []
    original_init = SiteIndex.__init__
    original_read_only = SiteIndex.read_only.__func__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        indexes.append(self)

    def read_only(cls, *args, **kwargs):
        index = original_read_only(cls, *args, **kwargs)
        indexes.append(index)
        return index

    monkeypatch.setattr(SiteIndex, "__init__", init)
    monkeypatch.setattr(SiteIndex, "read_only", classmethod(read_only))
    yield
    for index in indexes:
        index.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_site(root: Path) -> Site:
    write(root / "_config.yml", "title: Test\n")
    write(
        root / "_posts" / "2024-01-02-first.md",
        "---\ntitle: Caf&eacute; &middot; first\ntags: [python, js]\ncategories: notes\n---\n"
        "Hello world.\nA line about gardens.\n",
    )
    write(
        root / "_posts" / "2024-02-03-second.md",
        "---\ntitle: Second\ntags:\n  - python\n---\nNothing here.\n\nGardening again.\n",
    )
    write(root / "_drafts" / "idea.md", "---\ntitle: An idea\n---\nDraft text.\n")
    write(root / "_posts" / "2999-01-01-later.md", "---\ntitle: Later\n---\nSoon.\n")
    return Site.open(root)


def test_first_refresh_reads_every_post(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    index = SiteIndex(site, tmp_path / "index.sqlite3")
    result = index.refresh()
    assert len(result.updated) == 4
    posts = {Path(p.path).name: p for p in index.posts()}
    first = posts["2024-01-02-first.md"]
    assert first.title == "Café · first"
    assert first.tags == ("python", "js")
    assert first.categories == ("notes",)
    assert first.state == "published"
    assert first.words == 6
    assert posts["idea.md"].state == "draft"
    assert posts["2999-01-01-later.md"].state == "future"
    assert index.term_counts("tags") == [("python", 2), ("js", 1)]


def test_refresh_is_incremental_and_follows_outside_changes(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    index = SiteIndex(site, tmp_path / "index.sqlite3")
    index.refresh()
    assert not index.refresh()  # nothing changed: nothing re-read

    posts = tmp_path / "site" / "_posts"
    write(posts / "2024-03-01-added.md", "---\ntitle: Added\n---\nNew.\n")
    (posts / "2024-02-03-second.md").unlink()
    os.rename(posts / "2024-01-02-first.md", posts / "2024-01-02-renamed.md")
    later = posts / "2999-01-01-later.md"
    write(later, "---\ntitle: Later, retitled\n---\nSoon.\n")
    result = index.refresh()
    assert sorted(Path(p.path).name for p in result.updated) == [
        "2024-01-02-renamed.md",
        "2024-03-01-added.md",
        "2999-01-01-later.md",
    ]
    assert sorted(Path(p).name for p in result.removed) == [
        "2024-01-02-first.md",
        "2024-02-03-second.md",
    ]
    assert index.post(later).title == "Later, retitled"
    assert index.term_counts("tags") == [("js", 1), ("python", 1)]


def test_same_size_change_is_seen_through_mtime(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    index = SiteIndex(site, tmp_path / "index.sqlite3")
    index.refresh()
    path = tmp_path / "site" / "_drafts" / "idea.md"
    info = path.stat()
    write(path, "---\ntitle: An IDEA\n---\nDraft text.\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert [p.title for p in index.refresh_paths([path]).updated] == ["An IDEA"]


def test_a_corrupt_index_file_is_rebuilt(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    db = tmp_path / "index.sqlite3"
    index = SiteIndex(site, db)
    index.refresh()
    index.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database at all" * 100)
    index = SiteIndex(site, db)
    assert index.rebuilt
    assert index.posts() == []
    assert len(index.refresh().updated) == 4
    assert len(index.search("gardens")) == 1


def test_an_index_of_another_site_or_version_is_not_trusted(tmp_path: Path, opened: None) -> None:
    db = tmp_path / "index.sqlite3"
    first = SiteIndex(make_site(tmp_path / "a"), db)
    first.refresh()
    first.close()
    other = SiteIndex(make_site(tmp_path / "b"), db)
    assert other.rebuilt and other.posts() == []


def test_search_gives_lines_of_the_file_with_spans(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    index = SiteIndex(site, tmp_path / "index.sqlite3")
    index.refresh()
    hits = index.search("garden")
    assert {(Path(h.path).name, h.line, h.text) for h in hits} == {
        ("2024-01-02-first.md", 7, "A line about gardens."),
        ("2024-02-03-second.md", 8, "Gardening again."),
    }
    hit = next(h for h in hits if h.line == 8)
    assert [hit.text[a:b] for a, b in hit.spans] == ["Garden"]
    assert index.search("python gardens")[0].line == 3  # every word must be in the post
    assert index.search("") == []
    assert index.search('"; DROP TABLE posts; --') == []


def test_read_only_index_never_writes_and_is_up_to_date(tmp_path: Path, opened: None) -> None:
    site = make_site(tmp_path / "site")
    db = tmp_path / "index.sqlite3"
    index = SiteIndex(site, db)
    index.refresh()
    index.close()
    before = db.read_bytes()
    write(tmp_path / "site" / "_posts" / "2024-05-05-fresh.md", "---\ntitle: Fresh\n---\nzebra\n")
    view = SiteIndex.read_only(site, db)
    assert [Path(h.path).name for h in view.search("zebra")] == ["2024-05-05-fresh.md"]
    assert db.read_bytes() == before
    missing = SiteIndex.read_only(site, tmp_path / "none.sqlite3")
    assert missing.rebuilt and len(missing.posts()) == 5
    assert not (tmp_path / "none.sqlite3").exists()


def test_terms_are_read_as_jekyll_reads_them() -> None:
    assert terms_of("a b  c") == ("a", "b", "c")
    assert terms_of("web dev, python") == ("web dev", "python")
    assert terms_of([1, None, "x"]) == ("1", "x")
    assert terms_of(None) == ()
    assert terms_of({"a": 1}) == ()
