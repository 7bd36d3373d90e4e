"""Hook: append the glossary's abbreviations that a page uses to that page.

The abbreviations (``*[ROI]: Return on Investment``) live in
``docs/_snippets/abkuerzungen.<lang>.md``; Python-Markdown's ``abbr`` extension
turns every use of a term into ``<abbr title="…">`` with a tooltip.
"""

from __future__ import annotations

import os

from mkdocs.plugins import get_plugin_logger

import shared
from kb.glossary import definitions, used_definitions

log = get_plugin_logger("kb.glossary")

#: Each language's abbreviation definitions for this build.
_defs: dict[str, list[tuple[str, str]]] = {}


def on_config(config):
    """Re-read the snippet on every build (it may have been edited under serve)."""
    _defs.clear()
    return config


def _snippet(docs_dir: str, lang: str) -> str:
    """The abbreviation lines for ``lang`` (German when no translation exists)."""
    for name in (f"abkuerzungen.{lang}.md", "abkuerzungen.de.md"):
        path = os.path.join(docs_dir, "_snippets", name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                return fh.read()
    return ""


def on_page_markdown(markdown, page, config, files):
    """Append the definitions of the abbreviations the page uses, so each term gets its tooltip."""
    lang = shared.STATE.lang
    if lang not in _defs:
        _defs[lang] = definitions(_snippet(config.docs_dir, lang))
    used = used_definitions(markdown, _defs[lang])
    return f"{markdown}\n\n{used}" if used else markdown
