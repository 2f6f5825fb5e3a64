"""A frozen bundle (PyInstaller) relaunched as a render worker, or by multiprocessing.

From a Python install the preview's render worker is ``python -m editor.services.render_server``
(``render_process``); a frozen bundle has no interpreter to run, so it runs its own executable
with ``--render-worker ROLE=FD …``. The one-off renders of ``render`` and File → Export start
with multiprocessing's ``spawn``, which runs the bundle with ``--multiprocessing-fork
KEY=VALUE …`` (a worker), and on macOS and Linux also with ``-c "from
multiprocessing.resource_tracker import main;main(FD)"`` (the tracker that cleans up after
workers). The editor's argument parser rejects all of them, and the preview would never render,
so a frozen program looks for these launches first, becomes what was asked for and exits. No Qt
here: a worker must not load it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# What a frozen program is launched with to become the preview's render worker.
FROZEN_WORKER_FLAG = "--render-worker"
_TRACKER = re.compile(r"from multiprocessing\.resource_tracker import main;\s*main\((\d+)\)")


def _spawn_arguments(argv: list[str]) -> dict[str, Any]:
    """``tracker_fd=5 pipe_handle=7`` (``parent_pid=…`` on Windows) as keyword arguments."""
    kwds: dict[str, Any] = {}
    for arg in argv[2:]:
        name, _, value = arg.partition("=")
        kwds[name] = None if value == "None" else int(value)
    return kwds


def _tracker_fd(argv: list[str]) -> int | None:
    if "-c" not in argv:
        return None
    command = argv[argv.index("-c") + 1 :]
    match = _TRACKER.fullmatch(command[0]) if command else None
    return int(match.group(1)) if match else None


def run_helper_launch(argv: list[str]) -> None:
    """Become the worker or tracker this launch of a frozen program is for, and exit.

    ``argv`` is the whole command line, program name first (``sys.argv``). Returns only when
    the launch is none of these (or the program is not frozen): a worker exits when
    its owner stops it, the tracker when its pipe closes.
    """
    if not getattr(sys, "frozen", False):
        return
    if argv[1:2] == [FROZEN_WORKER_FLAG]:
        from editor.services import render_server

        sys.exit(render_server.main(argv[2:]))
    import multiprocessing
    import multiprocessing.spawn

    if multiprocessing.spawn.is_forking(argv):
        multiprocessing.spawn.spawn_main(**_spawn_arguments(argv))
    fd = _tracker_fd(argv)
    if fd is not None:
        from multiprocessing import resource_tracker

        resource_tracker.main(fd)
    # Anything else multiprocessing may relaunch (a fork server), on the freezer's own terms.
    multiprocessing.freeze_support()
