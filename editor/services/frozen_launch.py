"""A frozen bundle (PyInstaller) relaunched by multiprocessing as a render worker or its tracker.

The render workers start with multiprocessing's ``spawn``, which runs the program again. From a
Python install that is ``python -c …``; a frozen bundle has no interpreter to run, so spawn runs
the bundle's own executable with ``--multiprocessing-fork KEY=VALUE …`` (a worker), and on macOS
and Linux also with ``-c "from multiprocessing.resource_tracker import main;main(FD)"`` (the
tracker that cleans up after workers). The editor's argument parser rejects both, and the
preview would never render, so a frozen program looks for these launches first, becomes what was
asked for and exits. No Qt here: a worker must not load it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import re
import sys
from typing import Any

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
    the launch is none of multiprocessing's (or the program is not frozen): a worker exits when
    its owner stops it, the tracker when its pipe closes.
    """
    if not getattr(sys, "frozen", False):
        return
    if multiprocessing.spawn.is_forking(argv):
        multiprocessing.spawn.spawn_main(**_spawn_arguments(argv))
    fd = _tracker_fd(argv)
    if fd is not None:
        from multiprocessing import resource_tracker

        resource_tracker.main(fd)
    # Anything else multiprocessing may relaunch (a fork server), on the freezer's own terms.
    multiprocessing.freeze_support()
