"""The interpreter's settings for the window: short thread turns, start-up objects frozen."""

from __future__ import annotations

import gc
import sys
import time
import weakref

import pytest

from editor.services.background import Pacer
from editor.services.interpreter import (
    SWITCH_INTERVAL_S,
    freeze_start_objects,
    share_with_workers,
)


@pytest.fixture
def restored():
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)
    gc.unfreeze()


def test_start_objects_are_frozen_after_one_collection(restored):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    node = _Node()
    node.me = node  # garbage with a cycle: collected first, not kept frozen for good
    gone = weakref.ref(node)
    del node
    freeze_start_objects()
    assert gc.get_freeze_count() > 1000
    assert gone() is None


class _Node:
    me: object


def test_the_app_freezes_them_once_started(restored):
    from editor import app

    gc.unfreeze()
    app._settle_after_start()
    assert gc.get_freeze_count() > 1000


def test_threads_take_shorter_turns(restored):
    share_with_workers()
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    assert SWITCH_INTERVAL_S < 0.005  # the interpreter's default


def test_a_pacer_rests_after_each_stretch_of_work_only():
    pace = Pacer(work_s=0.01, rest_s=0.0)
    for _ in range(1000):
        pace()  # far less than 10 ms of work
    assert pace.rests == 0
    time.sleep(0.012)
    pace()
    assert pace.rests == 1
