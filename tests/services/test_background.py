"""Work on a thread, answers on the UI thread, and nothing dies on the wrong thread."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread

from editor.services.background import SerialWorker, ui_callback
from editor.services.checks_runner import ChecksRunner


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[object, bool]] = []

    def take(self, value: object) -> None:
        self.calls.append((value, QThread.currentThread() is self.thread()))


def test_a_thread_answers_on_the_ui_thread(qtbot):
    receiver = _Receiver()
    answer = ui_callback(receiver.take)
    thread = threading.Thread(target=answer, args=(42,))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: receiver.calls == [(42, True)])


def test_an_answer_to_a_deleted_object_is_dropped(qtbot):
    receiver = _Receiver()
    answer = ui_callback(receiver.take)
    calls = receiver.calls
    shiboken6.delete(receiver)  # the window went away while the job ran
    thread = threading.Thread(target=answer, args=(1,))
    thread.start()
    thread.join()
    QCoreApplication.processEvents()
    assert calls == []
    # A plain function is always called.
    seen: list[int] = []
    plain = ui_callback(seen.append)
    threading.Thread(target=plain, args=(2,)).start()
    qtbot.waitUntil(lambda: seen == [2])


def test_an_answer_to_a_collected_object_is_dropped(qtbot):
    receiver = _Receiver()
    answer = ui_callback(receiver.take)
    del receiver  # only the weak reference was kept
    answer(3)
    QCoreApplication.processEvents()  # nothing to call, nothing raised


def test_serial_worker_runs_in_order_waits_and_refuses_after_close():
    worker = SerialWorker("test-worker")
    seen: list[int] = []
    gate = threading.Event()
    assert worker.submit(gate.wait)
    for n in range(5):
        assert worker.submit(lambda n=n: seen.append(n))
    assert not worker.wait(0.05)  # the first job holds the thread
    gate.set()
    assert worker.wait(5)
    assert seen == [0, 1, 2, 3, 4]
    assert worker.submit(lambda: 1 / 0)  # a failing job does not end the thread
    assert worker.submit(lambda: seen.append(5))
    assert worker.wait(5) and seen[-1] == 5
    worker.close()
    assert not worker.submit(lambda: seen.append(6))
    assert worker.wait(5) and 6 not in seen


def test_checks_runner_deleted_while_a_job_runs(qtbot):
    """The crash this module exists for: the runner (with its window) is deleted while a job
    still runs; the job ends later and its answer must go nowhere, without a crash."""
    runner = ChecksRunner()
    done: list[object] = []
    runner.postChecked.connect(lambda path, findings: done.append(findings))
    gate = threading.Event()
    finished = threading.Event()
    runner._submit(lambda: (gate.wait(5), finished.set(), ["late"])[-1])
    shiboken6.delete(runner)
    gate.set()
    assert finished.wait(5)
    qtbot.wait(50)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert done == []


def test_checks_runner_takes_no_job_after_shutdown(qtbot, tmp_path):
    from editor.core.frontmatter import PostDocument

    runner = ChecksRunner(delay_ms=0)
    results: list[object] = []
    runner.postChecked.connect(lambda path, findings: results.append(findings))
    document = PostDocument.from_text("---\ntitle: A\n---\nHereâ€™s a word.\n")
    runner.schedule(document, tmp_path / "a.md", None, now=True)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    assert runner.shutdown()
    results.clear()
    runner.schedule(document, tmp_path / "a.md", None, now=True)
    qtbot.wait(100)
    assert runner.wait(1000) and results == []
