"""Property: whatever a writer types into a field reads back as typed, touching only that key."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.frontmatter import PostDocument
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.form_support import RICH_POST, changed_keys

TYPED = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from([" ", ":", "#", "'", '"', "-", "\u00a0", "\u2028", "😀", "{", "["]),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=TYPED)
def test_typed_title_reads_back_and_touches_only_its_key(qtbot, typed: str):
    doc = PostDocument.from_text(RICH_POST)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(doc, None)
    title = form.field_editor("title")
    title.selectAll()
    title.insert(typed)  # like a paste: emits textEdited
    assert doc.error is None
    assert doc.metadata["title"] == typed
    assert PostDocument.from_bytes(doc.to_bytes()).metadata["title"] == typed
    assert changed_keys(RICH_POST, doc.text()) == {"title"}
