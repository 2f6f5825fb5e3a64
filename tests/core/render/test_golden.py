"""Golden files: one per convention the preview must render like the published site.

Each case renders a small post body inside a throw-away Jekyll site and compares the HTML
with ``golden/<case>.html`` (only trailing whitespace is normalised). The reference files
were checked by hand; after a deliberate change, regenerate them with
``POST_EDITOR_UPDATE_GOLDEN=1`` and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from editor.core.render import RenderContext, RenderOptions, render_body, render_header
from editor.core.site import Site

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE = os.environ.get("POST_EDITOR_UPDATE_GOLDEN") == "1"

BODIES: dict[str, str] = {
    "tables": """\
| Name | Value | Note |
|:-----|------:|:----:|
| a    | 1     | *x*  |
| b    | 2     | `y`  |
""",
    "figures": """\
{% include figure image_path="/assets/img/pic.png" alt="A picture" caption="A *figure* caption." %}

{{< figure src="/assets/img/pic.png" title="A Hugo figure" >}}

{{< figure src="/assets/img/nope.png" caption="Missing one" >}}

[Another page]({{< ref "other.md" >}}) and {{< relref "other.md" >}}.
""",
    "footnotes": """\
A claim.[^src] Another one.[^2]

[^src]: The source.
[^2]: Second note
    with a continuation.
""",
    "fenced_code": """\
```python
def greet(name):
    return f"Hello {name}"
```

~~~ruby
puts "tilde fence"
~~~

```js
let x = 1;
let y = 2;
```

