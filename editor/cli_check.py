"""``post-editor check [PATH …] [--json] [--fix]``: the pre-publish checks from the shell.

Exit status 1 when an error is found (after fixing, with ``--fix``), 0 otherwise; the
findings go to stdout, one ``FILE:LINE: severity: message [rule]`` line each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor.core.checks import Finding, SiteContext, apply_safe_fixes, check_file
from editor.core.checks.report import format_line, has_errors, shown_path, to_json
from editor.core.post import Post
from editor.core.site import Site
from editor.core.site.model import POST_SUFFIXES
from editor.core.storage import SaveError
from editor.core.textio import TextDecodeError


class CheckUsageError(Exception):
    """A path that does not exist; the command exits with status 1."""


def _targets(paths: list[Path]) -> list[tuple[Site, list[Path]]]:
    """Each site with the posts to check in it (a folder means all of its site's posts)."""
    groups: dict[Path, tuple[Site, list[Path]]] = {}
    for given in paths or [Path.cwd()]:
        if not given.exists():
            raise CheckUsageError(f"{given}: no such file or folder")
        site = Site.open(given)
        _, todo = groups.setdefault(site.root, (site, []))
        if given.is_dir():
            inside = given.resolve()
            found = [p for p in (e.path for e in site.entries()) if _under(p, inside)]
            if not found and inside == site.root:
                found = [e.path for e in site.entries()]
            todo.extend(found)
        else:
            todo.append(given.absolute())
    return list(groups.values())


def _under(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder) and path.suffix.lower() in POST_SUFFIXES


def _fix(path: Path, ctx: SiteContext) -> list[Finding]:
    try:
        post = Post.load(path)
    except (OSError, TextDecodeError):
        return []  # check_file reports why it cannot be read
    applied = apply_safe_fixes(post.document, post.path, ctx)
    if applied and post.is_dirty:
        try:
            post.save()
        except SaveError as exc:
            print(f"post-editor check: {exc}", file=sys.stderr)
            return []
    return applied


def cmd_check(args: argparse.Namespace) -> int:
    try:
        groups = _targets(args.paths)
    except CheckUsageError as exc:
        print(f"post-editor check: {exc}", file=sys.stderr)
        return 1
    findings: list[Finding] = []
    for site, paths in groups:
        ctx = SiteContext.build(site)
        for path in dict.fromkeys(paths):
            if args.fix:
                for done in _fix(path, ctx):
                    label = done.fix.label if done.fix else done.rule
                    print(
                        f"{shown_path(path)}:{done.line}: fixed: {label} [{done.rule}]",
                        file=sys.stderr if args.json else sys.stdout,
                    )
            findings.extend(check_file(path, ctx))
    if args.json:
        print(to_json(findings))
    else:
        for finding in findings:
            print(format_line(finding))
    return 1 if has_errors(findings) else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check",
        help="pre-publish checks; exit 1 when an error is found",
        description="Check posts (or a whole site) before publishing. With no PATH, the site "
        "of the current folder.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="findings as a JSON list")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes, then check")
    check.set_defaults(run=cmd_check)
