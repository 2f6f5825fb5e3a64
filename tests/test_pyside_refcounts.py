"""Guard against the PySide6/CPython pair that drops references to None, True and False.

PySide6 6.12.0 on CPython 3.11 decrements the singletons' reference counts on every bool signal
emitted to a Python slot and on every QSyntaxHighlighter call; after a few thousand calls the
process dies with "Fatal Python error: none_dealloc". pyproject.toml keeps that pair from being
installed; this test fails if the installed pair leaks anyway.
"""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

CALLS = 500


class _Emitter(QObject):
    flag = Signal(bool)


class _Highlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("red"))
        self.setFormat(0, len(text), fmt)
        self.setCurrentBlockState(self.previousBlockState())


def test_bool_signals_keep_true_and_false_alive(qapp):
    emitter = _Emitter()
    received = []
    emitter.flag.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for i in range(CALLS):
        emitter.flag.emit(i % 2 == 0)
    received.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before


def test_syntax_highlighter_keeps_none_alive(qapp):
    document = QTextDocument()
    highlighter = _Highlighter(document)
    before = sys.getrefcount(None)
    document.setPlainText("\n".join(f"line {i}" for i in range(CALLS)))
    highlighter.rehighlight()
    assert sys.getrefcount(None) >= before
    assert sys.getrefcount(None) - before < CALLS
