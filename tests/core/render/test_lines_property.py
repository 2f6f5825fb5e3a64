"""Property: in any sequence of blocks, each top-level element carries its block's first line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.render import RenderContext, render_body
from tests.core.render.render_support import top_level

# Each snippet renders as exactly one top-level element.
SNIPPETS = [
    "A paragraph\nover two lines.",
    "# A heading",
    "Setext heading\n--------------",
    "- one\n- two\n  continued",
    "1. first\n2. second",
    "> quoted\n> text",
    "```python\nx = 1\n\ny = 2\n```",
    "~~~\nplain\n~~~",
    "{% highlight ruby %}\nputs 1\n{% endhighlight %}",
    '<div class="x">\n  <p>raw</p>\n\n</div>',
    '<div markdown="1">\n*inside*\n</div>',
    "$$\na^2\n$$",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "***",
    "    indented code\n    more",
    "{% include note.html %}",
    "{{< shortcode >}}",
    "Term\n: Definition",
    "- [ ] task",
    '<iframe src="https://example.org/"></iframe>',
    "```mermaid\ngraph TD\n```",
    "{: .lead}\nParagraph with an IAL before it.",
    "Paragraph with an IAL after it.\n{: .after}",
    "<details>\n<summary>More</summary>\n\nHidden.\n\n</details>",
    '<figure>\n  <img src="/x.png" alt="">\n</figure>',
    "* TOC\n{:toc}",
    "{% raw %}\n{{ shown }}\n{% endraw %}",
    "{%\n  highlight\n  ruby\n%}\nputs 2\n{% endhighlight %}",
]
# Snippets that render as several top-level elements: their lines relative to the first.
MULTI = {
    "Paragraph\n# Heading right after": [0, 1],
    "Paragraph\n- a list right after (kramdown's GFM input)\n\nAfter the list.": [0, 1, 3],
    "Paragraph\n> a quote right after": [0, 1],
    "<!-- a comment -->\nText after a comment": [1],
}

# Markdown joins these with a neighbour of the same family (a list continues, a quote goes on),
# so the test puts a paragraph between two of them.
JOINING = frozenset(s for s in SNIPPETS if s[0] in "-1>" or s.startswith(("Term", "    ")))
SEPARATOR = "Separating paragraph."


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(SNIPPETS + sorted(MULTI)), st.integers(min_value=1, max_value=3)),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=0, max_value=500),
)
def test_each_block_carries_its_first_line(blocks: list[tuple[str, int]], offset: int) -> None:
    parts: list[str] = []
    expected: list[int] = []
    line = 1
    previous = ""
    for snippet, blanks in blocks:
        if previous in JOINING and snippet in JOINING:
            expected.append(line + offset)
            parts.append(SEPARATOR + "\n\n")
            line += 2
        previous = snippet
        expected.extend(line + offset + rel for rel in MULTI.get(snippet, [0]))
        parts.append(snippet + "\n" * (blanks + 1))
        line += snippet.count("\n") + 1 + blanks
    html = render_body("".join(parts), RenderContext(), line_offset=offset)
    found = [int(attrs["data-line"]) for _tag, attrs in top_level(html).elements]
    assert found == expected, html
