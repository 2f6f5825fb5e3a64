"""The writer's tools around the source pane, built and wired in one place (#12).

Edit/Format commands, counts and outline (computed off the UI thread), spelling, images
dropped or pasted, focus mode, the collapsed form and the application theme. The main window
creates one :class:`WritingTools` and tells it when a post is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QToolBar

from editor.core.writing.spelling import language_code
from editor.services.text_stats import TextStats
from editor.ui.image_insert import ImageInserter
from editor.ui.spell_check import SpellCheck
from editor.ui.word_count import WordCountLabel
from editor.ui.writing_commands import WritingCommands
from editor.ui.writing_layout import WritingLayout

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

SPELLING_WAIT_MS = 2000  # the longest the dictionary waits for a shown post's first page


class WritingTools(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        w = self.actions = window.commands.writing
        source, pane, settings = window.source, window.source_pane, window.settings
        self.settings = settings
        self.commands = WritingCommands(
            source, pane.find_bar, window.form, window.form.undo_stack, w, self
        )
        self.text_stats = TextStats(source.text, parent=self)
        source.textChanged.connect(self.text_stats.trigger)
        self.word_count = WordCountLabel(source, self.text_stats, window)
        window.statusBar().addPermanentWidget(self.word_count)
        outline = pane.outline
        self.text_stats.ready.connect(outline.show_report)
        w.outline.setChecked(settings.value("writing/outline"))
        outline.setVisible(w.outline.isChecked())
        w.outline.toggled.connect(outline.setVisible)
        w.outline.toggled.connect(lambda on: settings.set_value("writing/outline", on))
        outline.headingChosen.connect(window.preview.scroll_to_source_line)
        self.spelling = SpellCheck(source, source.highlighter)
        # The dictionary is read on a thread once the first page is shown (or after a
        # second): read at once it held the start-up's first page back by 0.15-0.2 s.
        self.spelling.hold_loads()
        self._spelling_wait = QTimer(self)
        self._spelling_wait.setSingleShot(True)
        self._spelling_wait.timeout.connect(self.spelling.release_loads)
        self._spelling_wait.start(SPELLING_WAIT_MS)
        window.preview.rendered.connect(self._on_preview_rendered)
        self.images = ImageInserter(
            source,
            lambda: window.session.site,
            lambda: window.session.post.path if window.session.post else None,
            self,
        )
        self.images.message.connect(lambda text: window.statusBar().showMessage(text, 6000))
        self.layout = WritingLayout(
            window,
            pane,
            window.form,
            source.highlighter,
            w,
            lambda: [
                window.post_list_area(),
                window.preview,
                pane.outline,
                window.statusBar(),
                window.form,
                *window.findChildren(QDockWidget),  # the checks panel
                *window.findChildren(QToolBar),
            ],
        )
        self.layout.set_theme(settings.value("writing/theme"))
        for action in w.app_theme.values():
            action.triggered.connect(lambda: settings.set_value("writing/theme", self.layout.theme))
        self.layout.set_form_collapsed(settings.value("writing/form_collapsed"))
        w.collapse_form.toggled.connect(lambda on: settings.set_value("writing/form_collapsed", on))
        state = settings.value("window/source_splitter")
        if not state.isEmpty():
            pane.splitter.restoreState(state)
        window.commands.theme_dark.setText("&Dark Preview Theme (wins over the site's CSS)")
        w.spelling.setChecked(settings.value("writing/spelling"))
        w.spelling.toggled.connect(self.configure_spelling)
        window.form.edited.connect(self._on_form_edited)

    def _language(self) -> str:
        post, site = self.window.session.post, self.window.session.site
        return language_code(
            post.document.get("lang") if post else None,
            site.config.get("lang") if site else None,
        )

    def _on_form_edited(self) -> None:
        """The writer changed ``lang`` in the form: spelling follows it."""
        if self.actions.spelling.isChecked() and self._language() != self.spelling.language:
            self.configure_spelling()

    def configure_spelling(self) -> None:
        """Spelling in the post's ``lang``, else the site's, else the system's language."""
        enabled = self.actions.spelling.isChecked()
        self.settings.set_value("writing/spelling", enabled)
        site = self.window.session.site
        language = self._language()
        self.spelling.configure(
            enabled=enabled,
            language=language,
            site_root=site.root if site else None,
            background=True,
        )
        if enabled and not self.spelling.enabled:
            self.window.statusBar().showMessage(
                f"No dictionary for the language “{language}”: spelling is not checked.", 8000
            )

    def show_body(self, body: str, metadata: dict[str, Any]) -> None:
        """A post is shown: its body goes into the source pane, marked in the same pass."""
        if self._spelling_wait.isActive():
            self._spelling_wait.start()  # counted from this post's open: its page comes first
        self.configure_spelling()
        source = self.window.source
        if body != source.text():
            source.set_text(body)
            self.spelling.cancel_remark()
        self.text_stats.update_now()
        self.layout.summary.show_metadata(metadata)

    def save_layout(self) -> None:
        self.settings.set_value(
            "window/source_splitter", self.window.source_pane.splitter.saveState()
        )

    def _on_preview_rendered(self, _kind: str) -> None:
        if self._spelling_wait.isActive() and self.window.session.post is not None:
            self._spelling_wait.stop()
            self.spelling.release_loads()

    def shutdown(self) -> None:
        self._spelling_wait.stop()
        self.spelling.shutdown()
        self.text_stats.shutdown()
