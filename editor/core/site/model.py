"""The site model: which folder is the site, where its posts are, how its URLs work.

A writer opens a Jekyll root, a Hugo root, a ``_posts`` folder, any folder of Markdown files or a
single post; ``Site.open`` finds the site around it so the preview can resolve images, the form
can learn from sibling posts, and ``{% post_url %}`` can find its target.

The front matter modules (and YAML) are imported where a post or a YAML config is read: a render
worker unpickles a ``Site`` with its render context and needs none of them (about 3 MiB).
"""

from __future__ import annotations

import logging
import os
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from editor.core.paths import free_path
from editor.core.post_names import filename_date, slugify, title_from_slug

log = logging.getLogger(__name__)

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".text")
HUGO_CONFIGS = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
)
SKIPPED_DIRS = {"_site", "public", "node_modules", "vendor", ".git", ".jekyll-cache", "resources"}
MAX_CONFIG_BYTES = 1_000_000
_PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


@dataclass
class PostEntry:
    """One post or draft as the post list shows it."""

    path: Path
    title: str
    date: date | datetime | None
    draft: bool
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _load_config(path: Path) -> dict[str, Any]:
    """A site config, read safely; a broken config is logged and treated as empty."""
    try:
        data = path.read_bytes()[:MAX_CONFIG_BYTES]
        if path.suffix == ".toml":
            import tomllib

            loaded = tomllib.loads(data.decode("utf-8-sig"))
        elif path.suffix == ".json":
            import json

            loaded = json.loads(data.decode("utf-8-sig"))
        else:
            from editor.core.frontmatter.yaml_safe import load_value

            loaded = load_value(data.decode("utf-8-sig"), max_chars=MAX_CONFIG_BYTES)
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("cannot read site config %s: %s", path, exc)
        return {}
    return loaded if isinstance(loaded, dict) else {}


