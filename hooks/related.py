"""Hook: related articles and backlinks (thin MkDocs layer over :mod:`kb.related`).

Once per build and language it fills ``shared.STATE.data["related"]``
(``{page_path: [{"path", "score", "reasons"}, …]}`` for every article, catalogue
paths like ``artikel/x.en.md``) and ``["backlinks"]`` (``{page_path:
[source_page_path, …]}``, the most relevant source first). ``on_files`` starts
them beside the build (:func:`kb.related_lists.start`, a :mod:`kb.background`
task), so they are computed on the second core while MkDocs converts the
Markdown; ``on_env`` collects them (waiting if need be) and logs the override
warnings. Under ``mkdocs serve`` ``on_files`` computes them itself and reuses
an unchanged language's (:func:`kb.related_lists.relations_for`).

``on_page_context`` turns them into ``kb_related`` and ``kb_backlinks`` for
``overrides/partials/kb/related.html`` and ``backlinks.html``: at most
:data:`BACKLINKS_SHOWN` backlinks, ``kb_backlinks_total`` their number and, when
there are more, ``kb_backlinks_all`` the URL of a generated page listing all
(``<page>/erwaehnt-in/``, English ``linked-from/``), which ``on_post_build``
writes from ``partials/kb/backlinks-all.html``.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import background, related_lists

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
_COMMAND: str | None = None  # "build", "gh-deploy" or "serve", from on_startup (serve computes inline)
#: The background computation of the language being built (:class:`kb.related_lists.Pending`).
_PENDING: related_lists.Pending | None = None
#: The dicts this hook put into STATE.data in on_files, filled in on_env unless
#: another hook replaced them meanwhile (a later hook's data wins, as it would inline).
_PLACEHOLDERS: dict[str, dict] = {}


def on_startup(command, dirty):
    """Remember whether this is ``serve`` (which computes inline to keep its token cache)."""
    global _COMMAND
    _COMMAND = command


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
    """Start (under serve: do) the related lists and backlinks."""
    global _PENDING
    state = shared.STATE
    _PLACEHOLDERS.clear()
    on_shutdown()  # a previous build failed before on_env
    if state.catalog is None:
        return files
    pages = list(state.catalog.pages.values())
    if _COMMAND != "serve":
        _PENDING = related_lists.start(pages, state.lang)
        for key in ("related", "backlinks"):
            _PLACEHOLDERS[key] = state.data[key] = {}
    else:
        _store(related_lists.relations_for(pages, state.lang, reuse=True))
    return files


def on_env(env, config, files):
    """Collect the related lists; remember the URL of every page of this build (the files are final now)."""
    global _ENV, _PENDING
    if _PENDING is not None:
        pending, _PENDING = _PENDING, None
        try:
            _store(pending.result())
        except background.Failed as err:
            raise PluginError(f"related: computing the related articles ({pending.lang}) failed: {err}") from None
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
            _ALL[path] = related_lists.all_backlinks_location(_LINKS[path], _DEST[path], folder)
    return env


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
    """End a computation a failed build left running, without waiting for it."""
    global _PENDING
    if _PENDING is not None:
        _PENDING.kill()
        _PENDING = None


def on_build_error(error):
    """A failed build ends its computation at once."""
    on_shutdown()


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
