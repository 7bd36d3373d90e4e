"""Where the shared evaluation data lives (``shared/`` beside the checkout), for tests and scripts.

One lookup for everything that reads ``shared/``: the environment variable
``KB_SHARED`` if set, else ``<repo>/../shared`` (CI puts a copy beside the
clone), else ``/work/shared``. The data never goes into the repository;
what has to be unpacked (the German MDN corpus) is unpacked into the temp
folder once and reused.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """The shared data folder, or None when none of the candidates exists."""
    env = os.environ.get("KB_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    return next((p for p in candidates if p.is_dir()), None)


def shared_file(*parts: str) -> Path | None:
    """A file below the shared folder (``shared_file("eval", "mdn-de", "suchanfragen.tsv")``), if there."""
    base = shared_dir()
    path = base.joinpath(*parts) if base else None
    return path if path is not None and path.exists() else None


def mdn_dir() -> Path | None:
    """``shared/eval/mdn-de`` (corpus.tar.gz, dev_gold.json, score.py), or None when missing."""
    base = shared_dir()
    folder = base / "eval" / "mdn-de" if base else None
    return folder if folder and (folder / "corpus.tar.gz").is_file() else None


def mdn_corpus() -> Path | None:
    """The unpacked MDN corpus (a folder of Markdown in the temp dir), unpacked on first use.

    The folder's name carries a hash of the archive's size and mtime, so a new
    archive is unpacked afresh; unpacking goes to a sibling folder first and is
    renamed into place, so an interrupted unpack is never taken for a whole one.
    """
    folder = mdn_dir()
    if folder is None:
        return None
    archive = folder / "corpus.tar.gz"
    stat = archive.stat()
    tag = hashlib.blake2b(f"{archive.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode(),
                          digest_size=6).hexdigest()
    target = Path(tempfile.gettempdir()) / f"kb-mdn-de-{tag}"
    if target.is_dir():
        return target
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    try:
        work.rename(target)
    except OSError:  # another process was faster: use its copy
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    return target
