"""Liquid's output lines mapped back to their source lines: the blocks of a post with Liquid
keep the ``data-line`` of their own source line, alone in a chunk as in the whole post."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from editor.core.render import RenderContext, render_body
from editor.core.render.chunk_html import render_chunk
from editor.core.render.incremental import split_chunks
from editor.core.site import Site
from tests.core.render import test_liquid_engine as engine_tests
from tests.core.render.render_support import top_level

# The site of the Liquid engine's tests, and the hook handing it to the property tests.
jekyll_site = engine_tests.jekyll_site
_shared_site = engine_tests._shared_site
_SITE = engine_tests._SITE


def context(site: Site) -> RenderContext:
    return RenderContext(site, None, {"title": "Post", "tags": ["a", "b"]})


def data_lines(html: str) -> list[tuple[str, int]]:
    return [(tag, int(attrs["data-line"] or 0)) for tag, attrs in top_level(html).elements]


def by_chunks(body: str, ctx: RenderContext) -> str:
    return "".join(
        render_chunk(lambda text, offset: render_body(text, ctx, line_offset=offset), t, n, "")
        for n, t in split_chunks(body)
    )


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.replace("<!--pe-chunk-->", "")).strip()


def test_headings_after_a_raw_block_keep_their_lines(jekyll_site: Site) -> None:
    # Found by the property below on a random run: the line after "{% endraw %}" was taken
    # for the first line of a raw block and mapped to the tag's line.
    body = "{% raw %}{{ kept }}{% endraw %}\n# Heading 1\n\n# Heading 3"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full) == [("p", 1), ("h1", 2), ("h1", 4)]
    assert squash(by_chunks(body, context(jekyll_site))) == squash(full)


def test_a_heading_after_a_closing_tag_keeps_its_line(jekyll_site: Site) -> None:
    body = "{% if page.title %}Shown{% endif %}\n# Heading 1\n\n# Heading 3"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full) == [("p", 1), ("h1", 2), ("h1", 4)]
    assert squash(by_chunks(body, context(jekyll_site))) == squash(full)


def test_an_output_opening_a_line_maps_to_its_own_line(jekyll_site: Site) -> None:
    body = "Title is {{ page.title | upcase }}.\n\n{{ page.title\n | upcase }}"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full) == [("p", 1), ("p", 3)]
    assert squash(by_chunks(body, context(jekyll_site))) == squash(full)


def test_headings_a_loop_repeats_do_not_take_a_later_line(jekyll_site: Site) -> None:
    body = "{% for t in page.tags %}\nPlain.\n# Heading 2\n{% endfor %}\n\n# Heading 5"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full)[-1] == ("h1", 6)
    assert all(line <= 3 for _tag, line in data_lines(full)[:-1])
    assert squash(by_chunks(body, context(jekyll_site))) == squash(full)


def test_a_raw_block_alone_on_its_lines_starts_at_its_tag(jekyll_site: Site) -> None:
    body = "Text.\n\n{% raw %}\n# Heading {{ x }}\n{% endraw %}\n\n# Heading 6"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full) == [("p", 1), ("h1", 3), ("h1", 7)]


def test_a_comment_and_a_multi_line_tag_keep_later_lines(jekyll_site: Site) -> None:
    body = "{% comment %}\n# Heading\n\nnote\n{% endcomment %}\n{% assign x =\n 'a' %}\n# H {{ x }}"
    full = render_body(body, context(jekyll_site))
    assert data_lines(full) == [("h1", 8)]


# Lines (some several lines long) of the Liquid constructs whose output lines are mapped:
# raw blocks, comments, multi-line tags and outputs, tags that output several lines.
CONSTRUCTS = [
    "Plain paragraph.",
    "",
    "Title is {{ page.title | upcase }}.",
    "{% if page.title %}Shown{% endif %}",
    "{% raw %}{{ kept }}{% endraw %}",
    "{% raw %}\n# Heading\n{% endraw %}",
    "{% raw %}\nraw text {{ x }}\n\n# Heading\n{% endraw %}",
    "{% raw %}{{ a }}\n# Heading{% endraw %}",
    "text before {% raw %}\n# Heading\n{% endraw %}",
    "{% comment %}\n# Heading\n\nnote\n{% endcomment %}",
    "{% comment %}x{% endcomment %}",
    "{% assign x =\n  'a' %}",
    "{{ page.title\n | upcase }}",
    "{% capture two %}A\n\n# Heading{% endcapture %}{{ two }}",
    "{% for t in page.tags %}\n# Heading {{ t }}\n{% endfor %}",
    "{% for t in page.tags %}\nPlain.\n# Heading\n{% endfor %}",
    "{% if page.title %}\n# Heading\n\ntext\n{% endif %}",
    "# Heading",
    "> quoted {{ site.title }}",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(CONSTRUCTS), max_size=12))
def test_chunks_alone_equal_the_full_render_across_liquid_constructs(parts: list[str]) -> None:
    ctx = context(_SITE[0])
    count = iter(range(1, 1000))
    body = re.sub(
        r"(?m)^# Heading[^\n]*", lambda m: f"{m.group(0)} {next(count)}", "\n".join(parts)
    )
    pieces = by_chunks(body, ctx)
    full = render_body(body, ctx)
    # A repeated heading's id depends on the headings before it (see test_incremental).
    ids = re.findall(r'\sid="([^"]*)"', pieces)
    assume(len(ids) == len(set(ids)) and ids == re.findall(r'\sid="([^"]*)"', full))
    assert squash(pieces) == squash(full)
