"""A site of 10,000 posts: index, list, search, quick open and tag rename, timed.

    .venv/bin/python bench/site_scale.py [--posts 10000] [--runs 3] [--keep DIR] [--no-rename]
        [--rename-only] [--per-file-rename] [--form-only]

Prints medians and spread. Generates a Jekyll site of realistic posts in a temporary folder
(front matter with title, date, tags, categories; a few hundred words of body each), then:

- cold open (index deleted first, ``--runs`` times): the list's first rows, the full index,
  and the longest UI-thread stall while rows arrive (a 5 ms timer on the UI thread records
  its longest gap);
- warm reopen (``--runs`` times): time until the list shows every row, and the stall;
- the 10,000-row list: sorting by title and filtering, time until settled and the stall;
- site search and quick open: median per query; quick open's preparation (UI-thread part and
  time until ready);
- the front-matter form showing a post of the site for the first time: UI-thread time, the
  longest UI stall and when the schema learned from the newest posts (off the UI thread)
  reaches the form (``--form-only`` times just this part);
- a tag rename across every post, through the lossless writer, with progress
  (``--rename-only`` times just this part; ``--per-file-rename`` also renames back the way
  renames saved before batches, one ``Post.load``/``Post.save`` per file on 8 threads, for
  a comparison in the same run, and checks the two renames give back identical bytes).
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


class Heartbeat:
    """A 5 ms timer on the UI thread; ``stall`` is the longest gap between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.stall = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.stall = max(self.stall, now - self._last)
        self._last = now

    def start(self) -> None:
        self.stall, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.stall


def run_until(app, done, timeout: float = 60.0) -> float:
    """Run the event loop until ``done()``; the seconds it took."""
    start = time.perf_counter()
    while not done() and time.perf_counter() - start < timeout:
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - start


def list_operations(site_dir: Path, db: Path) -> dict[str, tuple[float, float]]:
    """On a full list: sort by title, filter by a word, clear the filter (time, stall)."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtWidgets import QApplication

    from editor.core.site import Site
    from editor.core.site.index import SiteIndex
    from editor.ui.post_list import PostList

    app = QApplication.instance() or QApplication([])
    with SiteIndex(Site.open(site_dir), db) as index:
        rows = index.posts()
    posts = PostList()
    posts.resize(400, 800)
    posts.show()
    posts.set_posts(rows)
    settled = getattr(posts.model, "pending", lambda: 0)
    run_until(app, lambda: settled() == 0 and posts.model.rowCount() >= len(rows))
    beat = Heartbeat()
    result = {}
    steps = {
        "sort by title": lambda: posts.view.sortByColumn(0, Qt.SortOrder.AscendingOrder),
        "filter 'garden'": lambda: posts.filter_edit.setText("garden"),
        "clear the filter": lambda: posts.filter_edit.setText(""),
        "sort by date": lambda: posts.view.sortByColumn(1, Qt.SortOrder.DescendingOrder),
    }
    for name, step in steps.items():
        app.processEvents()
        beat.start()
        start = time.perf_counter()
        step()
        run_until(app, lambda: settled() == 0)
        app.processEvents()
        result[name] = (time.perf_counter() - start, beat.stop())
    posts.close()
    posts.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return result


def quick_open_dialog(site_dir: Path, db: Path) -> tuple[float, float, float]:
    """Quick open on the site's posts: UI-thread time to show, longest stall, time to ready."""
    from PySide6.QtWidgets import QApplication

    from editor.core.site import Site
    from editor.core.site.index import SiteIndex
    from editor.ui.quick_open import QuickOpen

    app = QApplication.instance() or QApplication([])
    with SiteIndex(Site.open(site_dir), db) as index:
        rows = index.posts()
    dialog = QuickOpen(lambda: rows)
    beat = Heartbeat()
    app.processEvents()
    beat.start()
    start = time.perf_counter()
    dialog.open_fresh()
    shown = time.perf_counter() - start
    ready = getattr(dialog, "ready", lambda: True)
    run_until(app, ready)
    app.processEvents()
    total = time.perf_counter() - start
    stall = beat.stop()
    dialog.close()
    dialog.deleteLater()
    return shown, stall, total


