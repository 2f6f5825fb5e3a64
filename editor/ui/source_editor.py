"""The Markdown source pane: the post's body, read back without changing a character."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent, QResizeEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from editor.core.textio import normalise_newlines
from editor.ui.lazy_highlight import LAZY_FROM, LazyHighlight
from editor.ui.lossless_text import ASTRAL, BREAKING, PARAGRAPH_SEPARATOR, codec_of, plain_text
from editor.ui.markdown_highlighter import MarkdownHighlighter, fence_state

log = logging.getLogger(__name__)


# Qt lays a paragraph out whole, again on every keystroke: a line of 50,000 characters without
# a space takes 0.4 s to show and 0.2 s per keystroke, 1 MB about 80 s (measured, see README).
# A post with such a line is shown read-only, the long lines cut, with a message saying why.
LONG_LINE_CHARS = 200_000  # even with spaces, beyond this each keystroke lays out too much
LONG_WORD_CHARS = 10_000  # a run without a break point this long is already slow to lay out
SHOWN_CHARS = 2_000
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD_CHARS + 1},}}")
# A text this long goes in by parts: the first (the top of the post, or down to the cursor)
# at once, the others of 64 KB (~7 ms each here) from the event loop, the pane read-only
# meanwhile. Qt takes ~55 ms per MB to put text into a document: a 1 MB post is usable
# after ~4 ms instead, and a 50 MB one does not freeze the window for the ~10 s one
# setPlainText takes. A key typed while the rest of a post up to FINISH_ON_KEY_CHARS goes
# in first puts the rest in (~55 ms per MB, once), then types.
LOAD_IN_PARTS_FROM = 256 * 1024
FIRST_PART_CHARS = LAZY_FROM  # highlighted lazily too
LOAD_PART_CHARS = 64 * 1024
FINISH_ON_KEY_CHARS = 3 * 1024 * 1024


def too_long_lines(text: str) -> list[int]:
    """0-based numbers of the lines Qt cannot lay out quickly enough to edit."""
    if len(text) <= LONG_WORD_CHARS:
        return []
    # A line over LONG_WORD_CHARS holds a stretch of ``step`` characters without a line break
    # starting at a multiple of ``step``: when there is none, no line is too long. One look
    # every 5,000 characters (~5 ms at 50 MB) instead of splitting the text into lines.
    step = LONG_WORD_CHARS // 2
    starts = range(0, len(text) - step + 1, step)
    if all(text.find("\n", start, start + step) >= 0 for start in starts):
        return []
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines):
        if len(line) > LONG_LINE_CHARS or (len(line) > LONG_WORD_CHARS and _LONG_WORD.search(line)):
            found.append(number)
    return found


def _cut(text: str, long_lines: list[int]) -> str:
    lines = text.split("\n")
    for number in long_lines:
        line = lines[number]
        lines[number] = f"{line[:SHOWN_CHARS]} … [{len(line) - SHOWN_CHARS:,} more characters]"
    return "\n".join(lines)


def _keepable(text: str, size: int) -> bool:
    """Qt's positions in ``text`` are Python's: no astral character (the stand-ins are
    astral), and as many characters as the document has (a lone surrogate left by a
    program's edit is dropped on the way to Python)."""
    return len(text) == size and not any(c in text for c in BREAKING) and not ASTRAL.search(text)


class SourceEditor(QPlainTextEdit):
    """A plain-text editor for the body.

    ``toPlainText()`` turns non-breaking spaces into spaces and U+2028 into newlines, so the
    text is read with ``toRawText()``, whose only change is U+2029 for each line break.

    Reading the whole text back costs ~8 ms per keystroke in a 1 MB post, so ``text()`` keeps a
    copy in step with each change Qt reports (``contentsChange``) and reads only the changed
    part. Qt's positions count UTF-16 units; while the text holds a character outside the BMP
    they differ from Python's, and the text is read back whole instead.
    """

    textEdited = Signal()  # the writer changed the text (not set_text)
    topLineChanged = Signal(int)  # 1-based body line at the top of the view
    loaded = Signal()  # a long text set by parts is all in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceEditor")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._highlighter = MarkdownHighlighter(self.document())
        # A long text is highlighted on screen first, the rest from the event loop.
        self.lazy_highlight = LazyHighlight(self, self._highlighter, fence_state)
        self._setting = False
        self._limited: str | None = None  # the real text while a cut view is shown
        self._wanted_read_only = False
        self.limit_banner = QLabel(self)
        self.limit_banner.setObjectName("longLineBanner")
        self.limit_banner.setWordWrap(True)
        self.limit_banner.setStyleSheet(
            "background: #fff3cd; color: #5c4400; padding: 6px; border-bottom: 1px solid #e0c36c;"
        )
        self.limit_banner.hide()
        self._copy: str | None = None  # the text as text() returns it, when kept in step
        self._loading: str | None = None  # a long text being put in by parts, as set
        self._rest = ""  # the text as shown, from ``_done`` on still to put in
        self._done = 0
        self._plain_parts = True  # no part put in so far had an astral character or stand-in
        self._load_timer = QTimer(self)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load_part)
        self.document().contentsChange.connect(self._on_contents_change)
        self.textChanged.connect(self._on_text_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def text(self) -> str:
        if self._limited is not None:
            return self._limited
        if self._loading is not None:
            return self._loading
        if self._copy is not None:
            return self._copy
        text = self.read_text()
        if _keepable(text, self.document().characterCount() - 1):
            self._copy = text
        return text

    def shown_text(self) -> str:
        """The text as the pane holds it, in which Qt's positions are: the whole post
        (``text()``) except when its too-long lines are shown cut."""
        return self.read_text() if self._limited is not None else self.text()

    def checked_text(self) -> str:
        """The text read back whole, for a save; the kept copy is checked against it."""
        self.finish_loading()
        if self._limited is not None:
            return self._limited  # shown cut and read-only: the post's own text is kept here
        text = self.read_text()
        if self._copy is not None and self._copy != text:
            log.error("the source pane's kept text was out of step with the document; reset")
            self._copy = None
        return text

    def read_text(self) -> str:
        """The whole text read back from the document (``text()`` usually has it already)."""
        return plain_text(self)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        """Bring the kept copy in step: the changed range read back, spliced in."""
        copy = self._copy
        if copy is None or self.lazy_highlight.highlighting:  # formats only, the text is the same
            return
        size = self.document().characterCount() - 1  # without the final block's end
        end = min(position + added, size)
        if not 0 <= position <= min(end, len(copy)):
            self._copy = None
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        piece = cursor.selectedText()
        copy = (
            copy[:position]
            + piece.replace(PARAGRAPH_SEPARATOR, "\n")
            + copy[min(position + removed, len(copy)) :]
        )
        # The text's length must agree, and a character outside the BMP ends the keeping.
        self._copy = copy if len(copy) == size and not ASTRAL.search(piece) else None

    def set_text(self, text: str) -> None:
        """Replace the text without emitting textEdited; keeps the cursor line when it can."""
        if text == self.text():
            return
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        self._load_timer.stop()
        self._loading, self._rest, self._done = None, "", 0
        self._setting = True
        self._copy = None
        long_lines = too_long_lines(text)
        self._limited = text if long_lines else None
        try:
            shown = codec_of(self).encode(_cut(text, long_lines) if long_lines else text)
            if not long_lines and len(shown) >= LOAD_IN_PARTS_FROM:
                # Down to the cursor's place too, so it (and the scroll) can be kept.
                first = max(FIRST_PART_CHARS, position + FIRST_PART_CHARS)
                cut = shown.find("\n", first) + 1 or len(shown)
                shown, self._rest, self._done = shown[:cut], shown, cut
                self._loading = text
                self._plain_parts = not ASTRAL.search(shown)
            self.lazy_highlight.set_text(shown, self.setPlainText)
        finally:
            self._setting = False
        self._show_limit(long_lines, text)
        if long_lines:
            self.lazy_highlight.show_visible()
            return
        if self._loading is not None:
            self._load_timer.start()
        elif len(shown) >= LAZY_FROM and not ASTRAL.search(shown):
            # A long text is not read back (8-40 ms at 1 MB): only line endings change on the
            # way in, and the length check (with the save's read-back) catches anything else.
            self._keep_assumed_copy(text)
        else:
            # Read back, not ``text`` itself: Qt turns a lone CR into a line break on the way
            # in. Done now (setPlainText was a whole pass already) so the first key reads nothing.
            self.text()
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text), self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)
        self.lazy_highlight.show_visible()

    def setReadOnly(self, read_only: bool) -> None:
        """Read-only as asked, and always while a post's too-long lines are shown cut."""
        self._wanted_read_only = read_only
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        locked = self._limited is not None or self._loading is not None
        super().setReadOnly(self._wanted_read_only or locked)

    def _keep_assumed_copy(self, text: str) -> None:
        """Keep ``text`` as Qt has it (line endings made breaks) when the lengths agree; the
        caller knows it holds no character Qt counts differently."""
        copy = normalise_newlines(text)
        if len(copy) == self.document().characterCount() - 1:
            self._copy = copy

    def is_loading(self) -> bool:
        """True while a long text is still going in by parts (the pane is read-only)."""
        return self._loading is not None

    def finish_loading(self) -> None:
        """Put the rest of a long text in now."""
        while self._loading is not None:
            self._load_part(whole=True)

    def ensure_line(self, index: int) -> None:
        """Line ``index`` (0-based) is wanted now (a heading or a check was clicked): while the
        text goes in and the line is not in yet, put the rest in when that is quick."""
        if (
            self._loading is not None
            and index >= self.document().blockCount()
            and len(self._rest) - self._done <= FINISH_ON_KEY_CHARS
        ):
            self.finish_loading()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key typed while a post goes in: the rest first when it is quick to put in
        (the writer's key is not dropped by the read-only pane), then the key."""
        if (
            self._loading is not None
            and not self._wanted_read_only
            and len(self._rest) - self._done <= FINISH_ON_KEY_CHARS
            and event.text()
        ):
            self.finish_loading()
        super().keyPressEvent(event)

    def _load_part(self, *, whole: bool = False) -> None:
        if self._loading is None:
            self._load_timer.stop()
            return
        rest, start = self._rest, self._done  # not sliced: copying 50 MB per part would stall
        end = len(rest) if whole else (rest.find("\n", start + LOAD_PART_CHARS) + 1 or len(rest))
        piece, self._done = rest[start:end], end
        document = self.document()
        # Checked part by part (stand-ins are astral too): one scan of 50 MB at the end would
        # stall the window.
        self._plain_parts = self._plain_parts and not ASTRAL.search(piece)

        def insert() -> None:
            cursor = QTextCursor(document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(piece)

        self._setting = True
        document.setUndoRedoEnabled(False)  # loading is not an edit to undo
        try:
            self.lazy_highlight.append(insert)
        finally:
            document.setUndoRedoEnabled(True)
            self._setting = False
        if self._done < len(self._rest):
            return
        self._rest, self._done = "", 0
        self._load_timer.stop()
        text, self._loading = self._loading, None
        if self._plain_parts:  # reading 50 MB back would stall the window
            self._keep_assumed_copy(text)
        self._apply_read_only()
        self.loaded.emit()

    @property
    def limited(self) -> bool:
        """True while the post has lines too long to edit here (shown cut, read-only)."""
        return self._limited is not None

    def _show_limit(self, long_lines: list[int], text: str) -> None:
        if long_lines:
            lines = text.split("\n")
            longest = max(len(lines[n]) for n in long_lines)
            which = ", ".join(str(n + 1) for n in long_lines[:5])
            more = "…" if len(long_lines) > 5 else ""
            self.limit_banner.setText(
                f"Line {which}{more} of the body is too long to edit here ({longest:,} "
                "characters without line breaks). The source is read-only and shows only the "
                f"first {SHOWN_CHARS:,} characters of such lines; the post itself is kept "
                "whole, and the front matter can still be edited. Break the line in another "
                "editor to edit it here."
            )
            self.limit_banner.show()
            height = self.limit_banner.heightForWidth(max(200, self.width())) + 4
            self.limit_banner.setGeometry(0, 0, self.width(), height)
            self.setViewportMargins(0, height, 0, 0)
        elif not self.limit_banner.isHidden():
            self.limit_banner.hide()
            self.setViewportMargins(0, 0, 0, 0)
        self._apply_read_only()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.limit_banner.isHidden():
            height = self.limit_banner.heightForWidth(max(200, self.width())) + 4
            self.limit_banner.setGeometry(0, 0, self.width(), height)
            self.setViewportMargins(0, height, 0, 0)

    # Images and files dropped or pasted (editor.ui.image_insert): True when it handled them.
    mime_hook: Callable[[QMimeData], bool] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self.mime_hook is not None and (source.hasImage() or source.hasUrls()):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        hook = self.mime_hook
        if hook is not None and (source.hasImage() or source.hasUrls()) and hook(source):
            return
        super().insertFromMimeData(source)

    @property
    def highlighter(self) -> MarkdownHighlighter:
        return self._highlighter

    def top_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def scroll_to_line(self, line: int) -> None:
        """Scroll so body line ``line`` (1-based) is at the top, without moving the cursor."""
        self.ensure_line(line - 1)
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.verticalScrollBar().setValue(block.firstLineNumber())

    def _on_text_changed(self) -> None:
        if not self._setting and not self.lazy_highlight.highlighting:
            self.textEdited.emit()

    def _on_scrolled(self, _value: int) -> None:
        self.topLineChanged.emit(self.top_line())

    def replace_lines(self, lines: dict[int, str]) -> bool:
        """Replace whole lines (0-based) as one undo step, as the writer would have typed them.

        False, with nothing changed, when a line does not exist.
        """
        if self._limited is not None:
            return False  # the pane shows a cut view of the post: its lines are not the post's
        document = self.document()
        blocks = {index: document.findBlockByNumber(index) for index in lines}
        if not all(block.isValid() for block in blocks.values()):
            return False
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        try:
            for index, new in sorted(lines.items(), reverse=True):
                block = blocks[index]
                cursor.setPosition(block.position())
                cursor.setPosition(
                    block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.insertText(codec_of(self).encode_piece(new))
        finally:
            cursor.endEditBlock()
        return True

    def replace_all(self, text: str) -> bool:
        """Put ``text`` in place of the whole text as one undo step (Ctrl+Z brings the old one
        back), keeping the cursor and scroll; False, with ``set_text`` left to the caller,
        when the pane shows a cut view or is still loading a long text."""
        if self._limited is not None or self._loading is not None:
            return False
        if text == self.text():
            return True
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(codec_of(self).encode_piece(text))
        cursor.endEditBlock()
        if self.read_text() != text:  # a character the pane's stand-ins do not cover
            self.set_text(text)
            return True
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)
        return True

    def go_to_line(self, index: int, column: int = 0) -> None:
        """Put the cursor on a line (0-based) and show it in the middle of the pane."""
        self.ensure_line(index)
        block = self.document().findBlockByNumber(max(0, index))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(max(column, 0), block.length() - 1))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()
