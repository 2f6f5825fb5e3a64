"""What every field editor shares: its context, its object name, and how it is chosen.

Each editor is a widget with ``committed = Signal(object)`` (the writer changed the value; the
payload is the new Python value), ``problem = Signal(str)`` (what was typed cannot be a value),
``set_value(value, raw)`` (show a value without emitting anything: displaying a post must never
edit it) and ``set_read_only(read_only)``. The form validates and writes; editors never touch
the document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QWidget

from editor.core.site import schema as sch

logger = logging.getLogger(__name__)


@dataclass
class FieldContext:
    """Everything an editor may need to know besides its value."""

    path: tuple[str, ...]
    spec: sch.FieldSpec
    kind: str
    site: Any = None
    raw: str | None = None
    doc_format: str | None = "yaml"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dotted(self) -> str:
        """The dotted key (``header.image``), as used in object names and the schema."""
        return ".".join(self.path)


def object_name(path: tuple[str, ...]) -> str:
    """``field:<key>`` (nested: ``field:header.image``), stable for tests and automation."""
    return "field:" + ".".join(path)


def create_editor(ctx: FieldContext, parent: QWidget | None = None) -> QWidget:
    """The editor widget for a field type (imported lazily: each lives in its own module)."""
    from editor.ui.fields.boolean import BooleanField
    from editor.ui.fields.chips import ChipsField
    from editor.ui.fields.choice import ChoiceField
    from editor.ui.fields.date_time import DateField
    from editor.ui.fields.image import ImageField
    from editor.ui.fields.long_text import LongTextField
    from editor.ui.fields.mapping import MappingField
    from editor.ui.fields.text import TextField
    from editor.ui.fields.yaml_value import YamlField

    classes: dict[str, type[QWidget]] = {
        sch.TEXT: TextField,
        sch.LONG_TEXT: LongTextField,
        sch.DATE: DateField,
        sch.BOOLEAN: BooleanField,
        sch.CHOICE: ChoiceField,
        sch.STRING_LIST: ChipsField,
        sch.IMAGE: ImageField,
        sch.MAPPING: MappingField,
        sch.YAML: YamlField,
    }
    widget = classes.get(ctx.kind, YamlField)(ctx, parent)
    widget.setObjectName(object_name(ctx.path))
    return widget
