"""PySide6's import hook answers from the module's file without caching its lines."""

from __future__ import annotations

import linecache
import sys

from editor.ui import pyside_sources


def test_a_module_imported_after_the_hook_leaves_no_lines_cached(tmp_path, monkeypatch):
    (tmp_path / "uses_qt_here.py").write_text("import PySide6\nX = 1\n", encoding="utf-8")
    (tmp_path / "plain_here.py").write_text("Y = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    pyside_sources.stop_source_caching()
    from shibokensupport import feature

    assert feature._mod_uses_pyside is pyside_sources.mentions_pyside
    linecache.clearcache()
    try:
        import plain_here  # noqa: F401  (the hook sees import statements)
        import uses_qt_here  # noqa: F401
    finally:
        sys.modules.pop("uses_qt_here", None)
        sys.modules.pop("plain_here", None)
    assert str(tmp_path / "uses_qt_here.py") not in linecache.cache
    assert feature.pyside_feature_dict.get("uses_qt_here") == 0  # may switch on features
    assert feature.pyside_feature_dict.get("plain_here") == -1  # left alone


def test_mentions_pyside_answers_as_the_source_does(tmp_path):
    import inspect
    import json
    import types

    import editor.core.writing.word_store as plain
    import editor.ui.spell_check as uses

    for module in (plain, uses, json, pyside_sources):
        assert pyside_sources.mentions_pyside(module) is ("PySide6" in inspect.getsource(module))
    assert pyside_sources.mentions_pyside(uses) and not pyside_sources.mentions_pyside(plain)
    assert pyside_sources.mentions_pyside(sys) is False  # built in: no source
    module = types.ModuleType("m")
    module.__file__ = str(tmp_path / "gone.py")
    assert pyside_sources.mentions_pyside(module) is False
