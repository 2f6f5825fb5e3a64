"""Site-wide commands: ``search`` and ``tags`` (no Qt).

Both read the site index without writing it (an up-to-date copy in memory), so they agree with
the window and never leave a cache file behind that the window did not make.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from editor.core.site import Site
from editor.core.site.index import SiteIndex
from editor.core.site.taxonomy import rename_term

COMMANDS = ("search", "tags")


class SiteCommandError(Exception):
    """A message for the writer; the command exits with status 1."""


def _index(site_dir: Path) -> SiteIndex:
    if not site_dir.exists():
        raise SiteCommandError(f"{site_dir}: no such folder")
    return SiteIndex.read_only(Site.open(site_dir))


def _shown(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def cmd_search(args: argparse.Namespace) -> int:
    with _index(args.site) as index:
        hits = index.search(args.query, limit=args.limit)
    if args.json:
        rows = [
            {
                "path": h.path,
                "line": h.line,
                "text": h.text,
                "title": h.title,
                "spans": [list(s) for s in h.spans],
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            print(f"{_shown(hit.path)}:{hit.line}: {hit.text}")
    return 0 if hits else 1


def cmd_tags(args: argparse.Namespace) -> int:
    with _index(args.site) as index:
        return _tags(args, index)


def _tags(args: argparse.Namespace, index: SiteIndex) -> int:
    kind = "categories" if args.categories else "tags"
    if args.rename:
        old, new = args.rename
        paths = [Path(p) for p in index.paths_with_term(kind, old)]
        if not new.strip():
            raise SiteCommandError("the new name is empty")
        if not paths:
            raise SiteCommandError(f"no post has {old!r} in its {kind}")
        report = rename_term(paths, kind, old, new)
        for path in report.changed:
            print(path)
        if report.failed is not None:
            path, reason = report.failed
            raise SiteCommandError(
                f"stopped at {path}: {reason}; {len(report.changed)} file(s) were changed "
                "before it (listed above)"
            )
        return 0
    counts = index.term_counts(kind)
    if args.json:
        print(json.dumps([{"name": n, "count": c} for n, c in counts], ensure_ascii=False))
    else:
        for name, count in counts:
            print(f"{name}\t{count}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="full-text search across the site's posts")
    search.add_argument("query")
    search.add_argument("--site", type=Path, default=Path.cwd())
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=500)
    search.set_defaults(run=cmd_search)

    tags = sub.add_parser("tags", help="tags (or categories) with counts; rename or merge one")
    tags.add_argument("--site", type=Path, default=Path.cwd())
    tags.add_argument("--json", action="store_true")
    tags.add_argument("--categories", action="store_true", help="categories instead of tags")
    tags.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"))
    tags.set_defaults(run=cmd_tags)
