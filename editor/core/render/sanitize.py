"""Making post HTML inert: embeds become named placeholders, then nh3 keeps only safe HTML.

The preview also runs with page JavaScript off and blocks requests at the network level;
sanitising is the layer that holds even when the HTML is exported and opened elsewhere.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3

# The lookahead lets the scan skip most tags without trying each name (a 1 MB post has 100k).
EMBED_RE = re.compile(
    r"<(?=[iIeEoOvVaAfF])"
    r"(?P<tag>iframe|embed|object|video|audio|frame|frameset|applet)\b(?P<attrs>[^>]*)>"
    r"(?:(?P<inner>(?:(?!<(?P=tag)\b).)*?)</(?P=tag)\s*>)?",
    re.IGNORECASE | re.DOTALL,
)
STYLE_RE = re.compile(r"<style\b[^>]*>(?P<css>.*?)(?:</style\s*>|\Z)", re.IGNORECASE | re.DOTALL)
STYLE_OPEN_RE = re.compile(r"<(?=[sS])style", re.IGNORECASE)
ATTR_RE = re.compile(
    r"""(?P<name>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
)
CSS_DANGER_RE = re.compile(
    r"url\s*\((?!\s*['\"]?data:)|@import|expression\s*\(|behavior\s*:|-moz-binding|\\|"
    r"image-set\s*\(|src\s*\(",
    re.IGNORECASE,
)
SAFE_IMAGE_DATA_RE = re.compile(r"^data:image/(png|jpe?g|gif|webp|avif|bmp|svg\+xml)[;,]", re.I)
REMOTE_RE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)

TAGS = frozenset(nh3.ALLOWED_TAGS | {"input", "section", "main"})
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "style", "role", "aria-label", "aria-hidden"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"checked", "disabled"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "ins": {"datetime"},
}
# Inline style properties that cannot fetch anything or escape the element's box.
SAFE_STYLE_PROPERTIES = frozenset(
    {
        "color", "background-color", "text-align", "text-decoration", "text-transform",
        "text-indent", "font-weight", "font-style", "font-size", "font-family", "font-variant",
        "line-height", "letter-spacing", "word-spacing", "white-space", "vertical-align",
        "width", "height", "max-width", "max-height", "min-width", "min-height",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left",
        "border-color", "border-style", "border-width", "border-radius", "border-collapse",
        "display", "float", "clear", "list-style-type", "opacity", "overflow",
        "object-fit", "aspect-ratio", "gap", "flex", "flex-direction", "flex-wrap",
        "justify-content", "align-items", "direction", "unicode-bidi",
    }
)  # fmt: skip
# The page's own landmarks: the preview finds the body by these ids, so a post may not reuse them.
RESERVED_IDS = frozenset({"article", "post-body"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "postedit", "data"})


def attr_value(attrs: str, name: str) -> str | None:
    """An attribute's (unescaped) value from a tag's attribute text."""
    for match in ATTR_RE.finditer(attrs):
        if match["name"].lower() == name:
            value = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
            return html.unescape(value)
    return None


EMBED_LABELS = {"iframe": "Embedded frame", "video": "Video", "audio": "Audio"}


def embed_placeholder(match: re.Match[str]) -> str:
    """``<iframe>``, ``<object>``... become a chip naming what the site would embed."""
    tag = match["tag"].lower()
    attrs = match["attrs"]
    source = attr_value(attrs, "src") or attr_value(attrs, "data") or ""
    if not source and match["inner"]:
        inner = re.search(r"<source\b([^>]*)>", match["inner"], re.IGNORECASE)
        source = attr_value(inner.group(1), "src") or "" if inner else ""
    label = (
        EMBED_LABELS.get(tag, "Embedded object") + " not shown" + (f": {source}" if source else "")
    )
    return chip("pe-embed", label, source, attr_value(attrs, "data-line"))


def chip(kind: str, label: str, title: str, line: str | None) -> str:
    """A placeholder; a top-level one (it replaced a block with a line) stays a block."""
    if line is not None and line.isdigit():
        return (
            f'<div class="pe-placeholder {kind}" data-line="{line}" title="{html.escape(title)}">'
            f"{html.escape(label)}</div>"
        )
    return (
        f'<span class="pe-placeholder {kind}" title="{html.escape(title)}">'
        f"{html.escape(label)}</span>"
    )


def style_block(match: re.Match[str]) -> str:
    """A post's own ``<style>`` is never applied; say so when it would have loaded something."""
    if CSS_DANGER_RE.search(match["css"]):
        line = attr_value(match.group(0)[: match.start("css") - match.start()], "data-line")
        return chip("pe-style", "Style block not applied: it loads remote resources", "", line)
    return ""


def neutralise(fragment: str) -> str:
    """Replace what nh3 would silently drop with visible placeholders (runs before nh3)."""
    if "<" not in fragment:
        return fragment
    fragment = EMBED_RE.sub(embed_placeholder, fragment)
    if STYLE_OPEN_RE.search(fragment):  # not fragment.lower(): a copy of the whole text
        fragment = STYLE_RE.sub(style_block, fragment)
    return fragment


def _attribute_filter(allow_remote: bool):
    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr == "id" and value.strip() in RESERVED_IDS:
            return None
        if attr in ("href", "src", "cite") and value.strip().lower().startswith("data:"):
            return value if tag == "img" and SAFE_IMAGE_DATA_RE.match(value.strip()) else None
        if tag == "img" and attr == "src" and not allow_remote and REMOTE_RE.match(value):
            return None
        return value

    return keep


@lru_cache(maxsize=2)
def cleaner(allow_remote: bool) -> nh3.Cleaner:
    """Built once: nh3 compiles its allow-lists."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={
            "script",
            "style",
            "noscript",
            "template",
            "textarea",
            "select",
            "title",
        },
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(allow_remote),
        generic_attribute_prefixes={"data-"},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        set_tag_attribute_values={"input": {"disabled": "disabled"}},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(SAFE_STYLE_PROPERTIES),
    )


def sanitize(fragment: str, *, allow_remote: bool = False) -> str:
    """Inert HTML: no script, no event handler, no dangerous URL, embeds as placeholders."""
    return cleaner(allow_remote).clean(neutralise(fragment))
