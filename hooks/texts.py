"""Hook: the one table of UI strings (:mod:`kb.texts`) for the templates.

The hooks pass their own texts into the page context with their data; the
templates that write words of their own (the 404 page, the topic map, the
backlinks pages) read them from the same table through two Jinja globals:
``kb_texts(lang, group)`` (a group of the language's table) and
``kb_plural(lang, group, key, n)`` (``1 Beitrag`` / ``5 Beiträge``).
"""

from __future__ import annotations

from kb import texts


def on_env(env, config, files):
    """Put ``kb_texts`` and ``kb_plural`` into the Jinja environment of this build."""
    env.globals["kb_texts"] = texts.texts
    env.globals["kb_plural"] = texts.plural
    return env
