"""A site of 10,000 posts: index, list, search, quick open and tag rename, timed.

    .venv/bin/python bench/site_scale.py [--posts 10000] [--keep DIR]

Prints medians and spread. Generates a Jekyll site of realistic posts in a temporary folder
(front matter with title, date, tags, categories; a few hundred words of body each), then:

- cold open: the list's first rows, the full index, and the longest UI-thread stall while
  rows arrive (a 5 ms timer on the UI thread records its longest gap);
- warm reopen: time until the list shows every row;
- site search and quick open: median per query;
- a tag rename across every post, through the lossless writer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "on",
    "with",
    "as",
    "was",
    "at",
    "by",
    "this",
    "be",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "all",
    "we",
    "when",
    "there",
    "can",
    "more",
    "if",
    "out",
    "so",
    "what",
    "up",
    "about",
    "time",
    "into",
    "has",
    "garden",
    "python",
    "rust",
    "river",
    "mountain",
    "coffee",
    "winter",
    "summer",
    "bicycle",
    "camera",
    "travel",
    "code",
    "language",
    "compiler",
    "notebook",
    "kitchen",
    "bread",
    "library",
    "music",
    "city",
    "train",
    "harbour",
    "light",
]
TAGS = [f"tag{i}" for i in range(60)] + ["python", "rust", "travel", "js", "javascript"]
CATEGORIES = ["notes", "travel", "code", "photos", "life", "reviews"]


def generate(root: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_config.yml").write_text("title: Bench\n", encoding="utf-8")
    for n in range(count):
        title_words = rng.sample(WORDS[40:], 4)
        title = " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(title_words))
        title = f"{title} {n}"
        year, month, day = 2005 + n % 20, 1 + n % 12, 1 + n % 28
        slug = "-".join(title.lower().split())
        tags = [*sorted(set(rng.sample(TAGS, 3))), "site"]
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80))))
        flow = n % 2 == 0
        tag_text = (
            "[" + ", ".join(tags) + "]" if flow else "\n" + "".join(f"  - {t}\n" for t in tags)
        )
        text = (
            "---\n"
            "layout: post\n"
            f'title: "{title}"\n'
            f"date: {year}-{month:02d}-{day:02d} 10:00:00 +0100\n"
            f"categories: {rng.choice(CATEGORIES)}\n"
            f"tags: {tag_text.rstrip()}\n"
            "---\n\n" + "\n\n".join(paragraphs) + "\n"
        )
        draft = n % 50 == 0
        folder = root / ("_drafts" if draft else "_posts")
        name = f"{slug}.md" if draft else f"{year}-{month:02d}-{day:02d}-{slug}.md"
        (folder / name).write_text(text, encoding="utf-8")


def spread(values: list[float]) -> str:
    values = sorted(values)
    med = statistics.median(values)
    return f"median {med * 1000:.1f} ms (min {values[0] * 1000:.1f}, max {values[-1] * 1000:.1f})"


def ui_fill(site_dir: Path, db: Path) -> dict[str, float]:
    """Open the list on the site in a Qt event loop; first rows, all rows, longest stall."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.site import Site
    from editor.services.site_indexer import SiteIndexer
    from editor.ui.post_list import PostList

    app = QApplication.instance() or QApplication([])
    posts = PostList()
    posts.resize(400, 800)
    posts.show()
    indexer = SiteIndexer(db_path=db)
    indexer.postsLoaded.connect(posts.set_posts)
    indexer.postsChanged.connect(posts.apply_changes)
    clock = QElapsedTimer()
    result: dict[str, float] = {"first_rows": -1, "stall": 0.0}
    last = [0.0]
    expected = sum(1 for _ in Site.open(site_dir).post_paths())

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e9
        result["stall"] = max(result["stall"], now - last[0])
        last[0] = now
        if result["first_rows"] < 0 and posts.model.rowCount() > 0:
            result["first_rows"] = now
        if "shown" not in result and posts.model.rowCount() >= expected:
            result["shown"] = now
        if posts.model.rowCount() >= expected and not indexer.busy:
            result["all_rows"] = now
            app.quit()

    for _ in range(5):  # the window's own first paint is not the list's work
        app.processEvents()
        time.sleep(0.02)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    indexer.open_site(Site.open(site_dir))
    app.exec()
    timer.stop()
    indexer.shutdown()
    posts.close()
    posts.deleteLater()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="site-scale-"))
    site_dir = base / "site"
    db = base / "index.sqlite3"
    if not site_dir.exists():
        start = time.perf_counter()
        generate(site_dir, args.posts)
        print(f"generated {args.posts} posts in {time.perf_counter() - start:.1f} s")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    cold = ui_fill(site_dir, db)
    print(
        f"cold open: first rows after {cold['first_rows'] * 1000:.0f} ms, every row indexed "
        f"after {cold['all_rows']:.1f} s, longest UI stall {cold['stall'] * 1000:.0f} ms"
    )
    warm = [ui_fill(site_dir, db) for _ in range(3)]
    print(
        "warm reopen, every row shown: "
        + spread([w["shown"] for w in warm])
        + "; index checked against the disk: "
        + spread([w["all_rows"] for w in warm])
        + f"; longest UI stall {max(w['stall'] for w in warm) * 1000:.0f} ms"
    )

    from editor.core.site import Site
    from editor.core.site.fuzzy import Candidate, FuzzyIndex
    from editor.core.site.index import SiteIndex
    from editor.core.site.taxonomy import rename_term

    site = Site.open(site_dir)
    with SiteIndex(site, db) as index:
        queries = ["garden", "python rust", "coffee winter", "harbour light", "compiler", "bread"]
        queries += ["train city", "mountain", "music library", "camera"]
        times = []
        for query in queries * 3:
            start = time.perf_counter()
            index.search(query, limit=200)
            times.append(time.perf_counter() - start)
        print("site search (200 hits max): " + spread(times))

        posts = index.posts()
        start = time.perf_counter()
        fuzzy = FuzzyIndex([Candidate(p.path, p.title, Path(p.path).name) for p in posts])
        print(
            f"quick open, prepare {len(posts)} posts: {(time.perf_counter() - start) * 1000:.0f} ms"
        )
        times = []
        for query in [
            "g",
            "gar",
            "garden",
            "cof win",
            "2019",
            "mntn",
            "lib 42",
            "zzz",
            "rivr",
            "t",
        ]:
            start = time.perf_counter()
            fuzzy.match(query)
            times.append(time.perf_counter() - start)
        print("quick open per query: " + spread(times))

        paths = [Path(p) for p in index.paths_with_term("tags", "site")]
    start = time.perf_counter()
    report = rename_term(paths, "tags", "site", "website")
    elapsed = time.perf_counter() - start
    print(f"tag rename across {len(report.changed)} posts: {elapsed:.1f} s (ok: {report.ok})")
    if args.keep is None:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
