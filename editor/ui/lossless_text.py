"""One lossless way to put text into Qt's text widgets and read it back.

Measured with PySide6 6.12: ``QPlainTextEdit.toPlainText()`` turns non-breaking spaces into
spaces and U+2028 into newlines; ``document().toRawText()`` keeps both but marks every line
break as U+2029, and ``setPlainText`` turns U+2029 and the noncharacters U+FDD0/U+FDD1 into
line breaks (and drops a leading U+FEFF). So a plain-text widget shows those characters as
private-use stand-ins and turns them back on the way out. The stand-ins are chosen per text
among private-use characters the text does not contain, so a post that holds a stand-in itself
(U+F2029…) keeps it too. ``QLineEdit`` keeps every character but a leading U+FEFF: ``line_text`` and
``set_line_text`` do the same for line edits.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

PARAGRAPH_SEPARATOR = "\u2029"
# Characters Qt changes on the way in, in a fixed order: the three it turns into line breaks,
# and U+FEFF, which setPlainText drops at the start of the text.
BREAKING = (PARAGRAPH_SEPARATOR, "\ufdd0", "\ufdd1", "\ufeff")
DEFAULT_STANDINS = ("\U000f2029", "\U000ffdd0", "\U000ffdd1", "\U000ffeff")
_PRIVATE_USE = (range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextCodec:
    """The stand-ins one widget uses; ``encode`` for Qt, ``decode`` for what Qt gives back.

    ``lines`` is False for a line edit: it only drops a leading U+FEFF, and has no line
    breaks to mark.
    """

    def __init__(self, *, lines: bool = True) -> None:
        self.lines = lines
        chars = BREAKING if lines else BREAKING[-1:]
        standins = DEFAULT_STANDINS if lines else DEFAULT_STANDINS[-1:]
        self.standins: dict[str, str] = dict(zip(chars, standins, strict=True))

    def _choose(self, text: str) -> None:
        if not any(s in text for s in self.standins.values()):
            return
        used = set(text)
        free = (
            chr(c) for block in _PRIVATE_USE for c in block if chr(c) not in used
        )  # 130,000 candidates: a text cannot hold them all within the size we open
        self.standins = {char: next(free) for char in self.standins}

    def encode(self, text: str) -> str:
        """The text as Qt should be given it (stand-ins for the characters Qt would break on)."""
        self._choose(text)
        for char, standin in self.standins.items():
            if char in text:
                text = text.replace(char, standin)
        return text

    def encode_piece(self, text: str) -> str:
        """Text to insert into a widget already showing text: the stand-ins in use."""
        for char, standin in self.standins.items():
            if char in text:
                text = text.replace(char, standin)
        return text

    def decode(self, raw: str) -> str:
        """Text read with ``toRawText()`` (or a cursor's ``selectedText()``) as it was given."""
        if self.lines:
            raw = raw.replace(PARAGRAPH_SEPARATOR, "\n")
        if not ASTRAL.search(raw):  # every stand-in is astral: one scan instead of copies
            return raw
        for char, standin in self.standins.items():
            if standin in raw:
                raw = raw.replace(standin, char)
        return raw

    def is_standin(self, piece: str) -> bool:
        return any(s in piece for s in self.standins.values())


def _codec(widget: QWidget) -> TextCodec:
    codec = getattr(widget, "_lossless_codec", None)
    if codec is None:
        codec = TextCodec(lines=not isinstance(widget, QLineEdit))
        widget._lossless_codec = codec  # type: ignore[attr-defined]
    return codec


def plain_text(edit: QPlainTextEdit) -> str:
    """The text of a plain-text widget exactly as it was set or typed."""
    return _codec(edit).decode(edit.document().toRawText())


def set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Show ``text`` so that ``plain_text`` gives it back character for character."""
    edit.setPlainText(_codec(edit).encode(text))


def codec_of(edit: QPlainTextEdit) -> TextCodec:
    return _codec(edit)


def line_text(edit: QLineEdit, raw: str | None = None) -> str:
    """A line edit's text as set or typed (``raw``: text a signal passed, from the same edit).

    QLineEdit keeps U+2028/U+2029, NBSP, private-use and astral characters, but drops a
    leading U+FEFF, which is shown as a stand-in.
    """
    return _codec(edit).decode(QLineEdit.text(edit) if raw is None else raw)


def set_line_text(edit: QLineEdit, text: str) -> None:
    edit.setText(_codec(edit).encode(text))
