"""The inputs of a render: options the writer picks and the post being shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.site import Site

THEMES = ("light", "dark")


@dataclass
class RenderOptions:
    """How to render; a converter is built once per distinct set of options."""

    theme: str = "light"
    use_site_css: bool = True
    url_mode: str = "preview"
    allow_remote: bool = False

    def key(self) -> tuple[str, bool, str, bool]:
        """A hashable identity, used to cache converters and CSS per option set."""
        return (self.theme, self.use_site_css, self.url_mode, self.allow_remote)


@dataclass
class RenderContext:
    """Everything a render may look at; plain data so it can be pickled to a worker process.

    ``site`` is duck-typed: anything with the ``Site`` attributes the pipeline reads
    (``root``, ``config``, ``baseurl``, ``url``, ``post_url``, ``resolve_url``, ``css_files``).
    """

    site: Site | None = None
    post_path: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    options: RenderOptions = field(default_factory=RenderOptions)
