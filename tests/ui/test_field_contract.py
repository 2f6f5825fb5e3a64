"""Every field editor keeps the form's contract (``FieldEditor``)."""

from __future__ import annotations

import pytest

from editor.core.site import schema as sch
from editor.ui.fields import FieldContext, FieldEditor, create_editor
from editor.ui.fields.factory import EDITORS


@pytest.mark.parametrize("kind", sorted(EDITORS))
def test_each_field_type_gets_an_editor_that_keeps_the_contract(qtbot, kind: str) -> None:
    ctx = FieldContext(path=("key",), spec=sch.FieldSpec("key", kind), kind=kind)
    editor = create_editor(ctx)
    qtbot.addWidget(editor)
    assert isinstance(editor, FieldEditor)
    assert editor.objectName() == "field:key"
    seen: list[object] = []
    editor.committed.connect(seen.append)
    editor.set_value(None, None)  # showing a value never emits an edit
    editor.set_read_only(True)
    assert seen == []


def test_an_unknown_type_gets_the_raw_yaml_editor(qtbot) -> None:
    ctx = FieldContext(path=("odd",), spec=sch.FieldSpec("odd", "mystery"), kind="mystery")
    editor = create_editor(ctx)
    qtbot.addWidget(editor)
    assert type(editor) is EDITORS[sch.YAML]
