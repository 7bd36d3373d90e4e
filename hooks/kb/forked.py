"""Run a function in a forked process; bring back its result and its log records.

Framework-free helper of ``hooks/render.py`` (every other hook moves work
off the build thread with :mod:`kb.background`). The child is a copy of the parent (fork): it sees
every object the parent had at :func:`start` and needs nothing pickled on the
way in; work the parent may take back when it is idle is shared through a
:class:`Split`. On the way out it writes one pickle into an unnamed temporary file
(written whole at the end, read in one go): ``(outcome, records)``.

* ``outcome`` is ``("ok", value, None)`` or ``("error", None, message)``;
* ``records`` are the log records the child created, as plain dicts
  (message formatted, no ``args``, traceback as text), so the parent can
  hand them to its own loggers (:func:`replay`): they are printed once, by
  the parent, and counted by its handlers (``mkdocs build --strict``).

The child reports each step it begins (``progress(step)``) in a second file,
unbuffered, so a child that dies without a result (killed, crashed) can
still be named by the step it was in (:attr:`Failed.step`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import time
from typing import Any, Callable

# The helpers' priority and the log records' way back are kb.background's, for every
# helper of the build: NICENESS, background() and replay() (hooks/render.py) live there.
from kb.background import NICENESS, _capture, background, replay  # noqa: F401


class Failed(Exception):
    """The forked function raised, or the process ended without a result."""

    def __init__(self, message: str, step: str | None = None, records: list[dict] | None = None):
        """``message`` says what went wrong, ``step`` the last step the child began."""
        super().__init__(message)
        self.message = message
        self.step = step
        self.records = records or []


def _child(result, progress_fd: int, target: Callable, args: tuple) -> None:
    """Body of the forked process: run ``target``, pickle outcome and records, exit."""
    background()
    gc.disable()  # a throwaway process: a collection would only copy the parent's pages
    records: list[dict] = []
    _capture(records)

    def progress(step: str) -> None:
        """Note the step that begins now (for a crash report)."""
        os.write(progress_fd, step.encode("utf-8", "replace") + b"\n")

    try:
        outcome = ("ok", target(progress, *args), None)
    except BaseException as err:  # reported by the parent
        outcome = ("error", None, f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)
    try:
        pickle.dump((outcome, records), result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # an unpicklable result: still report, with the records
        result.seek(0)
        result.truncate()
        outcome = ("error", None, f"the result could not be sent back: {err!r}")
        pickle.dump((outcome, records), result, protocol=pickle.HIGHEST_PROTOCOL)
    result.flush()
    os._exit(0 if outcome[0] == "ok" else 1)


class Job:
    """A function running in a forked process."""

    def __init__(self, name: str, proc, result, progress):
        """Keep the process and its two files (result, progress)."""
        self.name = name
        self.proc = proc
        self._result = result
        self._progress = progress
        self.started = time.perf_counter()

    def step(self) -> str | None:
        """The last step the child reported (``None`` before the first)."""
        self._progress.seek(0)
        lines = self._progress.read().decode("utf-8", "replace").splitlines()
        return lines[-1] if lines else None

    def collect(self) -> tuple[Any, list[dict]]:
        """Wait for the child; return ``(value, records)`` or raise :class:`Failed`."""
        self.proc.join()
        try:
            self._result.seek(0)
            enabled = gc.isenabled()
            gc.disable()  # no full collection over the parent's heap while unpickling
            try:
                (status, value, message), records = pickle.load(self._result)
            except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
                raise Failed(f"the process ended without a result (exit code {self.proc.exitcode})",
                             self.step()) from None
            finally:
                if enabled:
                    gc.enable()
            if status != "ok":
                raise Failed(message, self.step(), records)
            return value, records
        finally:
            self.close()

    def kill(self) -> None:
        """Stop the child (a failed build no longer needs it) and reap it."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.close()

    def close(self) -> None:
        """Close both files."""
        self._result.close()
        self._progress.close()


class Split:
    """Items ``0 … count-1`` shared by a forked child and its parent without doing one twice.

    The child takes them from the front (:meth:`front`), the parent from the
    back (:meth:`back`) once it has nothing else to do, until the two meet: a
    child slowed down by a busy machine does not keep the parent waiting for
    work the parent could do itself. Made before the fork (the two counters
    live in shared memory); where fork is unavailable, :func:`split` gives ``None``.
    """

    #: Seconds to wait for the other side's turn before giving up (it died holding it).
    TIMEOUT = 10.0

    def __init__(self, ctx, count: int):
        """Counters for ``count`` items, none taken, in the shared memory of ``ctx``."""
        self._lock = ctx.Lock()
        self._front = ctx.RawValue("i", 0)
        self._back = ctx.RawValue("i", count)

    def _take(self, from_front: bool) -> int | None:
        """The next free item from one end, or ``None`` when none is left."""
        if not self._lock.acquire(timeout=self.TIMEOUT):
            return None
        try:
            if self._front.value >= self._back.value:
                return None
            if from_front:
                self._front.value += 1
                return self._front.value - 1
            self._back.value -= 1
            return self._back.value
        finally:
            self._lock.release()

    def front(self) -> int | None:
        """The lowest item nobody has taken (the child's side), or ``None``."""
        return self._take(True)

    def back(self) -> int | None:
        """The highest item nobody has taken (the parent's side), or ``None``."""
        return self._take(False)


def fork_context():
    """multiprocessing's ``fork`` context, or ``None`` on a platform without fork.

    hooks/render.py asks here (and renders in the build where this is ``None``).
    """
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def split(count: int) -> Split | None:
    """A :class:`Split` of ``count`` items for a child :func:`start` will fork; ``None`` without fork."""
    ctx = fork_context()
    return None if ctx is None else Split(ctx, count)


def start(target: Callable, *args, name: str = "kb-forked") -> Job | None:
    """Run ``target(progress, *args)`` in a forked process; ``None`` where fork is unavailable."""
    ctx = fork_context()
    if ctx is None:
        return None
    result = tempfile.TemporaryFile()
    progress = tempfile.TemporaryFile(buffering=0)
    proc = ctx.Process(target=_child, args=(result, progress.fileno(), target, args), name=name)
    proc.start()
    return Job(name, proc, result, progress)
