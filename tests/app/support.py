"""Start the real editor as a subprocess (offscreen) on a temporary site and HOME, and drive it.

The editor runs a test-only script named by POST_EDITOR_TEST_DRIVE with ``window`` in scope;
the script prints one JSON object per line, which ``App.read`` returns.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from editor.core.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", site)
    return site


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("POST_EDITOR_DATA_DIR", "POST_EDITOR_CONFIG_DIR"):
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def recovery_folder(home: Path) -> Path:
    return home / ".local" / "share" / "post-editor" / "recovery"


class App:
    def __init__(self, home: Path, args: list[str], script: str, tmp_path: Path) -> None:
        drive = tmp_path / f"drive-{time.monotonic_ns()}.py"
        drive.write_text(script)
        env = env_for(home)
        env["POST_EDITOR_TEST_DRIVE"] = str(drive)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from editor.app import main; sys.exit(main())",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its render workers are killed with it at the end
        )
        self._buffer = b""

    def read(self, timeout: float = 90.0) -> dict:
        """The next JSON line the drive script printed (other output is skipped)."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                if line.startswith(b"{"):
                    return json.loads(line)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the editor printed nothing in time")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise EOFError(f"the editor ended (status {self.proc.poll()})")
                self._buffer += chunk

    def signal(self, signum: int) -> int:
        self.proc.send_signal(signum)
        status = self.proc.wait(timeout=60)
        self.cleanup()
        return status

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # render workers left by a SIGKILL
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
