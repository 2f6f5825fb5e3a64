"""Liquid in post bodies through python-liquid, with Jekyll's tags and filters.

The three posts below were built once with real Jekyll 4.3.1 inside the site ``jekyll_site``
writes; their HTML is kept in ``golden_jekyll/`` and compared block by block (``data-line``
and link ``rel`` attributes, which the preview adds, are left out of the comparison).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from editor.core.render import RenderContext, render_body
from editor.core.render.chunk_html import render_chunk
from editor.core.render.incremental import ChunkModel, split_chunks
from editor.core.render.liquid.engine import render_liquid
from editor.core.render.liquid.environment import environment_for
from editor.core.site import Site
from tests.core.render.render_support import top_level

GOLDEN = Path(__file__).parent / "golden_jekyll"

CONFIG = """\
title: Liquid Test Site
baseurl: /blog
url: https://example.org
author: Ada
tags_list: [alpha, beta, gamma]
"""
DATA_PEOPLE = """\
- name: Ada
  role: writer
- name: Bob
  role: editor
- name: Cy
  role: writer
"""
INCLUDES = {
    "note.html": '<div class="note"><strong>{{ include.title | default: "Note" }}</strong>: '
    "{{ include.text }}</div>\n",
    "greet.html": "Hello {{ include.name | upcase }} from {{ site.title }}!\n",
    "a.html": "A then {% include b.html %}\n",
    "b.html": "B then {% include a.html %}\n",
}
POSTS = {
    "2024-03-05-filters.md": """\
---
title: "Filters & friends"
layout: null
date: 2024-03-05 14:30:00 +0000
tags: [liquid, jekyll, tests]
num: 7
---
Title: {{ page.title }}, upcased {{ page.title | upcase }}, slug {{ page.title | slugify }}.

Math: {{ page.num | plus: 3 }} {{ page.num | minus: 10 }} {{ page.num | times: 2 }} \
{{ page.num | divided_by: 2 }} {{ page.num | modulo: 4 }}.

Dates: {{ page.date | date: "%-d %B %Y" }} / {{ page.date | date_to_string }} / \
{{ page.date | date_to_long_string }} / {{ page.date | date_to_xmlschema }} / \
{{ page.date | date: "%a %b %e %Y %H:%M" }} / {{ page.date | date_to_string: "ordinal", "US" }}.

Defaults: {{ page.missing | default: "fallback" }} and {{ page.tags | size }} tags: \
{{ page.tags | join: ", " }}; sentence: {{ page.tags | array_to_sentence_string }}.

URLs: {{ "/assets/x.png" | relative_url }} {{ "about/" | absolute_url }} {{ site.baseurl }}.

Escapes: {{ "a < b & c" | xml_escape }} {{ "a b&c" | cgi_escape }} {{ "a b" | uri_escape }}.

Words: {{ "one two  three   four" | number_of_words }} \
{{ "  lots   of   space  " | normalize_whitespace }}.

Slugs: {{ "Hello, World! Ça va?" | slugify }} {{ "Hello, World!" | slugify: "pretty" }} \
{{ "Ça va_now" | slugify: "ascii" }} {{ "Ça va" | slugify: "latin" }}.

JSON: {{ page.tags | jsonify }}.

Where: {% assign writers = site.data.people | where: "role", "writer" %}\
{{ writers | map: "name" | join: "+" }}; exp: \
{% assign eds = site.data.people | where_exp: "p", "p.role == 'editor'" %}\
{{ eds | map: "name" | join: "+" }}.

Group: {% assign groups = site.data.people | group_by: "role" %}\
{% for g in groups %}{{ g.name }}={{ g.size }} {% endfor %}

Sort: {{ site.tags_list | sort | reverse | join: "," }} first {{ site.tags_list | first }} \
last {{ site.tags_list | last }}.

Strings: {{ "hello world" | capitalize }} {{ "abc" | append: "def" | prepend: ">" }} \
{{ "a-b-c" | replace: "-", "+" }} {{ "truncate this text please" | truncate: 12 }} \
{{ "x,y,z" | split: "," | size }} {{ "Hello" | downcase | remove: "l" }}.
""",
    "2024-03-06-control.md": """\
---
title: Control flow
layout: null
kind: b
items: [3, 1, 2]
---
{% assign total = 0 %}
{% for n in page.items %}{% assign total = total | plus: n %}{% endfor %}
Total is {{ total }}.

{% for i in (1..5) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}\
{% endif %}[{{ i }}{% if forloop.last %}L{% endif %}]{% endfor %}

{% capture greeting %}Hi {{ site.author }}{% endcapture %}
Captured: {{ greeting | strip }}.

{% case page.kind %}
{% when "a" %}
Kind A
{% when "b" %}
Kind B
{% else %}
Other kind
{% endcase %}

