"""Any mix of Markdown, Liquid, HTML and math renders: no internal error, inert, lines on blocks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.render import RenderContext, render_body
from tests.core.render.render_support import top_level
from tests.core.render.test_hostile import problems

PIECES = [
    "\n", "\n\n", "    ", "  ", "text", "word ", "# ", "## ", "- ", "1. ", "> ", "* ", "---",
    "```", "~~~", "```python", "{% raw %}", "{% endraw %}", "{% highlight ruby %}",
    "{% endhighlight %}", "{% include x.html %}", "{% if a %}", "{% comment %}",
    "{% endcomment %}", "{% capture c %}", "{% endcapture %}", "{{ site.title }}",
    "{{ page.x }}", "{{< sc >}}", "{{% sc %}}", "{{< /sc >}}", "{{% /sc %}}", "{%", "%}",
    "{{", "}}", "$$", "\\\\(", "\\\\)",
    "\\[", "\\]", "{: .c}", "{:toc}", "{::comment}", "{:/comment}", "[TOC]", "[^1]",
    "[^1]: note", "*[A]: abbr", "| a | b |", "|---|---|", "<div>", "</div>",
    '<div markdown="1">', "<details>", "</details>", "<!--", "-->", "<script>", "</script>",
    '<img src="x.png" onerror="alert(1)">', "<iframe src=//e></iframe>", "`", "``", "*", "_",
    "[", "]", "(", ")", "![a](b.png)", "[l](javascript:x)", "- [ ] ", "- [x] ", ": def",
    "\t", "\u00a0", "é", "\r\n", "\r",
]  # fmt: skip


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 50))
def test_any_mix_renders_inert_with_lines(pieces: list[str], offset: int) -> None:
    text = "".join(pieces)
    html = render_body(text, RenderContext(), line_offset=offset)
    assert "pe-render-error" not in html
    assert problems(html) == []
    line_count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for tag, attrs in top_level(html).elements:
        assert attrs.get("data-line") is not None, (tag, html)
        assert offset < int(attrs["data-line"]) <= offset + line_count, (tag, html)
