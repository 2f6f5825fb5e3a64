"""Alias bombs typed into the window (a YAML field, the Raw tab) are refused, the post untouched."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.site import schema as sch
from editor.ui.fields.base import FieldContext
from editor.ui.fields.yaml_value import YamlField
from tests.core.frontmatter.test_bounded_entry_paths import bomb
from tests.ui.form_support import make_site
from tests.ui.test_front_matter_form_sync import open_form

bombs = st.builds(
    bomb,
    levels=st.integers(7, 10),
    width=st.integers(6, 9),
    flow=st.booleans(),
    leaf=st.sampled_from(["lol", "x" * 20]),
)
FEW = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FEW
@given(text=bombs)
def test_yaml_field_refuses_a_bomb_without_committing(qtbot, text: str) -> None:
    ctx = FieldContext(path=("odd",), spec=sch.FieldSpec("odd", sch.YAML), kind=sch.YAML)
    field = YamlField(ctx)
    qtbot.addWidget(field)
    problems: list[str] = []
    committed: list[object] = []
    field.problem.connect(problems.append)
    field.committed.connect(committed.append)
    field.edit.setPlainText(text)
    assert committed == []
    assert problems and "alias" in problems[-1]
    assert len(problems[-1]) < 300


@FEW
@given(text=bombs)
def test_raw_tab_refuses_a_bomb_and_keeps_the_text(qtbot, tmp_path_factory, text: str) -> None:
    form, post = open_form(qtbot, make_site(Path(tmp_path_factory.mktemp("s")) / "site"))
    form.raw.editor.setPlainText(text)
    form.raw.flush()
    assert form.raw.text() == text
    assert not form.raw.error_label.isHidden()
    assert "alias" in form.raw.error_text()
    assert len(form.raw.error_text()) < 300
    assert post.document.error is not None
