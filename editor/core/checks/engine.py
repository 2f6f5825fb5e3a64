"""The checks engine: what is known about the site, which rules run, and how fixes apply.

The CLI, the window's panel and the site-wide run all call `check_document` / `check_site`
with a `SiteContext` built once per site; fixes go back through `PostDocument`, the one
writer of post bytes, so a repair changes only the lines it names.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from editor.core.checks import front_matter, links, text
from editor.core.checks.model import RULES, SEVERITIES, Finding, Fix, PostView
from editor.core.frontmatter import PostDocument
from editor.core.frontmatter.dates import parse_date_value
from editor.core.post_names import filename_date
from editor.core.site.model import SKIPPED_DIRS, PostEntry, Site
from editor.core.site.schema import SCHEMA_FILE, Schema, schema_file_section, schema_for_site
from editor.core.textio import TextDecodeError

log = logging.getLogger(__name__)

MAX_PAGES = 5000
MAX_PER_RULE = 100  # findings of one rule listed per post
_PAGE_PERMALINK = re.compile(r"^permalink:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)
_PAGE_SUFFIXES = (".md", ".markdown", ".html")
_OFF = {False, "off", "false", "no", "disabled"}


def _rule_settings(root: Path | None) -> dict[str, str]:
    """``checks:`` of ``.post-editor.yml``: rule → "off" or a severity."""
    settings: dict[str, str] = {}
    for name, value in schema_file_section(root, "checks").items() if root else ():
        word = value.strip().lower() if isinstance(value, str) else value
        if name not in RULES:
            log.warning("%s: unknown check %r", SCHEMA_FILE, name)
        elif word is None or (isinstance(word, bool | str) and word in _OFF):
            settings[name] = "off"
        elif isinstance(word, str) and word in SEVERITIES:
            settings[name] = word
    return settings


@dataclass
class SiteContext:
    """What the rules need to know about the site, gathered once per run."""

    site: Site | None
    schema: Schema = field(default_factory=Schema)
    layouts: list[str] = field(default_factory=list)
    themed: bool = False
    settings: dict[str, str] = field(default_factory=dict)
    post_names: set[str] = field(default_factory=set)
    urls: dict[str, list[Path]] = field(default_factory=dict)
    page_urls: set[str] = field(default_factory=set)
    now: datetime = field(default_factory=datetime.now)

    @classmethod
    def build(cls, site: Site | None, now: datetime | None = None) -> SiteContext:
        ctx = cls(site, now=now or datetime.now())
        if site is None:
            return ctx
        ctx.schema = schema_for_site(site)
        ctx.layouts = site.layouts()
        ctx.themed = bool(site.config.get("theme") or site.config.get("remote_theme"))
        ctx.settings = _rule_settings(site.root)
        posts = site.root / "_posts"
        for entry in site.entries():
            if posts in entry.path.parents:
                rel = entry.path.relative_to(posts).with_suffix("").as_posix()
                ctx.post_names.update((entry.path.stem, rel))
            if not entry.draft and entry.error is None:
                url = _url_key(site, entry)
                if url:
                    ctx.urls.setdefault(url, []).append(entry.path)
        if site.kind == "jekyll":
            ctx.page_urls = _page_urls(site)
        return ctx

    def refresh(self, path: Path) -> None:
        """Take one saved (or deleted) post's new address into account, without re-reading
        the whole site."""
        site = self.site
        if site is None:
            return
        target = Path(path).resolve()
        for url, paths in list(self.urls.items()):
            kept = [p for p in paths if p.resolve() != target]
            if kept:
                self.urls[url] = kept
            else:
                del self.urls[url]
        if not target.is_file() or not site.holds_post(target):
            return
        entry = site.read_entry(target)
        posts = site.root / "_posts"
        if posts in target.parents:
            rel = target.relative_to(posts).with_suffix("").as_posix()
            self.post_names.update((target.stem, rel))
        address = _url_key(site, entry) if not entry.draft and entry.error is None else None
        if address:
            self.urls.setdefault(address, []).append(target)

    def knows_url(self, path: str) -> bool:
        bare = path.split("#", 1)[0]
        candidates = {bare, bare.rstrip("/"), bare.rstrip("/") + "/"}
        candidates |= {c.removesuffix("index.html") for c in list(candidates)}
        candidates |= {c.removesuffix(".html") for c in list(candidates)}
        if any(c in self.page_urls for c in candidates):
            return True
        return any(_norm(c) in self.urls for c in candidates)


def _norm(url: str) -> str:
    url = url.removesuffix("index.html")
    return url if url.endswith("/") else url + "/"


def _url_key(site: Site, entry: PostEntry) -> str | None:
    """The address a post is published at, for finding two posts that share one."""
    meta = entry.metadata
    if site.kind == "jekyll":
        return _norm(site.permalink(entry).removeprefix(site.baseurl))
    explicit = meta.get("url") or meta.get("permalink")
    if isinstance(explicit, str) and explicit:
        return _norm("/" + explicit.lstrip("/"))
    slug = meta.get("slug")
    if site.kind == "hugo" and isinstance(slug, str) and slug:
        section = entry.path.parent.relative_to(site.root).as_posix()
        return _norm(f"/{section}/{slug}")
    return None


def _page_urls(site: Site) -> set[str]:
    """Addresses of the site's pages (not posts): ``about.md`` → /about.html, /about/."""
    found: set[str] = set()
    pages: list[Path] = []
    for folder, dirs, files in os.walk(site.root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")) and d not in SKIPPED_DIRS)
        pages.extend(Path(folder) / f for f in sorted(files) if f.endswith(_PAGE_SUFFIXES))
        if len(pages) > MAX_PAGES:
            break
    for path in pages[:MAX_PAGES]:
        rel = path.relative_to(site.root)
        stem = rel.with_suffix("").as_posix()
        if path.stem == "index":
            parent = rel.parent.as_posix()
            found.add("/" if parent == "." else f"/{parent}/")
        found.update({f"/{stem}.html", f"/{stem}", f"/{stem}/"})
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            continue
        permalink = _PAGE_PERMALINK.search(head) if head.startswith("---") else None
        if permalink:
            url = "/" + permalink.group(1).lstrip("/")
            found.update({url, url.rstrip("/"), url.rstrip("/") + "/"})
    return found


def check_duplicates(view: PostView, ctx: SiteContext) -> Iterable[Finding]:
    site = ctx.site
    if site is None or view.path is None or view.document.error is not None:
        return []
    if front_matter.is_unpublished(view, ctx):
        return []
    metadata = view.metadata
    parsed = parse_date_value(metadata.get("date"), view.document.raw_value("date"))
    entry = PostEntry(
        view.path,
        str(metadata.get("title") or ""),
        parsed.value if parsed else filename_date(view.path)[0],
        False,
        metadata,
    )
    url = _url_key(site, entry)
    others = [p for p in ctx.urls.get(url or "", []) if p.resolve() != view.path.resolve()]
    if not url or not others:
        return []
    key = next((k for k in ("permalink", "url", "slug") if k in metadata), None)
    names = ", ".join(_shown(p, site.root) for p in others[:3])
    return [
        Finding(
            view.path,
            view.key_line(key) if key else 1,
            "error",
            "duplicate-url",
            f"This post is published at {url}, like {names}; one of them would replace the "
            "other. Give one a different permalink, slug or title.",
            field=key,
        )
    ]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


Rule = Callable[[PostView, SiteContext], Iterable[Finding]]


def _plain(rule: Callable[[PostView], Iterable[Finding]]) -> Rule:
    return lambda view, _ctx: rule(view)


def _liquid_unless_hugo(view: PostView, ctx: SiteContext) -> Iterable[Finding]:
    return [] if ctx.site is not None and ctx.site.kind == "hugo" else text.check_liquid(view)


RULE_FUNCTIONS: tuple[Rule, ...] = (
    _plain(front_matter.check_front_matter_invalid),
    front_matter.check_required,
    _plain(front_matter.check_yaml_traps),
    _plain(front_matter.check_filename_date),
    front_matter.check_future_date,
    check_duplicates,
    front_matter.check_layout,
    front_matter.check_lengths,
    _plain(text.check_mojibake),
    _plain(text.check_control_characters),
    _liquid_unless_hugo,
    links.check_images,
    links.check_liquid_links,
    links.check_links,
    _plain(links.check_headings),
)


def check_document(document: PostDocument, path: Path | None, ctx: SiteContext) -> list[Finding]:
    """Every finding for one post as it is now (saved or not), in line order."""
    view = PostView.of(document, Path(path) if path is not None else None)
    found: list[Finding] = []
    counts: dict[str, int] = {}
    for rule in RULE_FUNCTIONS:
        try:
            findings = list(rule(view, ctx))
        except (RecursionError, ValueError, OSError) as exc:  # a rule must never stop the rest
            log.warning("a check failed on %s: %s", path, exc)
            continue
        for finding in findings:
            setting = ctx.settings.get(finding.rule)
            if setting == "off" or view.ignored(finding.line, finding.rule):
                continue
            if setting in SEVERITIES:
                finding = _with_severity(finding, setting)
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
            if counts[finding.rule] <= MAX_PER_RULE:
                found.append(finding)
    for name, count in counts.items():
        if count > MAX_PER_RULE:
            found.append(_more(view, name, count - MAX_PER_RULE))
    found.sort(key=lambda f: (f.line, SEVERITIES.index(f.severity), f.rule))
    return found


def _more(view: PostView, rule: str, count: int) -> Finding:
    return Finding(
        view.path,
        len(view.lines) or 1,
        RULES[rule].severity,
        rule,
        f"{count} more findings of this kind in this post are not listed.",
    )


def _with_severity(finding: Finding, severity: str) -> Finding:
    return replace(finding, severity=severity)


def check_file(path: Path, ctx: SiteContext) -> list[Finding]:
    """Check a post on disk; a file that cannot be read is one finding, not an exception."""
    try:
        document = PostDocument.from_bytes(Path(path).read_bytes())
    except (OSError, TextDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return [Finding(Path(path), 1, "error", "front-matter-invalid", f"Cannot read: {reason}")]
    return check_document(document, path, ctx)


def check_site(
    ctx: SiteContext,
    paths: Iterable[Path] | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> dict[Path, list[Finding]]:
    """Findings per post for the whole site (or `paths`); `progress(done, total)` returning
    False stops the run early."""
    todo = list(paths) if paths is not None else _site_paths(ctx)
    results: dict[Path, list[Finding]] = {}
    for index, path in enumerate(todo):
        results[path] = check_file(path, ctx)
        if progress is not None and progress(index + 1, len(todo)) is False:
            break
    return results


def _site_paths(ctx: SiteContext) -> list[Path]:
    return [entry.path for entry in ctx.site.entries()] if ctx.site is not None else []


# --- fixes -------------------------------------------------------------------------------------
def fix_applies(document: PostDocument, fix: Fix) -> bool:
    view = PostView.of(document, None)
    return all(view.line(edit.line) == edit.old for edit in fix.edits)


def fixed_text(document: PostDocument, fix: Fix) -> tuple[str, str] | None:
    """(front-matter text, body) after the fix, each with "\\n" endings; None if it is stale."""
    view = PostView.of(document, None)
    if not all(view.line(e.line) == e.old for e in fix.edits):
        return None
    fm = document.front_matter_text.split("\n")
    body = document.body.split("\n")
    for edit in fix.edits:
        if view.fm_first and view.fm_first <= edit.line <= view.fm_last:
            fm[edit.line - view.fm_first] = edit.new
        elif edit.line >= view.body_first:
            body[edit.line - view.body_first] = edit.new
        else:
            return None
    return "\n".join(fm), "\n".join(body)


def apply_fix(document: PostDocument, fix: Fix) -> bool:
    """Apply one fix through the document's own editing (only the named lines change)."""
    result = fixed_text(document, fix)
    if result is None:
        return False
    fm, body = result
    if fm != document.front_matter_text:
        document.set_front_matter_text(fm)
    document.set_body(body)
    return True


def apply_safe_fixes(
    document: PostDocument, path: Path | None, ctx: SiteContext, rounds: int = 5
) -> list[Finding]:
    """Apply every safe fix (one per line per round, re-checking between rounds)."""
    applied: list[Finding] = []
    for _ in range(rounds):
        touched: set[int] = set()
        progress = False
        for finding in check_document(document, path, ctx):
            fix = finding.fix
            if fix is None or not fix.safe or touched & {e.line for e in fix.edits}:
                continue
            if apply_fix(document, fix):
                applied.append(finding)
                touched |= {e.line for e in fix.edits}
                progress = True
        if not progress:
            break
    return applied