```
no language <b>
```
""",
    "kramdown_ial": """\
{: .lead #intro}
A paragraph with a block IAL before it.

A paragraph with an IAL after it.
{: .note data-kind="aside"}

## Heading with IAL
{: .fancy}

Span forms: *stressed*{: .hl} and [a link](https://example.org){:.button}.

- item one
- item two
{: .checklist}

- item three

{: .other}
- item four, a new list as in kramdown
""",
    "kramdown_extensions": """\
Before.

{::comment}
This is *not* shown.
{:/comment}

{::nomarkdown}
<b>kept as HTML</b>
{:/}

{::options parse_block_html="true" /}
{:ref: .shared}
After.
""",
    "toc": """\
* TOC
{:toc}

## First section

### A subsection

## Hidden from the table
{:.no_toc}

## Second section

[TOC]
""",
    "def_list": """\
Markdown
: A lightweight markup language.

Liquid
: A template language.
: Used by Jekyll.
""",
    "abbr": """\
The HTML and CSS specifications are maintained by the W3C.

*[HTML]: Hyper Text Markup Language
*[W3C]: World Wide Web Consortium
""",
    "task_list": """\
- [ ] write the draft
- [x] pick a title
- plain item
""",
    "md_in_html": """\
<div class="notice" markdown="1">
**Note:** this is *Markdown* inside HTML.
</div>

<details>
<summary>Details</summary>
<p>Raw HTML stays as it is.</p>
</details>
""",
    "header_ids": """\
# Hello World

## Hello World

## Ünïcödé Wörds & Symbols!

## 2025: What's next?

## Custom {#chosen-id}
""",
    "highlight_tag": """\
{% highlight ruby %}
def hello
  puts "hi"
end
{% endhighlight %}

{% highlight python linenos %}
a = 1
b = 2
{% endhighlight %}

{%
  highlight
  ruby
%}
{% assign foo = 'bar' %}
{% raw
%}
puts "{{ not_liquid }}"
{% endraw %}
{% endhighlight %}
""",
    "raw_tag": """\
Shown literally: {% raw %}{{ page.title }} and {% if x %}{% endraw %} done.

{% raw %}
```liquid
{{ site.title | upcase }}
```
{% endraw %}
""",
    "liquid_variables": """\
Site: {{ site.title }} by {{ site.author }}; page: {{ page.title }} ({{ page.category }}).

Filters: {{ "/assets/x.css" | relative_url }}, {{ "/about/" | absolute_url }},
{{ page.title | upcase }}, {{ page.missing | default: "fallback" }}.

Link: [home]({{ site.baseurl }}/) and [about]({{ '/about/' | relative_url }}).

{% assign greeting = "Hi there" %}{{ greeting }}!

Dates: {{ page.date | date: "%B %-d, %Y" }}, {{ page.date | date_to_string }},
{{ page.date | date_to_long_string }}.
""",
    "post_url_and_link": """\
See [the other post]({% post_url 2010-01-01-other %}) and
[the same via link]({% link _posts/2010-01-01-other.md %}) and
[a page]({% link about.md %}) and [a missing post]({% post_url 1999-01-01-none %}).
""",
    "placeholders": """\
{% include figure.html image="/assets/x.png" caption="A figure" %}

Text {% include_relative note.md %} inline.

{% capture note %}
Captured **text**.
{% endcapture %}

{% if page.comments %}Comments on{% endif %}

{% gist 12345 %}

{{< youtube dQw4w9WgXcQ >}}

{{% notice tip %}}
Hugo markdown shortcode.
{{% /notice %}}

Unknown {{ site.data.menu }} value.
""",
    "shortcode_blocks": """\
{{< admonition tip "A tip" >}}
Some **Markdown** inside, and a list:

- one
- two
{{< /admonition >}}

{{% notice info %}}
Nested {{< badge >}} inline.
{{% /notice %}}

{{< unclosed >}}

After.
""",
    "liquid_in_code": """\
Inline `{{ site.title }}` and `{% include x %}` are evaluated, as Jekyll does.

```html
<h1>{{ page.title }}</h1>
{% for post in site.posts %}{{ post.url }}{% endfor %}
```

    {% include indented.html %}
    {{ also.literal }}
""",
    "math": """\
Inline $$ E = mc^2 $$ and \\\\( a^2 + b^2 \\\\) and \\( x_1 \\).

$$
\\sum_{k=1}^\\infty \\frac{1}{k^2} = \\frac{\\pi^2}{6}
$$

\\\\[
x < y \\& z
\\\\]

\\begin{equation}
\\label{eq:one}
a = b
\\end{equation}

```math
f(x) = x^2
```
""",
    "mermaid": """\
```mermaid
graph TD
  A[Start] --> B{Is it <ok>?}
  B -->|Yes| C[Done]
```
""",
    "images": """\
![root-relative](/assets/img/pic.png)
![relative](assets/img/pic.png)
![parent](../assets/img/pic.png)
![baseurl]({{ site.baseurl }}/assets/img/pic.png)
![post-relative](local.png)
![encoded](/assets/img/my%20pic.png)
![missing](/assets/img/nope.png)
![remote](https://example.org/remote.png)
![traversal](../../../etc/passwd)
![file](file:///etc/passwd)
<img src="/assets/img/pic.png" alt="raw html" width="100">
""",
    "embeds": """\
<iframe src="https://www.youtube.com/embed/xyz" width="560"></iframe>

<video controls><source src="/assets/clip.mp4" type="video/mp4"></video>

<object data="/assets/doc.pdf"></object>

<embed src="movie.swf">
""",
    "typography": """\
"Double" and 'single' quotes, it's -- en, --- em, and dots...

GitHub-style ~~strikethrough~~, but not ~~ with spaces ~~.

`"code" -- stays...`
""",
}

METADATA = {
    "title": "A <Test> Post",
    "date": dt.date(2025, 9, 2),
    "author": "Ada Writer",
    "categories": "notes jekyll",
    "tags": ["preview", "golden"],
    "category": "notes",
    "header": {"overlay_image": "/assets/img/pic.png"},
}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "assets" / "img").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Golden Site\nauthor: Site Author\nbaseurl: /blog\nurl: https://example.org\n",
        encoding="utf-8",
    )
    (root / "_posts" / "2010-01-01-other.md").write_text("---\ntitle: Other\n---\nx\n")
    (root / "_posts" / "local.png").write_bytes(b"\x89PNG\r\n")
    (root / "assets" / "img" / "pic.png").write_bytes(b"\x89PNG\r\n")
    (root / "assets" / "img" / "my pic.png").write_bytes(b"\x89PNG\r\n")
    return Site.open(root)


def context(site: Site) -> RenderContext:
    return RenderContext(
        site=site,
        post_path=site.root / "_posts" / "2025-09-02-test.md",
        metadata=dict(METADATA),
        options=RenderOptions(),
    )


def normalise(html: str) -> str:
    return "\n".join(line.rstrip() for line in html.strip("\n").split("\n")) + "\n"


def check_golden(name: str, html: str) -> None:
    path = GOLDEN_DIR / f"{name}.html"
    actual = normalise(html)
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}: render it, review it, commit it"
    assert actual == normalise(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(BODIES))
def test_body_matches_golden(name: str, site: Site) -> None:
    check_golden(name, render_body(BODIES[name], context(site)))


def test_article_header_matches_golden(site: Site) -> None:
    check_golden("header", render_header(context(site)))


def test_every_golden_file_has_a_case() -> None:
    names = {p.stem for p in GOLDEN_DIR.glob("*.html")}
    assert names == set(BODIES) | {"header"}
