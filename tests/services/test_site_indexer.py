"""The index worker: rows arrive off the UI thread and follow outside changes to the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.site import Site
from editor.services.site_indexer import SiteIndexer
from editor.ui.post_list import PostList


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(root / "_config.yml", "title: t\n")
    write(root / "_posts" / "2024-01-01-one.md", "---\ntitle: One\ntags: [a]\n---\nfirst\n")
    write(root / "_posts" / "2024-01-02-two.md", "---\ntitle: Two\n---\nsecond\n")
    write(root / "_drafts" / "three.md", "---\ntitle: Three\n---\nthird\n")
    return root


@pytest.fixture
def listed(qtbot, site_dir: Path, tmp_path: Path):
    posts = PostList()
    qtbot.addWidget(posts)
    indexer = SiteIndexer(db_path=tmp_path / "index.sqlite3")
    indexer.postsLoaded.connect(posts.set_posts)
    indexer.postsChanged.connect(posts.apply_changes)
    indexer.open_site(Site.open(site_dir))
    qtbot.waitUntil(lambda: len(posts.paths()) == 3)
    qtbot.waitUntil(lambda: not indexer.busy)
    yield posts, indexer
    indexer.shutdown()


def titles(posts: PostList) -> set[str]:
    return {p.title for p in posts.posts()}


def test_list_follows_outside_add_remove_rename_and_change(qtbot, listed, site_dir: Path):
    posts, indexer = listed
    folder = site_dir / "_posts"
    write(folder / "2024-02-01-added.md", "---\ntitle: Added\n---\nnew\n")
    qtbot.waitUntil(lambda: "Added" in titles(posts), timeout=3000)
    (folder / "2024-01-02-two.md").unlink()
    qtbot.waitUntil(lambda: "Two" not in titles(posts), timeout=3000)
    os.rename(folder / "2024-01-01-one.md", folder / "2024-01-01-uno.md")
    qtbot.waitUntil(
        lambda: (
            {p.name for p in posts.paths()}
            == {"2024-02-01-added.md", "2024-01-01-uno.md", "three.md"}
        ),
        timeout=3000,
    )
    with open(site_dir / "_drafts" / "three.md", "a", encoding="utf-8") as handle:
        handle.write("appended in place\n")  # no new file: only a file watch sees this
    qtbot.waitUntil(lambda: bool(indexer.search("appended")), timeout=3000)
    write(site_dir / "_drafts" / "three.md", "---\ntitle: Three, retitled\n---\nthird\n")
    qtbot.waitUntil(lambda: "Three, retitled" in titles(posts), timeout=3000)
    sub = folder / "2025"
    write(sub / "2025-01-01-deep.md", "---\ntitle: Deep\n---\n")
    qtbot.waitUntil(lambda: "Deep" in titles(posts), timeout=3000)


def test_warm_reopen_shows_rows_before_any_refresh(qtbot, listed, site_dir, tmp_path):
    _posts, indexer = listed
    indexer.shutdown()
    other = PostList()
    qtbot.addWidget(other)
    again = SiteIndexer(db_path=tmp_path / "index.sqlite3")
    loaded: list[int] = []
    again.postsLoaded.connect(lambda rows: loaded.append(len(rows)))
    again.open_site(Site.open(site_dir))
    qtbot.waitUntil(lambda: bool(loaded))
    assert loaded[0] == 3
    qtbot.waitUntil(lambda: not again.busy)
    assert [h.line for h in again.search("second")] == [4]
    again.shutdown()


def test_a_corrupt_index_is_rebuilt_on_open(qtbot, listed, site_dir, tmp_path):
    _posts, indexer = listed
    indexer.shutdown()
    db = tmp_path / "index.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"\0garbage" * 512)
    fresh = PostList()
    qtbot.addWidget(fresh)
    again = SiteIndexer(db_path=db)
    again.postsLoaded.connect(fresh.set_posts)
    again.postsChanged.connect(fresh.apply_changes)
    again.open_site(Site.open(site_dir))
    qtbot.waitUntil(lambda: len(fresh.paths()) == 3)
    again.shutdown()
