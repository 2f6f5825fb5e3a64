"""Block recall of our preview against what real Jekyll builds (a development tool, not in CI).

    .venv/bin/python bench/jekyll_compare.py FOLDER [FOLDER ...] [-v] [--only TEXT]
        [--keep DIR] [--json OUT]

Every ``*.md``/``*.markdown`` post of the folders is copied into a temporary Jekyll site
(``markdown: kramdown`` with ``input: GFM``, ``syntax_highlighter: rouge``, future and
unpublished posts built) whose layouts print only ``{{ content }}`` inside a marker, and the
site is built once with ``jekyll build`` (Jekyll 4.3; Debian's ``apt-get install jekyll``).
A post Jekyll cannot build (a Liquid syntax error, say) is built alone to find it, then
reported and left out. Our side is the same pipeline as ``post-editor render --fragment``
run on the copy in the temporary site.

Both HTML texts become sequences of blocks (h1-h6, p, li, pre, td, th, blockquote, dt, dd,
table, hr, img, math, and loose text), each its tag and its whitespace-collapsed text;
typographic quotes, dashes and ellipses count as their ASCII spellings and attributes are
ignored except a heading's id and an image's address. Per post and in total, the tool prints
the share of Jekyll's blocks found in ours in order (longest common subsequence); ``-v``
lists the missing (``-``) and extra (``+``) blocks.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CONFIG = """\
title: compare
markdown: kramdown
highlighter: rouge
kramdown:
  input: GFM
  syntax_highlighter: rouge
  hard_wrap: false
future: true
unpublished: true
show_drafts: false
permalink: /p/:path/
liquid:
  error_mode: warn
defaults:
  - scope: {path: ""}
    values: {layout: jc}
