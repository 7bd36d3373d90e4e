"""Work beside the build: the one way the hooks move work off the build thread.

A :class:`Task` runs a top-level function of an importable module (a
``kb`` core taking plain data) in a fresh Python interpreter, started with
:mod:`subprocess` (no fork: no threads alive at a fork, no copied heap) and
``close_fds``, so it inherits no pipe of the build but its own three
standard streams:

* stdin brings the call, pickled: ``(fn, args)``, and for :func:`stream`
  then every item the build sends (:meth:`Task.send`), one length-prefixed
  frame each, an empty frame for the end;
* stdout is an unnamed temporary file into which the child writes one
  pickle when the function returned: ``("ok", value, records)`` or
  ``("error", text, records)`` (``records``: the log records the child made,
  as plain dicts); the build reads it in one go in :meth:`Task.result`;
* stderr is a second temporary file: what the interpreter printed there
  (a crash, a warning) reaches the user once, in the error or as a warning.

The child runs :data:`NICENESS` steps below the build (the build thread is
the critical path; a helper has until the build collects it) in a session of
its own, so that :func:`reap` ends it and whatever it started (Pagefind) with
one signal to its process group. Every task still running is in
:data:`_LIVE` until its result is read; the hooks reap in ``on_shutdown``,
``on_build_error`` and the next ``on_config``, and :mod:`atexit` does at exit
(Ctrl-C included).

A failure (the function raised, the child died, the result did not pickle)
raises :class:`Failed`, whose message names the task; the hooks turn it into
a ``PluginError``.
"""

from __future__ import annotations

import atexit
import collections
import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Callable, Iterator

#: How many steps below the build's own CPU priority its helper processes run.
NICENESS = 10
#: Items are written to a streaming task in batches of about this many bytes: each write
#: wakes the child, and on a busy machine a woken process can take the core from the build.
BATCH_BYTES = 256 << 10
#: Bytes of the child's stderr a failure quotes (its end: where a traceback says what happened).
STDERR_TAIL = 4000
#: The frame header: the length of the pickle that follows.
_HEADER = struct.Struct("!I")
#: LogRecord attributes carried back (everything else may not pickle, or is re-created).
_SIMPLE = (str, int, float, bool, type(None))
#: Tasks whose child may still run (their result not read yet), for :func:`reap`.
_LIVE: set["Task"] = set()
#: The folder that holds the ``kb`` package: the child imports from there.
_HOOKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

log = logging.getLogger("mkdocs.plugins.kb.background")


class Failed(Exception):
    """A task's function raised, or its process ended without a result."""


