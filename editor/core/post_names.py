"""Jekyll's file-name conventions for posts: ``YYYY-MM-DD-slug.ext`` and titles from slugs."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")


def slugify(text: str) -> str:
    """Jekyll's default slug: lower case, anything but letters and digits becomes a hyphen."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+|_+", "-", text).strip("-") or "untitled"


def filename_date(path: Path | str) -> tuple[date | None, str]:
    """The date and slug a Jekyll file name carries (``2017-2-5-name.md``)."""
    stem = Path(path).stem
    match = _FILENAME_DATE.match(stem)
    if not match:
        return None, stem
    year, month, day, slug = match.groups()
    try:
        return date(int(year), int(month), int(day)), slug
    except ValueError:
        return None, stem


def title_from_slug(slug: str) -> str:
    """The title Jekyll gives a post without one: each hyphen-separated word capitalised."""
    return " ".join(word.capitalize() for word in slug.split("-") if word)
