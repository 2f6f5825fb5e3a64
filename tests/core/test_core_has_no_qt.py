"""editor/core and the CLI must stay pure Python: importing them never loads Qt."""

import pkgutil
import subprocess
import sys

import editor.core


def test_core_and_cli_import_without_qt():
    modules = [m.name for m in pkgutil.walk_packages(editor.core.__path__, "editor.core.")]
    assert "editor.core.site" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {[*modules, 'editor.cli']!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
