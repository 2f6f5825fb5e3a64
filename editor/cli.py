"""Headless commands on top of the core (never imports Qt).

Errors go to stderr with a non-zero exit status and leave files untouched.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from editor import cli_site
from editor.core.frontmatter import FrontMatterEditError
from editor.core.frontmatter.yaml_safe import ValueParseError, load_value
from editor.core.paths import same_file
from editor.core.post import Post
from editor.core.site import Site
from editor.core.site.new_post import new_post_text
from editor.core.site.publish import PublishError, publish_post, unpublish_post
from editor.core.site.schema import Schema, apply_overrides, load_schema_file
from editor.core.site.typed_input import InputError, key_as_written, value_from_text
from editor.core.storage import SaveError, atomic_write
from editor.core.textio import TextDecodeError

COMMANDS = ("render", "fm", "new", "publish", "unpublish", "check", *cli_site.COMMANDS)


class CommandError(Exception):
    """A message for the writer; the command exits with status 1."""

    status = 1


class UsageError(CommandError):
    """A value or argument the command cannot take; exit status 2, as argparse's errors."""

    status = 2


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _load(path: Path) -> Post:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the path of a post (a .md file)")
    try:
        return Post.load(path)
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except OSError as exc:
        raise CommandError(describe_os_error(exc)) from exc
    except TextDecodeError as exc:
        raise CommandError(f"{path}: {exc}") from exc


def _parse_assignment(text: str) -> tuple[str, str]:
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"--set takes KEY=VALUE, not {text!r}")
    return key.strip(), raw


def _parse_value(key: str, raw: str, current: Any, spec: Any) -> Any:
    """VALUE read by the form's type and schema rules (``core/site/typed_input.py``)."""
    try:
        value = value_from_text(key, raw, current, spec)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    text = raw.strip()
    if isinstance(current, str) and isinstance(value, str) and value == text:
        loaded = _yaml_reading(raw)
        if loaded is not None and not isinstance(loaded, str):
            print(f"post-editor fm: {key}: kept {text!r} as text, as it was", file=sys.stderr)
    return value


def _yaml_reading(raw: str) -> Any:
    try:
        return load_value(raw)
    except ValueParseError:
        return None


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
        _warn(args.file, document.warnings)
        print(json.dumps(document.metadata, default=_json_default, ensure_ascii=False, indent=2))
        return 0
    if document.error is not None:
        raise CommandError(f"{args.file}: cannot edit, front matter: {_describe(document.error)}")
    site = Site.open(args.file)
    # Hugo reads keys case-insensitively: `title` edits the post's own `Title`.
    case_insensitive = site.kind == "hugo" or document.fm_format == "toml"
    schema = apply_overrides(Schema(), load_schema_file(site.root))
    try:
        for assignment in args.set:
            key, raw = _parse_assignment(assignment)
            key = key_as_written(document.keys(), key, case_insensitive=case_insensitive)
            path = _key_path(post, key)
            value = _parse_value(key, raw, _current(post, path), schema.spec(".".join(path)))
            if len(path) == 1:
                document.set(key, value)
            else:
                document.set_path(path, value)
        for key in args.unset:
            key = key_as_written(document.keys(), key, case_insensitive=case_insensitive)
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


def _warn(path: Path, warnings: list[Any]) -> None:
    """YAML 1.1 readings and duplicate keys, on stderr (stdout stays the JSON)."""
    for warning in warnings:
        where = f"{warning.key}: " if warning.key else ""
        print(f"post-editor: warning: {path}: {where}{warning.message}", file=sys.stderr)


def _describe(error: Any) -> str:
    where = f" (line {error.line}, column {error.column})" if error.line else ""
    return f"{error.message}{where}"


def cmd_render(args: argparse.Namespace) -> int:
    from editor.core.render import RenderOptions
    from editor.services.limited_render import RenderLimitError, render_standalone

    if args.fragment:
        from editor.cli_fragment import print_fragment

        try:
            return print_fragment(str(args.file))
        except FileNotFoundError as exc:
            raise CommandError(f"{args.file}: no such file") from exc
        except (TextDecodeError, UnicodeDecodeError, RenderLimitError) as exc:
            raise CommandError(f"{args.file}: {exc}") from exc
    post = _load(args.file)
    if post.document.error is not None:
        print(
            f"post-editor render: warning: {args.file}: front matter: "
            f"{_describe(post.document.error)}; rendered without it",
            file=sys.stderr,
        )
    options = RenderOptions(theme=args.theme, use_site_css=args.site_css)
    to_stdout = args.output is None or str(args.output) == "-"
    if not to_stdout and args.output.exists() and same_file(args.output, args.file):
        raise CommandError(f"{args.output} is the post itself; choose another output file")
    try:
        # The preview's time limit, in a child process that is stopped when time is up.
        html = render_standalone(post.document.text(), post.path, options)
    except RenderLimitError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    if to_stdout:
        sys.stdout.write(html)
        sys.stdout.flush()
        return 0
    try:
        atomic_write(args.output, html.encode("utf-8"))
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
    render.add_argument(
        "-o", "--output", type=Path, help="write to this file instead of stdout (- for stdout)"
    )
    render.add_argument("--theme", default="light", choices=("light", "dark"))
    render.add_argument("--no-site-css", dest="site_css", action="store_false")
    render.add_argument(
        "--fragment",
        action="store_true",
        help="print only the article body's HTML (FILE may be - for Markdown on stdin)",
    )
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

    from editor import cli_check

    cli_check.add_parser(sub)
    cli_site.add_commands(sub)
    return parser


def describe_os_error(exc: OSError) -> str:
    """An OSError in words: which file or folder, and what is wrong with it (no [Errno …])."""
    name = exc.filename
    if name is None and exc.errno is None and str(exc):
        return str(exc)  # raised by our own code with a message that names the path
    where = f"{name}: " if name else ""
    if isinstance(exc, IsADirectoryError):
        return f"{where}this is a folder; give the path of a post (a .md file)"
    if isinstance(exc, NotADirectoryError):
        return f"{where}a part of this path is a file, not a folder"
    if isinstance(exc, FileNotFoundError):
        return f"{where}no such file or folder"
    if isinstance(exc, PermissionError):
        folder = Path(name).parent if name else None
        if folder is not None and not os.access(folder, os.W_OK):
            return f"{where}the folder {folder} is read-only; nothing was written"
        return f"{where}permission denied"
    reasons = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only"}
    return f"{where}{reasons.get(exc.errno or 0, exc.strerror or 'cannot be read or written')}"


def _unexpected(error: BaseException) -> str:
    from editor.services.crash_report import record, summary

    return summary(error, record(type(error), error, error.__traceback__, "command line"))


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate in a post prints as \udXXX
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python's exit flush quiet.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except cli_site.SiteCommandError as exc:
        print(f"post-editor {args.command}: {exc}", file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"post-editor {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except OSError as exc:
        message = describe_os_error(exc)
    except RecursionError:
        message = "the input is nested too deeply to process"
    except Exception as exc:  # never a traceback: the log has it, the writer gets a sentence
        message = _unexpected(exc)
    print(f"post-editor {args.command}: {message}", file=sys.stderr)
    return 1
