"""Hook: related articles and backlinks (thin MkDocs layer over :mod:`kb.related`).

Once per build and language it computes every article's related list and the
backlinks and stores them in ``shared.STATE.data``:

* ``data["related"]``: ``{page_path: [{"path": other_page_path, "score": float,
  "reasons": [str, …]}, …]}`` for every article of the language, with
  catalogue paths like ``artikel/x.en.md``;
* ``data["backlinks"]``: ``{page_path: [source_page_path, …]}`` for every page
  of the language that some page of the language links to, the most relevant
  source first (:func:`kb.related.backlinks`).

``on_files`` (after validation built the catalogue, before static-i18n drops
the other language's files) starts the computation in a forked process: MkDocs
then converts every page's Markdown on one core while the relations are
computed on the other. ``on_env``, which MkDocs calls after the conversion and
before the first page is rendered, collects the result (waiting for it if it
is not ready yet), logs the override warnings and fills ``STATE.data``. Where
``fork`` is missing, and under ``mkdocs serve`` (see below), it is computed in
``on_files`` itself. The search hook uses a forked process the same way for its
vocabulary (``hooks/search.py``).

``on_page_context`` turns the result into ``kb_related`` and ``kb_backlinks``
for ``overrides/partials/kb/related.html`` and ``backlinks.html``. A page
shows at most :data:`BACKLINKS_SHOWN` backlinks, so its size does not grow with
their number; ``kb_backlinks_total`` gives the number and, when there are
more, ``kb_backlinks_all`` the URL of a generated page listing all of them
(``<page>/erwaehnt-in/``, English ``linked-from/``), which ``on_post_build``
writes from ``partials/kb/backlinks-all.html``.

Under ``mkdocs serve`` the core keeps each article's tokens in a module-level
cache keyed by path and content hash (``kb.related._TOKEN_CACHE``), kept across
rebuilds on purpose, so an edit to one article re-reads only that article. A
forked process would fill only its own copy of that cache, so serve computes
in the build process (``_COMMAND``, set in ``on_startup``). For the same
reason the result of each language is kept (:data:`_RESULTS`) under a hash
of the documents and links it was computed from: a save that changed
nothing the computation reads (every save in the other language) reuses it.
"""

from __future__ import annotations

import gc
import os
import pickle
import posixpath
import tempfile
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import buildcache, forked, related as core

log = get_plugin_logger("kb.related")

#: Backlinks shown on a page; the rest are on the page's generated "all backlinks" page.
BACKLINKS_SHOWN = 10
#: The generated page's folder below the page, per language.
ALL_FOLDER = {"de": "erwaehnt-in", "en": "linked-from"}
_LINKS: dict[str, str] = {}  # page path → URL, set in on_env for on_page_context
_DEST: dict[str, str] = {}  # page path → output file, set in on_env
#: page path → (URL, output file) of its "all backlinks" page, set in on_env for on_post_build.
_ALL: dict[str, tuple[str, str]] = {}
_ENV = None  # the Jinja environment of this build (on_env), for on_post_build
_COMMAND: str | None = None  # "build", "gh-deploy" or "serve", from on_startup
#: The forked computation of the language being built: (language, process, receiving end).
_PENDING: tuple | None = None
#: The dicts this hook put into STATE.data in on_files, filled in on_env unless
#: another hook replaced them meanwhile (a later hook's data wins, as it would inline).
_PLACEHOLDERS: dict[str, dict] = {}
#: language → (digest of what :func:`kb.related.compute` reads, (related, backlinks)) of the
#: last computation in this process: kept across ``mkdocs serve`` rebuilds on purpose (like
#: hooks/listings.py's plans), so an edit in one language leaves the other's lists alone.
#: Only inline computations fill it (a forked one fills its own copy).
_RESULTS: dict[str, tuple[str, tuple[dict, dict]]] = {}


def on_startup(command, dirty):
    """Remember whether this is ``serve`` (which computes inline to keep its token cache)."""
    global _COMMAND
    _COMMAND = command


def relations_for(pages, lang: str) -> tuple[dict, dict, list[str]]:
    """The related lists (JSON shape), backlinks and override warnings of ``lang``."""
    docs, links, problems = core.from_pages(pages, lang)
    related, backlinks = _computed(docs, links, lang)
    return related, backlinks, [f"docs/{p}" for p in problems]


def _computed(docs, links, lang: str) -> tuple[dict, dict]:
    """:func:`kb.related.compute` and the backlinks of ``lang``; under ``mkdocs serve`` reused
    from an earlier build (:data:`_RESULTS`) when the documents and links it reads are equal."""
    key = buildcache.digest(lang, docs, links, core.Settings()) if _COMMAND == "serve" else None
    cached = _RESULTS.get(lang)
    if key is not None and cached is not None and cached[0] == key:
        log.debug("%s: related lists computed in an earlier build, reused", lang)
        return cached[1]
    relations = core.compute(docs, lang, links)
    result = (core.as_json(relations), core.backlinks(links, relations))
    if key is not None:
        _RESULTS[lang] = (key, result)
    return result


def _child(out, pages, lang: str) -> None:
    """Body of the forked process: pickle ``("ok", result)`` or ``("error", message)`` into ``out``."""
    forked.background()
    gc.disable()  # a throwaway process: a collection would only copy the parent's pages
    try:
        result = ("ok", relations_for(pages, lang))
    except Exception as err:  # reported by the parent as a PluginError
        result = ("error", repr(err))
    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
    os._exit(0 if result[0] == "ok" else 1)


