"""Hook: parallel rendering of the generated pages (the listings) on the second core.

MkDocs renders every page in one thread. ``hooks/listings.py`` generates a
few hundred listing pages per language (topics, series, archive, tags and
their pages 2, 3, …); their Markdown is converted with every other page's,
before ``on_env``. This hook renders them (template, ``on_page_context``,
``on_post_page``, writing the HTML) in a forked child process while MkDocs'
own loop renders the articles:

* ``on_env`` (priority -200: the last one, after static-i18n, related and
  seo set up the environment and the state the templates read) forks the
  child, which calls MkDocs' own ``_build_page`` for each generated page with
  the same ``doc_files``, nav and Jinja environment the loop would use, then
  removes those files from ``files``, so MkDocs' loop (which lists the pages
  after ``on_env``) skips them.
* ``on_post_build`` (priority 100: before every other ``on_post_build``, in
  particular seo (10), whose fallback (serve, a failed sitemap writer) writes
  the per-page sitemaps from what the pages recorded, search (0), and
  static-i18n (-100), which builds the next language) first renders, from the
  back of the list, the generated pages the child has not begun (the child
  takes them from the front; :class:`kb.forked.Split`): on a busy machine the
  child, running below the build's priority, may be far from done when
  MkDocs' loop ends. Then it waits
  for the child, re-emits its log records through the parent's loggers (so
  ``--strict`` counts them and each is printed once), carries back what the
  pages' ``on_page_context`` left in ``STATE.data`` (:data:`CARRIED`), checks
  the pages' anchor links (MkDocs' loop does that for the pages it rendered)
  and puts the files back.

What the pages' render leaves behind in the parent when rendered inline, and
how it is kept:

* log records: carried back (:mod:`kb.forked`);
* ``STATE.data["seo"]["pages"]`` (hooks/seo.py, the per-page sitemaps'
  fallback; a separate process writes them from a plan made in ``on_files``): the
  entries the child appended are carried back (:data:`CARRIED`); the other
  hooks' page events only read the state (search indexes articles only);
* ``page.validate_anchor_links``: run here after the join;
* the pages the parent takes back render here as they would in the loop;
  their ``CARRIED`` entries come after the child's (nothing reads their
  order), and ``config.extra`` ends as the last page of the list left it;
* ``doc_files`` (the ``pages`` template variable) of the articles lacks the
  generated pages: no template of Material or ours reads ``pages``; the
  sitemap and its ``.gz`` timestamp are built from static-i18n's file lists
  and the build date, not from it;
* static-i18n's ``on_post_page`` only drives the ``with-pdf`` plugin, which
  this site does not use.

The output is byte-identical to the inline build (tests/test_render_site.py).
Inline (no child) under ``mkdocs serve`` and ``--dirty`` (MkDocs' loop
decides per page what to rebuild), where ``fork`` is unavailable, and with
``KB_RENDER_INLINE=1``.
"""

from __future__ import annotations

import os
import time
import types

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import InclusionLevel

import shared
from pipeline import priority
from kb import forked

log = get_plugin_logger("kb.render")

#: Lists in ``STATE.data`` that the pages' ``on_page_context`` appends to:
#: ``(concern, key)``; the child sends back what it appended.
CARRIED = (("seo", "pages"),)
#: Attributes of ``config.extra`` that a page's ``on_page_context`` sets for that page
#: (static-i18n's language switcher: ``config.extra.alternate``, an attribute,
#: not an item, of MkDocs' ``LegacyConfig``). What the last page left
#: there is what the next static template sees (the next language's
#: ``404.html``): if the last page is one of the child's, its values are kept.
LAST_PAGE_EXTRA = ("alternate",)

_COMMAND: str | None = None  # "build", "gh-deploy" or "serve", from on_startup
_DIRTY = False
_NAV = None  # the navigation of the build, from on_nav
#: The child of the language being built: its language, job, Split, pages, the files,
#: whether MkDocs' loop would have rendered one of its pages last, and the
#: arguments of ``_build_page`` besides the page (``render``).
_PENDING: types.SimpleNamespace | None = None


def on_startup(command, dirty):
    """Remember whether this is ``serve`` or a ``--dirty`` build (both render inline)."""
    global _COMMAND, _DIRTY
    _COMMAND, _DIRTY = command, bool(dirty)


def inline() -> bool:
    """Whether this build renders every page in MkDocs' own loop."""
    return (_COMMAND == "serve" or _DIRTY
            or os.environ.get("KB_RENDER_INLINE", "") not in ("", "0"))


def generated_pages(files) -> tuple[list, list]:
    """``(doc_files, pages)``: the list MkDocs' loop would render, and the generated pages among it."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    generated = shared.STATE.data.get("listings", {}).get("pages", {})
    pages = [f.page for f in doc_files if f.src_uri in generated and f.page is not None]
    return doc_files, pages


def _carried_lengths() -> dict:
    """The length of each :data:`CARRIED` list now (the child sends back what follows)."""
    data = shared.STATE.data
    return {key: len(data.get(key[0], {}).get(key[1], ())) for key in CARRIED}


def _last_page_extra(config) -> dict:
    """The :data:`LAST_PAGE_EXTRA` values ``config.extra`` holds now."""
    return {key: getattr(config.extra, key) for key in LAST_PAGE_EXTRA if hasattr(config.extra, key)}


def _build(build, page, config, doc_files, nav, env) -> None:
    """Render and write one generated page as MkDocs' loop would."""
    build._build_page(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())


