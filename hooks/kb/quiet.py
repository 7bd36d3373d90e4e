"""Which log records the build shows: the preview prints what a contributor needs.

mkdocs-static-i18n reports at INFO level, on every build and every rebuild of
``mkdocs serve``, which language it builds, each setting it overrides for a
language (one of them the whole palette, about 450 characters) and how many
navigation entries it translated. MkDocs' own lines already say what was
rebuilt and how long it took, so these records go; the plugin's warnings and
errors always stay.
"""

from __future__ import annotations

import logging
from typing import Iterable

#: Logger names (and their children) whose INFO and DEBUG records are dropped.
QUIET = ("mkdocs.plugins.mkdocs_static_i18n",)


def quiet(name: str, quiet_names: Iterable[str] = QUIET) -> bool:
    """Whether ``name`` is one of ``quiet_names`` or below one of them."""
    return any(name == q or name.startswith(q + ".") for q in quiet_names)


def keep(level: int, name: str, quiet_names: Iterable[str] = QUIET) -> bool:
    """Whether a record of ``level`` from logger ``name`` is shown: always above INFO."""
    return level > logging.INFO or not quiet(name, quiet_names)


class QuietFilter(logging.Filter):
    """A logging filter that drops the INFO and DEBUG records :func:`keep` rejects."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep ``record`` unless it is INFO or below from a quiet logger."""
        return keep(record.levelno, record.name)


#: MkDocs' warning on every ``--dirty`` build, which hooks/incremental.py makes untrue.
DIRTY_WARNING = "A 'dirty' build is being performed"


class DropDirtyWarning(logging.Filter):
    """Drops MkDocs' ``--dirty`` warning (:data:`DIRTY_WARNING`): with hooks/incremental.py
    the dirty build is accurate."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for MkDocs' dirty-build warning."""
        return not record.getMessage().startswith(DIRTY_WARNING)
