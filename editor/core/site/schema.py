"""The front-matter schema of a site, learned from its own posts and refined by a schema file.

Other tools make the writer describe every field by hand (Decap's ``config.yml``, Front Matter
CMS's ``frontmatter.json``). We look at the posts first: which keys they use, with which value
types and values, and how often. A key name and the values seen choose the field type; the
optional ``.post-editor.yml`` at the site root can then set type, label, help, choices,
required, length limits, pattern, default and order per key::

    fields:
      title: {required: true, max_length: 70}
      layout: {type: choice, choices: [post, page]}
      description: {type: long_text, max_length: 160, help: Shown by search engines.}
      slug: {pattern: "^[a-z0-9-]+$", order: 3}

Pure Python (no Qt): the form, the CLI and the checks share it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from editor.core.frontmatter.dates import parse_date
from editor.core.frontmatter.traps import yaml_trap
from editor.core.frontmatter.yaml_safe import ValueParseError, load_value

logger = logging.getLogger(__name__)

__all__ = [
    "FieldSpec",
    "Schema",
    "infer_schema",
    "provisional_schema",
    "schema_for_site",
    "validate",
    "yaml_trap",
]

SCHEMA_FILE = ".post-editor.yml"
MAX_SCHEMA_BYTES = 256_000

TEXT = "text"
LONG_TEXT = "long_text"
DATE = "date"
BOOLEAN = "boolean"
CHOICE = "choice"
STRING_LIST = "list"
IMAGE = "image"
MAPPING = "mapping"
YAML = "yaml"
FIELD_TYPES = (TEXT, LONG_TEXT, DATE, BOOLEAN, CHOICE, STRING_LIST, IMAGE, MAPPING, YAML)

TEXT_KEYS = {"title", "subtitle", "author", "permalink", "slug", "alt", "caption", "link_title"}
LONG_TEXT_KEYS = {"excerpt", "description", "summary", "abstract", "subtitle_long", "lead"}
DATE_KEYS = {
    "date",
    "lastmod",
    "last_modified_at",
    "modified_date",
    "updated",
    "publishdate",
    "publishDate",
    "expirydate",
    "expiryDate",
    "modified",
    "created",
}
BOOLEAN_KEYS = {
    "published",
    "draft",
    "pin",
    "comments",
    "toc",
    "math",
    "mermaid",
    "sitemap",
    "hidden",
    "featured",
    "share",
    "related",
    "author_profile",
    "read_time",
}
CHOICE_KEYS = {"layout", "type", "lang", "language"}
LIST_KEYS = {"tags", "categories", "category", "keywords", "series", "aliases", "authors"}
IMAGE_KEYS = {
    "image",
    "teaser",
    "overlay_image",
    "thumbnail",
    "cover",
    "featured_image",
    "og_image",
    "banner",
    "hero",
    "header_image",
    "image.path",
    "header.image",
    "header.teaser",
    "header.overlay_image",
    "cover.image",
}
RECOMMENDED_LENGTHS = {"title": 70, "description": 160, "excerpt": 300, "summary": 300}
_IMAGE_SUFFIX = re.compile(r"\.(png|jpe?g|gif|webp|svg|avif|bmp)$", re.IGNORECASE)
MAX_CHOICES = 30


@dataclass
class FieldSpec:
    """What the form knows about one key (``path`` is the dotted key, e.g. ``header.image``)."""

    path: str
    type: str = YAML
    label: str = ""
    help: str = ""
    choices: list[str] = field(default_factory=list)
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    default: Any = None
    order: int | None = None
    posts: int = 0
    type_counts: Counter[str] = field(default_factory=Counter)
    value_counts: Counter[str] = field(default_factory=Counter)
    recommended_length: int | None = None
    strict_choices: bool = False

    @property
    def key(self) -> str:
        """The last part of the dotted path (the key inside its mapping)."""
        return self.path.rsplit(".", 1)[-1]

    def suggestions(self) -> list[tuple[str, int]]:
        """Values seen across the site, most used first (ties alphabetical), for completion."""
        return sorted(self.value_counts.items(), key=lambda item: (-item[1], item[0].lower()))


@dataclass
class Schema:
    """All fields of a site, plus defaults for new posts."""

    fields: dict[str, FieldSpec] = field(default_factory=dict)
    post_count: int = 0
    source: str = "inferred"

    def spec(self, path: str) -> FieldSpec:
        """The spec for a dotted key; unknown keys get one from their name alone."""
        found = self.fields.get(path)
        if found is not None:
            return found
        return FieldSpec(path=path, type=type_from_name(path) or YAML, label=_label(path))

    def field_type(self, path: str, value: Any) -> str:
        """The editor to use for this key in THIS post: the value must fit the field type.

        A ``tags: a b c`` string stays a string (Jekyll allows it); a value of an unexpected
        type gets the raw YAML editor so that nothing is hidden or coerced.
        """
        wanted = self.spec(path).type
        actual = value_type(value)
        if value is None:
            return wanted if wanted not in (MAPPING, BOOLEAN) else YAML
        if wanted == actual or actual == LONG_TEXT:
            return actual
        if actual == TEXT:
            if wanted in (LONG_TEXT, CHOICE, IMAGE, STRING_LIST):
                return wanted
            if wanted == DATE and parse_date(value) is not None:
                return DATE
            return TEXT
        if actual in (DATE, BOOLEAN, STRING_LIST, MAPPING):
            return actual
        return YAML

    def add_field_suggestions(self, present: Iterable[str]) -> list[tuple[str, int]]:
        """Top-level keys used elsewhere in the site and missing here, most used first."""
        have = set(present)
        found = [(p, s.posts) for p, s in self.fields.items() if "." not in p and p not in have]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def ordered(self, keys: Iterable[str]) -> list[str]:
        """Keys in the schema file's order first (when it gives one), the rest in file order."""
        keys = list(keys)
        ranked = [k for k in keys if self.spec(k).order is not None]
        ranked.sort(key=lambda k: self.spec(k).order or 0)
        return ranked + [k for k in keys if k not in ranked]


