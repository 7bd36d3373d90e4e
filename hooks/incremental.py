"""Hook: the incremental preview. ``mkdocs serve --dirty`` renders only what an edit changed.

MkDocs' ``--dirty`` skips a page whose source is older than its output,
which is fast and wrong: every other stage (search index, listings, related
blocks, the topic map) would see only the pages it re-read, titles shown on
other pages go stale, and deleted pages stay online. With this hook a
``--dirty`` build is the full build, minus the work whose inputs did not
change (:mod:`kb.buildcache` keeps the keys and results for the process):

* every page is read and goes through every hook's ``on_page_markdown`` and
  ``on_page_content`` as in a full build, so each stage sees every page; only
  the Markdown conversion is reused when the page's Markdown, address,
  Markdown settings and the answers to its link lookups are unchanged
  (``on_pre_page`` gives the page a :func:`_render` of its own; a reused
  conversion replays its log records);
* ``on_env`` (the last one) computes each page's template context as MkDocs
  will (every hook's ``on_page_context``) and its key: the page (address,
  title, HTML, table of contents, front matter, neighbours), the context the
  hooks added (related block, listing rows, series, SEO, language switcher),
  the navigation, the configuration, the templates and hooks on disk. MkDocs'
  loop re-renders a page (``File.is_modified``) only when its key changed
  or its output is missing;
* ``on_post_build`` of the outer build (after static-i18n built the other
  languages) deletes every file of the served site that this build neither
  wrote nor owns: a deleted or renamed page, a vanished listing page. Files
  a stage kept from the previous build on purpose (the search index of a
  language nothing changed in, ``STORE.kept``) stay.

Without ``--dirty`` (``mkdocs build``, plain ``mkdocs serve``) the hook does
nothing. The result is the same site as a clean full build
(tests/test_incremental.py compares them file by file).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Mapping

from mkdocs.commands.build import get_context
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import shared
from pipeline import priority
from kb import buildcache, forked
from kb.buildcache import STORE

log = get_plugin_logger("kb.incremental")

#: Our hook files and templates: a change to one re-renders every page.
HOOKS_DIR = os.path.dirname(os.path.abspath(__file__))
#: MkDocs' warning on every ``--dirty`` build, which this hook makes untrue.
DIRTY_WARNING = "A 'dirty' build is being performed"
#: Attributes of ``config.extra`` a page's ``on_page_context`` sets (static-i18n's
#: language switcher); what the last page left is what the next template sees.
LAST_PAGE_EXTRA = ("alternate",)
#: The marker file whose modification time tells files this build wrote from older ones.
MARKER = ".kb-build-started"


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
        self.described: dict[int, tuple] = {}  # id → (object, digest) of shared context objects
        self.counts = {"converted": 0, "reused": 0, "rendered": 0, "skipped": 0}


_MODE = {"dirty": False}
_BUILD = _Build()


class _DropDirtyWarning(logging.Filter):
    """Drops MkDocs' ``--dirty`` warning: with this hook the dirty build is accurate."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for MkDocs' dirty-build warning."""
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty):
    """Switch the incremental path on for ``--dirty`` builds (``mkdocs serve --dirty``).

    ``KB_PREVIEW_NICE=0`` runs its helpers at the build's own CPU priority
    (:func:`kb.forked.lower_helpers`), to measure whether that shortens a save
    (BENCHMARKS.md: not shown so far, so they stay niced by default).
    """
    _MODE["dirty"] = bool(dirty)
    forked.lower_helpers(not (dirty and os.environ.get("KB_PREVIEW_NICE", "") == "0"))
    build_log = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, _DropDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DropDirtyWarning())


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
        os.makedirs(config.site_dir, exist_ok=True)
        marker = os.path.join(config.site_dir, MARKER)
        with open(marker, "w", encoding="utf-8"):
            pass
        _BUILD.marker_ns = os.stat(marker).st_mtime_ns
    else:  # the next language starts where the last page of the previous one left config.extra
        if _BUILD.last_extra is not None:
            _set_extra(config, _BUILD.last_extra)
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
    """Digest of the settings the Markdown conversion reads (computed once per build)."""
    cached = getattr(_BUILD, "markdown_key", None)
    if cached is None or cached[0] is not config:
        value = buildcache.digest(
            [str(e) for e in config["markdown_extensions"]],
            repr(config["mdx_configs"]), config.use_directory_urls,
            [repr(v) for v in config.validation.links.values()],
            log.getEffectiveLevel() > logging.DEBUG, logging.getLogger("mkdocs").getEffectiveLevel())
        cached = _BUILD.markdown_key = (config, value)
    return cached[1]


class _RecordingFiles:
    """The build's files for one conversion, noting every path it looks up."""

    def __init__(self, files) -> None:
        """Wrap ``files``."""
        self._files = files
        self.lookups: list[tuple[str, str | None]] = []

    def get_file_from_path(self, path: str):
        """MkDocs' lookup, recorded with the URL it found."""
        found = self._files.get_file_from_path(path)
        self.lookups.append((path, found.url if found is not None else None))
        return found

    def __getattr__(self, name):
        """Everything else as the files themselves."""
        return getattr(self._files, name)


