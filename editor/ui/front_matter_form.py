"""The front-matter form: one typed editor per key, a raw view beside it, undo for both.

Every key of the post gets an editor (none is hidden or dropped); the schema learned from the
site picks the editor. Every change goes through ``PostDocument.set``/``set_path``/``unset`` so
that only the edited key's lines change. Showing a post never writes to it: editors are filled
with ``set_value``, which emits nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core.frontmatter.dates import ParsedDate
from editor.core.frontmatter.document import PostDocument
from editor.core.frontmatter.errors import FrontMatterEditError
from editor.core.site import schema as sch
from editor.core.site.form_plan import (
    MISSING,
    Plan,
    has_text_key,
    initial_value,
    plan_fields,
    salvage_yaml,
    value_at,
)
from editor.core.site.model import Site
from editor.core.site.typed_input import key_as_written
from editor.core.wording import count_of
from editor.ui.fields import FieldContext, create_editor, object_name
from editor.ui.fields.add_field_bar import AddFieldBar
from editor.ui.fields.mapping import MappingField
from editor.ui.fields.row import FieldRow
from editor.ui.front_matter_banner import MAX_FORM_FIELDS, banner_texts
from editor.ui.front_matter_undo import FrontMatterCommand, UndoKeyFilter
from editor.ui.raw_front_matter import RawFrontMatterView
from editor.ui.schema_learning import SchemaLearner

logger = logging.getLogger(__name__)

# The widest the form insists on being (a nested mapping may want more; it scrolls then).
MAX_FIT_WIDTH = 520

MERGED_KINDS = {sch.TEXT, sch.LONG_TEXT, sch.YAML, sch.DATE, sch.IMAGE, sch.CHOICE}


class FrontMatterForm(QWidget):
    """``set_document(doc, site)``, ``refresh()``, signal ``edited()``; see the module doc."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontMatterForm")
        self.undo_stack = QUndoStack(self)
        self._undo_filter = UndoKeyFilter(self.undo_stack, self)
        self._doc: PostDocument | None = None
        self._site: Site | None = None
        self._post_path: Path | None = None
        self._schema = sch.Schema()
        self._learner = SchemaLearner(self)
        self._learner.learned.connect(self._on_schema_learned)
        self._schema_waiting = False  # learned while a field was being edited: applied after
        self._rows: dict[tuple[str, ...], FieldRow] = {}
        self._plan: Plan | None = None
        self._sticky: dict[tuple[str, ...], str] = {}
        self._auto_raw = False
        self._too_many = 0  # fields in a front matter too big for the form, else 0
        self._salvaged: dict[str, Any] | None = None
        self._build()
        self._sync()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("frontMatterBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fde2e0; color: #7b241c; padding: 6px; border-radius: 3px;"
        )
        self.banner.hide()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("frontMatterTabs")
        self.tabs.setDocumentMode(True)

        page = QWidget(self.tabs)
        self.fields_scroll = QScrollArea(page)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.container = QWidget(self.fields_scroll)
        self.container.setObjectName("frontMatterFields")
        self.rows_layout = QVBoxLayout(self.container)
        self.rows_layout.setContentsMargins(6, 6, 6, 6)
        self.rows_layout.setSpacing(6)
        self.empty_label = QLabel(self.container)
        self.empty_label.setObjectName("frontMatterEmpty")
        self.empty_label.setStyleSheet("color: palette(mid);")
        self.rows_layout.addWidget(self.empty_label)
        self.rows_layout.addStretch(1)
        self.fields_scroll.setWidget(self.container)
        self.container.installEventFilter(self)  # its layout changes: _fit_width

        self.add_bar = AddFieldBar(page)
        self.add_input = self.add_bar.input
        self.add_completer = self.add_bar.completer
        self.add_button = self.add_bar.button
        self.status = self.add_bar.status
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.fields_scroll, 1)
        page_layout.addWidget(self.add_bar)
        self.tabs.addTab(page, "Fields")

        self.raw = RawFrontMatterView(self.tabs)
        self.tabs.addTab(self.raw, "Raw")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        self.add_bar.addRequested.connect(self._add_from_input)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.raw.textEdited.connect(self._on_raw_edited)

    # -- public API ---------------------------------------------------------------------------
    @property
    def schema(self) -> sch.Schema:
        """The schema in use (inferred from the site, refined by its schema file)."""
        return self._schema

    @property
    def document(self) -> PostDocument | None:
        return self._doc

    @property
    def _shown(self) -> PostDocument:
        """The shown post's document, for steps that only run while a post is shown."""
        assert self._doc is not None, "no post is shown"
        return self._doc

    def set_document(
        self, doc: PostDocument | None, site: Site | None, post_path: Path | None = None
    ) -> None:
        """Show a post (None: nothing). The site's schema is learned once, off the UI thread."""
        if self._doc is not None and doc is not self._doc:
            self.raw.flush()
        self._doc = doc
        self._site = site
        self._post_path = post_path
        self._schema = self._learner.schema(site, doc.metadata if doc is not None else None)
        self._schema_waiting = False
        self._sticky.clear()
        self._plan = None
        self.undo_stack.clear()
        self._sync()
        if doc is not None and (doc.error is not None or self._too_many):
            self._auto_raw = self.tabs.currentWidget() is not self.raw
            self.tabs.setCurrentWidget(self.raw)
        elif self._auto_raw:
            self._auto_raw = False
            self.tabs.setCurrentIndex(0)

    def refresh(self) -> None:
        """The document changed elsewhere: show its values, rebuilding only if keys changed."""
        self._sticky.clear()
        self._sync()

    def flush_pending(self) -> None:
        """Apply raw-view typing still waiting for its pause (call before saving)."""
        self.raw.flush()

    def reload_schema(self) -> None:
        """Learn the schema again (after posts or the schema file changed on disk); the form
        switches to it when it is ready (``schema_learned``)."""
        self._learner.forget(self._site)

    @property
    def schema_learned(self) -> bool:
        """Whether the shown site's schema is learned (else the form uses a provisional one)."""
        return self._learner.is_learned(self._site) and not self._schema_waiting

    def field_editor(self, dotted_key: str) -> QWidget | None:
        """The editor named ``field:<dotted_key>``, if shown."""
        return self.findChild(QWidget, object_name(tuple(dotted_key.split("."))))

    def field_row(self, dotted_key: str) -> FieldRow | None:
        return self._rows.get(tuple(dotted_key.split(".")))

    def _case_insensitive(self) -> bool:
        """Hugo reads front-matter keys case-insensitively (TOML front matter is Hugo's)."""
        kind = getattr(self._site, "kind", None)
        return kind == "hugo" or (self._doc is not None and self._doc.fm_format == "toml")

    def add_field(self, key: str, value: Any = MISSING) -> bool:
        """Add a top-level key with a value suited to its type; False if refused."""
        key = key.strip()
        doc = self._doc
        if doc is not None:
            key = key_as_written(doc.keys(), key, case_insensitive=self._case_insensitive())
        if doc is None or doc.error is not None or not key or key in list(doc.keys()):
            return False
        if value is MISSING:
            value = initial_value(self._schema, key, doc.fm_format)
        if not self._write((key,), value, label=f"Add {key}", merge=False):
            return False
        self._sync()
        editor = self.field_editor(key)
        if editor is not None:
            editor.setFocus()
        return True

    def remove_field(self, key: str) -> bool:
        """Remove a top-level key (undoable)."""
        doc = self._doc
        if doc is None or doc.error is not None or key not in list(doc.keys()):
            return False
        before = doc.front_matter_text
        try:
            changed = doc.unset(key)
        except FrontMatterEditError as exc:
            self._show_row_error((key,), str(exc))
            return False
        if changed:
            self._push(f"Remove {key}", before, "")
            self._sync()
            self.edited.emit()
        return changed

    # -- schema -------------------------------------------------------------------------------
    def _on_schema_learned(self, root: str) -> None:
        if self._site is None or str(self._site.root) != root:
            return
        if self._editing_a_field():
            self._schema_waiting = True  # rebuilding now would take the editor from the writer
            return
        self._apply_learned_schema()

    def _apply_learned_schema(self) -> None:
        self._schema_waiting = False
        self._schema = self._learner.schema(self._site)
        self._plan = None
        self._sync()

    def _editing_a_field(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.container.isAncestorOf(focus)

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if self._schema_waiting and not self._editing_a_field():
            self._apply_learned_schema()

    # -- planning and syncing -----------------------------------------------------------------
    def _make_plan(self) -> Plan:
        doc = self._doc
        self._too_many = 0
        if doc is None:
            return []
        self._salvaged = None
        if doc.error is not None:
            if self._plan:
                return self._plan  # keep showing the last good values, read-only
            if doc.fm_format != "yaml":
                return []
            self._salvaged = salvage_yaml(doc.front_matter_text)
            plan = plan_fields(self._schema, self._salvaged, list(self._salvaged))
            if len(plan) > MAX_FORM_FIELDS:
                self._too_many = len(plan)
                self._salvaged = None
                return []
            return plan
        plan = plan_fields(
            self._schema,
            doc.metadata,
            list(doc.keys()),
            self._sticky,
            case_insensitive=self._case_insensitive(),
        )
        if len(plan) > MAX_FORM_FIELDS:
            self._too_many = len(plan)
            return []
        return plan

    def _sync(self) -> None:
        doc = self._doc
        self._sync_raw()
        plan = self._make_plan()
        if plan != self._plan:
            self._rebuild(plan)
            present = list(doc.keys()) if doc is not None else []
            self.add_bar.set_suggestions(self._schema.add_field_suggestions(present))
        self._update_values()
        read_only = doc is None or doc.error is not None or bool(self._too_many)
        self.add_bar.set_enabled(not read_only)
        self._update_banner()

    def _sync_raw(self) -> None:
        doc = self._doc
        if doc is None:
            self.raw.set_text("", None)
            self.raw.show_error(None)
            self.raw.set_read_only(True)
            return
        self.raw.set_read_only(False)
        self.raw.set_text(doc.front_matter_text, doc.fm_format)
        self.raw.set_line_offset(self._raw_line_offset())
        error = doc.error
        if error is None:
            self.raw.show_error(None)
        else:
            self.raw.show_error(error.message, error.line, error.column)

    def _raw_line_offset(self) -> int:
        """File line just before the raw text (the opening delimiter), for error positions."""
        doc = self._shown
        text = doc.front_matter_text
        if not text:
            return 0
        fm_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        return max(0, doc.body_start_line - 2 - fm_lines)

    def _rebuild(self, plan: Plan) -> None:
        for row in self._rows.values():
            if row.ctx.path and len(row.ctx.path) == 1:
                row.hide()
                row.setParent(None)
                row.deleteLater()
        self._rows = {}
        doc = self._doc
        present = list(doc.keys()) if doc is not None else []
        for path, kind in plan:
            dotted = ".".join(path)
            raw = None
            if doc is not None and len(path) == 1 and path[0] in present:
                raw = doc.raw_value(path[0])
            ctx = FieldContext(
                path=path,
                spec=self._schema.spec(dotted),
                kind=kind,
                site=self._site,
                raw=raw,
                doc_format=doc.fm_format if doc is not None else None,
                extra={"post_path": self._post_path},
            )
            parent_row = self._rows.get(path[:-1]) if len(path) > 1 else None
            host = parent_row.editor if parent_row is not None else self.container
            editor = create_editor(ctx, host)
            row = FieldRow(ctx, editor, removable=len(path) == 1, parent=host)
            if parent_row is not None:
                cast(MappingField, parent_row.editor).add_row(row)
            else:
                self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
            row.field.committed.connect(lambda value, p=path: self._on_committed(p, value))
            row.field.problem.connect(lambda text, p=path: self._show_row_error(p, text))
            row.removeRequested.connect(lambda k=path[0]: self.remove_field(k))
            for widget in (editor, *editor.findChildren(QWidget)):
                widget.installEventFilter(self._undo_filter)
            self._rows[path] = row
        self._plan = plan

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.container and event.type() == QEvent.Type.LayoutRequest:
            self._fit_width()
        return super().eventFilter(watched, event)

    def _fit_width(self) -> None:
        """The window's splitters may not squeeze the form below what its rows need (up to
        MAX_FIT_WIDTH): narrower, the fields scrolled sideways with their ✕ out of sight."""
        need = (
            self.container.minimumSizeHint().width()
            + self.fields_scroll.verticalScrollBar().sizeHint().width()
        )
        self.fields_scroll.setMinimumWidth(min(need, MAX_FIT_WIDTH))

    def _update_values(self) -> None:
        doc = self._doc
        read_only = doc is None or doc.error is not None
        metadata = doc.metadata if doc is not None and not read_only else (self._salvaged or {})
        warnings: dict[str, list[str]] = {}
        if doc is not None:
            for warning in doc.warnings:
                warnings.setdefault(warning.key or "", []).append(warning.message)
        for path, row in self._rows.items():
            row.field.set_read_only(read_only)
            if row.remove_button is not None:
                row.remove_button.setEnabled(not read_only)
            if doc is not None and doc.error is not None:
                if self._salvaged is not None:
                    row.field.set_value(value_at(self._salvaged, path), None)
                    row.show_warning("")
                continue
            value = value_at(metadata, path)
            present = value is not MISSING
            if present and not has_text_key(metadata, path[0]):
                row.field.set_read_only(True)
                row.show_warning("This key is not text in YAML; edit it in the Raw tab.")
                row.field.set_value(value, None)
                continue
            raw = doc.raw_value(path[0]) if doc and len(path) == 1 and present else None
            row.field.set_value(None if not present else value, raw)
            if row.remove_button is not None:
                row.remove_button.setVisible(present)
            notes = list(warnings.get(".".join(path), []))
            if not notes and raw is not None and row.ctx.kind in (sch.YAML, sch.TEXT):
                trap = sch.yaml_trap(raw) if "\n" not in raw.strip() else None
                if trap and doc is not None and doc.fm_format == "yaml":
                    notes.append(trap)
            if not present:
                notes.append("Required by the site's schema; not in this post yet.")
            elif row.ctx.kind != sch.MAPPING:
                notes.extend(sch.validate(row.ctx.spec, value))  # the post as it is today
            row.show_warning(" ".join(notes))

    def _update_banner(self) -> None:
        doc = self._doc
        empty, banner = banner_texts(
            None if doc is None else (doc.error.message if doc.error is not None else ""),
            self._too_many,
            has_rows=bool(self._rows),
        )
        if empty is not None:
            self.empty_label.setText(empty)
        self.empty_label.setVisible(not self._rows or (doc is not None and doc.error is not None))
        if banner:
            self.banner.setText(banner)
            self.banner.show()
        else:
            self.banner.hide()
        count = len([p for p in self._rows if len(p) == 1])
        learned = self._schema.post_count
        learning = not learned and not self._learner.is_learned(self._site)
        self.status.setText(
            count_of(count, "field")
            + (f" · schema from {count_of(learned, 'post')}" if learned else "")
            + (" · learning the site's fields…" if learning else "")
        )

    # -- edits --------------------------------------------------------------------------------
    def _show_row_error(self, path: tuple[str, ...], text: str) -> None:
        row = self._rows.get(path)
        if row is not None:
            row.show_error(text)
        elif text:
            self.status.setText(text)  # e.g. a new key the document refused

    def _on_committed(self, path: tuple[str, ...], value: Any) -> None:
        row = self._rows.get(path)
        doc = self._doc
        if row is None or doc is None or doc.error is not None:
            return
        plain = value.value if isinstance(value, ParsedDate) else value  # a typed date
        messages = sch.validate(row.ctx.spec, plain)
        if messages:
            row.show_error(" ".join(messages))
            return
        row.show_error("")
        current = value_at(doc.metadata, path)
        if current is not MISSING and type(current) is type(plain) and current == plain:
            return
        self._sticky[path] = row.ctx.kind
        if self._write(
            path, value, label=f"Edit {'.'.join(path)}", merge=row.ctx.kind in MERGED_KINDS
        ):
            self._sync()

    def _write(self, path: tuple[str, ...], value: Any, *, label: str, merge: bool) -> bool:
        """Write one value; while typing, each keystroke is applied to the text as it was
        before the typing began, so a passing state (``"A "`` needs quotes) never decides
        the final style of the line."""
        doc = self._shown
        # Hugo reads keys case-insensitively: a `title` row writes the post's own `Title`.
        top = key_as_written(doc.keys(), path[0], case_insensitive=self._case_insensitive())
        path = (top, *path[1:])
        merge_key = ".".join(path) if merge else ""
        before = doc.front_matter_text
        base = self._typing_base(merge_key)
        try:
            if base is not None:
                doc.set_front_matter_text(base)
            doc.set(path[0], value) if len(path) == 1 else doc.set_path(path, value)
        except FrontMatterEditError as exc:
            if base is not None:
                doc.set_front_matter_text(before)
            self._show_row_error(path, str(exc))
            return False
        changed = doc.front_matter_text != before
        if changed:
            self._push(label, before, merge_key)
            self.edited.emit()
        return changed

    def _typing_base(self, merge_key: str) -> str | None:
        """The text before the current typing session in this field, if one is going on."""
        stack = self.undo_stack
        if not merge_key or stack.count() == 0 or stack.index() != stack.count():
            return None
        top = stack.command(stack.count() - 1)
        if not isinstance(top, FrontMatterCommand) or top.merge_key != merge_key:
            return None
        if top.after != self._shown.front_matter_text:
            return None  # changed elsewhere since: start a new step from here
        return top.before

    def _push(self, label: str, before: str, merge_key: str) -> None:
        after = self._shown.front_matter_text
        self.undo_stack.push(FrontMatterCommand(label, before, after, self._restore, merge_key))

    def _restore(self, text: str) -> None:
        doc = self._doc
        if doc is None:
            return
        doc.set_front_matter_text(text)
        self._sticky.clear()
        self._sync()
        self.edited.emit()

    def replace_front_matter_text(self, text: str, label: str) -> bool:
        """Set the front matter as raw text, as one undo step (the Checks panel's fixes)."""
        doc = self._doc
        if doc is None:
            return False
        before = doc.front_matter_text
        if not doc.set_front_matter_text(text):
            return False
        self._push(label, before, "")
        self._sticky.clear()
        self._sync()
        self.edited.emit()
        return True

    def focus_field(self, dotted_key: str) -> bool:
        """Show and focus a field's editor (False when the form has none for the key)."""
        editor = self.field_editor(dotted_key)
        if editor is None:
            return False
        self.tabs.setCurrentIndex(0)
        self.fields_scroll.ensureWidgetVisible(editor)
        editor.setFocus()
        return True

    def _on_raw_edited(self) -> None:
        doc = self._doc
        if doc is None:
            return
        text = self.raw.text()
        before = doc.front_matter_text
        if text == before:
            return
        doc.set_front_matter_text(text)
        self._push("Edit raw front matter", before, "\0raw")
        self._sticky.clear()
        self._sync()
        self.edited.emit()

    def _add_from_input(self, key: str) -> None:
        if self.add_field(key):
            self.add_input.clear()
