"""Full-render speed of our pipeline against plain Python-Markdown, at 8 KB, 100 KB and 1 MB.

The body is built from the real posts in ../shared/corpus/posts (bodies only, repeated to the
size), or from the generated garden post of ``bench/preview_latency.py`` when the corpus is
absent or ``--generated`` is given. For each size it prints the median and p10-p90 of
``render_body`` and of one plain ``markdown.Markdown`` (extra, sane_lists, codehilite, toc;
built once, reset between uses, like ours) on the same text in the same run, and their ratio,
so a slower machine or a busy core moves both columns alike. Our highlighted-code cache is
emptied before each of our runs (``--warm`` keeps it): opening a post starts cold, and plain
Python-Markdown has no such cache. Last, one paragraph's render (the keystroke path).

    .venv/bin/python bench/render_speed.py [--runs 7] [--sizes 8KB 100KB 1MB]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SIZES = {"8KB": 8_000, "100KB": 100_000, "1MB": 1_000_000}
CORPUS_DIR = ROOT.parent / "shared" / "corpus" / "posts"


def corpus_bodies() -> list[str]:
    """The corpus posts' bodies (front matter removed), in a fixed order."""
    from editor.core.frontmatter import PostDocument

    if not CORPUS_DIR.is_dir():
        return []
    bodies = []
    for path in sorted(CORPUS_DIR.iterdir()):
        if path.is_file():
            bodies.append(PostDocument.from_bytes(path.read_bytes()).body.rstrip("\n") + "\n\n")
    return bodies


def make_body(size: int, bodies: list[str]) -> str:
    """About ``size`` characters of Markdown: corpus bodies in turn, else generated sections."""
    if not bodies:
        from preview_latency import make_post

        text = make_post(size)
        return text.split("---\n", 2)[2]
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        body = bodies[i % len(bodies)]
        if total + len(body) > size and parts:
            body = body[: max(0, size - total)].rsplit("\n\n", 1)[0] + "\n\n"
        parts.append(body)
        total += len(body)
        i += 1
    return "".join(parts)


def timings(func: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls after one warm-up call."""
    func()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, 10th and 90th percentile (nearest rank)."""
    ordered = sorted(values)

    def rank(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]

    return statistics.median(ordered), rank(0.1), rank(0.9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (after warm-up)")
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--generated", action="store_true", help="use the generated post")
    parser.add_argument("--warm", action="store_true", help="keep our code cache between runs")
    args = parser.parse_args()

    import markdown

    from editor.core.render import RenderContext, render_body
    from editor.core.render.highlight import code_html

    plain = markdown.Markdown(
        extensions=["extra", "sane_lists", "codehilite", "toc"],
        extension_configs={"codehilite": {"css_class": "highlight", "guess_lang": False}},
        output_format="html",
    )

    def plain_render(text: str) -> str:
        plain.reset()
        return plain.convert(text)

    bodies = [] if args.generated else corpus_bodies()
    source = "corpus" if bodies else "generated"
    ctx = RenderContext()

    def ours_render(text: str) -> str:
        if not args.warm:
            code_html.cache_clear()
        return render_body(text, ctx)

    cache = "warm" if args.warm else "cold"
    print(f"body: {source}; code cache {cache}; {args.runs} runs at 1 MB (3x below); times in ms")
    print(f"{'size':>6}  {'ours median (p10-p90)':>26}  {'plain median (p10-p90)':>26}  ratio")
    for name in args.sizes:
        text = make_body(SIZES[name], bodies)
        runs = max(3, args.runs if SIZES[name] >= 1_000_000 else args.runs * 3)
        ours = spread(timings(lambda t=text: ours_render(t), runs))
        base = spread(timings(lambda t=text: plain_render(t), runs))
        print(
            f"{name:>6}  {ours[0]:9.1f} ({ours[1]:7.1f}-{ours[2]:7.1f})"
            f"  {base[0]:9.1f} ({base[1]:7.1f}-{base[2]:7.1f})  {ours[0] / base[0]:5.2f}"
        )
    paragraph = "The tomatoes came early, and the *basil* kept up. A [link](https://example.com).\n"
    one = spread(timings(lambda: render_body(paragraph, ctx), 300))
    print(f"one paragraph (the keystroke path): {one[0]:.3f} ms ({one[1]:.3f}-{one[2]:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
