"""A rendered page as the preview takes it: chunk markers, long posts' groups, page code.

The preview patches the page instead of reloading it, so a full render is cut into the article
(replaced in place) and the rest of the page (whose key says whether a reload is needed). The
page code these functions write calls the page runtime (``resources/preview/runtime.js``),
which the preview injects once into every page it loads.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from editor.core.digest import blake2b
from editor.core.render.chunk_html import mark_chunks
from editor.core.render.incremental import CHUNK_MARK, END_MARK, split_chunks

GROUP_FROM = 2000
# A post already shown in groups keeps them down to this many chunks, so that a post near
# GROUP_FROM does not swap between the two forms (each swap replaces the whole article).
GROUP_KEEP = 1800
GROUP_MIN = 64
GROUP_MAX = 320
# A chunk starts a group (once the group has GROUP_MIN chunks) when its text hashes to 0 modulo
# this: GROUP_MIN + GROUP_CUT chunks per group on average.
GROUP_CUT = 96
GROUP_SIZE = GROUP_MIN + GROUP_CUT
GROUP_OPEN = '<pe-group style="display:block">'

_ARTICLE_OPEN = re.compile(r"<article\b[^>]*\bid=[\"']article[\"'][^>]*>")
_BODY_OPEN = re.compile(r"<div\b[^>]*\bid=[\"']post-body[\"'][^>]*>")
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)
_ELEMENT = re.compile(r"<[A-Za-z]")
# A data-line attribute in a tag (not the same text in the post's words).
_DATA_LINE = re.compile(r'(<[a-zA-Z][^>]*?\sdata-line=")(\d+)(")')


def patch_script(index: int, removed: int, html: str, line_delta: int) -> str:
    """Page code applying one splice; returns 'ok' or 'resync' to the caller."""
    return f"__pe.patch({index}, {removed}, {json.dumps(html)}, {line_delta});"


def split_page(page: str) -> tuple[int, int, int, int]:
    """Offsets of the article's and the post body's inner HTML in a rendered page."""
    article = _ARTICLE_OPEN.search(page)
    body = _BODY_OPEN.search(page)
    if article is None or body is None:
        raise ValueError("the rendered page has no article or post body")
    article_end = page.rfind("</article>")
    depth = 1
    for tag in _DIV_TAG.finditer(page, body.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return article.end(), article_end, body.end(), tag.start()
    raise ValueError("the post body is not closed")


@dataclass(frozen=True)
class Group:
    """One block of a long post's chunks: its HTML, first source line and content key.

    The key ignores where the block sits: source lines count from its first one, so a block
    that only moved (lines added above it) keeps its key and the page keeps the block.
    """

    html: str
    base: int
    key: str

    @classmethod
    def of(cls, html: str) -> Group:
        first = _DATA_LINE.search(html)
        base = int(first.group(2)) if first else 0
        relative = _DATA_LINE.sub(lambda m: f"{m[1]}{int(m[2]) - base}{m[3]}", html)
        key = blake2b(relative.encode("utf-8", "surrogatepass"), digest_size=8)
        return cls(html, base, key.hexdigest())

    def open_tag(self) -> str:
        return f'{GROUP_OPEN[:-1]} data-key="{self.key}" data-base="{self.base}">'


def _starts_group(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % GROUP_CUT == 0


def split_groups(
    marked: str, texts: Sequence[str], *, grouped: bool = False
) -> tuple[str, list[Group], str]:
    """A long post's marked body as (what comes before the groups, its groups, the rest).

    ``texts`` are the chunks' source texts, one per chunk mark; ``grouped`` says the page
    shows the post in groups already (see ``GROUP_KEEP``).

    A patch makes Chromium lay out and paint-walk every child of the changed element's parent:
    ~26,000 top-level elements in a 1 MB post, ~100 ms per keystroke. In blocks of chunks, each
    held apart in the page (``content-visibility: auto``, see runtime.js), a keystroke lays out
    the one block it changes. Built here, not in the page, because moving the nodes in the page
    costs ~0.6 s at 1 MB. Where a block starts depends on the chunk's text alone (between
    ``GROUP_MIN`` and ``GROUP_MAX`` chunks, ``GROUP_SIZE`` on average), so a paragraph added
    near the top changes one block, not where every block below starts, and a full render
    replaces that one block in the page. Sibling selectors in site CSS (``h2 + p``,
    ``:first-child``) see the block edges, hence long posts only. The chunks up to the first one
    that shows an element stay outside, so that every group has an element before it to work
    out its top margin against. A short post has no groups.
    """
    head, end_mark, tail = marked.partition(END_MARK)
    pieces = head.split(CHUNK_MARK)
    if len(pieces) - 1 < (GROUP_KEEP if grouped else GROUP_FROM):
        return marked, [], ""
    if len(texts) != len(pieces) - 1:
        raise ValueError(f"{len(pieces) - 1} chunks marked, {len(texts)} chunk texts")
    chunks = [CHUNK_MARK + piece for piece in pieces[1:]]
    lead = 0
    while lead < len(chunks) - 1 and not _ELEMENT.search(chunks[lead]):
        lead += 1
    lead += 1
    if lead >= len(chunks):  # nothing shows an element: nothing to group
        return marked, [], ""
    starts = [lead]
    for i in range(lead + 1, len(chunks)):
        size = i - starts[-1]
        if size >= GROUP_MAX or (size >= GROUP_MIN and _starts_group(texts[i])):
            starts.append(i)
    ends = [*starts[1:], len(chunks)]
    groups = [Group.of("".join(chunks[a:b])) for a, b in zip(starts, ends, strict=True)]
    return pieces[0] + "".join(chunks[:lead]), groups, end_mark + tail


def join_groups(before: str, groups: Sequence[Group], after: str, *, empty: bool = False) -> str:
    """The marked body again, its groups filled or (``empty``) left for the page to fill."""
    inner = "".join(f"{g.open_tag()}{'' if empty else g.html}</pe-group>" for g in groups)
    return before + inner + after


def full_page(page: str, body: str, *, grouped: bool = False) -> tuple[str, str, str]:
    """(page with chunk markers, code replacing the article in place, key of the page's head).

    ``page`` is the rendered page of ``body``; ``grouped``: the post was shown in groups last
    time (see ``GROUP_KEEP``).
    """
    article_start, article_end, body_start, body_end = split_page(page)
    chunks = split_chunks(body)
    lines = [line for line, _text in chunks]
    texts = [text for _line, text in chunks]
    marked = mark_chunks(page[body_start:body_end], lines)
    before, groups, after = split_groups(marked, texts, grouped=grouped)
    marked = join_groups(before, groups, after)
    article = page[article_start:body_start] + join_groups(before, groups, after, empty=True)
    article += page[body_end:article_end]
    page = page[:body_start] + marked + page[body_end:]
    head = _TITLE.sub("", page[:article_start])
    head_key = blake2b(head.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()
    title = _TITLE.search(page[:article_start])
    title_text = re.sub(r"<[^>]+>", "", title.group(0)) if title else ""
    article_js = (
        f"__pe.replaceArticle({json.dumps(article)}, "
        f"{json.dumps([g.html for g in groups])}, "
        f"{json.dumps(title_text)});"
    )
    return page, article_js, head_key