class Site:
    """A folder of posts and what is known about how it publishes them."""

    def __init__(self, root: Path, kind: str, config: dict[str, Any] | None = None) -> None:
        self.root = root.resolve()
        self.kind = kind
        self.config: dict[str, Any] = config or {}
        self.baseurl = str(self.config.get("baseurl") or "").rstrip("/")
        self.url = str(self.config.get("url") or self.config.get("baseURL") or "").rstrip("/")
        self._entries: list[PostEntry] | None = None
        self._images_folder: Path | None = None

    def __repr__(self) -> str:
        return f"Site({str(self.root)!r}, kind={self.kind!r})"

    # -- finding the site -------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> Site:
        """The site around ``path``: a site root, a posts folder, a folder of posts, or a post."""
        path = Path(path).expanduser().resolve()
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist")
        start = path if path.is_dir() else path.parent
        for folder in (start, *start.parents):
            site = cls._site_at(folder)
            if site is not None:
                return site
            in_posts = folder.name in ("_posts", "_drafts") or "content" in folder.parts
            if folder == start and path.is_dir() and not in_posts:
                break  # an explicit plain folder is a site of its own
        return cls(start, "folder")

    @classmethod
    def _site_at(cls, folder: Path) -> Site | None:
        if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
            config_path = folder / "_config.yml"
            if not config_path.is_file():
                config_path = folder / "_config.yaml"
            return cls(folder, "jekyll", _load_config(config_path))
        if (folder / "_posts").is_dir():
            return cls(folder, "jekyll")
        for name in HUGO_CONFIGS:
            if (folder / name).is_file() and (folder / "content").is_dir():
                return cls(folder, "hugo", _load_config(folder / name))
        return None

    # -- posts ------------------------------------------------------------------------------
    def post_folders(self) -> list[Path]:
        if self.kind == "jekyll":
            return [p for p in (self.root / "_posts", self.root / "_drafts") if p.is_dir()]
        if self.kind == "hugo":
            return [self.root / "content"]
        return [self.root]

    def post_paths(self) -> Iterator[Path]:
        for folder in self.post_folders():
            yield from _post_files(folder)

    def is_draft_path(self, path: Path) -> bool:
        if self.kind != "jekyll":
            return False
        drafts = self.root / "_drafts"
        lexical = Path(os.path.abspath(path))
        if lexical.parent == drafts or lexical.parent == self.root / "_posts":
            return lexical.parent == drafts  # the common case, without resolving links
        return drafts in path.resolve().parents

    def read_entry(self, path: Path) -> PostEntry:
        """What the post list needs of one post; a post that cannot be read still gets a row."""
        from editor.core.frontmatter import PostDocument
        from editor.core.frontmatter.dates import parse_date_value
        from editor.core.textio import TextDecodeError

        file_date, slug = filename_date(path)
        metadata: dict[str, Any] = {}
        error = None
        try:
            document = PostDocument.from_bytes(path.read_bytes())
            metadata = document.metadata
            if document.error is not None:
                error = document.error.message
        except (OSError, TextDecodeError) as exc:
            error = str(exc)
        title = metadata.get("title")
        parsed = parse_date_value(metadata.get("date"))  # Jekyll's "+0100" is a YAML string
        when = parsed.value if parsed is not None else file_date
        draft = (
            self.is_draft_path(path)
            or metadata.get("draft") is True
            or metadata.get("published") is False
        )
        if title in (None, ""):
            # Jekyll titleizes the slug; Hugo and plain folders have no such rule.
            title = title_from_slug(slug) if self.kind == "jekyll" else slug.replace("-", " ")
        return PostEntry(
            path=path,
            title=str(title),
            date=when,
            draft=draft,
            metadata=metadata,
            error=error,
        )

    def entries(self) -> list[PostEntry]:
        """Posts and drafts, newest first (undated last); read once, then kept up to date."""
        if self._entries is None:
            self._entries = _sorted_entries(self.read_entry(path) for path in self.post_paths())
        return list(self._entries)

    def refresh_entry(self, path: Path) -> PostEntry | None:
        """Re-read one post after a save (or drop it when it is gone) instead of the whole site.

        Nothing is read when the entries were never asked for: they are read fresh when they are.
        """
        if self._entries is None:
            return None
        path = _listed(path)
        entries = [e for e in self.entries() if _listed(e.path) != path]
        entry = None
        if path.is_file() and path.suffix.lower() in POST_SUFFIXES and self.holds_post(path):
            entry = self.read_entry(path)
            entries.append(entry)
        self._entries = _sorted_entries(entries)
        return entry

    def newest_post_path(self) -> Path | None:
        """The post to show first: the newest by its file name's date, drafts last.

        No post is read, so a site of any size opens at once.
        """
        best: tuple[int, date, str] | None = None
        chosen = None
        posts = self.root / "_posts"
        candidates = _post_files(posts) if self.kind == "jekyll" and posts.is_dir() else []
        candidates = candidates or list(self.post_paths())  # drafts last, by the key below
        for path in candidates:
            day, _ = filename_date(path)
            key = (0 if self.is_draft_path(path) else 1, day or date.min, path.name)
            if best is None or key > best:
                best, chosen = key, path
        return chosen

    def layouts(self) -> list[str]:
        folder = self.root / "_layouts"
        if not folder.is_dir():
            return []
        return sorted({p.stem for p in folder.iterdir() if p.is_file()})

    def images_folder(self) -> Path:
        """Where images copied into the site go: the schema file's ``images: {folder: …}``,
        else the folder the site's posts use most, else a usual folder that exists."""
        if self._images_folder is None:
            self._images_folder = self._find_images_folder()
        return self._images_folder

    def _find_images_folder(self) -> Path:
        from editor.core.site.images import detect_image_folder
        from editor.core.site.schema import schema_file_section

        configured = schema_file_section(self.root, "images").get("folder")
        if isinstance(configured, str) and configured.strip():
            folder = (self.root / configured.strip().strip("/")).resolve()
            if folder.is_relative_to(self.root):
                return folder
        detected = detect_image_folder(self)
        if detected is not None:
            return detected
        for rel in ("assets/images", "assets/img", "images", "static/images", "assets"):
            if (self.root / rel).is_dir():
                return self.root / rel
        return self.root / ("static/images" if self.kind == "hugo" else "assets/images")

    def new_post_path(self, title: str, *, draft: bool = False, when: date | None = None) -> Path:
        """``_posts/YYYY-MM-DD-slug.md`` (drafts: ``_drafts/slug.md``), never an existing file."""
        slug = slugify(title)
        when = when or date.today()
        if self.kind == "jekyll":
            folder = self.root / ("_drafts" if draft else "_posts")
            stem = slug if draft else f"{when.isoformat()}-{slug}"
        elif self.kind == "hugo":
            folder = self.root / "content" / "posts"
            stem = slug
        else:
            folder = self.root
            stem = slug if draft else f"{when.isoformat()}-{slug}"
        return free_path(folder / f"{stem}.md")

    # -- URLs -------------------------------------------------------------------------------
    def permalink(self, entry: PostEntry) -> str:
        """The URL Jekyll gives a post (front-matter permalink, else the site's style)."""
        explicit = entry.metadata.get("permalink")
        if isinstance(explicit, str) and explicit:
            return self.baseurl + "/" + explicit.lstrip("/")
        style = str(self.config.get("permalink") or "date")
        template = _PERMALINK_STYLES.get(style, style)
        when = entry.date or date(1970, 1, 1)
        _, slug = filename_date(entry.path)
        if isinstance(entry.metadata.get("slug"), str) and entry.metadata["slug"]:
            slug = entry.metadata["slug"]
        categories = entry.metadata.get("categories") or entry.metadata.get("category") or []
        if isinstance(categories, str):
            categories = categories.split()
        parts = {
            ":categories": "/".join(slugify(str(c)) for c in categories),
            ":year": f"{when.year:04d}",
            ":month": f"{when.month:02d}",
            ":i_month": str(when.month),
            ":day": f"{when.day:02d}",
            ":i_day": str(when.day),
            ":y_day": f"{when.timetuple().tm_yday:03d}",
            ":short_year": f"{when.year % 100:02d}",
            ":title": slug,
            ":slug": slug,
            ":output_ext": ".html",
            ":path": self.collection_path(entry.path),
        }
        url = template
        for token in sorted(parts, key=len, reverse=True):
            url = url.replace(token, parts[token])
        url = re.sub(r"/+", "/", "/" + url)
        return self.baseurl + url

    def collection_path(self, path: Path) -> str:
        """Jekyll's ``:path``: the post's path inside its posts folder, without extension."""
        folder = next((f for f in self.post_folders() if f in path.parents), path.parent)
        return path.relative_to(folder).with_suffix("").as_posix()

    def post_url(self, name: str) -> str | None:
        """Resolve ``{% post_url name %}``: the named post's URL, or None when there is none."""
        name = name.strip().removesuffix(".md").removesuffix(".markdown")
        for path in self.post_paths():
            folder = next(f for f in self.post_folders() if f in path.parents)
            rel = path.relative_to(folder).with_suffix("").as_posix()
            if name in (path.stem, rel):
                return self.permalink(self.read_entry(path))
        return None

    def resolve_url(self, url: str, post_path: Path | None = None) -> Path | None:
        """The file inside the site that a link or image URL points at, else None.

        Percent-escapes are decoded and symlinks resolved before the containment check, so
        ``../../etc/passwd``, ``%2e%2e`` and links out of the site all give None.
        """
        url = url.strip()
        url = re.sub(r"\{\{\s*site\.baseurl\s*\}\}", "", url)
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme or parsed.netloc:
            return None
        rel = urllib.parse.unquote(parsed.path)
        if not rel or "\x00" in rel:
            return None
        if self.baseurl and rel.startswith(self.baseurl + "/"):
            rel = rel[len(self.baseurl) :]
        candidates: list[Path] = []
        if rel.startswith("/"):
            stripped = rel.lstrip("/")
            candidates.append(self.root / stripped)
            if self.kind == "hugo":
                candidates.append(self.root / "static" / stripped)
        else:
            if post_path is not None:
                candidates.append(Path(post_path).parent / rel)
            candidates.append(self.root / rel)
            if self.kind == "hugo":
                candidates.append(self.root / "static" / rel)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except (OSError, RuntimeError):
                continue
            if resolved.is_relative_to(self.root) and resolved.is_file():
                return resolved
        return None

    def holds_post(self, path: Path) -> bool:
        """Whether a post file belongs to this site, judged by where it is listed.

        A symlinked post is the site's own even when its target lives elsewhere, so only its
        folder is resolved, not the file itself.
        """
        try:
            return _listed(path).is_relative_to(self.root)
        except (OSError, RuntimeError):
            return False

    def contains(self, path: Path) -> bool:
        try:
            return Path(path).resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):
            return False

    def css_files(self) -> list[Path]:
        """The site's compiled CSS, most specific first (never Sass sources).

        What Jekyll compiled into ``_site/`` comes first (``_site/assets/main.css`` for minima,
        ``_site/assets/css/style.css`` for most other themes), newest first: that is the
        stylesheet the published site serves. A source ``.css`` that Jekyll copied there
        is listed once, as its built copy.
        """
        groups: tuple[tuple[str, ...], ...] = (
            ("_site/assets/css/*.css", "_site/assets/*.css", "_site/css/*.css"),
            ("assets/css/*.css", "css/*.css"),
        )
        built = "_site/"
        if self.kind == "hugo":
            groups = (("public/css/*.css",), ("static/css/*.css", "assets/css/*.css"))
            built = "public/"
        found: list[Path] = []
        seen: set[str] = set()
        for patterns in groups:
            candidates: list[tuple[float, str, Path]] = []
            for pattern in patterns:
                for path in self.root.glob(pattern):
                    try:
                        if path.is_file() and self.contains(path):
                            candidates.append((-path.stat().st_mtime, path.as_posix(), path))
                    except OSError:
                        continue
            for _, _, path in sorted(candidates):
                rel = path.relative_to(self.root).as_posix().removeprefix(built)
                if rel not in seen:
                    seen.add(rel)
                    found.append(path)
        return found[:10]


