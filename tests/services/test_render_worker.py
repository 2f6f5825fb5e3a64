"""The render worker process: answers, time limit (kill and restart), crash recovery."""

from __future__ import annotations

import os
import signal

import pytest

from editor.core.render import RenderContext, page_groups, render_page
from editor.core.render.incremental import CHUNK_MARK, END_MARK, split_chunks
from editor.services import render_process, render_server
from editor.services.debounce import Debounce
from editor.services.render_messages import (
    Answer,
    Edit,
    Failed,
    Full,
    Page,
    Patch,
    Ready,
    Request,
    Reset,
)
from editor.services.render_worker import RenderHost, RenderWorker


@pytest.fixture
def worker(qtbot):
    w = RenderWorker("test")
    with qtbot.waitSignal(w.started, timeout=5000):
        w.start()
    yield w
    w.stop()


def ask(qtbot, worker: RenderWorker, message: Request, timeout: int = 15000) -> Answer:
    with qtbot.waitSignal(worker.answered, timeout=timeout) as answer:
        assert worker.request(message)
    return answer.args[0]


def test_an_edit_is_answered_with_a_patch_of_the_touched_chunk(qtbot, worker) -> None:
    ctx = RenderContext()
    assert ask(qtbot, worker, Reset(1, "One\n\nTwo\n\nThree\n", ctx)) == Ready(1)
    patch = ask(qtbot, worker, Edit(2, 5, 5, "and "))
    assert isinstance(patch, Patch)
    assert (patch.serial, patch.reasons) == (2, ())
    assert patch.script.startswith("__pe.patch(1, 1, ")
    assert "and Two" in patch.script
    assert "Three" not in patch.script


def test_one_request_at_a_time(qtbot, worker) -> None:
    assert worker.request(Reset(1, "x", RenderContext()))
    assert worker.busy
    assert not worker.request(Reset(2, "y", RenderContext()))
    qtbot.waitUntil(lambda: not worker.busy, timeout=15000)


def test_a_render_over_the_time_limit_is_killed_and_the_worker_restarts(qtbot, worker) -> None:
    worker.time_limit_ms = 300
    with qtbot.waitSignal(worker.failed, timeout=5000) as failure:
        assert worker.request(Full(1, "[" * 20000, RenderContext()))
    assert "longer than 0.3 s" in failure.args[0]
    assert worker.restarts == 1
    worker.time_limit_ms = 15000
    qtbot.waitUntil(lambda: worker.ready, timeout=5000)
    assert isinstance(ask(qtbot, worker, Full(2, "Hello\n", RenderContext())), Page)


def test_a_crashed_worker_is_restarted(qtbot, worker) -> None:
    assert ask(qtbot, worker, Reset(1, "x", RenderContext())) == Ready(1)
    pid = worker._process.pid
    with qtbot.waitSignal(worker.failed, timeout=5000) as failure:
        os.kill(pid, signal.SIGKILL)
    assert "stopped" in failure.args[0]
    qtbot.waitUntil(lambda: worker.ready, timeout=5000)
    assert ask(qtbot, worker, Reset(2, "y", RenderContext())) == Ready(2)


def test_errors_come_back_as_messages(qtbot, worker) -> None:
    answer = ask(qtbot, worker, Edit(1, 50, 60, "x", RenderContext()))
    assert isinstance(answer, Failed)
    assert answer.serial == 1
    assert "outside a body" in answer.message


def test_full_page_marks_every_chunk_inside_the_post_body() -> None:
    body = "# Title\n\nOne[^1]\n\n[r]: http://example.com\n\n- a\n- b\n\n[^1]: Note.\n"
    rendered = render_page(body, RenderContext())
    page, article_js, head_key = page_groups.full_page(rendered, body)
    _, _, start, end = page_groups.split_page(page)
    inner = page[start:end]
    assert inner.count(CHUNK_MARK) == len(split_chunks(body))
    assert inner.count(END_MARK) == 1
    assert inner.index(END_MARK) < inner.index('<div class="footnote')
    assert article_js.startswith("__pe.replaceArticle(")
    assert len(head_key) == 64


def test_split_page_refuses_a_page_without_a_body() -> None:
    with pytest.raises(ValueError, match="no article"):
        page_groups.split_page("<html><body><p>x</p></body></html>")


