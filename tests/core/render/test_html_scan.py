"""Every pass that walks rendered HTML agrees on which elements have no end tag."""

from __future__ import annotations

import pytest

from editor.core.render.chunk_html import mark_chunks
from editor.core.render.html_scan import VOID_ELEMENTS, has_content
from editor.core.render.incremental import CHUNK_MARK
from editor.core.render.lines import fill_data_lines

SPEC_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"} | {
    "param",
    "source",
    "track",
    "wbr",
}


def test_the_void_elements_are_htmls_list() -> None:
    assert VOID_ELEMENTS == SPEC_VOID
    assert not has_content("IMG", "")
    assert not has_content("span", ' class="x" /')
    assert has_content("div", ' title="a > b"')


@pytest.mark.parametrize("name", sorted(SPEC_VOID))
def test_a_block_after_a_void_element_gets_its_own_line(name: str) -> None:
    html = f'<{name} data-line="3"><p>after</p>'
    assert fill_data_lines(html, 1) == f'<{name} data-line="3"><p data-line="3">after</p>'


@pytest.mark.parametrize("name", sorted(SPEC_VOID))
def test_chunk_markers_see_a_block_after_a_void_element(name: str) -> None:
    html = f'<{name} data-line="1"><p data-line="5">after</p>'
    marked = mark_chunks(html, [1, 5])
    assert marked.count(CHUNK_MARK) == 2
    assert marked.index(CHUNK_MARK, 1) < marked.index('<p data-line="5"')


def test_a_quoted_greater_than_sign_does_not_end_a_tag() -> None:
    html = '<div title="a > b" data-line="2"><p>in</p></div><p>out</p>'
    assert fill_data_lines(html, 1).endswith('<p data-line="2">out</p>')
