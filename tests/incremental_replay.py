"""Replay edits through the incremental path as ``mkdocs serve --dirty`` runs it, in one process.

    python tests/incremental_replay.py PROJECT SITE EDITS.json

Builds PROJECT into SITE the way ``mkdocs serve --dirty`` does (the config
loaded afresh for every build, ``build(config, serve_url=…, dirty=True)``,
one process whose modules outlive the builds), then applies each edit of
EDITS.json (a list, see :func:`scripts.bench.serve_edit.apply`) and builds again.
Prints one JSON line per build: the edit, the seconds it took, the CPU
seconds (``cpu_seconds``: this process and its ended helpers) and when it
started (``started_ns``, ``time.time_ns()``). Used by tests/test_incremental.py
(in a subprocess, so each run starts with fresh module state).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.bench.serve_edit import apply  # noqa: E402 - the bench's edits, one helper for both

#: The address the replay serves at (and the clean build publishes to, to compare).
URL = "http://127.0.0.1:8000/"


def _cpu() -> float:
    """CPU seconds of this process and of its helpers that ended (search workers, Pagefind, …)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: list[str]) -> int:
    """Build, then apply and build each edit; one JSON line per build on stdout."""
    project, site, edits_file = (Path(a).resolve() for a in argv)
    edits = json.loads(edits_file.read_text("utf-8"))
    os.chdir(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.argv = ["mkdocs", "serve", "--dirty"]  # static-i18n passes --dirty on to its other languages
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        for edit in [None, *edits]:
            if edit is not None:
                apply(project / "docs", edit)
            began, started, cpu = time.time_ns(), time.perf_counter(), _cpu()
            build(config(), serve_url=URL, dirty=True)
            print(json.dumps({"edit": edit, "seconds": round(time.perf_counter() - started, 3),
                              "cpu_seconds": round(_cpu() - cpu, 3), "started_ns": began}), flush=True)
    finally:
        first.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
