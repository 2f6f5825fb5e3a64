"""The index's fast read path gives the values the lossless reader gives, or defers to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.site import Site
from editor.core.site.index import read_post
from editor.core.site.index_read import IndexDocument, fast_mapping
from tests.support.corpus import corpus_posts, requires_corpus


def _same_reading(data: bytes) -> None:
    lossless = PostDocument.from_bytes(data)
    fast = IndexDocument.from_bytes(data)
    assert fast.metadata == lossless.metadata
    assert (fast.error and fast.error.message) == (lossless.error and lossless.error.message)
    assert fast.text() == lossless.text()
    assert fast.body == lossless.body


@requires_corpus
@pytest.mark.parametrize("path", corpus_posts(), ids=lambda p: p.name)
def test_corpus_posts_read_the_same_as_the_lossless_reader(path: Path) -> None:
    _same_reading(path.read_bytes())


CASES = [
    b"---\ntitle: Plain\ndate: 2020-01-02 10:00:00 +0100\ntags: [a, b]\n---\nBody\n",
    b"---\ntitle: 'yes'\npublished: no\noctal: 0755\nwhen: 2020-01-02\n---\n",
    b'---\ntitle: "\\uD83D\\uDC69 emoji"\n---\ntext\n',
    b"---\r\ntitle: CRLF\r\ntags:\r\n  - x\r\n---\r\nbody\r\n",
    b"\xef\xbb\xbf---\ntitle: BOM\n---\n",
    b"---\nbase: &b {x: 1}\nother: *b\n---\n",  # an alias: the lossless reader decides
    b"---\ntitle: [unclosed\n---\nbody\n",  # an error: the lossless reader's message
    b"---\n- a list\n---\n",
    b"---\ntitle: never closed\n",
    b"+++\ntitle = 'toml'\n+++\nbody\n",
    b"no front matter at all\n",
    b"---\nnested: " + b"[" * 80 + b"]" * 80 + b"\n---\n",
]


@pytest.mark.parametrize("data", CASES)
def test_edge_cases_read_the_same(data: bytes) -> None:
    _same_reading(data)


def test_aliases_and_errors_are_left_to_the_lossless_reader() -> None:
    assert fast_mapping("title: x\n") == {"title": "x"}
    assert fast_mapping("a: &x 1\nb: *x\n") is None
    assert fast_mapping("title: [unclosed\n") is None
    assert fast_mapping("- a\n") is None


def test_read_post_rows_match_the_lossless_reader(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    (site_dir / "_posts").mkdir(parents=True)
    (site_dir / "_config.yml").write_text("title: t\n")
    post = site_dir / "_posts" / "2021-03-04-hello.md"
    post.write_bytes(
        b"---\ntitle: Caf&eacute;\ndate: 2021-03-04 09:00:00 +0100\ntags: a, b\n"
        b"category: notes\nlayout: post\n---\nOne two three\n"
    )
    info = post.stat()
    row, text = read_post(Site.open(site_dir), post, info.st_size, info.st_mtime_ns)
    assert row.title == "Café"
    assert row.tags == ("a", "b")
    assert row.categories == ("notes",)
    assert row.date.startswith("2021-03-04T09:00:00")
    assert row.words == 3
    assert text.endswith("One two three\n")


def test_on_disk_lists_what_the_site_lists(tmp_path: Path) -> None:
    from editor.core.site.index import SiteIndex

    root = tmp_path / "site"
    posts = root / "_posts"
    for rel in (
        "2020-01-01-a.md",
        "sub/2020-01-02-b.markdown",
        ".hidden/2020-01-03-c.md",
        "node_modules/x.md",
        "_site/y.md",
        ".dot.md",
        "notes.txt",
        "image.png",
    ):
        (posts / rel).parent.mkdir(parents=True, exist_ok=True)
        (posts / rel).write_text("---\ntitle: t\n---\n")
    (root / "_drafts").mkdir()
    (root / "_drafts" / "idea.md").write_text("idea\n")
    (root / "_drafts" / "linked.md").symlink_to(posts / "2020-01-01-a.md")
    (root / "_drafts" / "folder.md").mkdir()
    (root / "_config.yml").write_text("title: t\n")
    site = Site.open(root)
    index = SiteIndex.__new__(SiteIndex)
    index.site = site
    expected = {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in site.post_paths()}
    assert index.on_disk() == expected
    assert len(expected) == 4
    assert index.post_folders() == {
        str(posts),
        str(posts / "sub"),
        str(root / "_drafts"),
        str(root / "_drafts" / "folder.md"),
    }
