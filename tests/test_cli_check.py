"""``post-editor check``: the seed post, the bundled sample site, a broken copy of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from editor import cli
from editor.core.paths import resources_dir
from tests.support.corpus import SEED_DIR

SEED = SEED_DIR / "000_d124a37a302c7d53.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def sample(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", root)
    monkeypatch.chdir(root)
    return root


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")
def test_seed_mojibake_is_reported_on_line_12_and_fixed_on_that_line_only(tmp_path, capsys):
    post = tmp_path / SEED.name
    shutil.copyfile(SEED, post)
    status, out, _ = run(capsys, "check", "--json", str(post))
    found = json.loads(out)
    mojibake = [f for f in found if f["rule"] == "mojibake"]
    assert [f["line"] for f in mojibake] == [12]
    assert mojibake[0]["fix"]["edits"][0]["new"].startswith("Here’s what you need to know")
    assert status == 1  # the seed's image is not next to it: an error

    status, out, _ = run(capsys, "check", "--fix", str(post))
    assert f"{post.name}:12: fixed:" in out
    before = SEED.read_bytes().split(b"\n")
    after = post.read_bytes().split(b"\n")
    assert len(before) == len(after)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [12]
    assert after[11] == before[11].replace("Hereâ€™s".encode(), "Here’s".encode())
    remaining = [line for line in out.splitlines() if ": fixed: " not in line]
    assert remaining and not any("[mojibake]" in line for line in remaining)


def test_sample_site_shows_only_the_intended_findings(sample, capsys):
    status, out, err = run(capsys, "check")
    assert status == 0, err
    assert out.splitlines() == [
        "_posts/2025-09-02-putin-xi-talks.md:3: info: The title is 72 characters long: search "
        "results show about 70 characters; the rest is cut. [title-length]",
        "_posts/2025-09-02-putin-xi-talks.md:12: warning: Garbled characters: “â€™” → “’” "
        "(text saved as UTF-8 and read back as Windows-1252, as often happens when posts are "
        "imported). [mojibake]",
        "_posts/2023-11-02-notes-on-code.markdown:7: warning: version: YAML reads 1.10 as the "
        "number 1.1; quote it. [yaml-trap]",
    ]


def test_json_lists_objects_with_the_documented_keys(sample, capsys):
    status, out, _ = run(capsys, "check", "--json", str(sample))
    found = json.loads(out)
    assert status == 0 and len(found) == 3
    for item in found:
        assert {"file", "line", "severity", "rule", "message"} <= set(item)
    assert [("fix" in f) for f in found] == [False, True, True]


def test_a_broken_copy_exits_1_listing_each_problem(sample, capsys):
    posts = sample / "_posts"
    hills = posts / "2024-05-18-a-walk-in-the-hills.md"
    text = hills.read_text(encoding="utf-8")
    text = text.replace("/assets/images/hills.png)", "/assets/images/gone.png)")
    text = text.replace("layout: post", "layout: posts")
    hills.write_text(text + "\n{% if page.comments %}\nComments\n", encoding="utf-8")
    code = posts / "2023-11-02-notes-on-code.markdown"
    code.write_text(
        code.read_text(encoding="utf-8").replace("2024-05-18-a-walk", "2024-05-19-a-walk"),
        encoding="utf-8",
    )
    (posts / "2025-01-01-broken.md").write_text("---\ntitle: [oops\n---\nBody\n")
    (posts / "2025-01-02-copy.md").write_text(
        "---\nlayout: post\ntitle: Copy\npermalink: /2024/05/18/a-walk-in-the-hills/\n---\n"
    )
    status, out, _ = run(capsys, "check")
    assert status == 1
    found = {
        (line.split(":", 1)[0], line.rsplit("[", 1)[1].rstrip("]")) for line in out.splitlines()
    }
    expected = {
        ("_posts/2024-05-18-a-walk-in-the-hills.md", "image-missing"),
        ("_posts/2024-05-18-a-walk-in-the-hills.md", "unknown-layout"),
        ("_posts/2024-05-18-a-walk-in-the-hills.md", "liquid-unbalanced"),
        ("_posts/2024-05-18-a-walk-in-the-hills.md", "duplicate-url"),
        ("_posts/2023-11-02-notes-on-code.markdown", "post-url-missing"),
        ("_posts/2025-01-01-broken.md", "front-matter-invalid"),
        ("_posts/2025-01-02-copy.md", "duplicate-url"),
    }
    assert expected <= found


def test_fix_prints_what_changed_and_leaves_unsafe_fixes(sample, capsys):
    status, out, _ = run(capsys, "check", "--fix")
    assert status == 0
    assert "_posts/2025-09-02-putin-xi-talks.md:12: fixed: Repair “â€™” → “’” [mojibake]" in out
    assert "yaml-trap" in out  # quoting 1.10 changes what the site reads: the writer decides
    assert "version: 1.10" in (sample / "_posts/2023-11-02-notes-on-code.markdown").read_text()


def test_a_missing_path_is_an_error_without_traceback(sample, capsys):
    status, _, err = run(capsys, "check", "nope.md")
    assert status == 1 and "nope.md: no such file" in err


def test_json_with_fix_stays_valid_json(sample, capsys):
    status, out, err = run(capsys, "check", "--json", "--fix")
    assert status == 0
    assert [f["rule"] for f in json.loads(out)] == ["title-length", "yaml-trap"]
    assert ": fixed: " in err
