"""What hooks/validation.py checks and reports besides the front matter, without MkDocs.

* :func:`links_outside`: symbolic links below ``docs/`` that lead outside the
  repository (whatever they point to would be published);
* :func:`to_report`: which problems of :func:`kb.catalog.build` a language's
  build logs, and at which level;
* :class:`Recording`: the view of the parsed-file cache the catalogue reads,
  which records every entry one build used (the cache is pruned to those).
"""

from __future__ import annotations

import logging
import os
from typing import Iterable

from kb.catalog import split_lang

#: Log level of notices: above INFO (shown by a normal build), below WARNING
#: (MkDocs' --strict counts WARNING and above only).
NOTICE = 25


def links_outside(docs: str, root: str) -> list[str]:
    """One message per symbolic link below ``docs`` (to a file or a folder) leading outside
    ``root``, sorted; linked folders inside ``root`` are followed, as MkDocs does.

    Walks with :func:`os.scandir`, which tells links apart without a ``stat``
    per file; only the links themselves are resolved.
    """
    root = os.path.realpath(root)
    docs = os.path.abspath(docs)
    outside, folders, seen = [], [docs], {os.path.realpath(docs)}
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if real != root and not real.startswith(root + os.sep):
                        rel = os.path.relpath(entry.path, docs).replace(os.sep, "/")
                        outside.append(f"  docs/{rel}: is a link to {real}, outside the repository; "
                                       "copy the file into docs/ instead")
                        continue
                    if os.path.isdir(real) and real not in seen:
                        seen.add(real)
                        folders.append(entry.path)
                elif entry.is_dir():
                    folders.append(entry.path)
    return sorted(outside)


def to_report(problems: Iterable, lang: str, *, every_lang: bool) -> list[tuple[int, str]]:
    """``(log level, message)`` for the warnings and notices among ``problems``.

    Each language's build logs its own files' problems (i18n runs on_files
    once per language). When errors are about to stop the first build, the
    problems of every language are logged so one run shows them all.
    """
    out = []
    for problem in problems:
        if problem.severity == "error" or (not every_lang and split_lang(problem.path)[1] != lang):
            continue
        out.append((logging.WARNING if problem.severity == "warning" else NOTICE, f"docs/{problem}"))
    return out


class Recording(dict):
    """A cache view for :func:`kb.catalog.build`: reads from ``old``, records every entry used in ``used``."""

    def __init__(self, old: dict, used: dict):
        """Wrap the cache ``old``; entries read or written land in ``used``."""
        super().__init__()
        self._old, self._used = old, used

    def get(self, key, default=None):
        """The cached entry for ``key`` (recorded as used), else ``default``."""
        value = self._old.get(key)
        if value is None:
            return default
        self._used[key] = value
        return value

    def __setitem__(self, key, value):
        """Store a freshly parsed file."""
        self._used[key] = value
