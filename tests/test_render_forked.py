"""Unit tests of kb.forked: a function in a forked process, its result and its log records."""

from __future__ import annotations

import logging
import multiprocessing
import os

import pytest

from kb import forked

log = logging.getLogger("kb.test_forked")


def _value(progress, a, b):
    """Child: return a computed value."""
    progress("adding")
    return {"sum": a + b, "pid": os.getpid()}


def _warn(progress, text):
    """Child: log a warning and a debug line, return nothing."""
    log.warning("careful: %s", text)
    log.debug("not shown")
    return None


def _raise(progress):
    """Child: fail after the second step."""
    progress("first")
    progress("second")
    log.error("about to fail")
    raise RuntimeError("broken template")


def _die(progress):
    """Child: end without a result, as a crash would."""
    progress("docs/x.md")
    os._exit(7)


def _unpicklable(progress):
    """Child: return something pickle refuses."""
    return lambda: None


def _exception_logged(progress):
    """Child: log an exception with its traceback."""
    try:
        raise ValueError("inner")
    except ValueError:
        log.exception("caught")


def _run(target, *args):
    """Start ``target`` forked and collect it."""
    job = forked.start(target, *args, name="kb-test")
    assert job is not None
    return job.collect()


def test_the_value_comes_back_from_another_process():
    value, _ = _run(_value, 2, 3)
    assert value["sum"] == 5 and value["pid"] != os.getpid()


def _niceness(progress):
    """Child: its own CPU priority (niceness)."""
    return os.nice(0)


def test_the_child_runs_below_the_parents_cpu_priority():
    value, _ = _run(_niceness)
    assert value == min(os.nice(0) + forked.NICENESS, 19)


def test_log_records_come_back_instead_of_being_handled_in_the_child(caplog):
    caplog.set_level(logging.INFO, logger="kb.test_forked")
    _, records = _run(_warn, "x < y")
    assert [r.getMessage() for r in caplog.records] == []  # nothing handled in the child
    assert [(r["levelno"], r["msg"]) for r in records] == [(logging.WARNING, "careful: x < y")]


def test_replay_hands_the_records_to_the_parents_loggers_once(caplog):
    caplog.set_level(logging.INFO, logger="kb.test_forked")
    _, records = _run(_warn, "once")
    forked.replay(records)
    messages = [r.getMessage() for r in caplog.records if r.name == "kb.test_forked"]
    assert messages == ["careful: once"]
    assert caplog.records[-1].levelno == logging.WARNING


def test_a_raising_function_is_failed_with_its_message_step_and_records():
    with pytest.raises(forked.Failed) as caught:
        _run(_raise)
    assert caught.value.message == "RuntimeError: broken template"
    assert caught.value.step == "second"
    assert [r["msg"] for r in caught.value.records] == ["about to fail"]


def test_a_process_ending_without_result_is_failed_with_exit_code_and_step():
    with pytest.raises(forked.Failed) as caught:
        _run(_die)
    assert "exit code 7" in caught.value.message
    assert caught.value.step == "docs/x.md"


def test_an_unpicklable_result_is_failed():
    with pytest.raises(forked.Failed, match="could not be sent back"):
        _run(_unpicklable)


def test_a_logged_traceback_comes_back_as_text():
    _, records = _run(_exception_logged)
    assert "ValueError: inner" in records[0]["exc_text"]
    assert records[0]["exc_info"] is None


def test_no_job_where_fork_is_unavailable(monkeypatch):
    def no_fork(method=None):
        """A platform without fork."""
        raise ValueError("cannot find context for 'fork'")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert forked.start(_value, 1, 2) is None


def test_kill_stops_a_running_child():
    job = forked.start(lambda progress: __import__("time").sleep(60))
    job.kill()
    assert job.proc.exitcode is not None and job.proc.exitcode != 0


def _take_front(progress, split):
    """Child: take items from the front until none is left."""
    taken = []
    while (index := split.front()) is not None:
        taken.append(index)
    return taken


def test_a_split_gives_each_item_to_exactly_one_side():
    split = forked.split(200)
    job = forked.start(_take_front, split, name="kb-test")
    mine = []
    while (index := split.back()) is not None:
        mine.append(index)
    theirs, _ = job.collect()
    assert sorted(mine + theirs) == list(range(200))
    assert theirs == sorted(theirs) and mine == sorted(mine, reverse=True)


def test_a_split_of_nothing_gives_nothing():
    split = forked.split(0)
    assert split.front() is None and split.back() is None


def test_no_fork_context_where_fork_is_unavailable(monkeypatch):
    def no_fork(method):
        raise ValueError(method)

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert forked.fork_context() is None


def test_no_split_where_fork_is_unavailable(monkeypatch):
    def no_fork(method):
        raise ValueError(method)

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert forked.split(3) is None
