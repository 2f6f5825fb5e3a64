"""A frozen bundle relaunched as the render worker becomes it (or multiprocessing's tracker).

PyInstaller is not needed to check this: a script that sets ``sys.frozen`` and runs the real
entry point stands in for the bundle's executable, and a parent that believes it is frozen
starts a render worker through it, exactly as the bundle does.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from editor.services import frozen_launch

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """\
#!{python}
import sys

sys.frozen = True
from editor.app import console_main

sys.exit(console_main())
"""

PARENT = """\
import sys

sys.frozen = True
sys.executable = {program!r}

from editor.core.render import RenderContext
from editor.services import render_process
from editor.services.render_messages import Full, Stop

if __name__ == "__main__":
    process, conn = render_process.spawn("frozen")
    conn.send(Full(1, "# Frozen\\n\\nHello *from the bundle*\\n", RenderContext()))
    if not conn.poll(60):
        sys.exit("the worker never answered")
    answer = conn.recv()
    print(type(answer).__name__, "<em>from the bundle</em>" in answer.html)
    conn.send(Stop())
    process.join(10)
    print("exit", process.exitcode)
"""


def test_a_frozen_program_starts_its_render_worker(tmp_path: Path) -> None:
    program = tmp_path / "post-editor"
    program.write_text(PROGRAM.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    parent = tmp_path / "parent.py"
    parent.write_text(PARENT.format(program=str(program)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(parent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Page", "True", "exit", "0"], result.stderr
    # The editor's argument parser never saw the worker's or the tracker's arguments.
    assert "usage:" not in result.stderr
    assert "resource_tracker" not in result.stderr


def test_a_worker_launch_is_read_as_spawn_arguments() -> None:
    argv = ["post-editor", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"]
    assert frozen_launch._spawn_arguments(argv) == {"tracker_fd": 5, "pipe_handle": 7}
    windows = ["post-editor.exe", "--multiprocessing-fork", "parent_pid=None", "pipe_handle=9"]
    assert frozen_launch._spawn_arguments(windows) == {"parent_pid": None, "pipe_handle": 9}


@pytest.mark.parametrize(
    ("argv", "fd"),
    [
        (["p", "-c", "from multiprocessing.resource_tracker import main;main(12)"], 12),
        (["p", "-I", "-c", "from multiprocessing.resource_tracker import main;main(3)"], 3),
        (["p", "-c", "import os; os.system('true')"], None),
        (["p", "-c", "from multiprocessing.resource_tracker import main;main(1); x()"], None),
        (["p", "-c"], None),
        (["p", "notes.md"], None),
    ],
)
def test_only_the_tracker_command_is_recognised(argv: list[str], fd: int | None) -> None:
    assert frozen_launch._tracker_fd(argv) == fd


def test_nothing_happens_when_not_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    argv = ["post-editor", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"]
    frozen_launch.run_helper_launch(argv)  # returns: a worker launch would exit the process


def test_the_entry_point_hands_a_frozen_tracker_launch_over(tmp_path: Path) -> None:
    """The tracker ends when its pipe closes: given a closed pipe it exits at once, with 0.

    Without the hand-over the editor's parser would reject ``-c`` (status 2, a usage line).
    """
    script = textwrap.dedent(
        """
        import os, sys
        sys.frozen = True
        read, write = os.pipe()
        os.close(write)
        sys.argv = ["post-editor", "-c",
                    f"from multiprocessing.resource_tracker import main;main({read})"]
        from editor.app import main
        main(["-c", "ignored"])
        sys.exit(40)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
