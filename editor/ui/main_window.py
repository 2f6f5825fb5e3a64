"""The main window: builds the panes and wires them together. No file I/O, no rendering."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QWidget

from editor.core.identity import DISPLAY_NAME
from editor.core.paths import free_path, same_file
from editor.core.render import RenderOptions
from editor.core.storage import ConflictError, FileExistsConflict, FileGoneError, SaveError
from editor.core.textio import TextDecodeError
from editor.core.wording import count_of
from editor.services.debounce import Debounce
from editor.services.document_session import DocumentSession
from editor.services.settings import Settings
from editor.services.start_trace import mark
from editor.ui import messages, palette
from editor.ui.actions import Actions, build_menus, create_actions
from editor.ui.disk_change_bar import DiskChangeBar
from editor.ui.front_matter_form import FrontMatterForm
from editor.ui.messages import Choice
from editor.ui.preview import PreviewView
from editor.ui.reliability import Reliability
from editor.ui.shrink_order import ShrinkOrder
from editor.ui.source_editor import SourceEditor
from editor.ui.source_pane import SourcePane
from editor.ui.writing_tools import WritingTools

if TYPE_CHECKING:
    from editor.services.site_indexer import SiteIndexer
    from editor.ui.checks_controller import ChecksController
    from editor.ui.post_list import PostList
    from editor.ui.site_workspace import SiteWorkspace
    from editor.ui.window_export import WindowExport

APP_TITLE = DISPLAY_NAME
# A body this long goes to the document model after a pause in typing rather than per key:
# handing over 20 MB costs about 0.1 s (50 MB: 0.4 s), which no keystroke should wait for.
LARGE_BODY_CHARS = 2 * 1024 * 1024
BODY_SYNC_MS = 400
POST_FILTER = "Markdown posts (*.md *.markdown *.mkd *.mkdn *.text);;All files (*)"
CHECKS_DOCK_HEIGHT = 170  # pixels: a handful of findings, the editor keeps the room


class MainWindow(QMainWindow):
    """Built in two steps (#15). The first builds what showing a post needs: the form, the
    source pane, the preview, the menus with every shortcut, the status bar, and the places
    of the post list and the checks dock. :meth:`finish_building` adds the rest: the post
    list and the site's index, the checks, quick open, site search, publishing. A window
    made with ``complete=False`` (the app's start, see ``editor.app``) waits for
    :meth:`finish_building` and calls it right after the preview's first page; any other
    window is complete when its constructor returns."""

    completed = Signal()  # finish_building() has run

    post_list: PostList
    indexer: SiteIndexer
    workspace: SiteWorkspace
    checks: ChecksController
    export: WindowExport

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, complete: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        # The theme's palette before the widgets exist: applied after them (the writing
        # tools' set_theme), it restyled every widget already built (15 ms at start).
        theme = settings.value("writing/theme")
        palette.apply(theme if theme in palette.THEMES else "system")
        self.session = DocumentSession(self)
        self._complete = False

        # Where the post list goes (finish_building puts it there): the first frame has the
        # window's final layout.
        self._post_list_place = QWidget(self)
        self.form = FrontMatterForm(self)
        self.source = SourceEditor(self)
        self.preview = PreviewView(self)
        self.source_pane = SourcePane(self.source, self)
        # The bar saying the post changed on disk sits right above the text it is about.
        self.disk_bar = DiskChangeBar(self)
        self.source_pane.add_bar_above(self.disk_bar)
        self.commands: Actions = create_actions(self)
        self.status_label = QLabel(self)
        self.remote_label = QLabel(self)
        self.remote_label.setObjectName("remoteContentState")

        self._build_layout()
        build_menus(self.menuBar(), self.commands)
        self.statusBar().addPermanentWidget(self.remote_label)
        self.statusBar().addPermanentWidget(self.status_label)
        self.writing_tools = WritingTools(self)
        self._restore_settings()
        self._wire()
        self.reliability = Reliability(self, self.disk_bar)
        self.checks_dock = QDockWidget("Checks", self)  # its panel: finish_building
        self.checks_dock.setObjectName("checksDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.checks_dock)
        self.resizeDocks([self.checks_dock], [CHECKS_DOCK_HEIGHT], Qt.Orientation.Vertical)
        self._dirty_title = Debounce(150, self._update_title, self)
        self._body_sync = Debounce(BODY_SYNC_MS, self._sync_body, self)
        self._update_title()
        self._update_actions()
        if complete:
            self.finish_building()

    def post_list_area(self) -> QWidget:
        """The post list, or the place it will take while the window is not complete."""
        return self.post_list if self._complete else self._post_list_place

    def is_complete(self) -> bool:
        """Whether :meth:`finish_building` has run."""
        return self._complete

    def finish_building(self) -> None:
        """Build the parts the first page does not wait for (their modules are imported
        here too) and bring them up to date with the site and post already shown. Runs once;
        later calls do nothing."""
        if self._complete:
            return
        self._complete = True
        from editor.services.site_indexer import SiteIndexer
        from editor.ui.checks_controller import ChecksController
        from editor.ui.post_list import PostList
        from editor.ui.site_workspace import SiteWorkspace
        from editor.ui.window_export import WindowExport

        self.post_list = PostList(self)
        self.main_splitter.replaceWidget(0, self.post_list)
        self.main_splitter.setStretchFactor(0, 1)  # a factor is the widget's, not the place's
        self._post_list_place.deleteLater()
        self.indexer = SiteIndexer(self)
        self.post_list.postActivated.connect(lambda path: self.open_post(Path(path)))
        self.indexer.postsLoaded.connect(self.post_list.set_posts)
        self.indexer.postsChanged.connect(self.post_list.apply_changes)
        self.indexer.progress.connect(self._show_index_progress)
        self.workspace = SiteWorkspace(self)
        self.checks = ChecksController(self, self.checks_dock)
        self.export = WindowExport(self)
        if self.session.site is not None:
            self._show_site()
        post = self.session.post
        self.post_list.select_path(post.path if post else None)
        self.workspace.adopt_shown_post()
        self.checks.adopt_shown_post()
        mark("window-completed")
        self.completed.emit()

    def finish_after_first_page(self, longest_ms: int) -> None:
        """Call :meth:`finish_building` once the preview shows its first page (or after
        ``longest_ms``), from the event loop: the page's own signal handlers come first."""

        def finish(*_args: object) -> None:
            QTimer.singleShot(0, self.finish_building)

        self.preview.rendered.connect(finish, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(longest_ms, self.finish_building)

    # -- building ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.editor_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.editor_splitter.setObjectName("editorSplitter")
        self.editor_splitter.addWidget(self.form)
        self.editor_splitter.addWidget(self.source_pane)
        self.editor_splitter.setStretchFactor(0, 2)
        self.editor_splitter.setStretchFactor(1, 3)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self._post_list_place)
        self.main_splitter.addWidget(self.editor_splitter)
        self.main_splitter.addWidget(self.preview)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setStretchFactor(2, 3)
        self.main_splitter.setSizes([300, 540, 560])
        # A narrowing window takes the preview's width before the post list's.
        self._shrink_order = ShrinkOrder(self.main_splitter, keep=0, give=2, floor=240)
        self.setCentralWidget(self.main_splitter)
        self.resize(1400, 860)

    def _wire(self) -> None:
        a = self.commands
        a.open_site.triggered.connect(self._choose_site)
        a.open_post.triggered.connect(self._choose_post)
        a.new_post.triggered.connect(lambda: self._new_post(draft=False))
        a.new_draft.triggered.connect(lambda: self._new_post(draft=True))
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.close_post.triggered.connect(self.close_post)
        a.quit.triggered.connect(self.close)
        for action in (a.theme_dark, a.use_site_css, a.allow_remote):
            action.toggled.connect(self._apply_preview_options)
        a.scroll_sync.toggled.connect(self._remember_scroll_sync)
        a.about.triggered.connect(self._show_about)
        a.refresh_preview.triggered.connect(self.preview.refresh)

        self.source.textEdited.connect(self._on_source_edited)
        self.form.edited.connect(self._on_form_edited)
        self.source.topLineChanged.connect(self._on_source_scrolled)
        self.preview.sourceLineScrolled.connect(self._on_preview_scrolled)

    def _restore_settings(self) -> None:
        s = self.settings
        if not s.value("window/geometry").isEmpty():
            self.restoreGeometry(s.value("window/geometry"))
        if not s.value("window/main_splitter").isEmpty():
            self.main_splitter.restoreState(s.value("window/main_splitter"))
        if not s.value("window/editor_splitter").isEmpty():
            self.editor_splitter.restoreState(s.value("window/editor_splitter"))
        self.commands.theme_dark.setChecked(s.value("preview/theme") == "dark")
        self.commands.use_site_css.setChecked(s.value("preview/use_site_css"))
        self.commands.allow_remote.setChecked(s.value("preview/allow_remote"))
        self.commands.scroll_sync.setChecked(s.value("preview/scroll_sync"))
        self.preview.set_options(self.render_options())
        self._show_remote_state()

    def _show_remote_state(self) -> None:
        """Whether the preview may fetch from the internet is always in sight, not only a tick."""
        if self.commands.allow_remote.isChecked():
            self.remote_label.setText("⚠ Remote content allowed")
            self.remote_label.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; }")
        else:
            self.remote_label.setText("Remote content blocked")
            self.remote_label.setStyleSheet("QLabel { color: palette(mid); }")
        self.remote_label.setToolTip(self.commands.allow_remote.statusTip())

    def _save_settings(self) -> None:
        s = self.settings
        s.set_value("window/geometry", self.saveGeometry())
        s.set_value("window/main_splitter", self.main_splitter.saveState())
        s.set_value("window/editor_splitter", self.editor_splitter.saveState())
        self.writing_tools.save_layout()
        if self.session.site is not None:
            s.set_value("session/last_site", str(self.session.site.root))
        post = self.session.post
        s.set_value("session/last_post", str(post.path) if post and post.stamp else "")
        self.reliability.save_session()
        s.sync()

    def render_options(self) -> RenderOptions:
        return RenderOptions(
            theme="dark" if self.commands.theme_dark.isChecked() else "light",
            use_site_css=self.commands.use_site_css.isChecked(),
            allow_remote=self.commands.allow_remote.isChecked(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "writing_tools"):
            self.writing_tools.layout.centre_text()

    # -- opening ----------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Open a site folder (showing its newest post) or a single post."""
        path = Path(path)
        try:
            if path.is_dir():
                if not self.maybe_save():
                    return False
                site = self.session.open_site(path)
                self._show_site()
                newest = site.newest_post_path()
                if newest is not None:
                    return self.open_post(newest, ask=False)
                self.session.close_post()
                self._show_post()
                return True
            return self.open_post(path)
        except OSError as exc:
            messages.error(self, "Cannot open", f"{path}: {exc.strerror or exc}")
            return False

    def open_post(self, path: Path, *, ask: bool = True) -> bool:
        """Open one post; ``ask=False`` when the writer already answered about unsaved changes."""
        path = Path(path).absolute()  # not resolve(): a symlinked post keeps its place in the site
        post = self.session.post
        if post is not None and post.path is not None and same_file(post.path, path):
            return True
        if ask and not self.maybe_save():
            if self._complete:
                self.post_list.select_path(post.path if post else None)
            return False
        previous_site = self.session.site
        try:
            self.session.open_post(path)
        except TextDecodeError as exc:
            messages.error(self, "Cannot open this post", f"{path}:\n{exc}")
            return False
        except OSError as exc:
            messages.error(self, "Cannot open this post", f"{path}:\n{exc.strerror or exc}")
            return False
        if self.session.site is not previous_site:
            self._show_site()
        self._show_post()
        return True

    def _show_site(self) -> None:
        site = self.session.site
        self.status_label.setText(f"{site.root}" if site else "")
        if not self._complete:
            return  # finish_building shows the site's posts
        self.checks.site_opened()
        self.post_list.set_posts([])
        if site is not None:
            self.indexer.open_site(site)
        else:
            self.indexer.shutdown()

    def _show_index_progress(self, done: int, total: int) -> None:
        # Background work never hides a message about the writer's own post (a reload, a save).
        shown = self.statusBar().currentMessage()
        if shown and not shown.startswith(("Indexing the site", "Indexed ")):
            return
        if done < total:
            self.statusBar().showMessage(f"Indexing the site: {done:,} of {total:,} posts…", 2000)
        else:
            self.statusBar().showMessage(f"Indexed {count_of(total, 'post')}", 2000)

    def _show_post(self) -> None:
        self._body_sync.cancel()  # typing not handed over yet belonged to the text replaced
        post = self.session.post
        document = post.document if post else None
        # The preview first: its render runs in another process while the form is built.
        self.preview.set_document(document, post.path if post else None, self.session.site)
        self.form.set_document(document, self.session.site, post.path if post else None)
        self.writing_tools.show_body(
            document.body if document else "", document.metadata if document else {}
        )
        self.source.setReadOnly(document is None)
        if self._complete:
            self.post_list.select_path(post.path if post else None)
        if document is not None and document.error is not None:
            self.statusBar().showMessage(f"Front matter: {document.error.message}", 10000)
        self._update_title()
        self._update_actions()

    def _choose_site(self) -> None:
        folder = messages.choose_folder(self, "Open Site", Path.home())
        if folder is not None:
            self.open_path(folder)

    def _choose_post(self) -> None:
        start = self.session.site.root if self.session.site else Path.home()
        path = messages.choose_file_to_open(self, "Open Post", start, POST_FILTER)
        if path is not None:
            self.open_post(path)

    def _new_post(self, *, draft: bool) -> None:
        if not self.maybe_save():
            return
        title = messages.ask_text(self, "New Draft" if draft else "New Post", "Title:")
        if title:
            self.new_post(title, draft=draft)

    def new_post(self, title: str, *, draft: bool = False) -> None:
        self.session.new_post(title, draft=draft)
        self._show_post()

    # -- editing ----------------------------------------------------------------------------
    def _on_source_edited(self) -> None:
        post = self.session.post
        if post is None:
            return
        if len(post.document.body) >= LARGE_BODY_CHARS:
            self._body_sync.trigger()
            return
        self._sync_body()

    def _sync_body(self) -> None:
        """Hand the source pane's text to the document model (and so to the preview)."""
        post = self.session.post
        if post is None:
            return
        post.document.set_body(self.source.text())
        self.preview.update_document()
        self._dirty_title.trigger()

    def _on_form_edited(self) -> None:
        post = self.session.post
        if post is None:
            return
        self._body_sync.flush()  # typing first, or setting the text back would drop it
        self.source.set_text(post.document.body)
        self.writing_tools.layout.summary.show_metadata(post.document.metadata)
        self.preview.update_document()
        self._dirty_title.trigger()

    def _apply_preview_options(self) -> None:
        options = self.render_options()
        self.settings.set_value("preview/theme", options.theme)
        self.settings.set_value("preview/use_site_css", options.use_site_css)
        self.settings.set_value("preview/allow_remote", options.allow_remote)
        self.preview.set_options(options)
        self._show_remote_state()

    def _remember_scroll_sync(self, enabled: bool) -> None:
        self.settings.set_value("preview/scroll_sync", enabled)

    def _on_source_scrolled(self, line: int) -> None:
        if self.commands.scroll_sync.isChecked() and not self._syncing_from_preview:
            self.preview.scroll_to_source_line(line)

    _syncing_from_preview = False

    def _on_preview_scrolled(self, line: int) -> None:
        if not self.commands.scroll_sync.isChecked() or self.source.hasFocus():
            return
        self._syncing_from_preview = True
        try:
            self.source.scroll_to_line(line)
        finally:
            self._syncing_from_preview = False

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        post = self.session.post
        if post is None:
            return False
        if post.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self, suggestion: Path | None = None) -> bool:
        post = self.session.post
        if post is None:
            return False
        site_root = self.session.site.root if self.session.site else Path.home()
        start = suggestion or post.path or site_root
        path = messages.choose_file_to_save(self, "Save Post As", start, POST_FILTER)
        if path is None:
            return False
        return self._save_to(path)

    def _save_to(self, path: Path | None, *, force: bool = False) -> bool:
        post = self.session.post
        assert post is not None
        self.finish_building()  # a save goes to the post list, the index and the checks
        self.form.flush_pending()
        self._body_sync.cancel()  # the text read whole just below replaces it
        # What is saved is the source pane's text read whole, not only its copy kept per key.
        if post.document.set_body(self.source.checked_text()):
            self.preview.update_document()
        name = (path or post.path or Path("untitled")).name
        previous_path = post.path
        try:
            saved = self.session.save(path, force=force)
        except FileExistsConflict:
            messages.error(
                self,
                "Name already taken",
                f"Another file named “{name}” appeared in the folder before this post was "
                "first saved. Choose another name; the other file is left alone.",
            )
            return self.save_as(self._free_name_like(post.path))
        except FileGoneError:
            choice = messages.ask_file_gone(self, name)
            if choice is Choice.SAVE:
                return self._save_to(path, force=True)
            if choice is Choice.SAVE_AS:
                return self.save_as()
            return False
        except ConflictError:
            return self.reliability.resolve_save_conflict(path)
        except SaveError as exc:
            messages.error(self, "Could not save", str(exc))
            return False
        except OSError as exc:
            messages.error(self, "Could not save", f"{name} was not saved: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Saved {saved}", 4000)
        self.reliability.after_save()
        if previous_path is None or not same_file(previous_path, saved):
            # Save As: the site, the preview's relative images and the form's image picker
            # all follow the new place.
            if self.session.site is None or not self.session.site.holds_post(saved):
                self.session.open_site(saved)
                self._show_site()
            self._show_post()
        site = self.session.site
        if site is not None and site.holds_post(saved):
            site.refresh_entry(saved)
            self.indexer.refresh_paths([saved])
            self.post_list.select_path(saved)
        self.workspace.after_save(saved)
        self.checks.after_save(saved)
        self._update_title()
        return True

    def _free_name_like(self, path: Path | None) -> Path | None:
        return None if path is None else free_path(path)

    def maybe_save(self) -> bool:
        """Ask before unsaved changes could be lost; False means the writer cancelled."""
        self.form.flush_pending()
        self._body_sync.flush()
        post = self.session.post
        if post is None or not post.is_dirty:
            return True
        name = post.path.name if post.path else "Untitled"
        choice = messages.ask_save_changes(self, name)
        if choice is Choice.SAVE:
            return self.save()
        return choice is Choice.DISCARD

    def close_post(self) -> bool:
        if not self.maybe_save():
            return False
        self.session.close_post()
        self._show_post()
        return True

    def _show_about(self) -> None:
        from editor.ui.about_dialog import show_about  # not needed to start: loaded when asked

        show_about(self)

    # -- state ------------------------------------------------------------------------------
    def _update_title(self) -> None:
        post = self.session.post
        if post is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        name = post.path.name if post.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(post.is_dirty)

    def _update_actions(self) -> None:
        has_post = self.session.post is not None
        for action in (
            self.commands.save,
            self.commands.save_as,
            self.commands.close_post,
            self.commands.export_html,
            self.commands.export_pdf,
        ):
            action.setEnabled(has_post)

    def closeEvent(self, event: QCloseEvent) -> None:
        # After SIGTERM or a logout the unsaved text is in the recovery journal: no question.
        if not self.reliability.keep_journal_on_close and not self.maybe_save():
            event.ignore()
            return
        self._save_settings()
        self.reliability.shutdown()
        if self._complete:
            self.indexer.shutdown()
            self.checks.shutdown()
        self.preview.shutdown()
        self.writing_tools.shutdown()
        event.accept()
