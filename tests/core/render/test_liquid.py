"""Liquid as the preview evaluates it: what it knows, and what it marks as unknowable."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

from editor.core.render.liquid.dates import format_date
from editor.core.render.liquid.env import LiquidEnv, strftime


class FakeSite:
    """Just the Site attributes Liquid reads."""

    config: ClassVar[dict] = {"title": "My Blog", "nested": {"deep": ["a", "b"]}}
    baseurl = "/blog"
    url = "https://example.org"

    def post_url(self, name: str) -> str | None:
        return "/blog/2010/01/01/known.html" if name == "2010-01-01-known" else None


def expand(text: str, metadata: dict | None = None) -> str:
    stashed: list[str] = []

    def stash(html: str) -> str:
        stashed.append(html)
        return f"[STASH{len(stashed) - 1}]"

    out = LiquidEnv(FakeSite(), metadata or {}).expand(text, stash)
    for index, html in enumerate(stashed):
        out = out.replace(f"[STASH{index}]", html)
    return out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ site.title }}", "My Blog"),
        ("{{ site.nested.deep[1] }}", "b"),
        ("{{ site.nested.deep.first }}", "a"),
        ("{{ site.nested.deep | size }}", "2"),
        ("{{ page.title | downcase }}", "hello"),
        ("{{ '/x.png' | relative_url }}", "/blog/x.png"),
        ('{{ "/x/" | absolute_url }}', "https://example.org/blog/x/"),
        ("{{ 'https://cdn/x' | relative_url }}", "https://cdn/x"),
        ("{{ page.none | default: 'dflt' }}", "dflt"),
        ("{{ page.tags | join: ', ' }}", "a, b"),
        ("{{ page.title | append: '!' | prepend: '¡' }}", "¡Hello!"),
        ("{%- assign x = page.title -%}{{ x | upcase }}", "HELLO"),
        ("[p]({% post_url 2010-01-01-known %})", "[p](/blog/2010/01/01/known.html)"),
        ("[p]({% post_url 2010-01-01-gone %})", "[p](#post-not-found:2010-01-01-gone)"),
        ("[p]({% link _posts/2010-01-01-known.md %})", "[p](/blog/2010/01/01/known.html)"),
        ("[p]({% link docs/page.md %})", "[p](/blog/docs/page.html)"),
        ("[x]({{ page.none }}/a)", "[x](/a)"),
        ('<img alt="{{ page.none }}">', '<img alt="">'),
        ('<img src="{% include x.html %}">', '<img src="">'),
        ("{% comment %}hidden{% endcomment %}shown", "shown"),
    ],
)
def test_known_values(source: str, expected: str) -> None:
    metadata = {"title": "Hello", "tags": ["a", "b"]}
    assert expand(source, metadata) == expected


@pytest.mark.parametrize(
    ("source", "kind", "label"),
    [
        ("{{ site.data.menu }}", "pe-liquid-var", "site.data.menu"),
        ("{{ site.nested }}", "pe-liquid-var", "site.nested"),
        ("{% include footer.html %}", "pe-liquid-tag", "include footer.html"),
        ("{% if page.x %}", "pe-liquid-tag", "if page.x"),
        ("{% post_url nope %}", "pe-liquid-tag", "post_url nope (not found)"),
        ("{{< youtube id >}}", "pe-shortcode", "shortcode: youtube id"),
        ("{{% notice %}}", "pe-shortcode", "shortcode: notice"),
    ],
)
def test_unknowable_becomes_a_labelled_placeholder(source: str, kind: str, label: str) -> None:
    html = expand(f"before {source} after")
    assert f'<span class="pe-placeholder {kind}"' in html
    assert f">{label}</span>" in html
    assert html.startswith("before ") and html.endswith(" after")


def test_dates_are_english_whatever_the_locale() -> None:
    day = dt.date(2025, 9, 2)
    assert format_date(day) == "2 September 2025"
    assert format_date("2025-09-02 10:00:00 +0200") == "2 September 2025"
    assert strftime(day, "%A %-d %b %Y") == "Tuesday 2 Sep 2025"
    assert strftime(dt.datetime(2025, 9, 2, 7, 5), "%H:%M") == "07:05"
    assert strftime("not a date", "%Y") == "not a date"
