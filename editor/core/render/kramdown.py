"""What kramdown (Jekyll's Markdown) does that Python-Markdown does not, applied to the tree.

GitHub-style heading ids, task-list checkboxes, ``.no_toc`` headings left out of the table of
contents, and typographic punctuation (curly quotes, dashes, ellipses) as kramdown's
``smart_quotes`` and typographic symbols produce them.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown.extensions.toc import unescape
from markdown.util import HTML_PLACEHOLDER

from editor.core.render.sanitize import RESERVED_IDS

PLACEHOLDER_RE = re.compile(HTML_PLACEHOLDER.replace("%s", r"(\d+)"))
TASK_RE = re.compile(r"^\[([ xX])\]\s+")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LITERAL_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "var"})
OPEN_DOUBLE_RE = re.compile(r'(^|[\s(\[{\u2014\u2013-])"')
OPEN_SINGLE_RE = re.compile(r"(^|[\s(\[{\u201c\u2014\u2013-])'(?!\d\ds\b)")  # not the '90s


def gfm_slug(text: str) -> str:
    """Heading ids the way Jekyll's kramdown (GFM input) makes them: unicode letters kept,
    other characters dropped, each space or tab a hyphen (from the typographic text, not
    stripped: ``[Next → ](url)`` keeps the space inside its link)."""
    kept = "".join(c for c in text.lower() if c in "- \t" or word_char(c))
    return kept.replace(" ", "-").replace("\t", "-")


def word_char(char: str) -> bool:
    """Ruby's ``\\p{Word}``: letters, marks (an emoji's variation selector), numbers, ``_``."""
    if char.isalnum() or char == "_":
        return True
    category = unicodedata.category(char)
    return category[0] in "LMN" or category == "Pc"


MARKDOWN_HEADING = "data-pe-md-heading"
"""Marks a heading written in Markdown (set by the heading block processors): only those get
kramdown's automatic id; a raw HTML ``<h2>`` gets none."""


def heading_ids(root: etree.Element, stashed_text=None) -> None:
    """Ids for headings without one; repeats get ``-1``, ``-2`` like kramdown.

    Only headings written in Markdown get one (kramdown leaves raw HTML ``<h2>`` alone).
    ``stashed_text(index)`` gives the text a stashed piece of HTML stands for in a heading
    (math counts as its TeX, as kramdown's id does). A heading whose text gives no id
    characters gets none, and its repeats ``-1``, ``-2``… as in kramdown.
    """
    used: dict[str, int] = dict.fromkeys(RESERVED_IDS, 0)
    headings = [el for el in root.iter() if el.tag in HEADINGS]
    for elem in headings:
        if elem.get("id"):
            used.setdefault(elem.get("id"), 0)  # type: ignore[arg-type]

    def placeholder(match: re.Match[str]) -> str:
        return stashed_text(int(match.group(1))) if stashed_text else ""

    for elem in headings:
        written_in_markdown = MARKDOWN_HEADING in elem.attrib
        elem.attrib.pop(MARKDOWN_HEADING, None)
        if elem.get("id") or not written_in_markdown:
            continue  # kramdown gives raw HTML headings no id
        text = unescape(PLACEHOLDER_RE.sub(placeholder, "".join(elem.itertext())))
        if "&" in text:
            text = html.unescape(text)  # code spans hold their text escaped
        slug = gfm_slug(text)
        count = used.get(slug)
        used[slug] = 0 if count is None else count + 1
        if count is None and not slug:
            continue
        elem.set("id", slug if count is None else f"{slug}-{count + 1}")


def unnest_links(root: etree.Element) -> None:
    """A reference inside a link's text stays text, in its brackets: kramdown never nests
    links (``[[name]](url)`` links ``[name]`` to url), where Python-Markdown links both."""
    for outer in list(root.iter("a")):
        for parent in list(outer.iter()):
            for inner in [child for child in parent if child.tag == "a"]:
                index = list(parent).index(inner)
                text = "[" + "".join(inner.itertext()) + "]" + (inner.tail or "")
                if index:
                    before = parent[index - 1]
                    before.tail = (before.tail or "") + text
                else:
                    parent.text = (parent.text or "") + text
                parent.remove(inner)


def task_lists(root: etree.Element) -> None:
    """``- [ ]`` / ``- [x]`` items get a disabled checkbox, as GitHub and kramdown GFM show;
    their list gets kramdown GFM's ``task-list`` class."""
    for parent in root.iter():
        if parent.tag not in ("ul", "ol"):
            continue
        tasks = [task_item(item) for item in parent if item.tag == "li"]
        if any(tasks):
            parent.set("class", ((parent.get("class") or "") + " task-list").strip())


def task_item(item: etree.Element) -> bool:
    """The item's checkbox put in place, if the item is a task (a loose item's is in its p)."""
    loose = len(item) and item[0].tag == "p" and not (item.text or "").strip()
    holder = item[0] if loose else item
    match = TASK_RE.match(holder.text or "")
    if not match:
        return False
    box = etree.Element(
        "input",
        {"type": "checkbox", "class": "task-list-item-checkbox", "disabled": "disabled"},
    )
    if match.group(1) != " ":
        box.set("checked", "checked")
    box.tail = (holder.text or "")[match.end() :]  # kramdown GFM: no space after the box
    holder.text = None
    holder.insert(0, box)
    item.set("class", ((item.get("class") or "") + " task-list-item").strip())
    return True


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
                    # Its sub-headings stay, one level up (kramdown skips only the heading).
                    at = list(parent).index(item)
                    parent.remove(item)
                    for sub in item.findall("ul") + item.findall("ol"):
                        for child in list(sub):
                            parent.insert(at, child)
                            at += 1
        for parent in list(toc.iter()):
            if parent.tag in ("ul", "ol"):
                for item in list(parent):
                    # An item removed above may have lifted items that are themselves hidden.
                    link = item.find("a")
                    if link is not None and link.get("href", "")[1:] in hidden:
                        parent.remove(item)


