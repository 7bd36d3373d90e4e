"""Hook: the incremental preview. ``mkdocs serve --dirty`` renders only what an edit changed.

MkDocs' own ``--dirty`` skips pages whose source is older than their output:
fast and wrong (every other stage sees only those pages; titles shown
elsewhere go stale; deleted pages stay online). Here a ``--dirty`` build is
the full build minus the work whose inputs did not change:

* every page is read and passes every hook's page events; its Markdown
  conversion is reused when what it read is unchanged
  (:func:`kb.buildcache.convert`, from ``on_pre_page``);
* ``on_env`` (the last one) makes each page's template context as MkDocs will
  and its key (:mod:`kb.pagekey`); MkDocs' loop re-renders a page
  (``File.is_modified``) only when its key changed or its output is missing;
* the outer build's ``on_post_build`` (after every language) deletes what no
  file of the build owns and nobody wrote (:func:`kb.buildcache.stale_files`),
  except what a stage kept on purpose (``STORE.kept``).

Without ``--dirty`` the hook does nothing. tests/test_incremental.py compares
the result with a clean full build, file by file.
"""

from __future__ import annotations

import functools
import logging
import os
import time

from mkdocs.commands.build import get_context
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

import shared
from pipeline import priority
from kb import buildcache, pagekey, quiet
from kb.buildcache import STORE

log = get_plugin_logger("kb.incremental")

#: Our hook files and templates: a change to one re-renders every page.
HOOKS_DIR = os.path.dirname(os.path.abspath(__file__))


class _Build:
    """What the incremental path knows during one outer build (all its languages)."""

    def __init__(self) -> None:
        """Nothing known yet."""
        self.nav = None
        self.decisions: dict[str, bool] | None = None  # None: reading; then src_uri → re-render
        self.pending: dict[str, str] = {}  # output path → key, kept once every language is written
        self.owned: set[str] = set()  # output paths of every file of every language
        self.last_extra: dict | None = None
        self.marker_ns: int | None = None
        self.describe = pagekey.Describer()  # remembers the digests of shared context objects
        self.counts = {"converted": 0, "reused": 0, "rendered": 0, "skipped": 0}


_MODE = {"dirty": False}
_BUILD = _Build()


def on_startup(command, dirty):
    """Switch the incremental path on for ``--dirty`` builds (``mkdocs serve --dirty``)."""
    _MODE["dirty"] = bool(dirty)
    build_log = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, quiet.DropDirtyWarning) for f in build_log.filters):
        build_log.addFilter(quiet.DropDirtyWarning())


def active() -> bool:
    """Whether this build takes the incremental path."""
    return _MODE["dirty"]


def _i18n_building(config) -> bool:
    """Whether static-i18n is building one of its other languages (an inner build)."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


@event_priority(priority("incremental.on_config"))
def on_config(config):
    """Start a build; the outer one marks its start time in the site folder."""
    global _BUILD
    if not active():
        return config
    outer = not _i18n_building(config)
    if outer:
        _BUILD = _Build()
        STORE.kept.clear()
        _BUILD.marker_ns = buildcache.mark_start(config.site_dir)
    else:  # the next language starts where the last page of the previous one left config.extra
        if _BUILD.last_extra is not None:
            pagekey.set_last_page_extra(config.extra, _BUILD.last_extra)
        _BUILD.nav, _BUILD.decisions, _BUILD.last_extra = None, None, None
    return config


@event_priority(priority("incremental.on_nav"))
def on_nav(nav, config, files):
    """Every page is read again (its conversion may be reused); keep the nav for the keys."""
    if not active():
        return nav
    _BUILD.nav = nav
    for file in files.documentation_pages():
        file.is_modified = functools.partial(_is_modified, file.src_uri)
    return nav


def _is_modified(src_uri: str) -> bool:
    """MkDocs' question for ``--dirty``: read every page; render those whose key changed."""
    decisions = _BUILD.decisions
    return True if decisions is None else decisions.get(src_uri, True)


def on_pre_page(page, config, files):
    """Give the page a Markdown conversion that reuses the last one when its inputs are the same."""
    if active():
        page.render = functools.partial(_render, page)
    return page


def _markdown_settings(config) -> str:
    """:func:`kb.pagekey.markdown_settings` of this build (computed once per configuration)."""
    cached = getattr(_BUILD, "markdown_key", None)
    if cached is None or cached[0] is not config:
        levels = (log.getEffectiveLevel() > logging.DEBUG, logging.getLogger("mkdocs").getEffectiveLevel())
        cached = _BUILD.markdown_key = (config, pagekey.markdown_settings(config, levels))
    return cached[1]


def _render(page, config, files) -> None:
    """Convert ``page``'s Markdown, or reuse its last conversion if nothing it read changed."""
    key = buildcache.digest(page.markdown, page.file.src_uri, page.file.url, page.file.abs_dest_path,
                            _markdown_settings(config))
    reused = buildcache.convert(page, files, key, lambda p, f: Page.render(p, config, f),
                                logging.getLogger("mkdocs.structure.pages"), STORE)
    _BUILD.counts["reused" if reused else "converted"] += 1


def _site_key(config, nav) -> str:
    """The key of what every page's template reads beside the page (:func:`kb.pagekey.site_key`)."""
    i18n = config.plugins.get("i18n")
    return pagekey.site_key(shared.STATE.lang, config, nav, dict(i18n.config) if i18n else None,
                            HOOKS_DIR, _BUILD.describe)


@event_priority(priority("incremental.on_env"))
def on_env(env, config, files):
    """Decide which pages MkDocs re-renders: those whose key changed (or without output)."""
    if not active() or _BUILD.nav is None:
        return env
    nav = _BUILD.nav
    site_key = _site_key(config, nav)
    doc_files = files.documentation_pages()
    before = pagekey.last_page_extra(config.extra)
    decisions = {}
    last = None
    for file in doc_files:
        page = file.page
        if page is None:
            continue
        page.active = True
        config._current_page = page
        try:
            context = get_context(nav, doc_files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            key = pagekey.page_key(context, page, pagekey.last_page_extra(config.extra), site_key, _BUILD.describe)
        except buildcache.Unstable as err:
            log.debug("%s: always rendered (%s in its context)", file.src_uri, err)
            key = None
        finally:
            page.active = False
            config._current_page = None
        last = pagekey.last_page_extra(config.extra)
        dest = file.abs_dest_path
        changed = key is None or STORE.written.get(dest) != key or not os.path.exists(dest)
        decisions[file.src_uri] = changed
        if key is not None and changed:
            _BUILD.pending[dest] = key
        _BUILD.counts["rendered" if changed else "skipped"] += 1
    pagekey.set_last_page_extra(config.extra, before)
    _BUILD.last_extra = last
    _BUILD.decisions = decisions
    _BUILD.owned.update(f.abs_dest_path for f in files)
    return env


@event_priority(priority("incremental.on_post_build"))
def on_post_build(config):
    """After the last language's build: keep the keys of the pages written, delete what
    no file of this build owns and nobody wrote."""
    if not active() or _i18n_building(config):
        return
    STORE.written.update(_BUILD.pending)
    _BUILD.pending, _BUILD.decisions = {}, None
    sweep(config)


def sweep(config) -> None:
    """Delete the files of the served site this build neither wrote nor owns (see module doc)."""
    removed = buildcache.sweep(config.site_dir, _BUILD.marker_ns or time.time_ns(), _BUILD.owned, STORE.kept)
    STORE.prune(_BUILD.owned)
    log.debug("incremental: %s; %d stale files removed", _BUILD.counts, removed)
