"""Headless commands on top of the core (never imports Qt).

Errors go to stderr with a non-zero exit status and leave files untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from editor import cli_site
from editor.core.frontmatter import FrontMatterEditError
from editor.core.paths import same_file
from editor.core.post import Post
from editor.core.site import Site
from editor.core.site.new_post import new_post_text
from editor.core.site.publish import PublishError, publish_post, unpublish_post
from editor.core.storage import SaveError, atomic_write
from editor.core.textio import TextDecodeError

COMMANDS = ("render", "fm", "new", "publish", "unpublish", *cli_site.COMMANDS)


class CommandError(Exception):
    """A message for the writer; the command exits with status 1."""


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _load(path: Path) -> Post:
    try:
        return Post.load(path)
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except (OSError, TextDecodeError) as exc:
        raise CommandError(f"{path}: {exc}") from exc


def _parse_assignment(text: str) -> tuple[str, str]:
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"--set takes KEY=VALUE, not {text!r}")
    return key.strip(), raw


def _parse_value(key: str, raw: str, current: Any) -> Any:
    """VALUE is YAML, but a writer typing ``title=Rust: a guide`` means text, not a mapping.

    Quoted values, ``[…]`` and ``{…}`` are always read as YAML. Otherwise the text is kept as
    typed when YAML would change it (``a: b`` → mapping, ``Hash #1`` → ``Hash``) or when it
    would turn a key that holds text into something else (``no``, ``1.10``, ``0755``).
    """
    text = raw.strip()
    if not text:
        return ""
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        if text[0] in "[{\"'":
            raise CommandError(f"the value for {key} is not valid YAML: {exc}") from exc
        return text
    if text[0] in "[{\"'":
        return value
    if isinstance(value, dict | list) or (isinstance(value, str) and value != text):
        return text
    if isinstance(current, str) and not isinstance(value, str):
        print(f"post-editor fm: {key}: kept {text!r} as text, as it was", file=sys.stderr)
        return text
    return value


def _key_path(post: Post, key: str) -> tuple[str, ...]:
    """``header.image`` names a nested key unless the post has a top-level key spelled so."""
    top_level = post.document.keys()
    if "." in key and key not in top_level:
        head = key.split(".", 1)[0]
        if isinstance(post.document.get(head), dict):
            return tuple(key.split("."))
        if head not in top_level:
            raise CommandError(
                f"there is no {head!r} mapping for {key!r}; set {head}={{…}} to create one"
            )
    return (key,)


def _current(post: Post, path: tuple[str, ...]) -> Any:
    value: Any = post.document.metadata
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def cmd_fm(args: argparse.Namespace) -> int:
    post = _load(args.file)
    document = post.document
    if not args.set and not args.unset:
        if document.error is not None:
            raise CommandError(f"{args.file}: front matter: {_describe(document.error)}")
        print(json.dumps(document.metadata, default=_json_default, ensure_ascii=False, indent=2))
        return 0
    if document.error is not None:
        raise CommandError(f"{args.file}: cannot edit, front matter: {_describe(document.error)}")
    try:
        for assignment in args.set:
            key, raw = _parse_assignment(assignment)
            path = _key_path(post, key)
            value = _parse_value(key, raw, _current(post, path))
            if len(path) == 1:
                document.set(key, value)
            else:
                document.set_path(path, value)
        for key in args.unset:
            if key not in list(document.keys()):
                if len(_key_path(post, key)) > 1:
                    raise CommandError(
                        f"{args.file}: nested keys such as {key!r} are removed by editing "
                        "their mapping (the window's Raw view); nothing was changed"
                    )
                raise CommandError(f"{args.file}: no key {key!r} to unset")
            document.unset(key)
    except FrontMatterEditError as exc:
        raise CommandError(f"{args.file}: {exc}") from exc
    if post.is_dirty:
        try:
            post.save()
        except SaveError as exc:
            raise CommandError(str(exc)) from exc
    return 0


def _describe(error: Any) -> str:
    where = f" (line {error.line}, column {error.column})" if error.line else ""
    return f"{error.message}{where}"


def cmd_render(args: argparse.Namespace) -> int:
    from editor.core.render import RenderOptions
    from editor.core.render.export import export_html, standalone_html

    post = _load(args.file)
    site = Site.open(args.file)
    options = RenderOptions(theme=args.theme, use_site_css=args.site_css)
    if args.output is not None and args.output.exists() and same_file(args.output, args.file):
        raise CommandError(f"{args.output} is the post itself; choose another output file")
    if args.output is None:
        sys.stdout.write(standalone_html(post.document, post.path, site, options))
        return 0
    try:
        export_html(post.document, post.path, site, options, args.output)
    except SaveError as exc:
        raise CommandError(str(exc)) from exc
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    site = Site.open(args.site)
    path = site.new_post_path(args.title, draft=args.draft)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(path, new_post_text(args.title, site, draft=args.draft).encode("utf-8"))
    except SaveError as exc:
        raise CommandError(str(exc)) from exc
    print(path)
    return 0


def _publish(args: argparse.Namespace, move: Callable[[Post, Site], Path]) -> int:
    post = _load(args.file)
    site = Site.open(args.file)
    try:
        target = move(post, site)
    except PublishError as exc:
        raise CommandError(str(exc)) from exc
    print(target)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    return _publish(args, publish_post)


def cmd_unpublish(args: argparse.Namespace) -> int:
    return _publish(args, unpublish_post)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="post-editor")
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser("render", help="the preview's HTML, standalone")
    render.add_argument("file", type=Path)
    render.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    render.add_argument("--theme", default="light", choices=("light", "dark"))
    render.add_argument("--no-site-css", dest="site_css", action="store_false")
    render.set_defaults(run=cmd_render)

    fm = sub.add_parser("fm", help="print or edit the front matter")
    fm.add_argument("file", type=Path)
    fm.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    fm.add_argument("--unset", action="append", default=[], metavar="KEY")
    fm.set_defaults(run=cmd_fm)

    new = sub.add_parser("new", help="a new post from the template")
    new.add_argument("title")
    new.add_argument("--draft", action="store_true")
    new.add_argument("--site", type=Path, default=Path.cwd())
    new.set_defaults(run=cmd_new)

    for name, run in (("publish", cmd_publish), ("unpublish", cmd_unpublish)):
        command = sub.add_parser(name, help=f"{name} a post (moves it between _drafts and _posts)")
        command.add_argument("file", type=Path)
        command.set_defaults(run=run)
    cli_site.add_commands(sub)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CommandError, cli_site.SiteCommandError) as exc:
        message = str(exc)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"{where}{exc.strerror or exc}"
    print(f"post-editor {args.command}: {message}", file=sys.stderr)
    return 1
