"""Bench only: time every event of a hook module without touching the hook.

The bench copies this file into the generated project as
``hooks/_bench_timing.py`` and lists, in place of each ``hooks/<name>.py`` of
mkdocs.yml, a two-line stub ``hooks/_bench_<name>.py`` that calls :func:`wrap`.
Each ``on_*`` function of the real hook is replaced by a wrapper that adds its
wall time to a per-(hook, event, language) total; at exit the totals are
written as JSON to the file named by the environment variable
``KB_BENCH_TIMINGS`` (nothing is written without it), together with the debug
lines of our hooks' loggers (``mkdocs.plugins.kb.*``), which some hooks use
for their own timings. Event priorities
(``mkdocs_priority``) carry over through ``functools.wraps``.

Caveat: work a hook starts in a background thread is only counted where an
event waits for it.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import logging
import os
import sys
import time
from collections import defaultdict

TOTALS: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0])
MESSAGES: list[dict] = []


class _Keep(logging.Handler):
    """Keeps the hooks' own debug lines (e.g. kb.search's timings) for the bench."""

    def emit(self, record: logging.LogRecord) -> None:
        """Store the formatted message with its logger name."""
        MESSAGES.append({"logger": record.name, "lang": _lang(), "message": record.getMessage()})


if os.environ.get("KB_BENCH_TIMINGS"):
    _logger = logging.getLogger("mkdocs.plugins.kb")
    _logger.setLevel(logging.DEBUG)  # only our hooks' loggers; MkDocs' handler still shows INFO+
    _logger.addHandler(_Keep(logging.DEBUG))


def _lang() -> str:
    """The language being built, from the shared build state (``?`` before it exists)."""
    shared = sys.modules.get("shared")
    state = getattr(shared, "STATE", None)
    return getattr(state, "lang", None) or "?"


def _timed(hook: str, name: str, func):
    """A wrapper around one event function that adds its wall time to TOTALS."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            entry = TOTALS[(hook, name, _lang())]
            entry[0] += time.perf_counter() - start
            entry[1] += 1

    return wrapper


def wrap(stub_file: str, hook_file: str) -> dict:
    """Load ``hook_file`` (beside ``stub_file``) and return its namespace, events timed."""
    path = os.path.join(os.path.dirname(os.path.abspath(stub_file)), hook_file)
    name = f"hooks/{hook_file}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    namespace = {}
    for attr in dir(module):
        if attr.startswith("__"):
            continue
        value = getattr(module, attr)
        if attr.startswith("on_") and callable(value):
            value = _timed(hook_file[:-3], attr, value)
        namespace[attr] = value
    return namespace


@atexit.register
def _write() -> None:
    """Write the totals as a JSON list to $KB_BENCH_TIMINGS."""
    target = os.environ.get("KB_BENCH_TIMINGS")
    if not target:
        return
    rows = [{"hook": h, "event": e, "lang": lang, "seconds": round(s, 4), "calls": n}
            for (h, e, lang), (s, n) in sorted(TOTALS.items())]
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"events": rows, "messages": MESSAGES}, out, indent=1)
