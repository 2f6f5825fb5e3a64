"""editor/core, the CLI and the worker side of the services never load Qt."""

import pkgutil
import subprocess
import sys

import editor.core

# The render worker process and the preview's scheduler are plain Python too: the worker never
# pays for Qt's import, and the scheduler is tested without a web view.
NO_QT_SERVICES = [
    "editor.services.render_process",
    "editor.services.render_server",
    "editor.services.render_pipe",
    "editor.services.render_messages",
    "editor.services.preview_scheduler",
]


def test_core_and_cli_import_without_qt():
    modules = [m.name for m in pkgutil.walk_packages(editor.core.__path__, "editor.core.")]
    assert "editor.core.site" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {[*modules, 'editor.cli', *NO_QT_SERVICES]!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