def _post_files(folder: Path) -> list[Path]:
    """Every post file under a folder, in path order; hidden and build folders skipped, links
    not followed into folders. One ``os.walk``: 10,000 posts are listed in tens of ms."""
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in files:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in POST_SUFFIXES:
                continue
            full = os.path.join(current, name)
            if os.path.isfile(full):
                found.append(full)
    if os.name == "posix":
        # The order Path comparison gives (its parts, case kept), without 10,000 Path
        # comparisons (a sixth of a second on a large site).
        found.sort(key=lambda text: text.split(os.sep))
        return [Path(text) for text in found]
    return sorted(Path(text) for text in found)


def _listed(path: Path) -> Path:
    """A post's path as the site lists it: its folder resolved, the file itself not."""
    lexical = Path(os.path.abspath(path))
    return lexical.parent.resolve() / lexical.name


def _sorted_entries(entries: Iterable[PostEntry]) -> list[PostEntry]:
    def sort_key(entry: PostEntry) -> tuple[int, str, str]:
        when = entry.date
        stamp = when.isoformat() if when is not None else ""
        return (0 if when is not None else 1, _invert(stamp), entry.path.name)

    return sorted(entries, key=sort_key)


def _invert(text: str) -> str:
    """A sort key that orders strings descending inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)