def test_debounce_waits_for_a_pause_and_can_be_flushed(qtbot) -> None:
    calls: list[int] = []
    debounce = Debounce(50, lambda: calls.append(1))
    debounce.trigger()
    debounce.trigger()
    assert debounce.is_pending()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    debounce.trigger(10_000)
    debounce.flush()
    assert calls == [1, 1]
    debounce.trigger()
    debounce.cancel()
    qtbot.wait(100)
    assert calls == [1, 1]


def test_a_worker_started_early_is_adopted_by_the_first_worker_of_its_name(qtbot) -> None:
    render_process.start_early("early", 5)
    early_pid = render_process._early["early"][0].pid
    w = RenderWorker("early", nice=5)
    try:
        with qtbot.waitSignal(w.started, timeout=5000):
            w.start()
        assert w._process.pid == early_pid
        assert "early" not in render_process._early
        assert isinstance(ask(qtbot, w, Full(1, "Hello\n", RenderContext())), Page)
    finally:
        w.stop()


def test_an_early_worker_of_another_priority_is_not_adopted(qtbot) -> None:
    render_process.start_early("early-other", 0)
    early = render_process._early["early-other"][0]
    w = RenderWorker("early-other", nice=3)
    try:
        with qtbot.waitSignal(w.started, timeout=5000):
            w.start()
        assert w._process.pid != early.pid
        assert not early.is_alive()
        assert isinstance(ask(qtbot, w, Full(1, "Hello\n", RenderContext())), Page)
    finally:
        w.stop()


def test_the_worker_keeps_a_post_grouped_near_the_grouping_size() -> None:
    session = render_server._Session()
    count = (page_groups.GROUP_FROM + page_groups.GROUP_KEEP) // 2
    short = "".join(f"Paragraph {i}.\n\n" for i in range(count))
    long = "".join(f"Paragraph {i}.\n\n" for i in range(page_groups.GROUP_FROM + 10))
    ctx = RenderContext()
    assert "<pe-group" not in session.handle(Full(1, short, ctx)).html
    assert "<pe-group" in session.handle(Full(2, long, ctx)).html
    assert "<pe-group" in session.handle(Full(3, short, ctx)).html


def test_the_preview_roles_share_one_process_and_come_back_together(qtbot) -> None:
    host = RenderHost("shared-test", ("full", "fast"))
    full = RenderWorker("full", host=host)
    fast = RenderWorker("fast", host=host)
    try:
        for w in (full, fast):
            with qtbot.waitSignal(w.started, timeout=5000):
                w.start()
        assert full._process is fast._process
        assert ask(qtbot, fast, Reset(1, "x", RenderContext())) == Ready(1)
        full.time_limit_ms = 300
        with qtbot.waitSignals([full.failed, fast.failed], timeout=10000) as failures:
            assert full.request(Full(1, "[" * 20000, RenderContext()))
        reasons = [signal.args[0] for signal in failures.all_signals_and_args]
        assert all("longer than 0.3 s" in reason for reason in reasons)
        full.time_limit_ms = 15000
        qtbot.waitUntil(lambda: full.ready and fast.ready, timeout=5000)
        process = full._process
        assert process is fast._process and process.is_alive()
        assert ask(qtbot, fast, Reset(2, "y", RenderContext())) == Ready(2)
        assert isinstance(ask(qtbot, full, Full(2, "Hello\n", RenderContext())), Page)
    finally:
        fast.stop()
        full.stop()
    assert not process.is_alive()


@pytest.mark.skipif(os.name != "posix", reason="the tracker exists on POSIX only")
def test_a_one_off_render_starts_no_resource_tracker_process() -> None:
    from multiprocessing import resource_tracker

    from editor.core.render import RenderOptions
    from editor.services.limited_render import render_standalone

    tracker = resource_tracker._resource_tracker
    if getattr(tracker, "_pid", None) is not None:
        pytest.skip("a resource tracker was started before this test (by another test)")
    assert "<em>there</em>" in render_standalone("Hello *there*\n", None, RenderOptions())
    assert tracker._pid is None  # multiprocessing launched no tracker process for it
