"""Hook: search. A Pagefind index per language, made beside the build (:mod:`kb.search_index`).

``on_pre_build`` starts the language's :class:`kb.search_index.Indexer` (a
:mod:`kb.background` task that drives Pagefind); ``on_page_content`` hands it
every article (the glossary: every term) as soon as MkDocs has converted it,
after telling it, at the first one, how much HTML the catalogue's articles
will give (:func:`kb.search_index.expected_html`: it opens its shards at once).
MkDocs converts every page before it renders any template, so once the last
article is queued (the catalogue says which there are), or at the latest in
``on_post_build``, the task is told, and Pagefind finishes while the templates
render. A language another one follows does not wait for its task; the last
language's build waits for all. ``on_page_context`` gives every page
``kb_search`` for ``overrides/partials/kb/search.html``; ``on_post_build``
renders the box's inside (``partials/kb/search-dialog.html``) once per
language into ``search/dialog.js``. Under ``mkdocs serve`` a
:class:`kb.search_index.ReusingIndexer` keeps an unchanged language's files.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import background, search as core, search_index as index
from kb.texts import texts
from kb.urls import lang_root

log = get_plugin_logger("kb.search")

#: The search box's inside, rendered once per language (not repeated in every page).
DIALOG_TEMPLATE = "partials/kb/search-dialog.html"
#: Whether this process is ``mkdocs serve`` (set in ``on_startup``): only it builds again.
_SERVE = {"on": False}
_INDEXER: index.Indexer | index.ReusingIndexer | None = None
#: Indexers of earlier languages still writing their files while a later language renders.
_FINISHING: list[index.Indexer | index.ReusingIndexer] = []


def _finish(*indexers) -> None:
    """Wait for each of ``indexers`` (all of them); the first failure is a PluginError."""
    try:
        index.finish_all(indexers)
    except background.Failed as err:
        raise PluginError(f"search: {err}") from None


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (whose rebuilds may keep an unchanged index)."""
    _SERVE["on"] = command == "serve"


def on_pre_build(config):
    """Start this language's indexer (the first language ends what a failed build left running)."""
    global _INDEXER
    state = shared.STATE
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    if index.is_first(config.plugins.get("i18n"), state.lang):
        on_shutdown()
    elif _INDEXER is not None:  # a language whose build failed before its on_post_build
        _INDEXER.close()
        _FINISHING.append(_INDEXER)
    try:
        job = index.job_for(config.site_dir, state.lang, lang_root(state.lang), config.site_url or "")
    except ValueError as err:
        raise PluginError(f"search: {err}") from None
    _INDEXER = (index.ReusingIndexer if _SERVE["on"] else index.Indexer)(job)
    state.data["search"] = {"articles": 0, "seconds": 0.0}


@event_priority(priority("search.on_page_content"))
def on_page_content(html, page, config, files):
    """Hand an article (the glossary: each term) to the indexer as soon as its Markdown is converted."""
    state = shared.STATE
    started = time.perf_counter()
    entry = state.catalog.pages.get(page.file.src_uri) if state.catalog else None
    data = state.data.setdefault("search", {"articles": 0, "seconds": 0.0})
    data["pages"] = data.get("pages", 0) + 1
    if entry is None:
        return html
    root = lang_root(state.lang)
    url = page.url[len(root):] if page.url.startswith(root) else page.url
    topic = shared.topic_label(entry.topic, state.lang) if entry.is_article and entry.topic else ""
    items = index.page_items(entry, url, state.lang, topic, html)
    if items is None:
        return html
    if not entry.is_article:
        html = core.anchor_glossary(html)
    data["last_article_at"] = data["pages"]
    data["articles"] = data.get("articles", 0) + entry.is_article
    if _INDEXER is not None:
        if "waiting_for" not in data:  # the catalogue is made after on_pre_build
            data["waiting_for"] = index.expected(state.catalog.pages, state.lang)
            _INDEXER.expect(index.expected_html(state.catalog.pages, data["waiting_for"]),
                            len(data["waiting_for"]))
        for item in items:
            _INDEXER.add(item)
        waiting_for = data["waiting_for"]
        waiting_for.discard(page.file.src_uri)
        if not waiting_for:  # the last article: Pagefind finishes while the templates render
            _INDEXER.close()
    data["seconds"] = data.get("seconds", 0.0) + time.perf_counter() - started
    return html


def on_page_context(context, page, config, nav):
    """Give every page the search box's settings."""
    root = lang_root(shared.STATE.lang)
    context["kb_search"] = {"lang": shared.STATE.lang, "strings": texts(shared.STATE.lang, "search"),
                            "root": get_relative_url(root or ".", page.url).rstrip("/") + "/"}
    return context


def write_dialog(config, lang: str) -> None:
    """Render the search box's inside for ``lang`` into ``<root>/search/dialog.js``."""
    strings = texts(lang, "search")
    inner = config.theme.get_env().get_template(DIALOG_TEMPLATE).render(s=strings)
    index.write_dialog(inner, Path(config.site_dir) / lang_root(lang), lang, strings)


def on_post_build(config):
    """Tell the indexer every article is queued; the last language (or one built alone,
    ``KB_ONLY_LOCALE``) waits for every indexer, so the build ends with all files written."""
    global _INDEXER
    state = shared.STATE
    indexer, _INDEXER = _INDEXER, None
    write_dialog(config, state.lang)
    started = time.perf_counter()
    waited = 0.0
    if not (index.is_last(config.plugins.get("i18n"), state.lang) or os.environ.get("KB_ONLY_LOCALE")):
        if indexer is not None:
            indexer.close()
            _FINISHING.append(indexer)
    else:
        _finish(*filter(None, [indexer]))
        waited = time.perf_counter() - started
        _finish(*_FINISHING)
        _FINISHING.clear()
    data = state.data.get("search", {})
    log.debug("%s: %d articles; records %.2f s while rendering, waited %.2f s for Pagefind, "
              "waited %.2f s for earlier indexes; last article %d of %d pages; task %s",
              state.lang, data.get("articles", 0), data.get("seconds", 0.0), waited,
              time.perf_counter() - started - waited, data.get("last_article_at", 0),
              data.get("pages", 0), getattr(indexer, "stats", {}))


def on_shutdown():
    """End every indexer a failed build left running (and Pagefind), without waiting for it."""
    global _INDEXER
    for indexer in [_INDEXER, *_FINISHING]:
        if indexer is not None:
            indexer.kill()
    _INDEXER = None
    _FINISHING.clear()
    background.reap()


def on_build_error(error):
    """A failed build (e.g. a front-matter error under serve) ends its tasks at once."""
    on_shutdown()
