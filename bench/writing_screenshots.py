"""Screenshots of the window in the light and dark application themes (for the README).

Run under a real X server so the window manager draws the window as a writer sees it:

    xvfb-run -a -s "-screen 0 1500x950x24" sh -c \
        'openbox & .venv/bin/python bench/writing_screenshots.py'

Writes ``resources/screenshots/theme-light.png`` and ``theme-dark.png``: the sample site's walk
post with a misspelled word, the outline, the find bar and the word count showing.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    scratch = Path(tempfile.mkdtemp(prefix="post-editor-shots-"))
    os.environ["POST_EDITOR_CONFIG_DIR"] = str(scratch / "config")
    os.environ["POST_EDITOR_DATA_DIR"] = str(scratch / "data")
    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.paths import resources_dir
    from editor.services.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    messages.ask_save_changes = lambda *_: messages.Choice.DISCARD
    site = scratch / "site"
    shutil.copytree(resources_dir() / "sample_site", site)
    post = site / "_posts" / "2024-05-18-a-walk-in-the-hills.md"

    def wait(condition, ms: int = 20_000) -> bool:
        timer = QElapsedTimer()
        timer.start()
        while not condition() and timer.elapsed() < ms:
            app.processEvents()
        return condition()

    def settle(ms: int) -> None:
        timer = QElapsedTimer()
        timer.start()
        while timer.elapsed() < ms:
            app.processEvents()

    out = ROOT / "resources" / "screenshots"
    for theme in ("light", "dark"):
        window = MainWindow(Settings())
        window.resize(1480, 920)
        window.show()
        window.writing_tools.layout.set_theme(theme)
        window.commands.theme_dark.setChecked(theme == "dark")
        window.open_path(post)
        wait(lambda w=window: w.session.post is not None and w.preview.is_current())
        cursor = window.source.textCursor()
        cursor.setPosition(0)
        window.source.setTextCursor(cursor)
        window.source.insertPlainText("A mornnig walk, **slowly**, with [a map](/maps/).\n\n")
        window.commands.writing.find.trigger()
        window.source_pane.find_bar.find_field.setText("hills")
        window.writing_tools.text_stats.update_now()
        settle(2500)
        target = out / f"theme-{theme}.png"
        window.grab().save(str(target))
        print(f"wrote {target}")
        window.close()
        window.deleteLater()
        settle(300)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
