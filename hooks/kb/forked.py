"""CPU priority and fork availability for the build's helper processes.

Framework-free helpers for the hooks that hand work to the second core
(``hooks/related.py`` and ``hooks/search.py`` fork a process each): whether
``fork`` exists here (:func:`fork_context`) and the lower CPU priority a
helper gives itself (:func:`background`). Every page, the generated listing
pages included, renders in MkDocs' own loop in the build process.
"""

from __future__ import annotations

import multiprocessing
import os

#: How many steps below the build's own CPU priority its helper processes run (see :func:`background`).
NICENESS = 10
#: Whether :func:`background` lowers the priority (:func:`lower_helpers`; off in the preview
#: with ``KB_PREVIEW_NICE=0``, to measure).
_LOWER = {"on": True}


def lower_helpers(on: bool) -> None:
    """Let :func:`background` lower the helpers' priority (``True``, the default) or not.

    ``mkdocs serve --dirty`` with ``KB_PREVIEW_NICE=0`` switches it off
    (hooks/incremental.py): there every save waits for its helpers anyway.
    """
    _LOWER["on"] = bool(on)


def background() -> None:
    """Lower this process's CPU priority by :data:`NICENESS` (a helper of the build).

    The build thread is the build's critical path: MkDocs renders every page
    on it, while each helper (the related lists, the search worker and
    Pagefind) has until the build collects it. At the same priority the
    scheduler shares a core between them and the build thread waits; a lower
    priority lets a helper take only what the build leaves. Where ``os.nice``
    is missing, or after ``lower_helpers(False)``, nothing changes.
    """
    if not _LOWER["on"]:
        return
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass


def fork_context():
    """multiprocessing's ``fork`` context, or ``None`` on a platform without fork.

    Every hook that forks asks here (and falls back to doing its work in the
    build where this is ``None``).
    """
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None
