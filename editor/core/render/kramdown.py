"""What kramdown (Jekyll's Markdown) does that Python-Markdown does not, applied to the tree.

GitHub-style heading ids, task-list checkboxes, ``.no_toc`` headings left out of the table of
contents, and typographic punctuation (curly quotes, dashes, ellipses) as kramdown's
``smart_quotes`` and typographic symbols produce them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions.toc import unescape
from markdown.util import HTML_PLACEHOLDER

from editor.core.render.sanitize import RESERVED_IDS

PLACEHOLDER_RE = re.compile(HTML_PLACEHOLDER.replace("%s", r"(\d+)"))
TASK_RE = re.compile(r"^\[([ xX])\]\s+")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LITERAL_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "var"})
OPEN_DOUBLE_RE = re.compile(r'(^|[\s(\[{\u2014\u2013-])"')
OPEN_SINGLE_RE = re.compile(r"(^|[\s(\[{\u201c\u2014\u2013-])'")


def gfm_slug(text: str) -> str:
    """Heading ids the way Jekyll's kramdown (GFM input) makes them: unicode letters kept."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def heading_ids(root: etree.Element) -> None:
    """Ids for headings without one; repeats get ``-1``, ``-2`` like kramdown."""
    used: dict[str, int] = dict.fromkeys(RESERVED_IDS, 0)
    headings = [el for el in root.iter() if el.tag in HEADINGS]
    for elem in headings:
        if given := elem.get("id"):
            used.setdefault(given, 0)
    for elem in headings:
        if elem.get("id"):
            continue
        text = unescape(PLACEHOLDER_RE.sub("", "".join(elem.itertext())))
        slug = gfm_slug(text) or "section"
        count = used.get(slug)
        used[slug] = 0 if count is None else count + 1
        elem.set("id", slug if count is None else f"{slug}-{count + 1}")


def task_lists(root: etree.Element) -> None:
    """``- [ ]`` / ``- [x]`` items get a disabled checkbox, as GitHub and kramdown GFM show."""
    for item in root.iter("li"):
        holder = item[0] if len(item) and item[0].tag == "p" and not item.text else item
        match = TASK_RE.match(holder.text or "")
        if not match:
            continue
        box = etree.Element("input", {"type": "checkbox", "disabled": "disabled"})
        if match.group(1) != " ":
            box.set("checked", "checked")
        box.tail = " " + (holder.text or "")[match.end() :]
        holder.text = None
        holder.insert(0, box)
        item.set("class", ((item.get("class") or "") + " task-list-item").strip())


def hide_no_toc(root: etree.Element) -> None:
    """Headings marked ``{:.no_toc}`` are left out of every table of contents."""
    hidden = {el.get("id") for el in root.iter() if "no_toc" in (el.get("class") or "").split()}
    if not hidden:
        return
    for toc in root.iter("div"):
        if "toc" not in (toc.get("class") or "").split():
            continue
        for parent in list(toc.iter()):
            for item in list(parent):
                link = item.find("a")
                if item.tag == "li" and link is not None and link.get("href", "")[1:] in hidden:
                    parent.remove(item)


def smarten(text: str, at_start: bool) -> str:
    """Typographic punctuation for one run of text (``at_start``: nothing precedes it)."""
    if "--" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    if "..." in text:
        text = text.replace("...", "\u2026")
    if '"' in text:
        text = OPEN_DOUBLE_RE.sub(lambda m: m.group(1) + "\u201c", text)
        if not at_start and text.startswith("\u201c"):
            text = "\u201d" + text[1:]
        text = text.replace('"', "\u201d")
    if "'" in text:
        text = OPEN_SINGLE_RE.sub(lambda m: m.group(1) + "\u2018", text)
        if not at_start and text.startswith("\u2018"):
            text = "\u2019" + text[1:]
        text = text.replace("'", "\u2019")
    return text


def smart_typography(root: etree.Element) -> None:
    """Apply :func:`smarten` to every text run outside code (iteratively: trees can be deep)."""
    stack = [root]
    while stack:
        elem = stack.pop()
        if elem.tag in LITERAL_TAGS:
            continue
        if elem.text:
            elem.text = smarten(elem.text, at_start=True)
        for child in elem:
            if child.tail:
                child.tail = smarten(child.tail, at_start=False)
            stack.append(child)
