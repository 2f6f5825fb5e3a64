"""Spell checking in the source pane, offline (pyspellchecker's bundled dictionaries).

The Markdown highlighter asks :meth:`SpellCheck.misspelled` for each prose line it paints, so
only changed blocks are checked (Qt re-highlights those alone) and fenced code never is. A word
is looked up once and its answer remembered. Right-click on a marked word offers suggestions,
Add to Dictionary (the personal list in the data folder) and Ignore (this session).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from editor.core.paths import cache_dir, data_dir
from editor.core.writing.spelling import (
    EXTRA_ENGLISH,
    SITE_WORDS_FILE,
    add_to_word_list,
    american_forms,
    normalise,
    read_word_list,
    words_to_check,
)
from editor.core.writing.word_store import WordStore, load_word_store
from editor.services.background import SerialWorker, ui_callback
from editor.services.heap import release_free_memory
from editor.ui.markdown_highlighter import MarkdownHighlighter, is_code_block

log = logging.getLogger(__name__)

BLOCKS_PER_TICK = 100  # re-marking after a dictionary change, a slice per event-loop turn
MAX_SUGGESTIONS = 7


def personal_words_path() -> Path:
    return data_dir() / "words.txt"


@functools.cache
def _dictionaries() -> dict[str, Path]:
    """The bundled dictionaries by language, found without importing the checker."""
    try:
        spec = importlib.util.find_spec("spellchecker")
    except (ImportError, ValueError):
        return {}
    if spec is None or not spec.submodule_search_locations:
        return {}
    found: dict[str, Path] = {}
    for location in spec.submodule_search_locations:
        folder = Path(location) / "resources"
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                if path.name.endswith(".json.gz"):
                    found.setdefault(path.name.split(".")[0], path)
    return found


# The dictionaries read so far, by language (UI thread only): a window opened later, or a
# language chosen again, uses them at once.
_read_checkers: dict[str, WordStore] = {}


def available_languages() -> frozenset[str]:
    return frozenset(_dictionaries())


def load_checker(language: str) -> WordStore:
    """``language``'s dictionary (ValueError: none), held compactly (``WordStore``).

    The file is read as pyspellchecker's ``load_dictionary`` reads it (the same words,
    lowered, the same counts) the first time, and the store kept in the cache folder: later
    starts read the store back without making an object per word (about 9 MiB less of the
    window's memory than keeping pyspellchecker's ``dict``)."""
    path = _dictionaries().get(language)
    if path is None:
        raise ValueError(f"no dictionary for {language!r}")
    try:
        store = load_word_store(path, cache_dir() / "spelling")
    except EOFError as exc:  # a truncated file (a damaged one raises OSError or ValueError)
        raise OSError(f"cannot read {path.name}: {exc}") from exc
    release_free_memory()
    return store


class SpellCheck(QObject):
    def __init__(self, editor: QPlainTextEdit, highlighter: MarkdownHighlighter) -> None:
        super().__init__(editor)
        self.editor = editor
        self.highlighter = highlighter
        self.language = ""
        self.enabled = False
        self._checker: WordStore | None = None  # the dictionary once loaded
        self._words: WordStore | frozenset[str] = frozenset()
        self._answers: dict[str, bool] = {}
        self._accepted: set[str] = read_word_list(personal_words_path())
        self._site_words: set[str] = set()
        self._ignored: set[str] = set()
        self._next_block = -1
        self._loading = ""  # the language whose dictionary a background load is reading
        self._held = False  # background loads wait for release_loads()
        self._loader: SerialWorker | None = None
        self._remark = QTimer(self)
        self._remark.setInterval(0)
        self._remark.timeout.connect(self._remark_some)
        editor.setContextMenuPolicy(editor.contextMenuPolicy().CustomContextMenu)
        editor.customContextMenuRequested.connect(self._context_menu)

    # -- set-up ---------------------------------------------------------------------------------
    def configure(
        self, *, enabled: bool, language: str, site_root: Path | None, background: bool = False
    ) -> None:
        """Check (or not) in ``language``; words of the site's word list count as known.

        ``background``: a dictionary not loaded yet is read on a worker thread (0.15-0.2 s
        here), the words marked once it is in; meanwhile nothing is marked."""
        site_words = read_word_list(site_root / SITE_WORDS_FILE) if site_root else set()
        if language not in available_languages():
            enabled = False
        changed = (enabled, language, site_words) != (
            self.enabled,
            self.language,
            self._site_words,
        )
        self._site_words = {normalise(w) for w in site_words}
        self.enabled = enabled
        needs_load = language != self.language or (self._checker is None and not self._loading)
        if enabled and needs_load:
            if background:
                self._load_in_background(language)
            else:
                self._load(language)
        self.language = language
        self.highlighter.spelling = self.misspelled if enabled else None
        if changed:
            self._answers.clear()
            self.remark_all()

    def _load(self, language: str) -> None:
        self._loading = ""
        try:
            checker = _read_checkers.get(language) or load_checker(language)
        except (ValueError, OSError) as exc:
            log.warning("no dictionary for %s: %s", language, exc)
            self._checker = None
            self.enabled = False
            return
        self._use(language, checker)

    def _use(self, language: str, checker: WordStore) -> None:
        _read_checkers[language] = checker
        self._checker = checker
        self._words = checker

    @property
    def loading(self) -> bool:
        """True while a dictionary is being read (or waits for ``release_loads``)."""
        return bool(self._loading)

    def hold_loads(self) -> None:
        """Background loads wait for ``release_loads`` (the window's first page comes first:
        reading the dictionary holds the interpreter for about 60 ms at a time)."""
        self._held = True

    def release_loads(self) -> None:
        if self._held:
            self._held = False
            if self._loading:
                self._submit_load(self._loading)

    def _load_in_background(self, language: str) -> None:
        if language in _read_checkers:  # read before (another window): in use at once
            self._loading = ""
            self._use(language, _read_checkers[language])
            return
        self._checker = None
        self._words = frozenset()
        self._loading = language
        if not self._held:
            self._submit_load(language)

    def _submit_load(self, language: str) -> None:
        if self._loader is None:
            self._loader = SerialWorker("spelling dictionary")
        done = ui_callback(self._loaded)

        def job() -> None:
            try:
                checker: WordStore | None = load_checker(language)
            except (ValueError, OSError) as exc:
                log.warning("no dictionary for %s: %s", language, exc)
                checker = None
            done(language, checker)

        self._loader.submit(job)

    def _loaded(self, language: str, checker: WordStore | None) -> None:
        if language != self._loading:
            return  # another language was asked for meanwhile; its own load follows
        self._loading = ""
        if language != self.language:
            return
        if checker is None:
            self.enabled = False
            self.highlighter.spelling = None
            return
        self._use(language, checker)
        if self.enabled:
            self._answers.clear()
            self.remark_all()

    def shutdown(self) -> None:
        if self._loader is not None:
            self._loader.close()

    # -- checking -------------------------------------------------------------------------------
    def is_known(self, word: str) -> bool:
        key = normalise(word)
        answer = self._answers.get(key)
        if answer is None:
            answer = (
                key in self._words
                or key in self._accepted
                or key in self._site_words
                or key in self._ignored
                or key.removesuffix("'s") in self._words
                or (
                    self.language == "en"
                    and (
                        key in EXTRA_ENGLISH
                        or key.removesuffix("'s") in EXTRA_ENGLISH
                        or any(form in self._words for form in american_forms(key))
                    )
                )
            )
            self._answers[key] = answer
        return answer

    def misspelled(self, line: str) -> list[tuple[int, int]]:
        """Spans of ``line`` to underline (the highlighter's hook)."""
        if not self.enabled or not self._words:
            return []
        # The highlighter calls this for prose lines only (it paints code lines as code).
        spans = words_to_check(line, in_code=False)
        return [(s, e) for s, e, word in spans if not self.is_known(word)]

    def suggestions(self, word: str) -> list[str]:
        if self._checker is None or len(word) > 30:
            return []
        store = self._checker
        found = store.candidates(word.lower()) or set()
        # The most common first; equally common ones alphabetically (a set has no order).
        ranked = sorted(found, key=lambda w: (-store.get(w, 0), w))[:MAX_SUGGESTIONS]
        if word[:1].isupper():
            ranked = [w[:1].upper() + w[1:] for w in ranked]
        return [w for w in ranked if w.lower() != word.lower()]

    # -- re-marking -----------------------------------------------------------------------------
    def remark_all(self) -> None:
        """Re-highlight every block, a slice per event-loop turn so typing never waits (the
        source pane's lazy highlighter does it when there is one: the blocks on screen first,
        and never taken for typing)."""
        lazy = getattr(self.editor, "lazy_highlight", None)
        if lazy is not None:
            self._remark.stop()
            lazy.rehighlight_all()
            return
        self._next_block = 0
        self._remark.start()

    @property
    def remarking(self) -> bool:
        """True while blocks wait to be marked again."""
        lazy = getattr(self.editor, "lazy_highlight", None)
        return self._remark.isActive() or (lazy is not None and lazy.pending())

    def cancel_remark(self) -> None:
        """The whole text was just set (and so highlighted with spelling): no pass needed."""
        self._remark.stop()

    def _remark_some(self) -> None:
        document = self.editor.document()
        block = document.findBlockByNumber(self._next_block)
        with self._restyling():
            for _ in range(BLOCKS_PER_TICK):
                if not block.isValid():
                    self._remark.stop()
                    return
                self.highlighter.rehighlightBlock(block)
                block = block.next()
        self._next_block = block.blockNumber() if block.isValid() else document.blockCount()

    def _remark_word(self, word: str) -> None:
        self._answers.pop(normalise(word), None)
        block = self.editor.document().begin()
        with self._restyling():
            while block.isValid():
                if word in block.text():
                    self.highlighter.rehighlightBlock(block)
                block = block.next()

    def _restyling(self) -> contextlib.AbstractContextManager[None]:
        lazy = getattr(self.editor, "lazy_highlight", None)
        return lazy.restyling() if lazy is not None else contextlib.nullcontext()

    def add_word(self, word: str) -> None:
        """Add to the personal dictionary (kept in the data folder for next time)."""
        self._accepted.add(normalise(word))
        try:
            add_to_word_list(personal_words_path(), [word])
        except OSError as exc:
            log.warning("could not save %s to the personal word list: %s", word, exc)
        self._remark_word(word)

    def ignore_word(self, word: str) -> None:
        self._ignored.add(normalise(word))
        self._remark_word(word)

    # -- the context menu -----------------------------------------------------------------------
    def word_at(self, point: QPoint) -> tuple[QTextCursor, str] | None:
        cursor = self.editor.cursorForPosition(point)
        block = cursor.block()
        column = cursor.position() - block.position()
        if is_code_block(block):
            return None
        for start, end, word in words_to_check(block.text(), in_code=False):
            if start <= column <= end and not self.is_known(word):
                found = QTextCursor(block)
                found.setPosition(block.position() + start)
                found.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                return found, word
        return None

    def build_menu(self, point: QPoint) -> QMenu:
        menu = self.editor.createStandardContextMenu(point)
        hit = self.word_at(point) if self.enabled else None
        if hit is None:
            return menu
        cursor, word = hit
        ours: list[QAction] = []
        suggestions = self.suggestions(word)
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            action.setObjectName(f"spelling:{suggestion}")
            action.triggered.connect(lambda _=False, s=suggestion, c=cursor: self._replace(c, s))
            ours.append(action)
        if not suggestions:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            ours.append(none)
        add = QAction("Add to Dictionary", menu)
        add.setObjectName("spelling:add")
        add.triggered.connect(lambda: self.add_word(word))
        ignore = QAction("Ignore", menu)
        ignore.setObjectName("spelling:ignore")
        ignore.triggered.connect(lambda: self.ignore_word(word))
        separator = QAction(menu)
        separator.setSeparator(True)
        ours += [add, ignore, separator]
        existing = menu.actions()
        if existing:
            menu.insertActions(existing[0], ours)
        else:
            menu.addActions(ours)
        return menu

    def _replace(self, cursor: QTextCursor, word: str) -> None:
        cursor.insertText(word)

    def _context_menu(self, point: QPoint) -> None:
        menu = self.build_menu(point)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        menu.deleteLater()
