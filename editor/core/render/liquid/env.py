"""The preview's entry to Liquid (Jekyll) and Hugo template syntax in a post body.

:class:`LiquidEnv` holds what a preview knows (``site``: config + baseurl/url, ``page``: the
front matter). A Jekyll body goes to the engine (:mod:`engine`, python-liquid, imported only
for posts with Liquid); Hugo content has no Liquid, and its shortcodes (``figure``, ``ref``)
are expanded here by a small evaluator, every other shortcode becoming a labelled placeholder.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from editor.core.render.liquid.dates import DAYS, MONTHS, parse_date
from editor.core.render.liquid.markers import chip, figure_html

if TYPE_CHECKING:
    from editor.core.render.liquid.engine import LiquidResult


LITERAL_MARK = "\u2060"
"""A literal "{{" or "{%" that Liquid leaves in its output (from ``raw``, or a value) must not
be read as Liquid again by the Markdown pass: it travels as "{" + this mark + "{" and the mark
is taken out of the final HTML."""

HUGO_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*/?\s*[\w.-]+")

TOKEN_RE = re.compile(
    r"\{\{<\s*(?P<hugo>(?:(?!>\}\}|\{\{).)*?)\s*>\}\}"
    r"|\{\{%\s*(?P<hugo_md>(?:(?!%\}\}|\{\{).)*?)\s*%\}\}"
    r"|\{%-?\s*(?P<tag>(?:(?!%\}|\{%).)*?)\s*-?%\}"
    r"|\{\{-?\s*(?P<out>(?:(?!\}\}|\{\{).)*?)\s*-?\}\}",
    re.DOTALL,
)

RAW_OPEN_RE = re.compile(r"\{%-?\s*raw\s*-?%\}")

RAW_CLOSE_RE = re.compile(r"\{%-?\s*endraw\s*-?%\}")

ASSIGN_LINE_RE = re.compile(
    r"^[ \t]*\{%-?\s*assign\b(?:(?!%\}|\{%).)*?-?%\}[ \t]*\n?", re.MULTILINE
)

URL_CONTEXT_RE = re.compile(r"""(?:\]\(\s*|^\s*\[[^\]]+\]:\s*|=\s*["']?|<)$""")

INLINE_COMMENT_RE = re.compile(
    r"\{%-?\s*comment\s*-?%\}(?:(?!\{%-?\s*comment\b).)*?\{%-?\s*endcomment\s*-?%\}",
    re.DOTALL,
)

ATTRIBUTE_CONTEXT_RE = re.compile(r"""<[a-zA-Z][^<>]*$""")

ARGUMENT_RE = re.compile(
    r"""(?:(?P<key>[\w-]+)\s*=\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=]+))"""
)

CONTEXT_CHARS = 300  # how far back a token looks to know it sits in a URL or an attribute

SILENT_TAGS = frozenset({"comment", "endcomment", "endcapture", "raw", "endraw"})

Stash = Callable[[str], str]


def strftime(value: Any, fmt: str) -> str:
    """Liquid's ``date`` filter (Ruby strftime) with English names whatever the locale."""
    when = parse_date(value) if isinstance(value, str) else value
    if not isinstance(when, dt.date):
        return to_text(value)
    names = {
        "%B": MONTHS[when.month - 1],
        "%b": MONTHS[when.month - 1][:3],
        "%A": DAYS[when.weekday()],
        "%a": DAYS[when.weekday()][:3],
        "%-d": str(when.day),
        "%e": f"{when.day:2d}",
        "%-m": str(when.month),
    }
    for code, name in names.items():
        fmt = fmt.replace(code, name)
    if not isinstance(when, dt.datetime):
        fmt = re.sub(r"%[HIMSpZz]", "", fmt)
    try:
        return when.strftime(fmt)
    except ValueError:
        return to_text(value)