def _label(path: str) -> str:
    return path.rsplit(".", 1)[-1].replace("_", " ").replace("-", " ").strip().capitalize() or path


def type_from_name(path: str) -> str | None:
    """The field type a key's name implies (``tags`` is a list, ``date`` a date…), if any."""
    key = path.rsplit(".", 1)[-1]
    if path in IMAGE_KEYS or key in IMAGE_KEYS:
        return IMAGE
    if key in TEXT_KEYS:
        return TEXT
    for names, kind in (
        (DATE_KEYS, DATE),
        (LONG_TEXT_KEYS, LONG_TEXT),
        (BOOLEAN_KEYS, BOOLEAN),
        (CHOICE_KEYS, CHOICE),
        (LIST_KEYS, STRING_LIST),
    ):
        if key in names:
            return kind
    return None


def value_type(value: Any) -> str:
    """The field type a loaded value looks like on its own."""
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, date):
        return DATE
    if isinstance(value, str):
        return LONG_TEXT if "\n" in value.strip() else TEXT
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return STRING_LIST
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return MAPPING
    return YAML


def _walk(metadata: Mapping[str, Any], prefix: str = "", depth: int = 0):
    for key, value in metadata.items():
        if not isinstance(key, str):
            continue
        path = f"{prefix}{key}"
        yield path, value
        if isinstance(value, dict) and depth < 3:
            yield from _walk(value, path + ".", depth + 1)


def infer_schema(metadatas: Iterable[Mapping[str, Any]], layouts: Iterable[str] = ()) -> Schema:
    """Learn the fields from posts' metadata: types seen, values seen, and how often.

    The most frequent value type wins (``tags`` used as a list in most posts is a list field);
    the key's name breaks ties and decides among string types (``excerpt`` is long text,
    ``image`` an image path, ``layout`` a choice).
    """
    schema = Schema()
    for metadata in metadatas:
        schema.post_count += 1
        for path, value in _walk(metadata):
            spec = schema.fields.get(path)
            if spec is None:
                spec = schema.fields[path] = FieldSpec(path=path, label=_label(path))
            spec.posts += 1
            spec.type_counts[value_type(value)] += 1
            if isinstance(value, str) and type_from_name(path) == STRING_LIST:
                for item in set(re.split(r"[\s,]+", value.strip())) - {""}:
                    spec.value_counts[item] += 1
            elif isinstance(value, str) and len(value) <= 80 and "\n" not in value:
                spec.value_counts[value] += 1
            elif isinstance(value, list):
                for item in {
                    v for v in value if isinstance(v, str | int) and not isinstance(v, bool)
                }:
                    spec.value_counts[str(item)] += 1
    for spec in schema.fields.values():
        spec.type = _decide_type(spec)
        spec.recommended_length = RECOMMENDED_LENGTHS.get(spec.key)
    layout_names = list(layouts)
    if layout_names or "layout" in schema.fields:
        spec = schema.fields.setdefault("layout", FieldSpec(path="layout", label="Layout"))
        spec.type = CHOICE
        seen = [name for name, _ in spec.suggestions()]
        spec.choices = list(dict.fromkeys([*layout_names, *seen]))
    for spec in schema.fields.values():
        if spec.type == CHOICE and not spec.choices:
            spec.choices = [name for name, _ in spec.suggestions()][:MAX_CHOICES]
    return schema