class _Capture(logging.Handler):
    """Collects the log records of one conversion."""

    def __init__(self) -> None:
        """No records yet."""
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``record``."""
        self.records.append(record)


def _lookup(files, path: str) -> str | None:
    """The URL of the file at ``path`` now, or None."""
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def _render(page, config, files) -> None:
    """Convert ``page``'s Markdown, or reuse its last conversion if nothing it read changed."""
    dest = page.file.abs_dest_path
    key = buildcache.digest(page.markdown, page.file.src_uri, page.file.url, dest, _markdown_settings(config))
    entry = STORE.converted_for(dest, key, functools.partial(_lookup, files))
    if entry is not None:
        page.content, page.toc, page._title_from_render = entry.content, entry.toc, entry.title
        page.present_anchor_ids = set(entry.anchors)
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in entry.links_to_anchors.items()}
        pages_log = logging.getLogger("mkdocs.structure.pages")
        for record in entry.records:
            pages_log.handle(record)
        _BUILD.counts["reused"] += 1
        return
    recording, capture = _RecordingFiles(files), _Capture()
    pages_log = logging.getLogger("mkdocs.structure.pages")
    pages_log.addHandler(capture)
    try:
        Page.render(page, config, recording)
    finally:
        pages_log.removeHandler(capture)
    links = page.links_to_anchors
    STORE.converted[dest] = buildcache.Converted(
        key=key, lookups=tuple(recording.lookups), content=page.content, toc=page.toc,
        title=page._title_from_render, anchors=frozenset(page.present_anchor_ids or ()),
        links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        records=tuple(capture.records))
    _BUILD.counts["converted"] += 1


def _link(item) -> list | None:
    """Title and URL of a neighbouring page or section (None if there is none)."""
    if item is None:
        return None
    return [getattr(item, "title", None), getattr(item, "url", None)]


def _toc(items) -> list:
    """The table of contents as plain data."""
    return [[i.title, i.url, i.level, _toc(i.children)] for i in items]


def _nav(items) -> list:
    """The navigation tree as plain data: kind, title, URL, children."""
    return [[type(i).__name__, i.title, getattr(i, "url", None), _nav(getattr(i, "children", None) or [])]
            for i in items]


def _page(page) -> dict:
    """What a template can read of ``page`` itself."""
    return {
        "src": page.file.src_uri, "url": page.url, "dest": page.file.dest_uri, "title": page.title,
        "content": page.content, "toc": _toc(page.toc), "meta": page.meta,
        "canonical": page.canonical_url, "edit": page.edit_url, "home": page.is_homepage,
        "previous": _link(page.previous_page), "next": _link(page.next_page),
        "ancestors": [_link(a) for a in page.ancestors],
    }


def _site_key(config, nav) -> str:
    """Digest of what every page's template reads beside the page: configuration,
    navigation, language, and the templates and hooks on disk."""
    theme = config.theme
    dirs = [d for d in (theme.custom_dir,) if d]
    return buildcache.digest(
        shared.STATE.lang, config.site_name, config.site_url, config.site_description,
        config.repo_url, config.repo_name, config.edit_uri, config.copyright,
        _plain({k: v for k, v in dict(config.extra).items() if k not in LAST_PAGE_EXTRA}),
        _plain(dict(theme)), _plain(dict(config.plugins.get("i18n").config) if config.plugins.get("i18n") else None), _nav(nav.items), _link(nav.homepage),
        buildcache.tree_signature(dirs), buildcache.tree_signature([HOOKS_DIR], (".py",)),
        _file_text(config.config_file_path))


