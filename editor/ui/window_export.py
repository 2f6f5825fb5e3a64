"""File → Export HTML / PDF for the main window: the target asked for, the export run, the
outcome in the status bar (built with the window's second step, see ``MainWindow``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from editor.ui import messages
from editor.ui.export_runner import ExportRunner

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class WindowExport(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner = ExportRunner(self)
        self.runner.finished.connect(self._on_html_exported)
        window.preview.page().pdfPrintingFinished.connect(self._on_pdf_exported)
        window.commands.export_html.triggered.connect(self.export_html)
        window.commands.export_pdf.triggered.connect(self.export_pdf)

    def _target(self, title: str, suffix: str, file_filter: str) -> Path | None:
        from editor.ui.export_target import ask_export_target

        post, site = self.window.session.post, self.window.session.site
        assert post is not None
        root = site.root if site else None
        return ask_export_target(self.window, post.path, root, title, suffix, file_filter)

    def export_html(self) -> None:
        window = self.window
        post = window.session.post
        if post is None or self.runner.busy:
            return
        target = self._target("Export HTML", ".html", "HTML (*.html)")
        if target is None:
            return
        window.form.flush_pending()
        post.document.set_body(window.source.checked_text())
        text = post.document.text()
        limit = self.runner.limit_seconds(text)
        self.runner.start(text, post.path, window.render_options(), target)
        window.statusBar().showMessage(f"Exporting {target.name}… (stops after {limit:.0f} s)")

    def _on_html_exported(self, target: str, error: str) -> None:
        status = self.window.statusBar()
        if error:
            status.showMessage(f"Export failed: {Path(target).name}", 8000)
            messages.error(self.window, "Export failed", error)
            return
        status.showMessage(f"Exported {target}", 4000)

    def export_pdf(self) -> None:
        if self.window.session.post is None:
            return
        target = self._target("Export PDF", ".pdf", "PDF (*.pdf)")
        if target is None:
            return
        self.window.preview.page().printToPdf(str(target))
        self.window.statusBar().showMessage(f"Exporting {target.name}…")

    def _on_pdf_exported(self, path: str, success: bool) -> None:
        status = self.window.statusBar()
        if success and Path(path).is_file():
            status.showMessage(f"Exported {path}", 4000)
            return
        status.showMessage(f"PDF export failed: {Path(path).name}", 8000)
        messages.error(
            self.window,
            "PDF export failed",
            f"The PDF could not be written to {path}. Check that the folder exists and is "
            "writable, and that the preview shows the post, then try again.",
        )
