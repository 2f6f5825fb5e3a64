"""One small editor widget per front-matter field type; ``create_editor`` picks one."""

from editor.ui.fields.base import FieldContext, create_editor, object_name

__all__ = ["FieldContext", "create_editor", "object_name"]
