"""Entry point: arguments, QApplication, main window; ``post-editor COMMAND`` goes to the CLI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from editor import __version__

RELEASE_AFTER_START_MS = 3000
SCREENSHOT_SETTLE_MS = 1500
# The window's parts the first page does not need are built once it shows, or after this long.
COMPLETE_WINDOW_AFTER_MS = 1500
# ``editor.cli.COMMANDS``, known without importing the CLI (and all it imports) when the
# window starts; tests/ui/test_cold_start.py keeps the two the same.
COMMAND_NAMES = frozenset(
    {"render", "fm", "new", "publish", "unpublish", "check", "search", "tags"}
)


def _parse_window_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="post-editor",
        description="Edit Markdown blog posts: front-matter form, source pane, live preview. "
        "Commands: render, fm, new, publish, unpublish (post-editor COMMAND --help).",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a site folder or a post")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="open, wait for the preview, save a screenshot of the window and quit",
    )
    parser.add_argument(
        "--exit-when-rendered",
        action="store_true",
        help=argparse.SUPPRESS,  # for bench/startup.py: print the time the page showed, quit
    )
    return parser.parse_args(argv)


def _surely_the_window(argv: list[str]) -> bool:
    """True when these arguments open the window, told without importing the CLI: none, an
    option other than help or version, or a path that exists (the window's argument)."""
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    return first.startswith("-") or Path(first).exists()


def _start_preview_worker() -> None:
    from editor.services.render_process import (
        FULL_WORKER_NICE,
        PREVIEW_ROLES,
        PREVIEW_WORKER,
        start_early,
    )

    start_early(PREVIEW_WORKER, FULL_WORKER_NICE, PREVIEW_ROLES)


def _prepare_environment() -> None:
    """What must be true before QApplication exists."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium's sandbox refuses to run as root; only then is it turned off.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from editor.ui.pyside_sources import stop_source_caching

    stop_source_caching()  # before the window's modules are imported
    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()


def _start_path(requested: Path | None, last_site: str) -> Path:
    from editor.services.document_session import sample_site_copy

    if requested is not None:
        return requested
    if last_site and Path(last_site).is_dir():
        return Path(last_site)
    return sample_site_copy()


def _quit_after_first_page(window, screenshot: Path | None) -> None:
    """Close the window once the preview has shown its first page (screenshots, benchmarks)."""
    import time

    from PySide6.QtCore import QTimer

    done = False

    def on_rendered(_kind: str) -> None:
        nonlocal done
        if done:
            return
        done = True
        if screenshot is None:
            from editor.services.start_trace import mark

            mark("rendered")
            print(f"rendered-at {time.time():.6f}", flush=True)
            QTimer.singleShot(0, window.close)
        else:
            # The whole window, as a writer sees it a moment after the start: its second step
            # built, the post list and the open post's checks filled in.
            def grab() -> None:
                QTimer.singleShot(
                    SCREENSHOT_SETTLE_MS,
                    lambda: (window.grab().save(str(screenshot)), window.close()),
                )

            if window.is_complete():
                grab()
            else:
                window.completed.connect(grab)

    window.preview.rendered.connect(on_rendered)
    QTimer.singleShot(20000, window.close)


def install_crash_dialog(app) -> None:
    """Uncaught errors (any thread) go to the crash log; the writer sees a short dialog."""
    from editor.services import crash_report
    from editor.services.background import ui_callback
    from editor.ui import messages

    # Shown on the UI thread whichever thread raised.
    notify = ui_callback(lambda text: messages.error(None, "Something went wrong", text))

    def show(text: str) -> None:
        print(f"post-editor: {text}", file=sys.stderr)
        notify(text)

    crash_report.install(show)


def main(argv: list[str] | None = None) -> int:
    """Run the editor (or a CLI command); returns the exit status."""
    if getattr(sys, "frozen", False):
        from editor.services.frozen_launch import run_helper_launch

        run_helper_launch(sys.argv)  # a bundle relaunched as a render worker exits in there
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--self-test"]:  # packagers: are the libraries' data files there?
        from editor import self_test

        return self_test.main()
    from editor.services.start_trace import mark

    mark("app-imported")
    if _surely_the_window(argv):
        # The render worker first: its start (the render pipeline's imports, a warm-up render)
        # is what a cold start waits for, so it begins before the window's own imports.
        _start_preview_worker()
    mark("worker-spawned")
    if argv and argv[0] in COMMAND_NAMES:
        from editor import cli

        return cli.main(argv)
    args = _parse_window_args(argv)
    if args.path is not None and not args.path.exists():
        print(f"post-editor: {args.path}: no such file or folder", file=sys.stderr)
        return 2
    from editor.services.crash_report import configure_logging

    configure_logging(os.environ.get("POST_EDITOR_LOG", "WARNING"))  # no traceback on stderr
    _start_preview_worker()  # once only: its imports overlap the window's start
    _prepare_environment()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from editor.services.interpreter import share_with_workers
    from editor.services.settings import Settings
    from editor.ui.app_identity import apply_identity

    mark("qt-imported")
    from editor.ui.main_window import MainWindow

    mark("window-modules-imported")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "post-editor"])
    assert isinstance(app, QApplication)
    install_crash_dialog(app)
    apply_identity(app)
    share_with_workers()
    settings = Settings()
    mark("app-created")
    window = MainWindow(settings, complete=False)
    window.finish_after_first_page(COMPLETE_WINDOW_AFTER_MS)
    mark("window-built")
    window.show()
    mark("window-shown")
    window.open_path(_start_path(args.path, settings.value("session/last_site")))
    mark("post-opened")
    if args.path is None:
        window.reliability.restore_session()
    window.reliability.install_signal_handlers()
    window.completed.connect(lambda: _run_test_drive(window))  # as a writer, once it is all there
    # Unsaved work a killed or crashed run left behind is offered once the window is up.
    QTimer.singleShot(0, window.reliability.offer_recovery)
    QTimer.singleShot(RELEASE_AFTER_START_MS, _settle_after_start)
    if args.screenshot is not None or args.exit_when_rendered:
        _quit_after_first_page(window, args.screenshot)
    status = app.exec()
    return status


def _settle_after_start() -> None:
    """Once the first page is surely shown: what start-up freed goes back to the system, and
    what it keeps is left out of later garbage collections."""
    from editor.services.heap import release_free_memory
    from editor.services.interpreter import freeze_start_objects

    freeze_start_objects()
    release_free_memory()


def _run_test_drive(window) -> None:
    """Tests only: POST_EDITOR_TEST_DRIVE names a Python file run with ``window`` in scope,
    to type and click in the real app started as a subprocess. Unset in normal use."""
    script = os.environ.get("POST_EDITOR_TEST_DRIVE")
    if script:
        import runpy

        runpy.run_path(script, init_globals={"window": window})


def console_main() -> int:
    return main()
