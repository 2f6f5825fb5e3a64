"""Tag and category renames across posts: only tag lines change, and renaming back restores."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.site.taxonomy import near_duplicates, rename_in_document, rename_term
from tests.support.corpus import CORPUS_DIR


def renamed(text: str, old: str, new: str, kind: str = "tags") -> str:
    document = PostDocument.from_text(text)
    rename_in_document(document, kind, old, new)
    return document.text()


def test_flow_and_block_lists_keep_their_style() -> None:
    assert renamed("---\ntags: [a, 'b', c] # keep\n---\nx\n", "b", "B") == (
        "---\ntags: [a, 'B', c] # keep\n---\nx\n"
    )
    assert renamed("---\ntags:\n- a\n- b\ntitle: t\n---\n", "a", "z") == (
        "---\ntags:\n- z\n- b\ntitle: t\n---\n"
    )


def test_merge_drops_the_duplicate() -> None:
    assert renamed("---\ntags: [js, javascript, web]\n---\n", "js", "javascript") == (
        "---\ntags: [javascript, web]\n---\n"
    )


def test_string_tags_and_category_key() -> None:
    assert renamed("---\ntags: one two three\n---\n", "two", "2") == "---\ntags: one 2 three\n---\n"
    text = "---\ncategory: news, web\n---\n"
    assert renamed(text, "web", "internet", "categories") == "---\ncategory: news, internet\n---\n"


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "x"\ntags = ["a", "b"]\n+++\nbody\n'
    assert renamed(text, "a", "c") == '+++\ntitle = "x"\ntags = ["c", "b"]\n+++\nbody\n'


def test_rename_stops_on_first_failure_and_reports(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text("---\ntags: [x]\n---\n")
    bad = tmp_path / "b.md"
    bad.write_text("---\ntags: [x\n---\n")  # broken YAML: never edited
    late = tmp_path / "c.md"
    late.write_text("---\ntags: [x]\n---\n")
    report = rename_term([good, bad, late], "tags", "x", "y", workers=1)
    assert report.changed == [good]
    assert report.failed is not None and report.failed[0] == bad
    assert late.read_text() == "---\ntags: [x]\n---\n"
    assert bad.read_text() == "---\ntags: [x\n---\n"
    # With files written side by side, the report still names every file that changed.
    late.write_text("---\ntags: [x]\n---\n")
    good.write_text("---\ntags: [x]\n---\n")
    report = rename_term([good, bad, late], "tags", "x", "y", workers=4)
    assert report.failed is not None and report.failed[0] == bad
    changed = {p for p in (good, late) if p.read_text() == "---\ntags: [y]\n---\n"}
    assert set(report.changed) == changed


def test_near_duplicates_are_grouped() -> None:
    groups = near_duplicates(
        [("Python", 3), ("python", 10), ("js", 2), ("javascript", 5), ("tag", 1), ("tags", 1)]
    )
    names = [sorted(n for n, _ in g) for g in groups]
    assert ["Python", "python"] in names
    assert ["javascript", "js"] in names
    assert ["tag", "tags"] in names
    assert len(groups) == 3


def _tag_line_numbers(document: PostDocument) -> set[int]:
    """Lines (0-based, whole file) of the front matter's tags entry."""
    lines = document.text().splitlines()
    wanted: set[int] = set()
    inside = False
    for number, line in enumerate(lines[: document.body_start_line]):
        stripped = line.lstrip()
        key = stripped.split(":", 1)[0].split("=", 1)[0].strip().strip('"')
        if line[:1] not in (" ", "\t", "-", "]", "") and not stripped.startswith("#"):
            inside = key == "tags"
        if inside or key == "tags":
            wanted.add(number)
    return wanted


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="the shared corpus is not on this machine")
def test_tag_rename_over_the_corpus_changes_only_tag_lines_and_round_trips(
    tmp_path: Path,
) -> None:
    site = tmp_path / "posts"
    shutil.copytree(CORPUS_DIR, site, copy_function=shutil.copyfile)
    originals = {p: p.read_bytes() for p in sorted(site.iterdir()) if p.is_file()}
    tagged = []
    for path in originals:
        try:
            document = PostDocument.from_bytes(originals[path])
        except ValueError:
            continue
        tags = document.get("tags") if document.error is None else None
        if isinstance(tags, list) and tags and isinstance(tags[0], str):
            tagged.append((path, tags[0]))
    assert len(tagged) >= 10
    for path, tag in tagged:
        new = f"zz renamed {tag}"
        report = rename_term([path], "tags", tag, new)
        assert report.ok and report.changed == [path], path
        after = path.read_bytes()
        before_doc = PostDocument.from_bytes(originals[path])
        changed_lines = {
            index
            for tag_op, i1, i2, _, _ in difflib.SequenceMatcher(
                None,
                originals[path].decode("utf-8-sig").splitlines(),
                after.decode("utf-8-sig").splitlines(),
                autojunk=False,
            ).get_opcodes()
            if tag_op != "equal"
            for index in range(i1, max(i2, i1 + 1))
        }
        assert changed_lines <= _tag_line_numbers(before_doc), path.name
        assert PostDocument.from_bytes(after).get("tags")[0] == new
        back = rename_term([path], "tags", new, tag)
        assert back.ok
        assert path.read_bytes() == originals[path], path.name
    untouched = set(originals) - {p for p, _ in tagged}
    for path in untouched:
        assert path.read_bytes() == originals[path]


