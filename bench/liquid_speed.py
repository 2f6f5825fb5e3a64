"""What Liquid costs a render: posts with and without it, cold and with the parse cache warm.

The body repeats a block of Jekyll-style Markdown (prose, a ``{{ page.* | filter }}`` output,
an ``if``, a ``for`` over the front matter, a ``highlight`` tag, a ``post_url`` link) to each
size, inside a throw-away Jekyll site. For each size it prints the median and p10-p90 of:

* the Liquid pass alone (``render_liquid``), cold (parse + render) and warm (parsed template
  from the cache, render only);
* the whole ``render_body`` with that Liquid, warm, against the same body with every Liquid
  token removed (what Liquid adds to a full render);
* one paragraph holding Liquid rendered on its own (the keystroke path of a chunk).

    .venv/bin/python bench/liquid_speed.py [--runs 7] [--sizes 8KB 100KB 1MB]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {"8KB": 8_000, "100KB": 100_000, "1MB": 1_000_000}
BLOCK = """\
## Section {n}

Some prose about **{{{{ page.title | upcase }}}}**, written on
{{{{ page.date | date: "%-d %B %Y" }}}} and filed under
{{{{ page.tags | array_to_sentence_string }}}}. More words follow here so the block reads
like an article and not like a test of Liquid alone.

{{% if page.tags contains "jekyll" %}}This post is about Jekyll.{{% endif %}}

{{% for tag in page.tags %}}
- tag {{{{ forloop.index }}}}: {{{{ tag | slugify }}}}
{{% endfor %}}

{{% highlight python %}}
def f(x):
    return x * {n}
{{% endhighlight %}}

See [the other post]({{% post_url 2020-01-01-other %}}) and {{{{ "/img.png" | relative_url }}}}.

"""


def body_of(size: int) -> str:
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        block = BLOCK.format(n=n)
        parts.append(block)
        total += len(block)
        n += 1
    return "".join(parts)


def timed(func: Callable[[], object], runs: int) -> tuple[float, float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    samples.sort()
    p10 = samples[max(0, int(len(samples) * 0.1))]
    p90 = samples[min(len(samples) - 1, int(len(samples) * 0.9))]
    return statistics.median(samples), p10, p90


def show(label: str, figures: tuple[float, float, float]) -> str:
    median, p10, p90 = figures
    return f"{label} {median * 1000:.1f} ms ({p10 * 1000:.1f}-{p90 * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", nargs="*", default=list(SIZES))
    args = parser.parse_args()

    from editor.core.render import RenderContext, render_body
    from editor.core.render.liquid import engine, environment
    from editor.core.site import Site

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        (root / "_posts").mkdir(parents=True)
        (root / "_config.yml").write_text("title: Bench\nbaseurl: /b\n", encoding="utf-8")
        (root / "_posts" / "2020-01-01-other.md").write_text("---\ntitle: O\n---\nO\n")
        site = Site.open(root)
        meta = {"title": "Bench post", "date": "2024-03-05", "tags": ["jekyll", "liquid", "x"]}
        ctx = RenderContext(site, root / "_posts" / "2024-03-05-bench.md", meta)
        env = environment.environment_for(site)

        for name in args.sizes:
            body = body_of(SIZES[name])
            lines = body.split("\n")
            plain = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", body)

            def cold(lines: list[str] = lines) -> None:
                env.templates.clear()
                engine.render_liquid(lines, site=site, page=meta, stash=lambda h: h)

            def warm(lines: list[str] = lines) -> None:
                engine.render_liquid(lines, site=site, page=meta, stash=lambda h: h)

            warm()
            runs = args.runs if SIZES[name] < 500_000 else max(3, args.runs // 2)
            liquid_cold = timed(cold, runs)
            liquid_warm = timed(warm, runs)
            render_body(body, ctx)
            full = timed(lambda body=body: render_body(body, ctx), runs)
            render_body(plain, ctx)
            without = timed(lambda plain=plain: render_body(plain, ctx), runs)
            print(
                f"{name}: Liquid pass {show('cold', liquid_cold)}, {show('warm', liquid_warm)}; "
                f"render_body {show('with Liquid', full)}, {show('without', without)}"
            )

        paragraph = (
            "Some prose about **{{ page.title | upcase }}** on {{ page.date | date: '%Y' }}."
        )
        render_body(paragraph, ctx)
        para = timed(lambda: render_body(paragraph, ctx), max(args.runs, 50))
        plain_para = timed(lambda: render_body("Some prose about **X** on 2024.", ctx), 50)
        print(f"one paragraph: {show('with Liquid', para)}, {show('without', plain_para)}")


if __name__ == "__main__":
    main()
