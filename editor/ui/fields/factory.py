"""Which editor widget each field type gets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from editor.core.site import schema as sch
from editor.ui.fields.base import FieldContext, object_name
from editor.ui.fields.boolean import BooleanField
from editor.ui.fields.chips import ChipsField
from editor.ui.fields.choice import ChoiceField
from editor.ui.fields.date_time import DateField
from editor.ui.fields.image import ImageField
from editor.ui.fields.long_text import LongTextField
from editor.ui.fields.mapping import MappingField
from editor.ui.fields.text import TextField
from editor.ui.fields.yaml_value import YamlField

EditorClass = Callable[[FieldContext, QWidget | None], QWidget]

EDITORS: dict[str, EditorClass] = {
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


def create_editor(ctx: FieldContext, parent: QWidget | None = None) -> QWidget:
    """The editor widget for a field type (raw YAML for a type it does not know)."""
    widget = EDITORS.get(ctx.kind, YamlField)(ctx, parent)
    widget.setObjectName(object_name(ctx.path))
    return widget