"""
LAYOUT = '<div id="jc-body" data-path="{{ page.path }}">\n{{ content }}\n</div><!--jc-end-->\n'
MARK_RE = re.compile(r'<div id="jc-body" data-path="([^"]*)">\n(.*?)\n</div><!--jc-end-->', re.S)
INCLUDE_RE = re.compile(r"\{%-?\s*include\s+([\w./-]+)")
LINK_RE = re.compile(r"\{%-?\s*link\s+([\w./-]+)")
POST_URL_RE = re.compile(r"\{%-?\s*post_url\s+([\w./-]+)")
LAYOUT_RE = re.compile(r"^layout:\s*['\"]?([\w./-]+)", re.M)
BLOCK_TAGS = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "pre",
        "td",
        "th",
        "blockquote",
        "dt",
        "dd",
        "table",
        "hr",
        "img",
    ]
)
# Elements whose text is not part of a block of their own; rouge's line-number gutters.
SKIP_CLASSES = ("gutter", "rouge-gutter", "lineno", "linenos")
VOID = frozenset(
    [
        "br",
        "img",
        "hr",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    ]
)
TYPO = {
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2013": "--",
    "\u2014": "---",
    "\u2026": "...",
    "\u00ab": "<<",
    "\u00bb": ">>",
    "\u00a0": " ",
}


@dataclass(frozen=True)
class Block:
    tag: str
    text: str

    def show(self) -> str:
        text = self.text if len(self.text) <= 90 else self.text[:87] + "..."
        return f"<{self.tag}> {text}"


class BlockParser(HTMLParser):
    """Collects blocks: each block element's full text; text outside any block is loose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.open: list[tuple[str, int, list[str]]] = []  # (tag, index in blocks, text parts)
        self.stack: list[str] = []
        self.skip = 0
        self.loose: list[str] = []
        self.math: list[str] | None = None  # inside <math>: the TeX annotation's text
        self.math_display = False
        self.in_annotation = False

    def flush_loose(self) -> None:
        text = norm(" ".join(self.loose))
        if text:
            self.blocks.append(Block("#text", text))
        self.loose = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in VOID:
            if tag == "br":
                self.text("\u21b5")
            elif tag == "img":
                self.flush_loose()
                self.blocks.append(Block("img", attr.get("src") or attr.get("title", "")))
            elif tag == "hr":
                self.flush_loose()
                self.blocks.append(Block("hr", ""))
            elif tag == "input" and attr.get("type") == "checkbox":
                self.text("\u2611" if "checked" in attr else "\u2610")
            return
        if self.math is not None:
            self.in_annotation = tag == "annotation"
            return
        if tag == "math":
            # MathML counts as the TeX kramdown leaves for MathJax: \(…\) or \[…\].
            self.math = []
            self.math_display = attr.get("display") == "block"
            return
        self.stack.append(tag)
        classes = attr.get("class", "")
        if tag in ("style", "script", "template"):
            self.skip += 1  # not shown: the preview never applies a post's styles or scripts
            return
        if self.skip or any(c in classes.split() for c in SKIP_CLASSES):
            self.skip += 1
            return
        if "pe-placeholder" in classes.split() and attr.get("title"):
            self.flush_loose()
            self.blocks.append(Block("img", attr["title"]))
            self.skip += 1
            return
        if tag in BLOCK_TAGS:
            if not self.open:
                self.flush_loose()
            key = tag
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and attr.get("id"):
                key = f"{tag}#{attr['id']}"
            self.blocks.append(Block(key, ""))
            self.open.append((tag, len(self.blocks) - 1, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.math is not None:
            self.in_annotation = False
            if tag == "math":
                tex, self.math = "".join(self.math), None
                self.text(f"\\[{tex}\\]" if self.math_display else f"\\({tex}\\)")
            return
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip:
                self.skip -= 1
            elif self.open and self.open[-1][0] == top:
                name, index, parts = self.open.pop()
                raw = "".join(parts)
                text = norm_pre(raw) if name == "pre" else norm(raw)
                self.blocks[index] = Block(self.blocks[index].tag, text)
            if top == tag:
                break

    def text(self, data: str) -> None:
        if self.skip:
            return
        if self.open:
            for _, _, parts in self.open:
                parts.append(data)
        else:
            self.loose.append(data)

    def handle_data(self, data: str) -> None:
        if self.math is not None:
            if self.in_annotation:
                self.math.append(data)
            return
        self.text(data)

    def close(self) -> None:
        super().close()
        while self.open:
            self.handle_endtag(self.open[-1][0])
        self.flush_loose()


def norm(text: str) -> str:
    for a, b in TYPO.items():
        text = text.replace(a, b)
    return " ".join(text.split())


def norm_pre(text: str) -> str:
    for a, b in TYPO.items():
        text = text.replace(a, b)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def blocks_of(markup: str) -> list[Block]:
    parser = BlockParser()
    parser.feed(markup)
    parser.close()
    return parser.blocks


def lcs(a: list[Block], b: list[Block]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence (blocks compared whole)."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


# -- Jekyll ---------------------------------------------------------------------------------
def make_site(site: Path, posts: list[Path]) -> dict[str, Path]:
    """The temporary site; returns the site-relative path of each copied post."""
    (site / "_posts").mkdir(parents=True)
    (site / "_layouts").mkdir()
    (site / "_includes").mkdir()
    (site / "_config.yml").write_text(CONFIG, encoding="utf-8")
    names = {"jc"}
    copies: dict[str, Path] = {}
    for number, post in enumerate(posts):
        data = post.read_bytes()
        if not data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
            data = b"---\n---\n" + data
        text = data.decode("utf-8", errors="replace")
        names.update(LAYOUT_RE.findall(text.split("\n---", 2)[0] if "\n---" in text else ""))
        slug = re.sub(r"[^a-z0-9]+", "-", post.stem.lower()).strip("-")[:60] or "post"
        rel = f"_posts/2020-01-01-{number:03d}-{slug}.md"
        (site / rel).write_bytes(data)
        copies[rel] = post
    for post in posts:
        text = post.read_bytes().decode("utf-8", errors="replace")
        for include in INCLUDE_RE.findall(text):
            # A theme's include the temporary site lacks would stop the whole build: an
            # empty one stands in (the preview shows its labelled placeholder instead).
            target = site / "_includes" / include
            if ".." not in include and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("", encoding="utf-8")
        # So do the pages and posts that {% link %} and {% post_url %} point to.
        for linked in LINK_RE.findall(text):
            target = site / linked
            if ".." not in linked and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("---\n---\n", encoding="utf-8")
        for name in POST_URL_RE.findall(text):
            target = site / "_posts" / f"{Path(name).name}.md"
            if ".." not in name and not target.exists():
                target.write_text("---\nlayout: none\n---\n", encoding="utf-8")
    for name in names:
        target = site / "_layouts" / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(LAYOUT, encoding="utf-8")
    return copies


def jekyll_build(site: Path) -> tuple[bool, str]:
    proc = subprocess.run(
        ["jekyll", "build", "--quiet", "--source", str(site), "--destination", str(site / "_site")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]


def collect(site: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for page in (site / "_site").rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in MARK_RE.finditer(text):
            out[html.unescape(match.group(1))] = match.group(2)
    return out


def build_all(site: Path, copies: dict[str, Path]) -> tuple[dict[str, str], dict[str, str]]:
    """Jekyll's body HTML per copied post, and the posts Jekyll refused (with its message)."""
    ok, err = jekyll_build(site)
    if ok:
        return collect(site), {}
    failed: dict[str, str] = {}
    hold = site / "_hold"
    hold.mkdir()
    for rel in copies:
        shutil.move(site / rel, hold / Path(rel).name)
    for rel in copies:
        shutil.move(hold / Path(rel).name, site / rel)
        ok, err = jekyll_build(site)
        if not ok:
            errors = [line for line in err.splitlines() if "rror" in line] or ["build failed"]
            failed[rel] = errors[0].strip()[:200]
            shutil.move(site / rel, hold / Path(rel).name)
    jekyll_build(site)
    return collect(site), failed


# -- ours -------------------------------------------------------------------------------------
def ours(path: Path) -> str:
    from editor.cli_fragment import fragment_html
    from editor.core.frontmatter import PostDocument
    from editor.core.site import Site

    document = PostDocument.from_bytes(path.read_bytes())
    return fragment_html(document, path, Site.open(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if shutil.which("jekyll") is None:
        print("jekyll is not installed (Debian: apt-get install jekyll)", file=sys.stderr)
        return 2
    posts = sorted(
        p
        for folder in args.folders
        for p in (folder.rglob("*") if folder.is_dir() else [folder])
        if p.suffix in (".md", ".markdown") and args.only in p.name and p.name != "README.md"
    )
    if not posts:
        print("no posts found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="jekyll-compare-") as tmp:
        site = args.keep or Path(tmp) / "site"
        if args.keep and site.exists():
            shutil.rmtree(site)
        copies = make_site(site, posts)
        expected, failed = build_all(site, copies)
        total_found = total_expected = total_extra = 0
        report = []
        for rel, original in copies.items():
            name = str(original)
            if rel in failed or rel not in expected:
                print(f"  --  {name}: Jekyll could not build it: {failed.get(rel, 'no output')}")
                continue
            want = blocks_of(expected[rel])
            try:
                got = blocks_of(ours(site / rel))
            except ValueError as exc:
                print(f"  --  {name}: we could not read it: {exc}")
                continue
            pairs = lcs(want, got)
            found = len(pairs)
            total_found += found
            total_expected += len(want)
            total_extra += len(got) - found
            recall = found / len(want) if want else 1.0
            report.append({"post": name, "expected": len(want), "found": found, "got": len(got)})
            print(f"{recall:6.1%}  {found:4d}/{len(want):<4d} +{len(got) - found:<3d} {name}")
            if args.verbose and (found < len(want) or found < len(got)):
                hit_a = {i for i, _ in pairs}
                hit_b = {j for _, j in pairs}
                for i, block in enumerate(want):
                    if i not in hit_a:
                        print(f"        - {block.show()}")
                for j, block in enumerate(got):
                    if j not in hit_b:
                        print(f"        + {block.show()}")
        share = total_found / total_expected if total_expected else 1.0
        shares = [r["found"] / r["expected"] for r in report if r["expected"]]
        if shares:
            print(f"mean of per-post recall {sum(shares) / len(shares):.1%}")
        print(
            f"TOTAL {share:.1%} of Jekyll's blocks ({total_found}/{total_expected}), "
            f"{total_extra} extra, {len(report)} posts, {len(failed)} not built by Jekyll"
        )
        if args.json:
            args.json.write_text(json.dumps({"posts": report, "recall": share}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
