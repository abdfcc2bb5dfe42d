"""What `python -m bot` sets up before running the client: the garbage collector and the event loop."""

import gc

import uvloop

from bot.client import GC_THRESHOLDS, loop_factory, tune_gc
from bot.config import load_settings


def test_tune_gc_freezes_what_exists_at_start_and_sets_the_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(1, 1, 1)  # not the thresholds wanted: tune_gc must set them
    try:
        tune_gc()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_event_loop_is_uvloops_only_when_asked_for():
    assert loop_factory(load_settings({}, env_file=None)) is None
    assert loop_factory(load_settings({"EVENT_LOOP": "uvloop"}, env_file=None)) is uvloop.new_event_loop
