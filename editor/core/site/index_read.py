"""Reading a post for the index: the lossless document's split, with libyaml for the YAML.

The index needs a post's front-matter values and its text, not the editing model. Parsing the
front matter with PyYAML's pure-Python parser is most of the 2 ms a post costs; libyaml (the
C parser PyYAML ships with) builds the same node graph in a few per cent of that, and PyYAML's
own safe constructor (with the editor's string rule) turns it into values, so the values are
the ones the editor reads. Anything the fast path cannot vouch for goes through the lossless
reader unchanged: a YAML error (for its exact located message), an alias (the alias-bomb
limits live there), deep nesting, a value that is not a mapping, TOML or JSON front matter,
or a PyYAML built without libyaml.
"""

from __future__ import annotations

from typing import Any

import yaml

from editor.core.frontmatter import PostDocument
from editor.core.frontmatter.codecs import YAML, Reading
from editor.core.frontmatter.yaml_safe import MAX_DEPTH, MAX_FRONT_MATTER_CHARS, _construct_str

_HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


if _HAVE_LIBYAML:

    class _CLoader(yaml.CSafeLoader):
        """CSafeLoader with the editor's string constructor (UTF-16 surrogate pairs joined)."""

    _CLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def _plain(text: str) -> bool:
    """No alias and no deep nesting: what the lossless reader's limits guard against."""
    loader = _CLoader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return True
            if isinstance(event, yaml.AliasEvent):
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                return True
    finally:
        loader.dispose()


def fast_mapping(text: str) -> dict[str, Any] | None:
    """Front-matter YAML as a mapping, read by libyaml; None when the lossless reader must."""
    if not _HAVE_LIBYAML or len(text) > MAX_FRONT_MATTER_CHARS:
        return None
    try:
        if not _plain(text):
            return None
        loader = _CLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


class IndexDocument(PostDocument):
    """A post document whose YAML front matter is read by libyaml when it safely can.

    For reading only (the index): it is never edited or written.
    """

    def _reparse(self, reading: Reading | None = None) -> None:
        if reading is None and self._codec is YAML:
            data = fast_mapping("".join(self._fm))
            if data is not None:
                self._reading = Reading(data)
                return
        super()._reparse(reading)

    def _snapshot(self) -> None:
        """Nothing to restore: the document is never edited."""