def _start(pages, lang: str) -> bool:
    """Start the computation in a forked process; False where fork is unavailable.

    The result comes back through an unnamed temporary file rather than a
    pipe: the child writes it whole and ends, and the parent reads it in one
    go, instead of the two taking turns over a 64 KiB pipe buffer (which
    costs a scheduler round trip per chunk on a busy machine).
    """
    global _PENDING
    ctx = forked.fork_context()
    if ctx is None:
        return False
    out = tempfile.TemporaryFile()
    proc = ctx.Process(target=_child, args=(out, pages, lang), name=f"kb-related-{lang}")
    proc.start()
    _PENDING = (lang, proc, out, time.perf_counter())
    return True


def _collect() -> tuple[dict, dict, list[str]] | None:
    """Wait for the forked computation (if one runs) and return its result."""
    global _PENDING
    if _PENDING is None:
        return None
    lang, proc, out, started = _PENDING
    _PENDING = None
    waited = time.perf_counter()
    with out:
        proc.join()
        out.seek(0)
        enabled = gc.isenabled()
        gc.disable()  # unpickling makes ~100,000 containers: no full collections over the build's heap meanwhile
        try:
            status, payload = pickle.load(out)
        except (EOFError, pickle.UnpicklingError, ValueError):
            status, payload = "error", f"the process ended without a result (exit code {proc.exitcode})"
        finally:
            if enabled:
                gc.enable()
    if status != "ok":
        raise PluginError(f"related: computing the related articles ({lang}) failed: {payload}")
    done = time.perf_counter()
    log.debug("%s: collected %.2f s after the fork; waited %.2f s", lang, done - started, done - waited)
    return payload


def _store(result: tuple[dict, dict, list[str]]) -> None:
    """Log the override warnings and put the result into ``STATE.data``."""
    related, backlinks, warnings = result
    for warning in warnings:
        log.warning(warning)
    data = shared.STATE.data
    for key, value in (("related", related), ("backlinks", backlinks)):
        placeholder = _PLACEHOLDERS.get(key)
        if placeholder is None or data.get(key) is placeholder:
            data[key] = value


@event_priority(priority("related.on_files"))
def on_files(files, config):
    """Start (or, without fork and under serve, do) the related lists and backlinks."""
    state = shared.STATE
    _PLACEHOLDERS.clear()
    if _PENDING is not None:  # a previous build failed before on_env
        try:
            _collect()
        except PluginError:
            pass
    if state.catalog is None:
        return files
    pages = list(state.catalog.pages.values())
    if _COMMAND != "serve" and _start(pages, state.lang):
        for key in ("related", "backlinks"):
            _PLACEHOLDERS[key] = state.data[key] = {}
    else:
        _store(relations_for(pages, state.lang))
    return files


def on_env(env, config, files):
    """Collect the related lists; remember the URL of every page of this build (the files are final now)."""
    global _ENV
    result = _collect()
    if result is not None:
        _store(result)
    _LINKS.clear()
    _DEST.clear()
    _ALL.clear()
    _ENV = env
    for file in files.documentation_pages():
        _LINKS[file.src_uri] = file.url
        _DEST[file.src_uri] = file.dest_uri
    folder = ALL_FOLDER.get(shared.STATE.lang, ALL_FOLDER["de"])
    for path, sources in shared.STATE.data.get("backlinks", {}).items():
        if path in _LINKS and sum(src in _LINKS for src in sources) > BACKLINKS_SHOWN:
            _ALL[path] = all_backlinks_location(_LINKS[path], _DEST[path], folder)
    return env


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


def on_post_build(config):
    """Write the "all backlinks" page of every page with more than :data:`BACKLINKS_SHOWN` backlinks."""
    if not _ALL or _ENV is None:
        return
    template = _ENV.get_template("partials/kb/backlinks-all.html")
    lang = shared.STATE.lang
    for path, (url, out) in sorted(_ALL.items()):
        sources = [src for src in shared.STATE.data["backlinks"][path] if src in _LINKS]
        page = shared.STATE.catalog.pages.get(path)
        html = template.render(
            kb_lang=lang, kb_title=page.title if page else path,
            kb_page_url=get_relative_url(_LINKS[path], url),
            kb_backlinks=[_entry(src, url) for src in sources], config=config)
        target = os.path.join(config.site_dir, out)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(html)


def on_shutdown():
    """Reap a computation a failed build left running."""
    try:
        _collect()
    except PluginError:
        pass


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
    sources = [src for src in state.data.get("backlinks", {}).get(path, ()) if src in _LINKS]
    if sources:
        context["kb_backlinks"] = [_entry(src, page.url) for src in sources[:BACKLINKS_SHOWN]]
        context["kb_backlinks_total"] = len(sources)
        if path in _ALL:
            context["kb_backlinks_all"] = get_relative_url(_ALL[path][0], page.url)
    return context


def _entry(path: str, base_url: str) -> dict:
    """Title, description and URL (relative to ``base_url``) of the catalogue page ``path``."""
    other = shared.STATE.catalog.pages[path]
    return {"title": other.title, "description": other.description or "",
            "url": get_relative_url(_LINKS[path], base_url)}
