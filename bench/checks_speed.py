"""How long the pre-publish checks take: per post (the corpus), on a 1 MB post, and for a
whole generated site of N posts (what ``post-editor check`` and Checks → Check the Whole Site
do), plus the UI thread's share in the window (copying the document before a check).

    .venv/bin/python bench/checks_speed.py [--runs 7] [--posts 2000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editor.core.checks import SiteContext, check_document, check_site  # noqa: E402
from editor.core.frontmatter import PostDocument  # noqa: E402
from editor.core.site import Site  # noqa: E402

CORPUS_DIR = ROOT.parent / "shared" / "corpus" / "posts"
SAMPLE = ROOT / "resources" / "sample_site"


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def spread(times: list[float], unit: float = 1e3, suffix: str = "ms") -> str:
    ordered = sorted(times)
    low, high = ordered[len(ordered) // 10], ordered[-1 - len(ordered) // 10]
    return f"{statistics.median(times) * unit:.3g} {suffix} ({low * unit:.3g}–{high * unit:.3g})"


def corpus(runs: int) -> None:
    if not CORPUS_DIR.is_dir():
        print("corpus: ../shared/corpus/posts is absent, skipped")
        return
    ctx = SiteContext.build(Site.open(CORPUS_DIR))
    per_post = []
    for path in sorted(CORPUS_DIR.iterdir()):
        try:
            document = PostDocument.from_bytes(path.read_bytes())
        except ValueError:
            continue
        per_post.append(min(timed(lambda d=document, p=path: check_document(d, p, ctx), runs)))
    print(f"corpus, {len(per_post)} posts, one check each: {spread(per_post)} per post")


def large(runs: int) -> None:
    paragraph = (
        "A paragraph with a [link](/about/), an ![image](/assets/images/hills.png), café and "
        "“quotes”, and `code` in it.\n\n"
    )
    body = paragraph * (1_000_000 // len(paragraph))
    document = PostDocument.from_text("---\nlayout: post\ntitle: Large\n---\n" + body)
    ctx = SiteContext.build(Site.open(SAMPLE))
    path = SAMPLE / "_posts" / "2024-01-01-large.md"
    print(f"1 MB post, check: {spread(timed(lambda: check_document(document, path, ctx), runs))}")
    copy = timed(lambda: PostDocument.from_text(document.text(), document.format), runs * 3)
    print(f"1 MB post, the UI thread's copy before a check: {spread(copy)}")


def site(posts: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        shutil.copytree(SAMPLE, root)
        sources = sorted((root / "_posts").iterdir())
        for index in range(posts - len(sources)):
            source = sources[index % len(sources)]
            day = f"20{10 + index // 366 % 15:02d}-{1 + index // 28 % 12:02d}-{1 + index % 28:02d}"
            slug = source.name.split("-", 3)[3]
            (root / "_posts" / f"{day}-{index}-{slug}").write_bytes(source.read_bytes())
        totals, builds = [], []
        for _ in range(runs):
            start = time.perf_counter()
            ctx = SiteContext.build(Site.open(root))
            built = time.perf_counter()
            results = check_site(ctx)
            totals.append(time.perf_counter() - start)
            builds.append(built - start)
        count = len(results)
        found = sum(len(f) for f in results.values())
        print(
            f"site of {count} posts, whole run: {spread(totals, 1, 's')}, of which learning the "
            f"site {spread(builds, 1, 's')}; {found} findings"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    corpus(args.runs)
    large(args.runs)
    site(args.posts, max(1, args.runs // 3))


if __name__ == "__main__":
    main()
