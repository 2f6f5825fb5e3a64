"""Wires the checks into the window: the Checks panel for the open post, fixes applied as
one undo step, the post list's marks and the site-wide run with its progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QProgressDialog

from editor.services.checks_runner import ChecksRunner
from editor.ui.checks_panel import ChecksPanel

if TYPE_CHECKING:
    from editor.core.checks import Finding
    from editor.ui.main_window import MainWindow

PREVIEW_WAIT_MS = 1000
SITE_PROGRESS_AFTER = 50  # posts: smaller sites are checked without a progress dialog


class ChecksController(QObject):
    """The checks' engine is imported by the worker thread on its first job, not here: the
    window's start-up does not pay for it (nor for ftfy)."""

    def __init__(self, window: MainWindow, dock: QDockWidget) -> None:
        """``dock``: the window's empty checks dock (``checksDock``), which gets the panel."""
        super().__init__(window)
        self.window = window
        self.panel = ChecksPanel(window)
        self.runner = ChecksRunner(self)
        self.dock = dock
        self.dock.setWidget(self.panel)
        self.statuses: dict[Path, tuple[str | None, str]] = {}
        self.progress: QProgressDialog | None = None

        commands = window.commands
        # The dock's own view action follows what the writer did (closing it, the menu), not a
        # minimised window; the menu entry mirrors it.
        commands.show_checks.setChecked(True)
        commands.show_checks.triggered.connect(
            lambda: self.dock.setVisible(commands.show_checks.isChecked())
        )
        self.dock.toggleViewAction().toggled.connect(commands.show_checks.setChecked)
        commands.check_site.triggered.connect(self.check_site)
        # A newly shown post is checked once its preview is on screen (or after a second):
        # checking it at once took the CPU from the first page at start-up.
        self._after_preview = QTimer(self)
        self._after_preview.setSingleShot(True)
        self._after_preview.timeout.connect(lambda: self.schedule(now=True))
        window.session.postChanged.connect(self._on_post_changed)
        window.preview.rendered.connect(self._on_preview_rendered)
        window.source.textEdited.connect(self.schedule)
        window.form.edited.connect(self.schedule)
        self.runner.postChecked.connect(self._on_post_checked)
        self.runner.onRequest.connect(self._on_request_only)
        self.panel.checkRequested.connect(self.check_now)
        self.runner.siteProgress.connect(self._on_site_progress)
        self.runner.siteChecked.connect(self._on_site_checked)
        self.panel.findingActivated.connect(self.go_to)
        self.panel.fixRequested.connect(self.apply_fix)
        self._height_before_fix: int | None = None
        self.panel.fixShown.connect(self._on_fix_shown)

    def _on_fix_shown(self, shown: bool) -> None:
        """A fix's preview makes the dock taller; once it is gone (applied, cancelled, another
        finding, new findings) the dock gets back the height it had before."""
        if shown:
            if self._height_before_fix is None and not self.dock.isFloating():
                self._height_before_fix = self.dock.height()
            return
        height, self._height_before_fix = self._height_before_fix, None
        if height is not None:
            # After the layout took the hidden preview's room back, else it grows again.
            QTimer.singleShot(0, lambda: self._shrink_dock_to(height))

    def _shrink_dock_to(self, height: int) -> None:
        if self.dock.isVisible() and not self.dock.isFloating() and self.dock.height() > height:
            self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def _on_preview_rendered(self, _kind: str) -> None:
        if self._after_preview.isActive():
            self._after_preview.stop()
            self.schedule(now=True)

    # -- the open post ------------------------------------------------------------------------
    def schedule(self, *, now: bool = False) -> None:
        post = self.window.session.post
        self.runner.schedule(
            post.document if post else None,
            post.path if post else None,
            self.window.session.site,
            now=now,
        )

    def check_now(self) -> None:
        """Check the open post now, however long it is (the panel's Check Now)."""
        post = self.window.session.post
        if post is None:
            return
        self.panel.set_checking_on_request()
        self.runner.schedule(
            post.document, post.path, self.window.session.site, now=True, requested=True
        )

    def _on_request_only(self, path: Path | None) -> None:
        post = self.window.session.post
        if post is not None and path == post.path:
            self.panel.set_on_request()

    def _on_post_changed(self) -> None:
        self.panel.set_checking()
        self._after_preview.start(PREVIEW_WAIT_MS)

    def adopt_shown_post(self) -> None:
        """The post the window showed before this controller existed (the start's first
        page): checked like a newly shown one."""
        if self.window.session.post is None:
            return
        self._on_post_changed()
        if self.window.preview.is_current():  # its first page is already on screen
            self._on_preview_rendered("")

    def after_save(self, path: Path) -> None:
        """Other posts' view of this one changed (its URL, its date)."""
        self.runner.refresh(path)
        self.schedule(now=True)
        self.show_statuses()

    def _on_post_checked(self, path: Path | None, findings: list[Finding]) -> None:
        post = self.window.session.post
        if post is None:
            self.panel.set_findings(None)
            return
        if path != post.path:
            return
        self.panel.set_findings(findings)
        if path is not None:
            self._record(path, findings)

    def go_to(self, finding: Finding) -> None:
        """To the form field the finding names, else to its line in the source pane."""
        post = self.window.session.post
        if post is None:
            return
        if finding.field and self.window.form.focus_field(finding.field):
            return
        from editor.core.checks.model import PostView

        view = PostView.of(post.document, post.path)
        if finding.line >= view.body_first:
            column = (finding.column or 1) - 1
            self.window.source.go_to_line(finding.line - view.body_first, column)
        else:
            self.window.form.tabs.setCurrentIndex(self.window.form.tabs.count() - 1)

    def apply_fix(self, finding: Finding) -> bool:
        """Apply a fix the writer has seen: body lines through the source pane, front-matter
        lines through the form; each is one undo step there."""
        post = self.window.session.post
        fix = finding.fix
        if post is None or fix is None:
            return False
        from editor.core.checks import fix_applies
        from editor.core.checks.model import PostView

        document = post.document
        if not fix_applies(document, fix):
            self.window.statusBar().showMessage("The post changed; checking it again…", 4000)
            self.schedule(now=True)
            return False
        view = PostView.of(document, post.path)
        body = {e.line - view.body_first: e.new for e in fix.edits if e.line >= view.body_first}
        front = [e for e in fix.edits if e.line < view.body_first]
        if front:
            lines = document.front_matter_text.split("\n")
            for edit in front:
                lines[edit.line - view.fm_first] = edit.new
            self.window.form.replace_front_matter_text("\n".join(lines), fix.label)
        if body:
            self.window.source.replace_lines(body)
        self.window.statusBar().showMessage(f"Fixed: {fix.label}", 4000)
        self.schedule(now=True)
        return True

    # -- the site -----------------------------------------------------------------------------
    def check_site(self) -> None:
        site = self.window.session.site
        if site is None:
            return
        self.window.commands.check_site.setEnabled(False)
        total = len(site.entries())
        if total >= SITE_PROGRESS_AFTER:
            self.progress = QProgressDialog("Checking the site…", "Stop", 0, total, self.window)
            self.progress.setObjectName("checksProgress")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.canceled.connect(self.runner.cancel_site)
            self.progress.show()
        self.window.statusBar().showMessage("Checking the site…")
        self.runner.check_site(site)

    def _on_site_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _on_site_checked(self, results: dict[Path, list[Finding]]) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.window.commands.check_site.setEnabled(True)
        from editor.core.checks.report import summary

        everything: list[Finding] = []
        for path, findings in results.items():
            self._record(path, findings)
            everything.extend(findings)
        with_errors = sum(1 for p in results if self.statuses.get(p, (None,))[0] == "error")
        self.window.statusBar().showMessage(
            f"Checked {len(results)} posts: {summary(everything)}; {with_errors} with errors",
            10000,
        )

    def _record(self, path: Path, findings: list[Finding]) -> None:
        worst = next(
            (s for s in ("error", "warning") if any(f.severity == s for f in findings)), None
        )
        shown = [f for f in findings if f.severity == worst][:3]
        message = "\n".join(f"Line {f.line}: {f.message}" for f in shown)
        self.statuses[path] = (worst, message)
        self.window.post_list.set_status(path, worst, message)

    def show_statuses(self) -> None:
        """Put the marks back after the post list was filled again."""
        for path, (level, message) in self.statuses.items():
            self.window.post_list.set_status(path, level, message)

    def site_opened(self) -> None:
        self.statuses.clear()
        self.runner.invalidate()

    def shutdown(self) -> None:
        self._after_preview.stop()
        self.runner.shutdown()
