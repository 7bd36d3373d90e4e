"""One build's related lists and backlinks of a language, from the catalogue (``hooks/related.py``).

:func:`start` computes them beside the build, while MkDocs converts the pages:
:func:`computed` (:func:`kb.related.from_pages`, :func:`kb.related.compute`)
as a :func:`kb.background.start` task, given the fields of each catalogue page
it reads as plain dicts; :meth:`Pending.result` collects them. :func:`relations_for`
computes them in this process, as ``mkdocs serve`` does: there the core keeps
each article's tokens in a cache kept across rebuilds
(``kb.related._TOKEN_CACHE``), which a task's process would fill only in its
own copy, and the result of each language is kept (:data:`_RESULTS`) under a
hash of what it was computed from, so a save that changed nothing it reads
(every save in the other language) reuses it.

Both give ``(related, backlinks, warnings)``: the related lists in the shape of
``STATE.data["related"]`` (:func:`kb.related.as_json`), the backlinks
(:func:`kb.related.backlinks`), and the override entries that name no article
(``docs/<path>: …``).
"""

from __future__ import annotations

import gc
import logging
import posixpath
import time
import types

from kb import background, buildcache, related as core

log = logging.getLogger("mkdocs.plugins.kb.related")

#: language → (digest of what :func:`kb.related.compute` reads, (related, backlinks)) of the
#: last inline computation in this process: kept across ``mkdocs serve`` rebuilds on purpose
#: (like hooks/listings.py's plans), so an edit in one language leaves the other's lists alone.
_RESULTS: dict[str, tuple[str, tuple[dict, dict]]] = {}


def _shaped(relations, links) -> tuple[dict, dict]:
    """``(related, backlinks)`` in the shape of ``STATE.data`` from :func:`kb.related.compute`'s result."""
    return core.as_json(relations), core.backlinks(links, relations)


def _warnings(problems) -> list[str]:
    """The override problems as warnings naming the file."""
    return [f"docs/{p}" for p in problems]


def relations_for(pages, lang: str, reuse: bool = False) -> tuple[dict, dict, list[str]]:
    """The related lists, backlinks and warnings of ``lang``, computed here; with ``reuse``
    (``mkdocs serve``) taken from :data:`_RESULTS` when the documents and links are equal."""
    docs, links, problems = core.from_pages(pages, lang)
    key = buildcache.digest(lang, docs, links, core.Settings()) if reuse else None
    cached = _RESULTS.get(lang)
    if key is not None and cached is not None and cached[0] == key:
        log.debug("%s: related lists computed in an earlier build, reused", lang)
        return (*cached[1], _warnings(problems))
    result = _shaped(core.compute(docs, lang, links), links)
    if key is not None:
        _RESULTS[lang] = (key, result)
    return (*result, _warnings(problems))


#: The fields of a catalogue page :func:`kb.related.from_pages` reads.
FIELDS = ("path", "lang", "is_article", "title", "body", "description", "tags", "topic", "series", "date",
          "related", "related_exclude")


def computed(rows: list[dict], lang: str) -> tuple[dict, dict, list[str]]:
    """The task's function: the related lists, backlinks and warnings of ``lang`` from ``rows``
    (each page's :data:`FIELDS` as a dict)."""
    docs, links, problems = core.from_pages([types.SimpleNamespace(**row) for row in rows], lang)
    return (*_shaped(core.compute(docs, lang, links), links), _warnings(problems))


class Pending:
    """The related lists of one language, computed by a background task (:func:`computed`)."""

    def __init__(self, pages, lang: str):
        """Start the task for ``lang`` over the catalogue ``pages`` (only the fields it reads go)."""
        self.lang = lang
        rows = [{field: getattr(page, field) for field in FIELDS} for page in pages]
        self._task = background.start(computed, rows, lang, name=f"related ({lang})")

    def result(self) -> tuple[dict, dict, list[str]]:
        """Wait for the task: ``(related, backlinks, warnings)``; :class:`kb.background.Failed` if it failed."""
        waited = time.perf_counter()
        enabled = gc.isenabled()
        gc.disable()  # unpickling makes ~100,000 containers: no full collections over the build's heap meanwhile
        try:
            result = self._task.result()
        finally:
            if enabled:
                gc.enable()
        done = time.perf_counter()
        log.debug("%s: collected %.2f s after the start; waited %.2f s", self.lang,
                  done - self._task.started, done - waited)
        return result

    def kill(self) -> None:
        """End the task without waiting for it (a failed build)."""
        self._task.kill()


def start(pages, lang: str) -> Pending:
    """Start the related lists of ``lang`` (catalogue ``pages``) beside the build."""
    return Pending(pages, lang)


def all_backlinks_location(url: str, dest: str, folder: str) -> tuple[str, str]:
    """URL and output file of a page's "all backlinks" page, beside the page's own.

    ``artikel/x/`` (``artikel/x/index.html``) → ``artikel/x/erwaehnt-in/``;
    ``artikel/x.html`` → ``artikel/x.erwaehnt-in.html``.
    """
    if dest.endswith("index.html") and (url == "" or url.endswith("/")):
        base = posixpath.dirname(dest)
        out = posixpath.join(base, folder, "index.html")
        return url + folder + "/", out
    stem = dest[: -len(".html")] if dest.endswith(".html") else dest
    url_stem = url[: -len(".html")] if url.endswith(".html") else url
    return f"{url_stem}.{folder}.html", f"{stem}.{folder}.html"
