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
from editor.core.frontmatter.yaml_safe import (
    HAVE_LIBYAML,
    MAX_FRONT_MATTER_CHARS,
    CLoader,
    plain_for_libyaml,
)


def fast_mapping(text: str) -> dict[str, Any] | None:
    """Front-matter YAML as a mapping, read by libyaml; None when the lossless reader must."""
    if not HAVE_LIBYAML or len(text) > MAX_FRONT_MATTER_CHARS:
        return None
    try:
        if not plain_for_libyaml(text):
            return None
        loader = CLoader(text)
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