def _decide_type(spec: FieldSpec) -> str:
    named = type_from_name(spec.path)
    counts = Counter({k: v for k, v in spec.type_counts.items()})
    if not counts:
        return named or TEXT
    top, top_count = counts.most_common(1)[0]
    if named == STRING_LIST and counts[STRING_LIST] + counts[TEXT] >= top_count:
        return STRING_LIST if counts[STRING_LIST] >= counts[TEXT] or top == STRING_LIST else TEXT
    if named == IMAGE and top in (TEXT, YAML):
        return IMAGE
    if named == IMAGE and top == MAPPING:
        return MAPPING
    if named in (LONG_TEXT, CHOICE) and top in (TEXT, LONG_TEXT):
        return named
    if named == DATE and top in (DATE, TEXT):
        return DATE
    if named == BOOLEAN and top == BOOLEAN:
        return BOOLEAN
    if (
        top == TEXT
        and spec.value_counts
        and all(_IMAGE_SUFFIX.search(v) for v in spec.value_counts)
    ):
        return IMAGE
    if top == TEXT and spec.value_counts and all(parse_date(v) for v in spec.value_counts):
        return DATE
    return top


def schema_file_section(root: Path, section: str) -> dict[str, Any]:
    """One top-level mapping of the site's ``.post-editor.yml`` (``fields``, ``checks``),
    loaded safely; {} when the file or the section is absent.

    A broken schema file must not stop the writer from editing posts, so errors are logged
    and the inferred schema is used alone.
    """
    path = Path(root) / SCHEMA_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_SCHEMA_BYTES:
            return {}
        data = load_value(path.read_text(encoding="utf-8-sig"), max_chars=MAX_SCHEMA_BYTES)
    except (OSError, UnicodeDecodeError, ValueParseError) as exc:
        logger.warning("ignoring the schema file %s: %s", path, exc)
        return {}
    found = data.get(section) if isinstance(data, dict) else None
    return {str(k): v for k, v in found.items()} if isinstance(found, dict) else {}


def load_schema_file(root: Path) -> dict[str, dict[str, Any]]:
    """The ``fields:`` of the site's ``.post-editor.yml``; {} when absent."""
    fields = schema_file_section(root, "fields")
    return {k: v for k, v in fields.items() if isinstance(v, dict)}


def apply_overrides(schema: Schema, overrides: Mapping[str, Mapping[str, Any]]) -> Schema:
    """Refine the inferred fields with the schema file's per-key settings."""
    for path, settings in overrides.items():
        spec = schema.fields.get(path) or FieldSpec(
            path=path, label=_label(path), type=type_from_name(path) or TEXT
        )
        changes: dict[str, Any] = {}
        kind = settings.get("type")
        if isinstance(kind, str):
            kind = {
                "string": TEXT,
                "text": TEXT,
                "long_text": LONG_TEXT,
                "datetime": DATE,
                "bool": BOOLEAN,
                "select": CHOICE,
                "tags": STRING_LIST,
            }.get(kind, kind)
            if kind in FIELD_TYPES:
                changes["type"] = kind
        for name in ("label", "help"):
            if isinstance(settings.get(name), str):
                changes[name] = settings[name]
        if isinstance(settings.get("choices"), list):
            changes["choices"] = [str(c) for c in settings["choices"]]
            changes["strict_choices"] = True
            changes.setdefault("type", CHOICE if spec.type != STRING_LIST else STRING_LIST)
        if "required" in settings:
            changes["required"] = settings["required"] is True
        for name in ("min_length", "max_length", "order"):
            if isinstance(settings.get(name), int) and not isinstance(settings[name], bool):
                changes[name] = settings[name]
        if "max_length" in changes:
            changes["recommended_length"] = changes["max_length"]
        if isinstance(settings.get("pattern"), str):
            try:
                re.compile(settings["pattern"])
                changes["pattern"] = settings["pattern"]
            except re.error as exc:
                logger.warning("ignoring the pattern of %s in the schema file: %s", path, exc)
        if "default" in settings:
            changes["default"] = settings["default"]
        schema.fields[path] = replace(spec, **changes)
    if overrides:
        schema.source = "inferred + " + SCHEMA_FILE
    return schema


