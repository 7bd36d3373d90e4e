"""Hook: check every page's front matter before anything else reads it.

MkDocs itself ignores broken YAML, stops with a traceback on a file that is
not UTF-8 and accepts any value. This hook reads each Markdown file itself,
builds the catalogue (:mod:`kb.catalog`) the other hooks use, and reports all
problems of all files in one go: errors stop the build with a
:class:`~mkdocs.exceptions.PluginError`, warnings go through the plugin logger
(fatal under ``--strict``), notices (a translation that may be outdated) are
logged at the level :data:`NOTICE`, between INFO and WARNING: always shown,
never counted by ``--strict``, so they never fail a build.
"""

from __future__ import annotations

import gc
import logging
import os
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.utils import DuplicateFilter

import shared
from pipeline import priority
from kb import catalog as catalog_core
from kb import docs_checks

log = get_plugin_logger("kb.validation")

NOTICE = docs_checks.NOTICE  #: between INFO and WARNING: shown, never counted by --strict
logging.addLevelName(NOTICE, "NOTICE")

#: Parsed files of the last build: ``(path, fingerprint, declarations)`` →
#: :func:`kb.catalog.parse_file`'s result. It lives in this module, across
#: builds, on purpose: mkdocs-static-i18n runs the whole build once per
#: language and each pass sees the files of both languages, and ``mkdocs
#: serve`` rebuilds in the same process after a change to one file, so
#: parsing (and reading) only files that changed saves most of the validation time.
#: It holds nothing a build could leave stale: the key includes the file's
#: inode, modification times and size (the content hash for a file modified
#: in the last two seconds or content a plugin set, see :func:`_source`)
#: and the declarations the checks depend on, the checks across files run
#: every time, and :data:`shared.STATE` is still reset in :func:`on_config`.
#: Pruned to the files of the latest build, so it never outgrows one site.
_PARSED: dict[tuple, tuple] = {}


@event_priority(priority("validation.on_config"))
def on_config(config):
    """Forget the previous build (serve rebuilds, one build per language).

    The objects :func:`on_files` froze for the previous build go back to the
    garbage collector first, so what that build left behind can be freed.
    MkDocs' duplicate filter forgets the messages of the previous build, so
    that an error repeated in the next ``mkdocs serve`` rebuild is shown again
    instead of a bare "Aborted with a BuildError!".
    """
    gc.unfreeze()
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        if isinstance(log_filter, DuplicateFilter):
            log_filter.msgs.clear()
    shared.reset(config)
    return config


@event_priority(priority("validation.on_files"))
def on_files(files: Files, config):
    """Parse and check every Markdown page; store the catalogue for the other hooks."""
    state = shared.STATE
    kb = state.kb
    check_links(config)
    pages = [f for f in files.documentation_pages() if not f.generated_by]
    sources = [(f.src_uri, _source(f)) for f in pages]
    used: dict[tuple, tuple] = {}
    cat, problems = catalog_core.build(
        sources,
        topics=list(kb.topics),
        series={slug: s.parts for slug, s in kb.series.items()},
        missing_parts={slug: list(s.missing) for slug, s in kb.series.items()},
        cache=docs_checks.Recording(_PARSED, used),
        templates=_templates(config),
        other_files=[f.src_uri for f in files if not f.generated_by and not f.is_documentation_page()],
    )
    _PARSED.clear()
    _PARSED.update(used)
    errors = [p for p in problems if p.severity == "error"]
    report(problems, state.lang, every_lang=bool(errors))
    if errors:
        raise PluginError(
            f"{len(errors)} problem(s) in the front matter of docs/:\n"
            + "\n".join(f"  {p}" if p.path == catalog_core.CONFIG_FILE else f"  docs/{p}"
                        for p in errors)
        )
    state.catalog = cat
    # The catalogue (every page of both languages, with its body) lives until
    # the next build: moved out of the collector's generations, Python's full
    # collections during the build no longer walk it again and again (at 1,000
    # articles they took 0.62 s, 0.43 s with it frozen; plain Material 0.34 s),
    # and the forks of the related and search hooks copy fewer pages.
    gc.freeze()
    return files


@event_priority(priority("validation.on_page_markdown"))
def on_page_markdown(markdown, page, config, files):
    """Give the theme the checked front matter instead of MkDocs' own reading of it.

    Material reads ``page.meta`` itself (title, description, subtitle, hide,
    status, template …); with the catalogue's checked copy no unknown field
    and no unchecked value reaches a template.
    """
    catalog = shared.STATE.catalog
    checked = catalog.pages.get(page.file.src_uri) if catalog is not None else None
    if checked is not None:
        page.meta = dict(checked.theme_meta)
    return markdown


def _templates(config) -> list[str]:
    """The template files ``template:`` may name: the ``.html`` files of the theme's custom_dir."""
    custom = config.theme.custom_dir if config.theme else None
    if not custom or not os.path.isdir(custom):
        return []
    return sorted(name for name in os.listdir(custom) if name.endswith(".html"))


def check_links(config) -> None:
    """Refuse a symbolic link below docs/ that leads outside the repository (:func:`kb.docs_checks.links_outside`)."""
    outside = docs_checks.links_outside(config.docs_dir, os.path.dirname(config.config_file_path or config.docs_dir))
    if outside:
        raise PluginError(f"{len(outside)} link(s) in docs/ lead outside the repository:\n" + "\n".join(outside))


#: A file modified less than this long ago (ns) is identified by its content
#: hash, not its modification time: two writes within the file system's
#: timestamp granularity could otherwise look unchanged ("racy git").
RACY_NS = 2_000_000_000


def _source(file):
    """What :func:`kb.catalog.build` reads of ``file``: a file on disk as a
    :class:`~kb.catalog.DiskFile` identified by inode, modification time and
    size (read only when not cached); a file modified just now or content a
    plugin set in memory as its bytes."""
    if getattr(file, "_content", None) is None and file.abs_src_path:
        stat = os.stat(file.abs_src_path)
        if time.time_ns() - stat.st_mtime_ns >= RACY_NS:
            return catalog_core.DiskFile(
                file.abs_src_path, (stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size))
    return file.content_bytes


def report(problems, lang: str, *, every_lang: bool) -> None:
    """Log the warnings and notices among ``problems`` (:func:`kb.docs_checks.to_report`)."""
    for level, message in docs_checks.to_report(problems, lang, every_lang=every_lang):
        log.log(level, message)