class LiquidEnv:
    """The variables a preview knows: ``site`` (config + baseurl/url), ``page`` (front matter)."""

    def __init__(
        self, site: Any | None, metadata: dict[str, Any], post_path: Any | None = None
    ) -> None:
        self.site = site
        self.post_path = post_path
        config = dict(getattr(site, "config", None) or {})
        config["baseurl"] = (getattr(site, "baseurl", None) or config.get("baseurl") or "").rstrip(
            "/"
        )
        config["url"] = (getattr(site, "url", None) or config.get("url") or "").rstrip("/")
        self.scope: dict[str, Any] = {"site": config, "page": dict(metadata)}
        self.post_urls: dict[str, str | None] = {}

    def body_liquid(self, lines: list[str], stash: Stash) -> LiquidResult | None:
        """The body's Liquid evaluated by the engine, or None when there is none to evaluate.

        Hugo content keeps its shortcodes for :meth:`expand`: it has no Liquid.
        """
        if getattr(self.site, "kind", None) == "hugo":
            return None
        if not any("{{" in line or "{%" in line for line in lines):
            return None
        if any(HUGO_SHORTCODE_RE.search(line) for line in lines if "{{" in line):
            return None
        # python-liquid costs a tenth of a second to import: only posts with Liquid pay it.
        from editor.core.render.liquid.engine import render_liquid

        return render_liquid(
            lines, site=self.site, page=self.scope["page"], stash=stash, post_path=self.post_path
        )

    def expand_value(self, text: str, stash: Stash) -> str:
        """A front-matter value shown in the header (a hero image URL): Liquid by the engine."""
        if "{" not in text:
            return text
        liquid = self.body_liquid(text.split("\n"), stash)
        if liquid is None:
            return self.expand(text, stash)
        return "\n".join(liquid.lines).replace(LITERAL_MARK, "")

    # -- values ---------------------------------------------------------------------------
    def lookup(self, expr: str) -> Any:
        """The value of a literal or dotted variable; None when the preview cannot know it."""
        expr = expr.strip()
        if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
            return expr[1:-1]
        if re.fullmatch(r"-?\d+", expr):
            return int(expr)
        if expr in ("true", "false"):
            return expr == "true"
        value: Any = self.scope
        for part in re.findall(r"[^.\[\]]+", expr):
            part = part.strip("'\"")
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            elif isinstance(value, list) and part in ("first", "last") and value:
                value = value[0] if part == "first" else value[-1]
            elif part == "size" and isinstance(value, list | str | dict):
                value = len(value)
            else:
                return None
        return value

    def relative_url(self, path: str) -> str:
        """Jekyll's ``relative_url``: the site's baseurl in front of a root-relative path."""
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", path, re.I):
            return path
        base = self.scope["site"]["baseurl"]
        return f"{base}/{path.lstrip('/')}" if path else base or "/"

    def post_url(self, name: str) -> str | None:
        """``{% post_url name %}`` through the site, None when the post is unknown.

        Remembered for the rest of the render: the site looks through every post each time.
        """
        if name not in self.post_urls:
            finder = getattr(self.site, "post_url", None)
            self.post_urls[name] = finder(name) if finder else None
        return self.post_urls[name]

    # -- output ---------------------------------------------------------------------------
    def evaluate(self, source: str) -> Any:
        """``expr | filter: arg, arg | ...`` with the filters a post body commonly uses."""
        parts = split_outside_quotes(source, "|")
        value = self.lookup(parts[0])
        for part in parts[1:]:
            name, _, arg_text = part.partition(":")
            args = [self.lookup(a) for a in split_outside_quotes(arg_text, ",")] if arg_text else []
            value = self.apply_filter(name.strip(), value, args)
        return value

    def apply_filter(self, name: str, value: Any, args: list[Any]) -> Any:
        """Filters that change what the writer sees; unknown filters leave the value alone."""
        first = args[0] if args else None
        if name == "default":
            return first if value in (None, "", False, [], {}) else value
        if value is None:
            return None
        text = to_text(value)
        simple: dict[str, Callable[[], Any]] = {
            "relative_url": lambda: self.relative_url(text),
            "absolute_url": lambda: self.scope["site"]["url"] + self.relative_url(text),
            "upcase": text.upper,
            "downcase": text.lower,
            "capitalize": text.capitalize,
            "strip": text.strip,
            "escape": lambda: html.escape(text),
            "xml_escape": lambda: html.escape(text),
            "size": lambda: len(value) if isinstance(value, list | dict) else len(text),
            "slugify": lambda: re.sub(r"[^\w]+", "-", text.lower()).strip("-"),
            "date_to_string": lambda: strftime(value, "%d %b %Y"),
            "date_to_long_string": lambda: strftime(value, "%d %B %Y"),
            "date": lambda: strftime(value, first) if isinstance(first, str) else text,
            "append": lambda: text + to_text(first),
            "prepend": lambda: to_text(first) + text,
            "join": lambda: (
                to_text(first).join(map(to_text, value)) if isinstance(value, list) else text
            ),
        }
        handler = simple.get(name)
        return handler() if handler else value

    def expand(self, text: str, stash: Stash) -> str:
        """Evaluate every Liquid or Hugo token of one line of body text (not code).

        Reached only for posts the engine does not evaluate (Hugo's shortcodes).
        """
        if "{" not in text:
            return text
        if "comment" in text:
            text = INLINE_COMMENT_RE.sub("", text)
        out: list[str] = []
        pos = 0
        for match in TOKEN_RE.finditer(text):
            out.append(text[pos : match.start()])
            pos = match.end()
            before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
            out.append(self._token(match, before, stash))
        out.append(text[pos:])
        return "".join(out)

    def _token(self, match: re.Match[str], before: str, stash: Stash) -> str:
        source = match.group(0)
        if match.group("hugo") is not None or match.group("hugo_md") is not None:
            inner = match.group("hugo") if match.group("hugo") is not None else match["hugo_md"]
            return self._shortcode(inner.strip(), before, source, stash)
        if match.group("out") is not None:
            value = self.evaluate(match.group("out"))
            if value is None or isinstance(value, dict):  # a whole mapping prints as noise
                if URL_CONTEXT_RE.search(before):
                    return ""
                label = match.group("out").strip()
                return stash(chip("liquid-var", label, source))
            return to_text(value)
        return self._tag(match.group("tag"), before, source, stash)

    def _tag(self, tag: str, before: str, source: str, stash: Stash) -> str:
        name, _, args = tag.strip().partition(" ")
        args = args.strip()
        if name in SILENT_TAGS:
            return ""
        if name == "assign":
            var, _, expr = args.partition("=")
            self.scope[var.strip()] = self.evaluate(expr) if expr else None
            return ""
        if name == "post_url":
            url = self.post_url(args.split()[0] if args else "")
            if url is not None:
                return url
            if URL_CONTEXT_RE.search(before):
                return "#post-not-found:" + (args.split()[0] if args else "")
            return stash(chip("liquid-tag", f"post_url {args} (not found)", source))
        if name == "link":
            return self.link(args)
        if ATTRIBUTE_CONTEXT_RE.search(before):
            return ""
        if name == "include" and re.search(r"figure|image", args.split()[0] if args else ""):
            figure = figure_html(parse_arguments(args)[1])
            if figure:
                return stash(figure)
        label = "include " + args if name in ("include", "include_relative") else tag.strip()
        return stash(chip("liquid-tag", label, source))

    def _shortcode(self, inner: str, before: str, source: str, stash: Stash) -> str:
        """Hugo's built-in ``figure`` and ``ref``/``relref`` as the site shows them."""
        positional, named = parse_arguments(inner)
        name = positional[0] if positional else ""
        if name in ("ref", "relref") and URL_CONTEXT_RE.search(before):
            target = positional[1] if len(positional) > 1 else named.get("path", "")
            return "#ref:" + target
        if name == "figure":
            figure = figure_html(named)
            if figure:
                return stash(figure)
        return stash(chip("shortcode", "shortcode: " + inner, source))

    def link(self, args: str) -> str:
        """``{% link path %}``: a post's permalink, or the page's output path."""
        path = args.split()[0] if args else ""
        if path.startswith("_posts/"):
            stem = re.sub(r"\.[^./]+$", "", path.rsplit("/", 1)[-1])
            url = self.post_url(stem)
            if url is not None:
                return url
        path = re.sub(r"\.(md|markdown|mkd|html?)$", ".html", path)
        return self.relative_url("/" + path.lstrip("/"))


def to_text(value: Any) -> str:
    """Liquid's string form of a value: nil is empty, arrays are concatenated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "".join(to_text(v) for v in value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def split_outside_quotes(text: str, sep: str) -> list[str]:
    """Split on ``sep`` except inside quoted strings (filter arguments may contain it)."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in text:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == sep:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return parts


def strip_raw_tags(text: str) -> str:
    """Code shows ``{% raw %}``-wrapped Liquid the way the site does: without the raw tags."""
    if "raw" not in text:
        return text
    return RAW_CLOSE_RE.sub("", RAW_OPEN_RE.sub("", text))


def highlight_body(text: str) -> str:
    """A ``{% highlight %}`` body as the site shows it: Liquid's own raw and assign tags gone."""
    return strip_raw_tags(ASSIGN_LINE_RE.sub("", text))


def parse_arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and ``key="value"`` arguments of a tag or shortcode."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in ARGUMENT_RE.finditer(text):
        value = next(v for v in match.group("dq", "sq", "bare") if v is not None)
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
    return positional, named