def config_post_defaults(config: Mapping[str, Any]) -> dict[str, Any]:
    """Values Jekyll's ``_config.yml`` ``defaults:`` gives posts, for new posts.

    Only scopes that apply to posts (``type: posts`` or a ``_posts`` path or no scope) count.
    """
    result: dict[str, Any] = {}
    entries = config.get("defaults")
    if not isinstance(entries, list):
        return result
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        given = entry.get("scope")
        scope = given if isinstance(given, dict) else {}
        kind = scope.get("type")
        scope_path = str(scope.get("path") or "")
        if kind in (None, "posts") and scope_path in ("", "_posts", "_posts/"):
            result.update(entry["values"])
    return result


SCHEMA_SAMPLE = 200  # posts read to learn a large site's schema (each costs about 3 ms)


def schema_for_site(site: Any) -> Schema:
    """The schema for a ``Site``: inferred from its posts, refined by its schema file.

    A large site is learned from its newest posts (by file name) only: reading all of 10,000
    posts on opening one took half a minute.
    """
    metadatas = []
    paths = list(site.post_paths())
    if len(paths) > SCHEMA_SAMPLE:
        entries = [
            site.read_entry(p)
            for p in sorted(paths, key=lambda p: p.name, reverse=True)[:SCHEMA_SAMPLE]
        ]
    else:
        entries = site.entries()
    for entry in entries:
        if isinstance(entry.metadata, dict):
            metadatas.append(entry.metadata)
    schema = infer_schema(metadatas, site.layouts())
    apply_overrides(schema, load_schema_file(site.root))
    return schema


def provisional_schema(site: Any, metadata: Mapping[str, Any] | None) -> Schema:
    """What can be known at once, before the site's posts are read: the shown post's own
    fields, the site's layouts and its schema file (``post_count`` 0: nothing learned yet)."""
    schema = infer_schema([metadata] if isinstance(metadata, dict) else [], site.layouts())
    schema.post_count = 0
    apply_overrides(schema, load_schema_file(site.root))
    return schema


def is_empty(value: Any) -> bool:
    """Whether a value counts as missing for a required field."""
    return value is None or (isinstance(value, str | list | dict) and not value)


def validate(spec: FieldSpec, value: Any) -> list[str]:
    """Messages for a value that breaks the field's rules; [] when it may be written.

    Only rules the writer asked for (schema file) block a write; inferred hints such as the
    recommended length are shown by the editor, never enforced.
    """
    name = spec.label or spec.path
    if is_empty(value):
        return [f"{name} is required."] if spec.required else []
    messages: list[str] = []
    texts = [value] if isinstance(value, str) else []
    if isinstance(value, list):
        texts = [v for v in value if isinstance(v, str)]
    if isinstance(value, str):
        if spec.min_length is not None and len(value) < spec.min_length:
            messages.append(f"{name} needs at least {spec.min_length} characters.")
        if spec.max_length is not None and len(value) > spec.max_length:
            messages.append(f"{name} must be at most {spec.max_length} characters.")
    if spec.pattern:
        for text in texts:
            if re.search(spec.pattern, text) is None:
                messages.append(f"{text!r} does not match the pattern {spec.pattern}.")
                break
    if spec.strict_choices and spec.choices:
        for text in texts or [str(value)]:
            if text not in spec.choices:
                messages.append(f"{text!r} is not one of: {', '.join(spec.choices)}.")
                break
    return messages


def missing_required(schema: Schema, metadata: Mapping[str, Any]) -> list[str]:
    """Required top-level keys the post does not have (the form shows empty editors for them)."""
    return [
        p for p, s in schema.fields.items() if s.required and "." not in p and p not in metadata
    ]