def _plain(value):
    """``value`` as :func:`kb.buildcache.canonical` data (see :func:`_describe`)."""
    return buildcache.canonical(value, _describe)


def _describe(value):
    """Plain data for the MkDocs objects a template context holds (see :func:`kb.buildcache.canonical`).

    A file by its source and URL; a list of files, a configuration or a theme
    every page); another object by its ``repr`` when that shows no memory address
    (``Locale('de')``); anything else is :class:`kb.buildcache.Unstable`.
    """
    if isinstance(value, File):
        return [value.src_uri, value.url]
    if not isinstance(value, (Files, Mapping)):
        text = repr(value)
        if " at 0x" in text:
            raise buildcache.Unstable(f"{type(value).__module__}.{type(value).__qualname__}")
        return text
    memo = _BUILD.described.get(id(value))
    if memo is None or memo[0] is not value:
        if isinstance(value, Files):
            data = [[f.src_uri, f.url] for f in value]
        else:
            data = {str(k): v for k, v in value.items()}
        memo = _BUILD.described[id(value)] = (value, buildcache.digest(data, describe=_describe))
    return memo[1]


def _file_text(path: str | None) -> str:
    """The text of ``path`` ("" if there is none)."""
    if not path or not os.path.isfile(path):
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


#: Keys of MkDocs' own template context; everything else a hook or plugin added.
MKDOCS_CONTEXT = ("nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                  "build_date_utc", "config", "page")


def _page_key(context, page, config, site_key: str) -> str | None:
    """Digest of what ``page``'s template reads; None if part of it has no stable description."""
    added = {k: v for k, v in context.items() if k not in MKDOCS_CONTEXT}
    extra = {k: getattr(config.extra, k, None) for k in LAST_PAGE_EXTRA}
    try:
        return buildcache.digest(site_key, _page(page), context["base_url"], context["extra_css"],
                                 context["extra_javascript"], added, extra,
                                 page.meta.get("template", "main.html"), describe=_describe)
    except buildcache.Unstable as err:
        log.debug("%s: always rendered (%s in its context)", page.file.src_uri, err)
        return None


@event_priority(priority("incremental.on_env"))
def on_env(env, config, files):
    """Decide which pages MkDocs re-renders: those whose key changed (or without output)."""
    if not active() or _BUILD.nav is None:
        return env
    nav = _BUILD.nav
    site_key = _site_key(config, nav)
    doc_files = files.documentation_pages()
    before = {k: getattr(config.extra, k) for k in LAST_PAGE_EXTRA if hasattr(config.extra, k)}
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
            key = _page_key(context, page, config, site_key)
        finally:
            page.active = False
            config._current_page = None
        last = {k: getattr(config.extra, k) for k in LAST_PAGE_EXTRA if hasattr(config.extra, k)}
        dest = file.abs_dest_path
        changed = key is None or STORE.written.get(dest) != key or not os.path.exists(dest)
        decisions[file.src_uri] = changed
        if key is not None and changed:
            _BUILD.pending[dest] = key
        _BUILD.counts["rendered" if changed else "skipped"] += 1
    _set_extra(config, before)
    _BUILD.last_extra = last
    _BUILD.decisions = decisions
    _BUILD.owned.update(f.abs_dest_path for f in files)
    return env


def _set_extra(config, values: dict) -> None:
    """Give ``config.extra`` the :data:`LAST_PAGE_EXTRA` values ``values`` (removing the others)."""
    for key in LAST_PAGE_EXTRA:
        if key in values:
            setattr(config.extra, key, values[key])
        elif hasattr(config.extra, key):
            delattr(config.extra, key)


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
    marker = os.path.join(config.site_dir, MARKER)
    stale = buildcache.stale_files(config.site_dir, _BUILD.marker_ns or time.time_ns(),
                                   _BUILD.owned, keep={marker} | STORE.kept)
    buildcache.remove_files(stale, config.site_dir)
    if os.path.exists(marker):
        os.unlink(marker)
    STORE.prune(_BUILD.owned)
    log.debug("incremental: %s; %d stale files removed", _BUILD.counts, len(stale))
