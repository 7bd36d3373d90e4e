"""Functions tests/test_background.py runs as kb.background tasks (the child imports them from here)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time


def open_fds() -> dict[int, str]:
    """The child's open file descriptors and what each points to."""
    out = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            out[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the descriptor listdir itself used
            pass
    return out


def fail(message: str) -> None:
    """Raise with ``message``."""
    raise ValueError(message)


def log_warning(message: str) -> str:
    """Log ``message`` as a warning of a plugin logger; return it."""
    logging.getLogger("mkdocs.plugins.kb.test").warning(message)
    return message


def crash(text: str) -> None:
    """Write ``text`` to stderr and end the process without a result."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
    os._exit(3)


def sleeper(pidfile: str) -> None:
    """Start a long ``sleep`` (a stand-in for Pagefind), write its pid to ``pidfile``, wait for it."""
    proc = subprocess.Popen(["sleep", "120"])
    with open(pidfile + ".tmp", "w") as fh:
        fh.write(str(proc.pid))
    os.rename(pidfile + ".tmp", pidfile)
    proc.wait()


def count(items, factor: int) -> int:
    """The sum of the streamed items times ``factor``."""
    return sum(items) * factor


def wait_for(path: str, timeout: float = 30.0) -> None:
    """Wait until ``path`` exists."""
    end = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > end:
            raise TimeoutError(path)
        time.sleep(0.05)
