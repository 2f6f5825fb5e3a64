"""python-frontmatter's API for writers' own scripts, on top of the lossless document.

Many writers already script their sites with python-frontmatter (``frontmatter.load(path)``,
``post["tags"]``, ``post.content``). These functions give them the same ``frontmatter.Post``,
read through our bounded, safe loaders, and a ``save`` that writes back through the lossless
writer: only the keys the script changed move, in the file's own style. python-frontmatter's
own writer (``frontmatter.dumps``) is never used: it re-serialises the whole front matter and
changed 60 of our 61 corpus posts.

The handlers are python-frontmatter ``BaseHandler`` subclasses whose ``load`` is ours (SafeLoader
with size, alias and nesting limits; tomllib; bounded JSON), so a script that calls
``frontmatter.load(f, handler=SafeYAMLHandler())`` directly gets the same protection.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import frontmatter
from frontmatter.default_handlers import BaseHandler

from editor.core.frontmatter.document import PostDocument
from editor.core.frontmatter.errors import ParseProblem
from editor.core.frontmatter.toml_edit import parse_toml
from editor.core.frontmatter.yaml_safe import MAX_FRONT_MATTER_CHARS, parse_yaml
from editor.core.post import Post

__all__ = [
    "HANDLERS",
    "SafeJSONHandler",
    "SafeTOMLHandler",
    "SafeYAMLHandler",
    "load",
    "loads",
    "save",
]


def _raise(problem: ParseProblem) -> None:
    raise ValueError(f"front matter: {problem.message}")


def _no_writer(*_args: object, **_kwargs: object) -> str:
    raise NotImplementedError(
        "the post editor never re-serialises front matter: use editor.core.frontmatter."
        "scripting.save(post, path), which changes only the keys that changed"
    )


class SafeYAMLHandler(frontmatter.YAMLHandler):
    """YAML front matter read with the bounded SafeLoader (no aliases bombs, no tags)."""

    def load(self, fm: str, **_kwargs: object) -> Any:
        parsed = parse_yaml(fm)
        if parsed.problem is not None:
            _raise(parsed.problem)
        return parsed.data if parsed.data is not None else {}

    export = _no_writer


class SafeTOMLHandler(BaseHandler):
    """TOML front matter (Hugo's ``+++``) read with tomllib, within the size limit.

    (python-frontmatter's own TOML handler needs the ``toml`` package; tomllib is built in.)
    """

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str) -> dict[str, Any]:
        data, problem = parse_toml(fm)
        if problem is not None:
            _raise(problem)
        return data

    export = _no_writer


class SafeJSONHandler(frontmatter.JSONHandler):
    """JSON front matter (Hugo's ``{ … }``), within the size limit."""

    def load(self, fm: str, **_kwargs: object) -> Any:
        if len(fm) > MAX_FRONT_MATTER_CHARS:
            raise ValueError(f"front matter: larger than {MAX_FRONT_MATTER_CHARS:,} characters")
        return json.loads(fm)

    export = _no_writer


HANDLERS: dict[str, BaseHandler] = {
    "yaml": SafeYAMLHandler(),
    "toml": SafeTOMLHandler(),
    "json": SafeJSONHandler(),
}


def _as_post(document: PostDocument) -> frontmatter.Post:
    if document.error is not None:
        raise ValueError(f"front matter: {document.error}")
    handler = HANDLERS.get(document.fm_format or "")
    # The body as the editor sees it: line endings are "\n" here and kept in the file on save.
    return frontmatter.Post(document.body, handler=handler, **document.metadata)


def loads(text: str) -> frontmatter.Post:
    """A ``frontmatter.Post`` from post text; ValueError when the front matter is unusable."""
    return _as_post(PostDocument.from_text(text))


def load(path: str | Path) -> frontmatter.Post:
    """A ``frontmatter.Post`` from a post file (UTF-8 or UTF-16 with BOM, any line endings)."""
    return _as_post(Post.load(Path(path)).document)


def save(post: frontmatter.Post, path: str | Path) -> bool:
    """Write a script's changes back to ``path`` losslessly; False when nothing changed.

    Keys whose value is unchanged keep their bytes; changed keys are edited in place, new
    keys go at the end in the file's style, removed keys are unset, and the body is replaced
    only if it changed. The write is atomic and refuses a file changed since it was read.
    """
    on_disk = Post.load(Path(path))
    document = on_disk.document
    before = document.metadata
    for key in before:
        if key not in post.metadata:
            document.unset(key)
    for key, value in post.metadata.items():
        if key not in before or before[key] != value:
            document.set(key, value)  # FrontMatterEditError when it cannot read back as set
    if document.body != post.content and document.body.rstrip("\n") != post.content:
        document.set_body(post.content)
    if not on_disk.is_dirty:
        return False
    on_disk.save()
    return True
