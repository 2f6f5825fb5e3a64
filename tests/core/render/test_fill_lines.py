"""Property: after sanitising, every top-level element gets a line and nothing nested does.

``fill_data_lines`` jumps from a top-level start tag to its end tag counting only tags of the
same name; these trees nest same-named elements, mix void tags in, and put tag-like text in
attributes and text, to show the jump lands where a full parse says the element ends.
"""

from __future__ import annotations

import html as htmllib

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.render.lines import fill_data_lines
from editor.core.render.sanitize import sanitize
from tests.core.render.render_support import top_level

# "b" is a prefix of "blockquote" and "br", "p" of "pre": the jump must match whole names.
CONTAINERS = ["div", "p", "pre", "b", "span", "blockquote", "section", "details", "table"]
VOIDS = ["<br>", "<hr>", '<img src="data:image/png;base64,AAAA" alt="x">']
TEXTS = ["text", "a < b", "<div>", "</div>", "x > y & z", "<p class='q'>", "&lt;/span&gt;"]


def element(children: list[str], tag: str, title: str) -> str:
    if tag == "table":
        return f"<table><tbody><tr><td>{''.join(children)}</td></tr></tbody></table>"
    return f'<{tag} title="{htmllib.escape(title)}">{"".join(children)}</{tag}>'


nodes = st.recursive(
    st.one_of(st.sampled_from(TEXTS).map(htmllib.escape), st.sampled_from(VOIDS)),
    lambda inner: st.builds(
        element,
        st.lists(inner, max_size=4),
        st.sampled_from(CONTAINERS),
        st.sampled_from(TEXTS),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(nodes, st.booleans()), min_size=1, max_size=8))
def test_every_top_level_element_gets_the_line_of_its_block(
    blocks: list[tuple[str, bool]],
) -> None:
    parts = []
    for number, (node, marked) in enumerate(blocks):
        if marked and node.startswith("<") and not node.startswith(("<br", "<hr", "<img")):
            node = node.replace(">", f' data-line="{100 + number}">', 1)
        parts.append(f"<div>{node}</div>" if not node.startswith("<") else node)
    clean = sanitize("\n".join(parts))
    before = clean.count(" data-line=")
    filled = fill_data_lines(clean, 7)

    expected = []
    last = "7"
    for _tag, attrs in top_level(clean).elements:
        last = attrs.get("data-line") or last
        expected.append(last)
    found = [attrs.get("data-line") for _tag, attrs in top_level(filled).elements]
    assert found == expected
    added = sum(1 for _tag, attrs in top_level(clean).elements if "data-line" not in attrs)
    assert filled.count(" data-line=") == before + added


def test_an_element_nested_in_one_of_the_same_name_is_not_top_level() -> None:
    clean = sanitize(
        '<div><div><div>a</div></div><p>b</p></div><b>c<br>d</b><p data-line="9">e</p><b>f</b>'
    )
    assert fill_data_lines(clean, 3) == (
        '<div data-line="3"><div><div>a</div></div><p>b</p></div><b data-line="3">c<br>d</b>'
        '<p data-line="9">e</p><b data-line="9">f</b>'
    )
