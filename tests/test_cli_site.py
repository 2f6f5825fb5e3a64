"""``post-editor search`` and ``post-editor tags``: site-wide commands on the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor import cli


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")
    (root / "_posts" / "2024-01-01-a.md").write_text(
        "---\ntitle: A\ntags: [js, web]\n---\nThe quick fox.\n"
    )
    (root / "_posts" / "2024-01-02-b.md").write_text(
        "---\ntitle: B\ntags:\n  - web # main\n---\nNo animals.\nA fox again.\n"
    )
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_search_prints_path_line_text(site: Path, capsys) -> None:
    status, out, _ = run(capsys, "search", "fox", "--site", str(site))
    assert status == 0
    lines = sorted(out.splitlines())
    assert lines[0].endswith("2024-01-01-a.md:5: The quick fox.")
    assert lines[1].endswith("2024-01-02-b.md:7: A fox again.")
    status, out, _ = run(capsys, "search", "fox", "--site", str(site), "--json")
    assert {(Path(h["path"]).name, h["line"]) for h in json.loads(out)} == {
        ("2024-01-01-a.md", 5),
        ("2024-01-02-b.md", 7),
    }
    status, out, _ = run(capsys, "search", "zebra", "--site", str(site))
    assert (status, out) == (1, "")


def test_tags_lists_counts_and_renames(site: Path, capsys) -> None:
    status, out, _ = run(capsys, "tags", "--site", str(site))
    assert (status, out) == (0, "web\t2\njs\t1\n")
    status, out, _ = run(capsys, "tags", "--site", str(site), "--json")
    assert json.loads(out) == [{"name": "web", "count": 2}, {"name": "js", "count": 1}]
    status, out, _ = run(capsys, "tags", "--site", str(site), "--rename", "web", "Web")
    assert status == 0 and len(out.splitlines()) == 2
    b = (site / "_posts" / "2024-01-02-b.md").read_text()
    assert b == "---\ntitle: B\ntags:\n  - Web # main\n---\nNo animals.\nA fox again.\n"
    status, out, _ = run(capsys, "tags", "--site", str(site))
    assert out == "Web\t2\njs\t1\n"


def test_tags_rename_of_an_unknown_tag_is_an_error(site: Path, capsys) -> None:
    status, _, err = run(capsys, "tags", "--site", str(site), "--rename", "nope", "x")
    assert status == 1 and "nope" in err
    status, _, err = run(capsys, "search", "x", "--site", str(site / "missing"))
    assert status == 1 and "no such folder" in err
