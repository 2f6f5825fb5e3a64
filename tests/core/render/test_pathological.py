"""Our own passes stay linear on hostile lines (Python-Markdown's limits are the worker's job)."""

from __future__ import annotations

import pytest

from editor.core.render.liquid.env import LiquidEnv, highlight_body
from editor.core.render.sanitize import sanitize
from editor.core.render.source import SourcePass

LINES = {
    "unclosed_tags": "{% " * 300_000,
    "unclosed_outputs": "{{ " * 300_000,
    "unclosed_shortcodes": "{{< " * 300_000,
    "unclosed_math": "\\\\( " * 300_000,
    "unclosed_comments": "{% comment %} " * 100_000,
    "many_tokens": "{{ x }} {% include y %} " * 50_000,
    "many_dollars": "x $$ " * 300_000,
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", sorted(LINES))
def test_source_pass_is_linear_on_a_long_hostile_line(name: str) -> None:
    stashed: list[str] = []

    def stash(html: str) -> str:
        stashed.append(html)
        return ""

    result = SourcePass(LiquidEnv(None, {}), stash).run([LINES[name], "", "after"])
    assert result.lines[-1] == "after"
    assert result.line_map[-1] == 2


@pytest.mark.timeout(30)
def test_highlight_body_is_linear() -> None:
    assert highlight_body("{% assign " * 100_000 + "\nputs 1").endswith("puts 1")


@pytest.mark.timeout(30)
def test_sanitizer_is_linear_on_unclosed_embeds() -> None:
    html = sanitize("<p>" + '<iframe src="x">' * 100_000 + "</p>")
    assert html.count("pe-embed") == 100_000
