"""`render` under the preview's time limit, `-o -`, a closed pipe, broken front matter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from editor import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_render_stops_at_the_limit_and_says_so(capsys, tmp_path: Path) -> None:
    post = tmp_path / "brackets.md"
    post.write_text("[" * 20000 + "\n", encoding="utf-8")
    status, out, err = run(capsys, "render", str(post))
    assert status == 1 and out == ""
    assert "time limit" in err and "Traceback" not in err


def test_dash_output_is_stdout(capsys, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Hi\n---\nHello *there*\n", encoding="utf-8")
    status, out, err = run(capsys, "render", str(post), "-o", "-")
    assert status == 0, err
    assert "<em>there</em>" in out
    assert not (tmp_path / "-").exists()


def test_broken_front_matter_is_a_warning(capsys, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: [oops\n---\nHello\n", encoding="utf-8")
    status, out, err = run(capsys, "render", str(post))
    assert status == 0
    assert "warning" in err and "front matter" in err
    assert "Hello" in out


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    post = tmp_path / "big.md"
    post.write_text("".join(f"Paragraph {i} with words.\n\n" for i in range(20000)), "utf-8")
    code = "import sys; from editor import cli; sys.exit(cli.main(sys.argv[1:]))"
    producer = subprocess.Popen(
        [sys.executable, "-c", code, "render", str(post)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # as `| head -1` does
    _, err = producer.communicate(timeout=120)
    assert producer.returncode == 0
    assert err.decode() == ""
