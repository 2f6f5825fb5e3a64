"""The preview's state machine, driven without a web view or worker processes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.render.context import RenderOptions
from editor.services.preview_scheduler import (
    EMPTY_PAGE,
    FIRST_SCREEN_CHARS,
    FIRST_SCREEN_FROM,
    WARM_SCRIPT,
    PreviewScheduler,
    first_screen,
)
from editor.services.render_messages import (
    Edit,
    Failed,
    Full,
    Page,
    Patch,
    Ready,
    Request,
    Reset,
)


@dataclass
class FakeWorker:
    """Takes one request at a time, like RenderWorker; the test answers it."""

    requests: list[Request] = field(default_factory=list)
    busy: bool = False
    time_limit_ms: float = 0

    @property
    def ready(self) -> bool:
        return not self.busy

    def request(self, message: Request) -> bool:
        if self.busy:
            return False
        self.requests.append(message)
        self.busy = True
        return True

    def take(self) -> Request:
        self.busy = False
        return self.requests[-1]


@dataclass
class FakePage:
    loads: list[str] = field(default_factory=list)
    scripts: list[tuple[str, Callable[[object], None] | None]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)

    def load_page(self, page_html: str) -> None:
        self.loads.append(page_html)

    def run_script(self, script: str, done: Callable[[object], None] | None) -> None:
        self.scripts.append((script, done))

    def show_status(self, message: str) -> None:
        self.statuses.append(message)

    def page_updated(self, kind: str) -> None:
        self.updates.append(kind)


@dataclass
class FakeTimer:
    delay_ms: int
    callback: Callable[[], None]
    pending: bool = False

    def trigger(self, delay_ms: int | None = None) -> None:
        self.pending = True

    def cancel(self) -> None:
        self.pending = False

    def is_pending(self) -> bool:
        return self.pending

    def fire(self) -> None:
        self.pending = False
        self.callback()


@pytest.fixture
def parts():
    fast, full, page = FakeWorker(), FakeWorker(), FakePage()
    scheduler = PreviewScheduler(fast, full, page, FakeTimer)
    return scheduler, fast, full, page


def shown(scheduler, full, page, text: str = "One\n\nTwo\n") -> PostDocument:
    """A post opened and its first page loaded."""
    doc = PostDocument.from_text(text)
    scheduler.set_document(doc, None, None)
    request = full.take()
    assert isinstance(request, Full) and request.body == doc.body
    scheduler.full_answered(Page(request.serial, "<page>", "__pe.replaceArticle()", "head"))
    assert page.loads[-1] == "<page>"
    scheduler.page_loaded(True)
    return doc


def test_opening_a_post_loads_its_full_render_and_warms_the_page(parts) -> None:
    scheduler, _fast, full, page = parts
    doc = shown(scheduler, full, page)
    assert page.updates == ["page"]
    assert (WARM_SCRIPT, None) in page.scripts
    assert scheduler.is_current()
    doc.set_body("Changed\n")
    assert not scheduler.is_current()


def test_a_keystroke_sends_only_the_edit_and_patches_the_page(parts) -> None:
    scheduler, fast, full, page = parts
    doc = shown(scheduler, full, page)
    doc.set_body("One!\n\nTwo\n")
    scheduler.update_document()
    reset = fast.take()
    assert isinstance(reset, Reset) and reset.body == "One\n\nTwo\n"
    scheduler.fast_answered(Ready(reset.serial))
    edit = fast.take()
    assert isinstance(edit, Edit)
    assert (edit.start, edit.end, edit.text) == (3, 3, "!")
    scheduler.fast_answered(Patch(edit.serial, "__pe.patch(0, 1, '<p>One!</p>', 0);"))
    script, done = page.scripts[-1]
    assert script.startswith("__pe.patch(")
    assert done is not None
    done("ok")
    assert page.updates[-1] == "patch"
    assert scheduler.full_debounce.is_pending()  # the full render follows after a pause


def test_a_patch_for_text_the_page_no_longer_shows_is_dropped(parts) -> None:
    scheduler, fast, full, page = parts
    doc = shown(scheduler, full, page)
    doc.set_body("One!\n\nTwo\n")
    scheduler.update_document()
    scheduler.fast_answered(Ready(fast.take().serial))
    edit = fast.take()
    # Meanwhile a full render of the new text replaced the article the edit was made against.
    scheduler.full_debounce.fire()
    request = full.take()
    scheduler.full_answered(Page(request.serial, "<p>", "__pe.replaceArticle(2)", "head"))
    runs = len(page.scripts)
    scheduler.fast_answered(Patch(edit.serial, "__pe.patch(0, 1, 'x', 0);"))
    assert all(not s.startswith("__pe.patch(") for s, _ in page.scripts[runs:])
    # The keystroke worker is given the page's text again before the next edit.
    resend = fast.requests[-1]
    assert isinstance(resend, Reset) and resend.body == "One!\n\nTwo\n"


def test_a_patch_the_page_refuses_asks_for_a_fresh_page(parts) -> None:
    scheduler, fast, full, page = parts
    doc = shown(scheduler, full, page)
    doc.set_body("One!\n\nTwo\n")
    scheduler.update_document()
    scheduler.fast_answered(Ready(fast.take().serial))
    scheduler.fast_answered(Patch(fast.take().serial, "__pe.patch(0, 1, 'x', 0);"))
    _script, done = page.scripts[-1]
    assert done is not None
    done("resync")
    request = full.take()
    assert isinstance(request, Full) and request.body == "One!\n\nTwo\n"
    scheduler.full_answered(Page(request.serial, "<fresh>", "__pe.replaceArticle()", "head"))
    assert page.loads[-1] == "<fresh>"  # reloaded, not patched in place


def test_a_full_render_of_the_current_text_replaces_the_article_in_place(parts) -> None:
    scheduler, _fast, full, page = parts
    doc = shown(scheduler, full, page)
    doc.set_body("One\n\nTwo and more\n")
    scheduler.update_document()
    scheduler.full_debounce.fire()
    request = full.take()
    scheduler.full_answered(Page(request.serial, "<page2>", "__pe.replaceArticle(2)", "head"))
    assert page.loads == ["<page>"]
    assert page.scripts[-2][0] == "__pe.replaceArticle(2)"
    page.scripts[-2][1]("ok")
    assert page.updates[-1] == "full"
    assert scheduler.is_current()


def test_a_full_render_of_text_since_changed_is_asked_again(parts) -> None:
    scheduler, _fast, full, page = parts
    doc = shown(scheduler, full, page)
    doc.set_body("Two\n")
    scheduler.full_debounce.fire()
    stale = full.take()
    doc.set_body("Three\n")
    scheduler.update_document()
    scheduler.full_answered(Page(stale.serial, "<stale>", "__pe.replaceArticle(9)", "head"))
    assert all(script != "__pe.replaceArticle(9)" for script, _ in page.scripts)
    assert scheduler.full_debounce.is_pending()
    scheduler.full_debounce.fire()
    assert isinstance(full.requests[-1], Full) and full.requests[-1].body == "Three\n"


def test_another_head_reloads_the_page(parts) -> None:
    scheduler, _fast, full, page = parts
    shown(scheduler, full, page)
    scheduler.set_options(RenderOptions(theme="dark"))
    request = full.take()
    scheduler.full_answered(Page(request.serial, "<dark>", "__pe.replaceArticle()", "dark-head"))
    assert page.loads[-1] == "<dark>"


def test_page_code_waits_for_a_page_load_in_progress(parts) -> None:
    scheduler, fast, full, page = parts
    doc = PostDocument.from_text("One\n")
    scheduler.set_document(doc, None, None)
    request = full.take()
    scheduler.full_answered(Page(request.serial, "<page>", "x", "head"))
    assert scheduler.loading
    scheduler._run("__pe.scrollToLine(3);")
    assert page.scripts == []
    scheduler.page_loaded(True)
    assert [s for s, _ in page.scripts] == [WARM_SCRIPT, "__pe.scrollToLine(3);"]
    assert isinstance(fast.requests[-1], Reset)


def test_failures_are_said_and_cleared_by_the_next_render(parts) -> None:
    scheduler, _fast, full, page = parts
    doc = PostDocument.from_text("[" * 10 + "\n")
    scheduler.set_document(doc, None, None)
    request = full.take()
    scheduler.full_answered(Failed(request.serial, "RecursionError: too deep"))
    assert "could not render this post: RecursionError" in scheduler.status
    scheduler.full_failed("rendering took longer than 2 s and was stopped")
    assert "Typing is not affected" in page.statuses[-1]
    doc.set_body("Fine\n")
    scheduler.update_document()
    scheduler.full_debounce.fire()
    request = full.take()
    scheduler.full_answered(Page(request.serial, "<ok>", "x", "head"))
    assert scheduler.status == ""


def test_closing_the_post_shows_an_empty_page(parts) -> None:
    scheduler, _fast, full, page = parts
    shown(scheduler, full, page)
    scheduler.set_document(None, None, None)
    assert page.loads[-1] == EMPTY_PAGE


def test_a_long_post_shows_its_top_first_then_the_whole(parts) -> None:
    scheduler, fast, full, page = parts
    paragraphs = "".join(f"Paragraph {i} of a long post, with some words.\n\n" for i in range(3000))
    doc = PostDocument.from_text(paragraphs)
    assert len(doc.body) > FIRST_SCREEN_FROM
    scheduler.set_document(doc, None, None)
    head = full.take()
    assert isinstance(head, Full)
    assert head.body == first_screen(doc.body)
    assert FIRST_SCREEN_CHARS <= len(head.body) < FIRST_SCREEN_CHARS + 100
    assert head.body.endswith("words.\n")
    scheduler.full_answered(Page(head.serial, "<top>", "__pe.replaceArticle(top)", "head"))
    assert page.loads == ["<top>"]
    whole = full.take()
    assert isinstance(whole, Full) and whole.body == doc.body
    scheduler.page_loaded(True)
    assert scheduler.shows_first_screen_only()
    doc.set_body(doc.body + "More.\n")
    scheduler.update_document()
    assert fast.requests == []  # no edit against the top alone
    assert not scheduler.is_current()
    # The whole render of the text before that keystroke is not shown; the next one is.
    scheduler.full_answered(Page(whole.serial, "<old>", "__pe.replaceArticle(old)", "head"))
    assert scheduler.shows_first_screen_only()
    scheduler.full_debounce.fire()
    latest = full.take()
    assert isinstance(latest, Full) and latest.body == doc.body
    scheduler.full_answered(Page(latest.serial, "<all>", "__pe.replaceArticle(all)", "head"))
    assert not scheduler.shows_first_screen_only()
    assert page.loads == ["<top>"]  # the whole article goes in place
    assert page.scripts[-2][0] == "__pe.replaceArticle(all)"
    assert isinstance(fast.requests[-1], Reset) and fast.requests[-1].body == doc.body


def test_a_short_post_is_rendered_whole_at_once(parts) -> None:
    scheduler, _fast, full, _page = parts
    doc = PostDocument.from_text("Short.\n" * 100)
    scheduler.set_document(doc, None, None)
    request = full.take()
    assert isinstance(request, Full) and request.body == doc.body


def test_a_post_too_large_for_a_live_preview_shows_its_top_and_says_so(
    parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    from editor.services import preview_scheduler

    monkeypatch.setattr(preview_scheduler, "LIVE_PREVIEW_LIMIT", 100_000)
    scheduler, fast, full, page = parts
    doc = PostDocument.from_text("".join(f"Paragraph {i}, some words.\n\n" for i in range(8000)))
    assert len(doc.body) > 100_000
    scheduler.set_document(doc, None, None)
    assert scheduler.paused
    assert "Live preview is paused" in page.statuses[-1] and "Refresh Preview" in page.statuses[-1]
    head = full.take()
    assert isinstance(head, Full) and head.body == first_screen(doc.body)
    scheduler.full_answered(Page(head.serial, "<top>", "", "head"))
    scheduler.page_loaded(True)
    assert full.requests == [head]  # no whole render behind it
    doc.set_body(doc.body + "More.\n")
    scheduler.update_document()
    assert not scheduler.full_debounce.is_pending()
    assert fast.requests == [] and full.requests == [head]  # typing sends nothing
    assert "Live preview is paused" in scheduler.status
    scheduler.refresh()
    whole = full.take()
    assert isinstance(whole, Full) and whole.body == doc.body
    scheduler.full_answered(Page(whole.serial, "<all>", "__pe.replaceArticle(all)", "head"))
    scheduler.page_loaded(True)
    assert page.loads[-1] == "<all>"
    assert scheduler.is_current()
    assert "Live preview is paused" in scheduler.status  # still not live


def test_a_post_under_the_limit_is_live(parts) -> None:
    scheduler, _fast, _full, page = parts
    shown(scheduler, _full, page, "Short.\n" * 100)
    assert not scheduler.paused
    assert not any("paused" in status for status in page.statuses)
