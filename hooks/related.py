"""Hook: related articles and backlinks (thin MkDocs layer over :mod:`kb.related`).

Once per build and language (``on_files``, after validation built the
catalogue and before static-i18n drops the other language's files) it
computes every article's related list and the backlinks and stores them in
``shared.STATE.data``:

* ``data["related"]``: ``{page_path: [{"path": other_page_path, "score": float,
  "reasons": [str, …]}, …]}`` for every article of the language, with
  catalogue paths like ``artikel/x.en.md``;
* ``data["backlinks"]``: ``{page_path: [source_page_path, …]}`` for every page
  of the language that some page of the language links to.

``on_page_context`` turns them into ``kb_related`` and ``kb_backlinks`` for
``overrides/partials/kb/related.html`` and ``backlinks.html``.

Under ``mkdocs serve`` the core keeps each article's tokens in a module-level
cache keyed by path and content hash (``kb.related._TOKEN_CACHE``), kept across
rebuilds on purpose, so an edit to one article re-reads only that article.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from kb import related as core

log = get_plugin_logger("kb.related")

_LINKS: dict[str, str] = {}  # page path → URL, set in on_env for on_page_context


@event_priority(50)  # after validation (100) built the catalogue, before i18n (-100)
def on_files(files, config):
    """Compute the related lists and backlinks of the language being built."""
    state = shared.STATE
    if state.catalog is None:
        return files
    docs, links, problems = core.from_pages(state.catalog.pages.values(), state.lang)
    for problem in problems:
        log.warning(f"docs/{problem}")
    relations = core.compute(docs, state.lang, links)
    state.data["related"] = core.as_json(relations)
    state.data["backlinks"] = core.backlinks(links)
    return files


def on_env(env, config, files):
    """Remember the URL of every page of this build (the files are final now)."""
    _LINKS.clear()
    for file in files.documentation_pages():
        _LINKS[file.src_uri] = file.url
    return env


def on_page_context(context, page, config, nav):
    """Put ``kb_related`` and ``kb_backlinks`` into the context of an article."""
    state = shared.STATE
    path = page.file.src_uri
    if state.catalog is None:
        return context
    related = state.data.get("related", {}).get(path)
    if related:
        context["kb_related"] = [
            dict(_entry(other["path"], page.url), reasons=list(other["reasons"]))
            for other in related if other["path"] in _LINKS
        ]
    sources = state.data.get("backlinks", {}).get(path)
    if sources:
        context["kb_backlinks"] = [_entry(src, page.url) for src in sources if src in _LINKS]
    return context


def _entry(path: str, base_url: str) -> dict:
    """Title, description and URL (relative to ``base_url``) of the catalogue page ``path``."""
    other = shared.STATE.catalog.pages[path]
    return {"title": other.title, "description": other.description or "",
            "url": get_relative_url(_LINKS[path], base_url)}
