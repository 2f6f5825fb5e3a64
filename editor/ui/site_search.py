"""Site search (``siteSearch``, Ctrl+Shift+F): every line of every post that matches, with the
matched words highlighted; choosing a hit opens the post at that line."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.site.index import SearchHit
from editor.core.wording import count_of
from editor.services.debounce import Debounce

SNIPPET = 140


def snippet_html(hit: SearchHit, width: int = SNIPPET) -> str:
    """The hit's line around its first match, escaped, with every match in bold."""
    text = hit.text
    start = 0
    if hit.spans and len(text) > width:
        start = max(0, min(hit.spans[0][0] - width // 3, len(text) - width))
    end = min(len(text), start + width)
    parts: list[str] = ["…" if start else ""]
    cursor = start
    for a, b in hit.spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        parts.append(html.escape(text[cursor:a].expandtabs(4)))
        parts.append(f"<b style='background:#fff2a8;color:#000'>{html.escape(text[a:b])}</b>")
        cursor = b
    parts.append(html.escape(text[cursor:end].expandtabs(4)))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


class SiteSearch(QDialog):
    """Searches as the writer types; ``hitChosen`` carries the path and 1-based file line."""

    hitChosen = Signal(str, int)

    def __init__(
        self, search: Callable[[str], list[SearchHit]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("siteSearch")
        self.setWindowTitle("Search the Site")
        self.resize(720, 520)
        self._search = search
        self.hits: list[SearchHit] = []
        self.query = QLineEdit(self)
        self.query.setObjectName("siteSearchQuery")
        self.query.setPlaceholderText("Words to find in every post (body and front matter)")
        self.results = QListWidget(self)
        self.results.setObjectName("siteSearchResults")
        self.summary = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self._later = Debounce(150, self.run_search, self)
        self.query.textChanged.connect(lambda _text: self._later.trigger())
        self.query.returnPressed.connect(self._on_return)
        self.results.itemActivated.connect(lambda item: self.choose(self.results.row(item)))

    def open_fresh(self) -> None:
        self.show()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def take_focus_back(self) -> None:
        """Active again, focus where it was (after a question over the window closed)."""
        focus = self.focusWidget() or self.results
        self.activateWindow()
        focus.setFocus()

    def run_search(self) -> None:
        self._later.cancel()
        self.hits = self._search(self.query.text())
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem()
            label = QLabel(
                f"<span style='color:palette(mid)'>{html.escape(hit.title)} · "
                f"{html.escape(Path(hit.path).name)}:{hit.line}</span><br>{snippet_html(hit)}"
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(4, 2, 4, 2)
            item.setSizeHint(label.sizeHint())
            item.setToolTip(f"{hit.path}:{hit.line}")
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        posts = len({h.path for h in self.hits})
        self.summary.setText(
            f"{count_of(len(self.hits), 'line')} in {count_of(posts, 'post')}" if self.hits else ""
        )
        if self.hits:
            self.results.setCurrentRow(0)

    def _on_return(self) -> None:
        if self._later.is_pending() or not self.hits:
            self.run_search()
            return
        self.choose(max(0, self.results.currentRow()))

    def choose(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            hit = self.hits[row]
            self.hitChosen.emit(hit.path, hit.line)