def background() -> None:
    """Lower this process's CPU priority by :data:`NICENESS` (a helper of the build)."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass


def start(fn: Callable, *args, name: str = "task") -> "Task":
    """Run ``fn(*args)`` in a fresh process; :meth:`Task.result` returns what it returned."""
    return Task(fn, args, name, streaming=False)


def stream(fn: Callable, *args, name: str = "task") -> "Task":
    """Run ``fn(items, *args)`` in a fresh process; ``items`` yields what :meth:`Task.send` sends
    until :meth:`Task.close`."""
    return Task(fn, args, name, streaming=True)


def reap() -> None:
    """End every task still running (and what it started), without reading its result."""
    for task in list(_LIVE):
        task.kill()


atexit.register(reap)


def _frame(data: bytes) -> bytes:
    """``data`` with its length in front."""
    return _HEADER.pack(len(data)) + data


class Task:
    """One function running in a child process (see the module's docstring)."""

    def __init__(self, fn: Callable, args: tuple, name: str, streaming: bool):
        """Start the child with the pickled call; nothing here waits for it."""
        self.name = name
        self.started = time.perf_counter()
        self._backlog: collections.deque = collections.deque()
        self._pending = 0  #: bytes in the backlog
        self._sender: threading.Thread | None = None
        self._fd: int | None = None
        self._closed = False  #: no more items (close() was called, or the task is not streaming)
        call = _frame(pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL))
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        if streaming:
            stdin = subprocess.PIPE
        else:
            stdin = tempfile.TemporaryFile()
            stdin.write(call)
            stdin.seek(0)
        # The child finds kb through PYTHONPATH; -P keeps the build's working directory off its sys.path.
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_HOOKS, env.get("PYTHONPATH")]))
        code = "from kb.background import _main; _main()"
        self._proc = subprocess.Popen(
            [sys.executable, "-P", "-c", code, "stream" if streaming else "call"],
            stdin=stdin, stdout=self._out, stderr=self._err, env=env,
            close_fds=True, start_new_session=True)
        _LIVE.add(self)
        if streaming:
            self._fd = self._proc.stdin.fileno()
            _widen(self._fd)
            os.set_blocking(self._fd, False)
            self._queue(call)
            self._pump()  # the child imports the function's module while the first items gather
        else:
            stdin.close()

    def send(self, item: Any) -> None:
        """Send one item to a streaming task; never blocks (what the pipe cannot take waits)."""
        if self._fd is None or self._closed:
            return
        self._queue(_frame(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)))

    def _queue(self, frame: bytes) -> None:
        """Add a frame to the backlog; write the backlog once it is a batch (or the end)."""
        self._backlog.append(memoryview(frame))
        self._pending += len(frame)
        if self._pending >= BATCH_BYTES or len(frame) == _HEADER.size:
            self._pump()

    def _pump(self) -> None:
        """Write the backlog into the pipe until it would block (or the child is gone)."""
        backlog = self._backlog
        if len(backlog) > 1:  # one write (one wake-up of the child) for the whole batch
            joined = memoryview(b"".join(backlog))
            backlog.clear()
            backlog.append(joined)
        while backlog and self._fd is not None:
            try:
                written = os.write(self._fd, backlog[0])
            except BlockingIOError:
                return
            except OSError:  # the child died: result() says why
                backlog.clear()
                return
            self._pending -= written
            if written < len(backlog[0]):
                backlog[0] = backlog[0][written:]
            else:
                backlog.popleft()

    def _drain(self) -> None:
        """Write the rest of the backlog, blocking, then close the pipe (the child sees the end)."""
        try:
            os.set_blocking(self._fd, True)
            for chunk in self._backlog:
                while len(chunk):  # a write may take only part of the chunk
                    chunk = chunk[os.write(self._fd, chunk):]
        except OSError:  # the child died: result() says why
            pass
        self._backlog.clear()
        self._proc.stdin.close()

    def close(self) -> None:
        """No more items: the child finishes on its own; nothing here waits for it.

        A backlog the pipe cannot take yet is written by a short-lived thread
        (it blocks in ``write``, which releases the GIL).
        """
        if self._fd is None or self._closed:
            return
        self._queue(_frame(b""))
        self._closed = True
        if self._backlog:
            self._sender = threading.Thread(target=self._drain, name=f"kb-send-{self.name}", daemon=True)
            self._sender.start()
        else:
            self._proc.stdin.close()

    def result(self) -> Any:
        """Wait for the child; replay its log records; its value, or :class:`Failed`."""
        self.close()
        if self._sender is not None:
            self._sender.join()
        self._proc.wait()
        _LIVE.discard(self)
        try:
            self._out.seek(0)
            try:
                status, value, records = pickle.load(self._out)
            except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
                status, value, records = "error", f"the process ended without a result (exit code " \
                                                  f"{self._proc.returncode})", []
            replay(records)
            stderr = self._stderr()
            if status != "ok":
                raise Failed(f"{self.name}: {value}" + (f"\n{stderr}" if stderr else ""))
            if stderr:
                log.warning("%s wrote: %s", self.name, stderr)
            return value
        finally:
            self._close_files()

    def _stderr(self) -> str:
        """The end of what the child wrote to stderr (stripped; "" if nothing)."""
        self._err.seek(0, os.SEEK_END)
        size = self._err.tell()
        self._err.seek(max(0, size - STDERR_TAIL))
        return self._err.read().decode("utf-8", "replace").strip()

    def kill(self) -> None:
        """End the child and everything in its session, and reap it (the result is not read)."""
        _LIVE.discard(self)
        if self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._proc.wait()
        if self._sender is not None:
            self._sender.join()
        self._close_files()

    def _close_files(self) -> None:
        """Close the result and stderr files and the pipe (once the child is gone)."""
        self._closed = True
        if self._proc.stdin is not None and (self._sender is None or not self._sender.is_alive()):
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        self._out.close()
        self._err.close()


def _widen(fd: int) -> None:
    """Let the pipe ``fd`` buffer 1 MiB (Linux), so the build rarely has a backlog."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError):
        pass


def portable(record: logging.LogRecord) -> dict:
    """``record`` as a dict of plain values: message formatted, traceback as text."""
    data = dict(record.__dict__)
    if record.exc_info and not record.exc_text:
        data["exc_text"] = logging.Formatter().formatException(record.exc_info)
    data["msg"] = record.getMessage()
    data["args"] = None
    data["exc_info"] = None
    return {key: value for key, value in data.items() if isinstance(value, _SIMPLE)}


def replay(records: list[dict]) -> None:
    """Hand records of a child to the build's loggers (their levels and handlers decide)."""
    for data in records:
        record = logging.makeLogRecord(data)
        logging.getLogger(record.name).handle(record)


def _capture(records: list[dict]) -> None:
    """In the child: every record any logger would hand to its handlers goes to ``records``.

    Patched at the class so loggers that do not propagate are caught too,
    after their level and filters decided, as in the build.
    """

    def keep(self, record):  # noqa: ARG001 - same signature as Logger.callHandlers
        """Keep ``record`` for the build."""
        records.append(portable(record))

    logging.Logger.callHandlers = keep


def _items(stdin) -> Iterator[Any]:
    """The items of a streaming task, until the empty frame; EOFError if the build went away."""
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise EOFError("the build stopped sending")
        size = _HEADER.unpack(header)[0]
        if not size:
            return
        data = stdin.read(size)
        if len(data) < size:
            raise EOFError("the build stopped sending")
        yield pickle.loads(data)


def _main() -> None:
    """The child: read the call, run it, write ``(status, value, records)`` to stdout, exit."""
    form = sys.argv[1]
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to stderr, not into the result
    background()
    records: list[dict] = []
    _capture(records)
    stdin = sys.stdin.buffer
    try:
        header = stdin.read(_HEADER.size)
        fn, args = pickle.loads(stdin.read(_HEADER.unpack(header)[0]))
        if form == "stream":
            outcome = ("ok", fn(_items(stdin), *args))
        else:
            outcome = ("ok", fn(*args))
    except BaseException as err:  # reported by the build (Task.result)
        outcome = ("error", f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)
    try:
        data = pickle.dumps((*outcome, records), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # an unpicklable result: still report, with the records
        data = pickle.dumps(("error", f"the result could not be sent back: {err!r}", records))
    out.write(data)
    out.flush()
    sys.stdout.flush()
    os._exit(0)