def ui_fill(site_dir: Path, db: Path) -> dict[str, float]:
    """Open the list on the site in a Qt event loop; first rows, all rows, longest stall."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QTimer
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
    # Deleted now, not during the next measurement (closing a 10,000-row list is not opening).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return result


def form_open(site_dir: Path, on_ui_thread: bool = False) -> tuple[float, float, float]:
    """A new form shows the newest post of the site: UI-thread time of ``set_document``, the
    longest UI stall until the learned schema is applied, and when that happened.
    ``on_ui_thread``: the schema is learned on the UI thread first, as the form did before."""
    from PySide6.QtWidgets import QApplication

    from editor.core.post import Post
    from editor.core.site import Site
    from editor.ui.front_matter_form import FrontMatterForm

    app = QApplication.instance() or QApplication([])
    site = Site.open(site_dir)
    newest = max(site.post_paths(), key=lambda p: p.name)
    post = Post.load(newest)
    form = FrontMatterForm()
    form.resize(500, 700)
    form.show()
    beat = Heartbeat()
    for _ in range(5):
        app.processEvents()
    beat.start()
    start = time.perf_counter()
    if on_ui_thread:
        form._learner.learn_now(site)
    form.set_document(post.document, site, newest)
    shown = time.perf_counter() - start
    run_until(app, lambda: form.schema_learned)
    app.processEvents()
    learned = time.perf_counter() - start
    stall = beat.stop()
    form.close()
    form.deleteLater()
    return shown, stall, learned


def form_bench(site_dir: Path, runs: int) -> None:
    for on_ui_thread in (True, False):
        results = [form_open(site_dir, on_ui_thread) for _ in range(runs)]
        where = "on the UI thread (before)" if on_ui_thread else "off the UI thread"
        print(
            f"form, first post of the site, schema learned {where}: UI-thread time "
            + spread([r[0] for r in results])
            + "; longest UI stall "
            + spread([r[1] for r in results])
            + "; learned schema applied after "
            + spread([r[2] for r in results])
        )


def rename_per_file(paths: list[Path], old: str, new: str) -> int:
    """The rename as saved before batches: each post loaded and saved alone, 8 at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from editor.core.post import Post
    from editor.core.site.taxonomy import rename_in_document

    def one(path: Path) -> bool:
        post = Post.load(path)
        if rename_in_document(post.document, "tags", old, new):
            post.save()
            return True
        return False

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, paths))
    return sum(results)


def rename_bench(paths: list[Path], per_file: bool) -> None:
    """Rename the tag "site" in every post (batched), and back per file when asked."""
    import hashlib

    from editor.core.site.taxonomy import rename_term

    def digest() -> str:
        total = hashlib.sha256()
        for path in paths:
            total.update(path.read_bytes())
        return total.hexdigest()

    before = digest() if per_file else ""
    progress: list[int] = []
    start = time.perf_counter()
    report = rename_term(
        paths, "tags", "site", "website", progress=lambda n, _p: progress.append(n)
    )
    elapsed = time.perf_counter() - start
    print(
        f"tag rename across {len(report.changed)} posts (batched saves): {elapsed:.1f} s "
        f"(ok: {report.ok}, {len(progress)} progress reports)"
    )
    if per_file:
        start = time.perf_counter()
        count = rename_per_file(paths, "website", "site")
        elapsed = time.perf_counter() - start
        print(
            f"tag rename back across {count} posts (one save per file, as before): {elapsed:.1f} s"
        )
        print(f"renamed and back: bytes identical to before: {digest() == before}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-rename", action="store_true")
    parser.add_argument("--rename-only", action="store_true")
    parser.add_argument("--per-file-rename", action="store_true")
    parser.add_argument("--form-only", action="store_true")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="site-scale-"))
    site_dir = base / "site"
    db = base / "index.sqlite3"
    if not site_dir.exists():
        start = time.perf_counter()
        generate(site_dir, args.posts)
        print(f"generated {args.posts} posts in {time.perf_counter() - start:.1f} s")
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    if args.form_only:
        form_bench(site_dir, args.runs)
        if args.keep is None:
            shutil.rmtree(base)
        return 0
    if args.rename_only:
        from editor.core.site import Site

        paths = sorted(Site.open(site_dir).post_paths())  # every generated post has "site"
        rename_bench(paths, args.per_file_rename)
        if args.keep is None:
            shutil.rmtree(base)
        return 0

    cold = []
    for _ in range(args.runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        cold.append(ui_fill(site_dir, db))
    print("cold open, first rows: " + spread([c["first_rows"] for c in cold]))
    print("cold open, every post indexed: " + spread([c["all_rows"] for c in cold]))
    print("cold open, longest UI stall: " + spread([c["stall"] for c in cold]))
    warm = [ui_fill(site_dir, db) for _ in range(args.runs)]
    print("warm reopen, every row shown: " + spread([w["shown"] for w in warm]))
    print("warm reopen, index checked against the disk: " + spread([w["all_rows"] for w in warm]))
    print("warm reopen, longest UI stall: " + spread([w["stall"] for w in warm]))

    for name, (took, stall) in list_operations(site_dir, db).items():
        print(
            f"list of {args.posts}: {name}: settled in {took * 1000:.0f} ms, "
            f"longest UI stall {stall * 1000:.0f} ms"
        )

    from editor.core.site import Site
    from editor.core.site.fuzzy import Candidate, FuzzyIndex
    from editor.core.site.index import SiteIndex
    from editor.core.site.schema import schema_for_site

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
        shown, stall, ready = quick_open_dialog(site_dir, db)
        print(
            f"quick open dialog: shown after {shown * 1000:.0f} ms of UI-thread work, longest UI "
            f"stall {stall * 1000:.0f} ms, matching ready after {ready * 1000:.0f} ms"
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
        ] * 3:
            start = time.perf_counter()
            fuzzy.match(query)
            times.append(time.perf_counter() - start)
        print("quick open per query: " + spread(times))

        paths = [Path(p) for p in index.paths_with_term("tags", "site")]
    start = time.perf_counter()
    schema = schema_for_site(Site.open(site_dir))
    print(
        f"form schema learned from {schema.post_count} posts: "
        f"{(time.perf_counter() - start) * 1000:.0f} ms (off the UI thread, once per site)"
    )
    form_bench(site_dir, args.runs)
    if not args.no_rename:
        rename_bench(paths, args.per_file_rename)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    if args.keep is None:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