{% unless page.hidden %}Visible unless hidden.{% endunless %}

{% for tag in site.tags_list limit: 2 offset: 1 %}
- {{ forloop.index }}: {{ tag }}
{% endfor %}

{% if page.items contains 2 and page.kind != "a" %}Contains two.{% elsif page.kind %}Else if.\
{% else %}Else.{% endif %}
""",
    "2024-03-07-includes.md": """\
---
title: Includes
layout: null
---
{% include note.html title="Heads up" text="Keep **calm**." %}

{% include greet.html name=page.title %}

{% assign who = "reader" %}{% include greet.html name=who %}

Link to [the other post]({{ site.baseurl }}{% post_url 2020-01-01-other %}) and \
[a link tag]({% link _posts/2020-01-01-other.md %}).

{% raw %}Keep {{ this }} literal{% endraw %}

{% highlight ruby %}
def hi = puts "{{ page.title }}"
{% endhighlight %}
""",
}


@pytest.fixture
def jekyll_site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_data").mkdir()
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_data" / "people.yml").write_text(DATA_PEOPLE, encoding="utf-8")
    for name, text in INCLUDES.items():
        (root / "_includes" / name).write_text(text, encoding="utf-8")
    (root / "_posts" / "2020-01-01-other.md").write_text(
        "---\ntitle: Other post\nlayout: null\n---\nOther.\n", encoding="utf-8"
    )
    for name, text in POSTS.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return Site.open(root)


def render_post(site: Site, name: str, body: str | None = None) -> str:
    path = site.root / "_posts" / name
    text = path.read_text(encoding="utf-8") if body is None else body
    _, front, rest = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
    metadata = yaml.safe_load(front) or {} if front else {}
    return render_body(rest, RenderContext(site, path, metadata))


def render_text(site: Site | None, body: str, metadata: dict | None = None) -> str:
    post = site.root / "_posts" / "2024-01-01-test.md" if site else None
    return render_body(body, RenderContext(site, post, metadata or {"title": "T"}))


def normalise(html: str) -> str:
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    html = re.sub(r'\s(?:data-line|rel)="[^"]*"', "", html)
    html = re.sub(r">\s+<", "><", html)
    html = re.sub(r"\s+</", "</", html)  # kramdown trims a paragraph's trailing space
    return re.sub(r"\s+", " ", html).strip()


def blocks(html: str) -> list[str]:
    """Top-level blocks, normalised, for a block-by-block comparison."""
    return [normalise(b) for b in re.split(r"\n(?=<(?:p|div|ul|ol|figure|h\d|table)\b)", html)]


@pytest.mark.parametrize("post", sorted(POSTS))
def test_posts_render_as_a_real_jekyll_build(jekyll_site: Site, post: str) -> None:
    name = post.split("-", 3)[3].removesuffix(".md")
    expected = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    assert "real Jekyll 4.3.1 build" in expected
    ours = render_post(jekyll_site, post)
    assert normalise(ours) == normalise(expected)


# -- filters and tags one by one --------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 5 | plus: 2 | minus: 1 | times: 3 }}", "18"),
        ("{{ '2024-01-09' | date: '%A %-d %b %Y' }}", "Tuesday 9 Jan 2024"),
        ("{{ nothing | default: 'dflt' }}", "dflt"),
        ("{{ page.tags | size }} {{ page.tags | first }}", "2 a"),
        ("{{ 'Hello World' | slugify }}", "hello-world"),
        ("{{ 'The _config.yml file' | slugify: 'default' }}", "the-config-yml-file"),
        ("{{ 'The _config.yml file' | slugify: 'pretty' }}", "the-_config.yml-file"),
        ("{{ 'The _config.yml file' | slugify: 'raw' }}", "the-_config.yml-file"),
        (
            "{{ '/x' | relative_url }} {{ '/x' | absolute_url }}",
            "/blog/x https://example.org/blog/x",
        ),
        ("{{ 'https://cdn.example/x' | relative_url }}", "https://cdn.example/x"),
        ("{{ page.tags | jsonify }}", '["a","b"]'),
        ("{{ '2024-01-09' | date_to_rfc822 }}", "Tue, 09 Jan 2024 00:00:00 +0000"),
        ("{{ '2024-01-02' | date_to_long_string: 'ordinal' }}", "2nd January 2024"),
        ("{{ 'a&b' | xml_escape }}", "a&amp;b"),
        ("{{ site.posts | size }} {{ site.posts.first.title }}", "2 Newest"),
        ("{{ site.posts | sort: 'title' | map: 'title' | join: ',' }}", "Newest,Older"),
        ("{% for p in site.posts %}{{ p.url }} {% endfor %}", "/blog/2021/02/02/new.html "),
    ],
)
def test_filters(tmp_path: Path, source: str, expected: str) -> None:
    root = tmp_path / "s"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_posts" / "2021-02-02-new.md").write_text("---\ntitle: Newest\n---\n")
    (root / "_posts" / "2020-02-02-old.md").write_text("---\ntitle: Older\n---\n")
    result = render_liquid(
        [source], site=Site.open(root), page={"tags": ["a", "b"]}, stash=lambda h: h
    )
    assert expected in "\n".join(result.lines).replace("\u2060", "")


def test_include_parameters_and_site_variables(jekyll_site: Site) -> None:
    html = render_text(
        jekyll_site, '{% include note.html title="T" text=page.title %}', {"title": "Hello"}
    )
    assert '<div class="note"><strong>T</strong>: Hello</div>' in normalise(html)
    untitled = render_text(jekyll_site, "{% include note.html text='x' %}")
    assert "<strong>Note</strong>: x" in untitled


def test_a_hostile_include_path_is_a_labelled_placeholder(jekyll_site: Site) -> None:
    for body in (
        "{% include ../../etc/passwd %}",
        "{% include {{ page.evil }} %}",
        "{% include_relative ../../../etc/passwd %}",
    ):
        html = render_text(jekyll_site, body, {"evil": "../../etc/passwd"})
        assert "root:" not in html
        assert "pe-liquid-include" in html
        assert "not allowed" in html


def test_an_include_through_a_symlink_out_of_the_site_is_not_read(
    jekyll_site: Site, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (jekyll_site.root / "_includes" / "leak.html").symlink_to(secret)
    html = render_text(jekyll_site, "{% include leak.html %}")
    assert "TOP SECRET" not in html
    assert "include leak.html: not found in _includes" in html


def test_a_missing_include_is_a_labelled_placeholder(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "Before.\n\n{% include nope.html %}\n\nAfter.")
    assert "include nope.html: not found in _includes" in html
    assert [e[0] for e in top_level(html).elements] == ["p", "div", "p"]


def test_an_include_loop_is_stopped_with_a_message(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "{% include a.html %}")
    assert "include loop stopped: a.html → b.html → a.html" in html
    assert html.count("A then") == 1


def test_include_relative_reads_next_to_the_post(jekyll_site: Site) -> None:
    (jekyll_site.root / "_posts" / "snippet.md").write_text("Snippet *text*", encoding="utf-8")
    html = render_text(jekyll_site, "{% include_relative snippet.md %}")
    assert "Snippet <em>text</em>" in html


def test_unknown_plugin_tags_keep_their_own_place(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "A paragraph line\n{% gist abc123 %}\nand the next line.")
    elements = top_level(html).elements
    assert [e[0] for e in elements] == ["p", "div", "p"]
    assert 'class="pe-placeholder pe-liquid-tag"' in html
    assert ">gist abc123</div>" in html
    inline = render_text(jekyll_site, "Text {% icon star %} more.")
    assert [e[0] for e in top_level(inline).elements] == ["p"]
    assert ">icon star</span> more." in inline


def test_unknown_plugin_blocks_show_their_content_in_a_labelled_box(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "{% notice info %}\n**Careful** here.\n{% endnotice %}\n")
    assert 'class="pe-liquid-block"' in html
    assert ">notice info</div>" in html
    assert "<strong>Careful</strong> here." in html


def test_a_post_url_to_a_missing_post_is_a_safe_visible_marker(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "[x]({{ site.baseurl }}{% post_url missing %}) after")
    assert '<a href="/blog#post-not-found:missing">x</a> after' in normalise(html)
    assert "(not found)" not in html and '">' not in re.sub(r"<[^>]*>", "", html)
    attribute = render_text(jekyll_site, '<p><a href="{% post_url gone %}">y</a></p>')
    assert 'href="#post-not-found:gone"' in attribute
    text = render_text(jekyll_site, "See {% post_url gone %} here.")
    assert "post_url gone: no such post" in text
    assert [e[0] for e in top_level(text).elements] == ["p"]


def test_loops_and_output_are_bounded(jekyll_site: Site) -> None:
    html = render_text(
        jekyll_site,
        "{% for i in (1..1000000) %}{% for j in (1..1000000) %}x{% endfor %}{% endfor %}\n\nAfter",
    )
    assert "loop iteration limit" in html
    assert "After" in html
    big = "{% capture b %}" + "y" * 100_000 + "{% endcapture %}"
    html = render_text(jekyll_site, big + "{% for i in (1..100) %}{{ b }}{% endfor %}\n\nEnd")
    assert "output stream limit" in html or "limit" in html
    assert "End" in html


def test_a_tag_still_being_typed_leaves_the_rest_of_the_post_alone(jekyll_site: Site) -> None:
    html = render_text(jekyll_site, "{% if page.title %}\nShown text\n\n{{ page.title")
    assert "Shown text" in html
    assert "pe-liquid-error" in html
    assert "{{ page.title" in html


def test_blocks_after_liquid_keep_their_source_lines(jekyll_site: Site) -> None:
    body = "{% for i in (1..3) %}\nLine {{ i }}\n{% endfor %}\n\n# Heading\n\nLast paragraph.\n"
    html = render_text(jekyll_site, body)
    lines = [int(a["data-line"]) for _t, a in top_level(html).elements]
    assert lines[-2:] == [5, 7]


def test_parsed_templates_are_cached_per_chunk(jekyll_site: Site) -> None:
    body = "Hello {{ page.title }}\n\n{% if true %}yes{% endif %}"
    render_text(jekyll_site, body)
    env = environment_for(jekyll_site)
    assert any(key.startswith(body) for key in env.templates)
    before = len(env.templates)
    render_text(jekyll_site, body)
    assert len(env.templates) == before


def test_posts_without_liquid_never_reach_the_engine(jekyll_site: Site) -> None:
    env = environment_for(jekyll_site)
    before = len(env.templates)
    render_text(jekyll_site, "Plain *text* with { braces } and % signs.")
    assert len(env.templates) == before


LIQUID_LINES = [
    "Plain paragraph.",
    "",
    "",
    "Title is {{ page.title | upcase }}.",
    "{% if page.title %}Shown{% endif %}",
    "{% for t in page.tags %}",
    "- {{ t }}",
    "{% endfor %}",
    "{% include note.html text='n' %}",
    "{% gist 123 %}",
    "[x]({% post_url nope %})",
    "{% raw %}{{ kept }}{% endraw %}",
    "{% highlight python %}",
    "x = 1",
    "{% endhighlight %}",
    "# Heading",
    "> quoted {{ site.title }}",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(LIQUID_LINES), max_size=16))
def test_chunks_rendered_alone_equal_the_full_render_with_liquid(lines: list[str]) -> None:
    site = _SITE[0]
    ctx = RenderContext(site, None, {"title": "Post", "tags": ["a", "b"]})
    body = "\n".join(
        f"{line} {i}" if line.startswith("#") else line for i, line in enumerate(lines)
    )
    model = ChunkModel(body)
    pieces = "".join(
        render_chunk(lambda text, offset: render_body(text, ctx, line_offset=offset), t, n, "")
        for n, t in split_chunks(body)
    )
    assert len(model.texts) == len(split_chunks(body))
    squash = lambda h: re.sub(r">\s+<", "><", h.replace("<!--pe-chunk-->", "")).strip()  # noqa: E731
    full = render_body(body, ctx)
    # A repeated heading's id depends on the headings before it (see test_incremental).
    ids = re.findall(r'\sid="([^"]*)"', pieces)
    assume(len(ids) == len(set(ids)) and ids == re.findall(r'\sid="([^"]*)"', full))
    assert squash(pieces) == squash(full)


_SITE: list[Site] = []


@pytest.fixture(autouse=True)
def _shared_site(jekyll_site: Site) -> None:
    _SITE[:] = [jekyll_site]


def test_an_edit_using_a_variable_assigned_elsewhere_needs_a_full_render() -> None:
    body = "{% assign who = 'Ada' %}\n\nFirst.\n\nHello {{ who }}.\n\nPlain.\n"
    model = ChunkModel(body)
    at = body.index("Hello") + 5
    assert "liquid variables" in model.apply_edit(at, at, "!").global_reasons
    plain = model.body.index("Plain")
    assert not model.apply_edit(plain, plain, "x").global_reasons


def test_page_knows_what_jekyll_adds_to_the_front_matter(jekyll_site: Site) -> None:
    body = "{{ page.url }} {{ page.slug }} {{ page.path }} {{ jekyll.environment }}"
    html = render_post(jekyll_site, "2024-03-07-includes.md", "---\ntitle: X\n---\n" + body)
    assert "/blog/2024/03/07/includes.html includes _posts/2024-03-07-includes.md development" in (
        html
    )


def test_dates_print_as_jekyll_prints_them(jekyll_site: Site) -> None:
    import datetime as dt

    page = {"date": dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.UTC), "day": dt.date(2024, 1, 2)}
    result = render_liquid(
        ["{{ page.date }} | {{ page.day }} | {{ page.day | date: '%b %-d' }}"],
        site=jekyll_site,
        page=page,
        stash=lambda h: h,
    )
    assert result.lines == ["2024-03-05 14:30:00 +0000 | 2024-01-02 00:00:00 +0000 | Jan 2"]
