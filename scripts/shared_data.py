"""Where the shared evaluation data lives (``shared/``: the MDN corpus, seeds, query lists).

One lookup for tests and scripts alike: the environment variable
``KB_SHARED`` if set, else ``shared/`` beside the repository (CI's layout),
else ``/work/shared`` (the development machine, where a worktree sits deeper).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The shared data folder, or None when none of the places holds one."""
    candidates = []
    if os.environ.get("KB_SHARED"):
        candidates.append(Path(os.environ["KB_SHARED"]))
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    return next((path for path in candidates if path.is_dir()), None)


def shared_file(*parts: str) -> Path | None:
    """A file below the shared folder (``shared_file("eval", "mdn-de", "suchanfragen.tsv")``), if there."""
    base = shared_dir()
    path = base.joinpath(*parts) if base else None
    return path if path is not None and path.exists() else None