def _tagged_posts(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"p{n:02d}.md"
        path.write_text(f"---\ntags: [x, other]\n---\npost {n}\n")
        paths.append(path)
    return paths


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_batched_rename_stops_at_a_broken_post_and_reports_exactly(
    tmp_path: Path, batch_size: int
) -> None:
    paths = _tagged_posts(tmp_path, 9)
    paths[5].write_text("---\ntags: [x\n---\n")  # broken YAML
    progress: list[tuple[int, Path]] = []
    report = rename_term(
        paths,
        "tags",
        "x",
        "y",
        batch_size=batch_size,
        progress=lambda done, path: progress.append((done, path)),
    )
    assert report.changed == paths[:5]
    assert report.failed is not None and report.failed[0] == paths[5]
    assert progress == [(n + 1, p) for n, p in enumerate(paths[:5])]
    assert all(p.read_text().startswith("---\ntags: [y, other]") for p in paths[:5])
    assert all(p.read_text().startswith("---\ntags: [x, other]") for p in paths[6:])


def test_batched_rename_never_overwrites_a_post_changed_after_reading(tmp_path: Path) -> None:
    paths = _tagged_posts(tmp_path, 6)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        if len(asked) == 4:  # posts 0-2 are read, not yet saved: another program edits one
            paths[1].write_text("---\ntags: [x]\n---\nedited elsewhere\n")
        return False

    report = rename_term(paths, "tags", "x", "y", cancelled=cancelled, batch_size=100)
    assert report.changed == [paths[0]]
    assert report.failed is not None and report.failed[0] == paths[1]
    assert "changed by another program" in report.failed[1]
    assert paths[1].read_text() == "---\ntags: [x]\n---\nedited elsewhere\n"
    assert all("[x, other]" in p.read_text() for p in paths[2:])


def test_cancel_saves_what_was_read_and_stops(tmp_path: Path) -> None:
    paths = _tagged_posts(tmp_path, 6)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    report = rename_term(paths, "tags", "x", "y", cancelled=cancelled, batch_size=100)
    assert report.ok and report.changed == paths[:2]
    assert all("[x, other]" in p.read_text() for p in paths[2:])


def test_posts_without_the_tag_are_left_alone(tmp_path: Path) -> None:
    paths = _tagged_posts(tmp_path, 3)
    paths[1].write_text("---\ntags: [z]\n---\n")
    before = paths[1].stat().st_mtime_ns
    report = rename_term(paths, "tags", "x", "y", batch_size=2)
    assert report.changed == [paths[0], paths[2]]
    assert paths[1].stat().st_mtime_ns == before


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="the shared corpus is not on this machine")
def test_one_batched_rename_over_the_whole_corpus_round_trips(tmp_path: Path) -> None:
    site = tmp_path / "posts"
    shutil.copytree(CORPUS_DIR, site, copy_function=shutil.copyfile)
    originals = {p: p.read_bytes() for p in sorted(site.iterdir()) if p.is_file()}
    counts: dict[str, int] = {}
    for data in originals.values():
        try:
            document = PostDocument.from_bytes(data)
        except ValueError:
            continue
        tags = document.get("tags") if document.error is None else None
        if isinstance(tags, list):
            for tag in {t for t in tags if isinstance(t, str)}:
                counts[tag] = counts.get(tag, 0) + 1
    tag = max(counts, key=lambda t: counts[t])
    assert counts[tag] >= 2
    # Every post is offered (unreadable ones are skipped: the index never lists them).
    readable = []
    for path, data in originals.items():
        try:
            document = PostDocument.from_bytes(data)
        except ValueError:
            continue
        if document.error is None:
            readable.append(path)
    report = rename_term(readable, "tags", tag, "zz batch renamed", batch_size=7)
    assert report.ok, report.failed
    assert len(report.changed) == counts[tag]
    back = rename_term(report.changed, "tags", "zz batch renamed", tag, batch_size=5)
    assert back.ok and back.changed == report.changed
    for path, data in originals.items():
        assert path.read_bytes() == data, path.name


def test_links_to_one_post_are_renamed_once(tmp_path: Path) -> None:
    paths = _tagged_posts(tmp_path, 3)
    symlink = tmp_path / "p90.md"
    symlink.symlink_to(paths[0].name)
    hard = tmp_path / "p91.md"
    hard.hardlink_to(paths[1])
    listed = [paths[0], paths[1], symlink, hard, paths[2]]
    progress: list[int] = []
    report = rename_term(
        listed, "tags", "x", "y", batch_size=100, progress=lambda n, _p: progress.append(n)
    )
    assert report.ok, report.failed
    assert report.changed == paths
    assert progress == [1, 2, 3, 4, 5]
    assert all(p.read_text().startswith("---\ntags: [y, other]") for p in listed)
    assert symlink.is_symlink() and hard.stat().st_nlink == 2
