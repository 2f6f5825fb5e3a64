"""Starting the render worker process from the window's process (no Qt).

The worker is a plain child process, ``python -m editor.services.render_server`` (a frozen
bundle runs itself with ``--render-worker``: see ``frozen_launch``), given one socket per role.
Not multiprocessing's ``spawn``: the same process without multiprocessing's imports in either
process, and no resource tracker to keep away.
"""

from __future__ import annotations

import contextlib
import os
import site
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from editor.services.frozen_launch import FROZEN_WORKER_FLAG
from editor.services.render_pipe import Channel, channel_pair, write_shared_socket

FULL_WORKER_NICE = 10
# The preview's one worker process and its roles: whole pages (lowered priority) and keystrokes.
PREVIEW_WORKER = "preview"
PREVIEW_ROLES = ("full", "fast")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding editor/


class WorkerProcess:
    """A started worker: the few calls its owners make, over ``subprocess.Popen``."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self._popen = popen
        self.pid = popen.pid

    @property
    def exitcode(self) -> int | None:
        return self._popen.poll()

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        if self.is_alive():
            self._popen.kill()

    def join(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds for the process to end (and reap it)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)


_early: dict[str, tuple[WorkerProcess, dict[str, Channel], int]] = {}


def worker_command(fds: dict[str, str], nice: int) -> list[str]:
    """The worker's command line for roles on sockets ``fds`` (role: fd, or "-" on Windows)."""
    arguments = ["--nice", str(nice)] + [f"{role}={fd}" for role, fd in fds.items()]
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_WORKER_FLAG, *arguments]
    # -X importtime, -E, -I… as the parent's (what multiprocessing passes on too)
    flags = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
    return [sys.executable, *flags, "-m", "editor.services.render_server", *arguments]


def worker_environment(
    environ: Mapping[str, str], package_root: str = _PACKAGE_ROOT
) -> dict[str, str]:
    """The worker's environment: the parent's, with the folder holding ``editor/`` first on
    PYTHONPATH when that folder is not a site-packages folder (a source checkout run from
    elsewhere). An installed copy needs nothing: site-packages put on PYTHONPATH would come
    before the standard library and could hide parts of it."""
    env = dict(environ)
    installed = {
        str(Path(p).resolve()) for p in (*site.getsitepackages(), site.getusersitepackages())
    }
    if str(Path(package_root).resolve()) not in installed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


def spawn(name: str, nice: int = 0) -> tuple[WorkerProcess, Channel]:
    """Start a worker process: (the process, the UI side of its channel)."""
    process, conns = spawn_roles(name, (name,), nice)
    return process, conns[name]


def spawn_roles(
    name: str, roles: tuple[str, ...], nice: int = 0
) -> tuple[WorkerProcess, dict[str, Channel]]:
    """Start one worker process serving each role over its own socket, each in its own
    thread: (the process, the UI side of each role's channel). ``nice`` applies to the first
    role."""
    ends = {role: channel_pair() for role in roles}
    env = worker_environment(os.environ)
    if sys.platform == "win32":  # no fd passing there: sockets are shared through stdin
        command = worker_command({role: "-" for role in roles}, nice)
        popen = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
        assert popen.stdin is not None
        for _channel, sock in ends.values():
            write_shared_socket(popen.stdin, sock, popen.pid)
        popen.stdin.close()
    else:
        fds = {role: str(sock.fileno()) for role, (_channel, sock) in ends.items()}
        popen = subprocess.Popen(
            worker_command(fds, nice),
            pass_fds=[sock.fileno() for _channel, sock in ends.values()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
    for _channel, sock in ends.values():
        sock.close()
    return WorkerProcess(popen), {role: channel for role, (channel, _sock) in ends.items()}


def start_early(name: str, nice: int = 0, roles: tuple[str, ...] | None = None) -> None:
    """Start the named worker now, before the window exists, so its imports overlap the UI's.

    The first ``RenderWorker`` (or ``RenderHost``) of that name adopts it (see ``adopt``); at
    launch this is what the writer waits for, and the worker needs a few hundred ms to import
    the render pipeline.
    """
    if name not in _early:
        roles = roles or (name,)
        process, conns = spawn_roles(name, roles, nice)
        _early[name] = (process, conns, nice)


def adopt(
    name: str, nice: int, roles: tuple[str, ...] | None = None
) -> tuple[WorkerProcess, dict[str, Channel]] | None:
    """The worker ``start_early`` started under this name, priority and roles (taken once)."""
    entry = _early.pop(name, None)
    if entry is None:
        return None
    process, conns, early_nice = entry
    if early_nice != nice or tuple(conns) != (roles or (name,)) or not process.is_alive():
        for conn in conns.values():
            conn.close()
        process.kill()
        process.join(1)
        return None
    return process, conns