def _render(progress, build, pages, config, doc_files, nav, env, lengths, split) -> tuple[dict, dict | None]:
    """Child: render the pages ``split`` hands it (from the front), as MkDocs' loop would.

    Returns what they appended to the :data:`CARRIED` lists and, if it
    rendered the last page of ``pages``, the :data:`LAST_PAGE_EXTRA` values
    that page left in ``config.extra`` (else ``None``).
    """
    last = None
    while (index := split.front()) is not None:
        progress(pages[index].file.src_uri)
        _build(build, pages[index], config, doc_files, nav, env)
        if index == len(pages) - 1:
            last = _last_page_extra(config)
    data = shared.STATE.data
    carried = {key: list(data.get(key[0], {}).get(key[1], ()))[lengths[key]:] for key in CARRIED}
    return carried, last


def _build_module():
    """MkDocs' build module (ProperDocs' under ``properdocs``: it aliases ``mkdocs.*``)."""
    from mkdocs.commands import build

    return build if callable(getattr(build, "_build_page", None)) else None


@event_priority(priority("render.on_env"))
def on_env(env, config, files):
    """Fork the child that renders the generated pages; take them out of MkDocs' loop."""
    global _PENDING
    _reap()
    build = _build_module()
    if inline() or build is None or _NAV is None:
        return env
    doc_files, pages = generated_pages(files)
    split = forked.split(len(pages))
    if not pages or split is None:
        return env
    job = forked.start(_render, build, pages, config, doc_files, _NAV, env,
                       _carried_lengths(), split, name=f"kb-render-{shared.STATE.lang}")
    if job is None:
        return env
    for page in pages:
        files.remove(page.file)
    last_is_ours = doc_files[-1].page is pages[-1]
    _PENDING = types.SimpleNamespace(lang=shared.STATE.lang, job=job, split=split, pages=pages, files=files,
                                     last_is_ours=last_is_ours, render=(build, doc_files, _NAV, env))
    return env


@event_priority(priority("render.on_nav"))
def on_nav(nav, config, files):
    """Keep the final navigation for the child (MkDocs passes it to each page, not to ``on_env``)."""
    global _NAV
    _NAV = nav
    return nav


@event_priority(priority("render.on_post_build"))
def on_post_build(config):
    """Render the pages the child has not begun, wait for it; replay its log, carry back
    its state, check its pages' anchors."""
    global _PENDING
    if _PENDING is None:
        return
    pending, _PENDING = _PENDING, None
    waited = time.perf_counter()
    build, doc_files, nav, env = pending.render
    before = _last_page_extra(config)
    current = getattr(config, "_current_page", None)
    taken, last = 0, None
    try:
        while (index := pending.split.back()) is not None:
            _build(build, pending.pages[index], config, doc_files, nav, env)
            taken += 1
            if index == len(pending.pages) - 1:
                last = _last_page_extra(config)
    except BaseException:  # MkDocs reports the page, as for a page of its own loop
        pending.job.kill()
        raise
    config._current_page = current
    for page in pending.pages:
        pending.files.append(page.file)
    try:
        (carried, child_last), records = pending.job.collect()
    except forked.Failed as err:
        forked.replay(err.records)
        where = f" docs/{err.step}" if err.step else " the generated pages"
        raise PluginError(f"render: rendering{where} ({pending.lang}) in the forked process failed: "
                          f"{err.message}") from None
    forked.replay(records)
    data = shared.STATE.data
    for (concern, key), items in carried.items():
        if items:
            data.setdefault(concern, {}).setdefault(key, []).extend(items)
    # config.extra as the last page of MkDocs' order left it: one of ours, or the loop's
    final = (last or child_last or {}) if pending.last_is_ours else before
    for key in LAST_PAGE_EXTRA:
        if key in final:
            setattr(config.extra, key, final[key])
        elif hasattr(config.extra, key):
            delattr(config.extra, key)
    level = config.validation.links.anchors
    for page in pending.pages:
        page.validate_anchor_links(files=pending.files, log_level=level)
    done = time.perf_counter()
    log.debug("%s: %d generated pages, %d of them rendered here after MkDocs' loop; collected "
              "%.2f s after the fork, waited %.2f s", pending.lang, len(pending.pages), taken,
              done - pending.job.started, done - waited)


def _reap() -> None:
    """Stop a child a failed build left behind."""
    global _PENDING
    if _PENDING is not None:
        _PENDING.job.kill()
        _PENDING = None


def on_build_error(error):
    """The build failed: the child's pages are not needed any more."""
    _reap()


def on_shutdown():
    """Reap a child a failed build left running."""
    _reap()
