"""Hook: keep the build's and the preview's output to what a contributor needs.

Installs :class:`kb.quiet.QuietFilter` on mkdocs-static-i18n's loggers (its
INFO lines on every rebuild: languages, overridden settings, translated nav
entries). Warnings and errors pass, so ``--strict`` still counts them.
Installed in ``on_config`` before any other hook or plugin logs (priority
120); static-i18n runs ``on_config`` once per language and ``serve`` once per
rebuild, so the install checks for a filter already there.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

from kb import quiet
from pipeline import priority


def _install() -> None:
    """Add one QuietFilter to each quiet logger that exists (the plugin's modules create them)."""
    names = [n for n in logging.Logger.manager.loggerDict if quiet.quiet(n)]
    for name in names + list(quiet.QUIET):
        logger = logging.getLogger(name)
        if not any(isinstance(f, quiet.QuietFilter) for f in logger.filters):
            logger.addFilter(quiet.QuietFilter())


@event_priority(priority("quiet.on_config"))
def on_config(config):
    """Quieten static-i18n's INFO records for this build."""
    _install()
    return config
