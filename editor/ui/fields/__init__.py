"""One small editor widget per front-matter field type; ``create_editor`` picks one."""

from editor.ui.fields.base import FieldContext, FieldEditor, object_name
from editor.ui.fields.factory import create_editor

__all__ = ["FieldContext", "FieldEditor", "create_editor", "object_name"]
