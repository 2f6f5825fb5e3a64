"""Lossless front matter: one codec per format (YAML, TOML, JSON) behind the `PostDocument` façade.

The rest of the program reads and edits front matter through `PostDocument` only; the codec
modules (``yaml_edit``, ``toml_edit``, ``json_edit``), the bounded YAML loader (``yaml_safe``),
scalar spelling (``yaml_scalars``), YAML 1.1 traps (``traps``) and date spellings (``dates``) are
its parts.
"""

from editor.core.frontmatter.document import PostDocument
from editor.core.frontmatter.errors import (
    FrontMatterEditError,
    FrontMatterError,
    FrontMatterWarning,
    ParseProblem,
)

__all__ = [
    "FrontMatterEditError",
    "FrontMatterError",
    "FrontMatterWarning",
    "ParseProblem",
    "PostDocument",
]