def smarten(text: str, at_start: bool) -> str:
    """Typographic punctuation for one run of text (``at_start``: nothing precedes it)."""
    if "--" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    if "..." in text:
        text = text.replace("...", "\u2026")
    if "<<" in text or ">>" in text:
        text = text.replace("<<", "\u00ab").replace(">>", "\u00bb")
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


# At the start of a tail (right after an element) or right after stashed raw HTML.
SPAN_IAL_RE = re.compile(r"(?:^|(?<=\x03))\s*\{:(?![:/])[^{}\n]*\}")


def drop_span_ials(text: str) -> str:
    """A span IAL right after an element (``<span>x</span>{: .label}``) is never shown by
    kramdown; those Python-Markdown did not apply (after raw HTML) are dropped. One after
    plain text (``Title {: #x}``) is no IAL for kramdown and stays as typed."""
    return SPAN_IAL_RE.sub("", text) if "{:" in text else text


def smart_typography(root: etree.Element) -> None:
    """Apply :func:`smarten` to every text run outside code (iteratively: trees can be deep)."""
    stack = [root]
    while stack:
        elem = stack.pop()
        if elem.tag in LITERAL_TAGS:
            continue
        if elem.text:
            elem.text = smarten(drop_span_ials(elem.text), at_start=True)
        for child in elem:
            if child.tail:
                child.tail = smarten(drop_span_ials(child.tail), at_start=False)
            stack.append(child)


FNREF_ID_RE = re.compile(r"^fnref(\d*):(.+)$")


def kramdown_ref_id(python_markdown_id: str) -> str:
    """``fnref2:x`` (Python-Markdown's second reference) as kramdown writes it, ``fnref:x:1``."""
    match = FNREF_ID_RE.match(python_markdown_id)
    if not match or not match.group(1) or match.group(1) == "1":
        return python_markdown_id
    return f"fnref:{match.group(2)}:{int(match.group(1)) - 1}"


def kramdown_footnotes(root: etree.Element, notes: etree.Element) -> None:
    """Footnote markup as kramdown writes it (``notes`` is the footnotes block).

    No rule above the notes; references ``sup#fnref:x`` with ``a.footnote``; a note cited
    several times has one back-link per citation, the later ones numbered (``↩²``).
    """
    for child in list(notes):
        if child.tag == "hr":
            notes.remove(child)
    notes.set("role", "doc-endnotes")
    for sup in root.iter("sup"):
        ident = sup.get("id") or ""
        if not ident.startswith("fnref"):
            continue
        sup.set("id", kramdown_ref_id(ident))
        sup.set("role", "doc-noteref")
        for link in sup.iter("a"):
            link.set("class", "footnote")
            link.set("rel", "footnote")
    renumber_footnotes(root, notes)
    for item in notes.iter("li"):
        if (item.get("id") or "").startswith("fn:"):
            item.set("role", "doc-endnote")
        backlinks = [a for a in item.iter("a") if a.get("class") == "footnote-backref"]
        for number, link in enumerate(backlinks, start=1):
            link.set("href", "#" + kramdown_ref_id(link.get("href", "")[1:]))
            link.set("class", "reversefootnote")
            link.set("role", "doc-backlink")
            link.attrib.pop("title", None)
            link.text = "\u21a9"
            for child in list(link):
                link.remove(child)
            if number > 1:
                mark = etree.SubElement(link, "sup")
                mark.text = str(number)
            if number < len(backlinks):
                link.tail = " " + (link.tail or "").lstrip("\xa0 ")


SUP_LABEL_RE = re.compile(r"^fnref:(.+?)(?::\d+)?$")


def renumber_footnotes(root: etree.Element, notes: etree.Element) -> None:
    """Number notes by their first citation in reading order, as kramdown does.

    Python-Markdown numbers them in the order its inline pass met them, which is not the
    document's order when citations sit in quotes, lists or headings.
    """
    inside = {id(el) for el in notes.iter()}
    order: dict[str, int] = {}
    refs: list[tuple[etree.Element, str]] = []
    for sup in root.iter("sup"):
        match = SUP_LABEL_RE.match(sup.get("id") or "")
        if match is None or id(sup) in inside:
            continue
        label = match.group(1)
        order.setdefault(label, len(order) + 1)
        refs.append((sup, label))
    for sup, label in refs:
        for link in sup.iter("a"):
            link.text = str(order[label])
    listing = notes.find("ol")
    if listing is None:
        return
    items = list(listing)
    unknown = len(order) + 1

    def position(item: etree.Element) -> int:
        return order.get((item.get("id") or "")[3:], unknown)

    for item in items:
        listing.remove(item)
    for item in sorted(items, key=position):
        listing.append(item)


LEADING_IAL_RE = re.compile(r"^\{:(?!:)\s*([^}]*?)\s*\}[ \t]*")
IAL_HOLDERS = frozenset({"li", "dt", "dd"})


def leading_ials(root: etree.Element, assign) -> None:
    """kramdown's IAL at the start of a list item, term or definition (``* {:.cls} text``)
    gives that element its attributes and is not shown."""
    for elem in root.iter():
        if elem.tag not in IAL_HOLDERS:
            continue
        holder = elem[0] if len(elem) and elem[0].tag == "p" and not elem.text else elem
        match = LEADING_IAL_RE.match(holder.text or "")
        if match:
            holder.text = holder.text[match.end() :]  # type: ignore[index]
            assign(elem, match.group(1))
