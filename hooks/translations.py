"""Hook: tell readers of an English article that it is a translation, and whether it is current.

Every English article gets ``kb_translation`` in its page context (rendered by
``overrides/partials/kb/translation.html``): the German original's title and
URL and whether the translation may be outdated (:mod:`kb.translations`). The
build-time notice for a stale translation is logged by ``hooks/validation.py``
together with every other front-matter problem.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url

import shared
from kb import catalog as catalog_core


def on_page_context(context, page, config, nav):
    """Add ``kb_translation`` to the context of every translated article."""
    state = shared.STATE
    cat = state.catalog
    if cat is None or page.file.generated_by:
        return context
    entry = cat.pages.get(page.file.src_uri)
    if entry is None or not entry.is_article or entry.lang == catalog_core.DEFAULT_LANG:
        return context
    original = cat.get(entry.key, catalog_core.DEFAULT_LANG)
    url = original_url(page, config)
    if original is None or not url:
        return context
    status = catalog_core.translation_status(cat, entry)
    context["kb_translation"] = {
        "original_title": original.title,
        "original_url": url,
        "original_lang": catalog_core.DEFAULT_LANG,
        "stale": status.stale,
        "confirmed": status.recorded is not None,
    }
    return context


def original_url(page, config) -> str:
    """The URL of ``page``'s German original, relative to ``page`` itself.

    mkdocs-static-i18n gives each file its ``alternates`` per language; both
    URLs are relative to the site root (``en/artikel/x/`` → ``artikel/x/``).
    """
    alternate = getattr(page.file, "alternates", {}).get(catalog_core.DEFAULT_LANG)
    if alternate is None or alternate is page.file:
        return ""
    return get_relative_url(alternate.url, page.url)
