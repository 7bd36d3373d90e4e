"""What a page's template reads, as plain data: the keys of the incremental preview.

Duck-typed over MkDocs' objects (pages, files, the nav, the configuration),
so nothing here imports MkDocs; hooks/incremental.py is the glue. A page's
key (:func:`page_key`) is the :func:`kb.buildcache.digest` of the site's key
(:func:`site_key`: configuration, navigation, language, templates and hooks
on disk), the page itself (:func:`page_data`) and what the hooks put in its
template context. Equal keys mean the template would write the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from kb import buildcache

#: Keys of MkDocs' own template context; everything else a hook or plugin added.
MKDOCS_CONTEXT = ("nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                  "build_date_utc", "config", "page")
#: Attributes of ``config.extra`` a page's ``on_page_context`` sets (static-i18n's
#: language switcher); what the last page left is what the next template sees.
LAST_PAGE_EXTRA = ("alternate",)


def link(item) -> list | None:
    """Title and URL of a neighbouring page or section (None if there is none)."""
    if item is None:
        return None
    return [getattr(item, "title", None), getattr(item, "url", None)]


def toc(items) -> list:
    """The table of contents as plain data."""
    return [[i.title, i.url, i.level, toc(i.children)] for i in items]


def nav(items) -> list:
    """The navigation tree as plain data: kind, title, URL, children."""
    return [[type(i).__name__, i.title, getattr(i, "url", None), nav(getattr(i, "children", None) or [])]
            for i in items]


def page_data(page) -> dict:
    """What a template can read of ``page`` itself."""
    return {
        "src": page.file.src_uri, "url": page.url, "dest": page.file.dest_uri, "title": page.title,
        "content": page.content, "toc": toc(page.toc), "meta": page.meta,
        "canonical": page.canonical_url, "edit": page.edit_url, "home": page.is_homepage,
        "previous": link(page.previous_page), "next": link(page.next_page),
        "ancestors": [link(a) for a in page.ancestors],
    }


def _is_file(value) -> bool:
    """Whether ``value`` is one of MkDocs' files (it has a source and an address)."""
    return hasattr(value, "src_uri") and hasattr(value, "url") and hasattr(value, "abs_dest_path")


def _is_files(value) -> bool:
    """Whether ``value`` is MkDocs' collection of files."""
    return hasattr(value, "documentation_pages") and hasattr(value, "get_file_from_path")


class Describer:
    """Plain data for the MkDocs objects a template context holds (``describe`` of
    :func:`kb.buildcache.canonical`), remembering what shared objects digest to.

    A file by its source and URL; a list of files, a configuration or a theme
    (the same object on every page) by the digest of its contents, computed
    once per object; another object by its ``repr`` when that shows no memory
    address (``Locale('de')``); anything else is :class:`kb.buildcache.Unstable`.
    """

    def __init__(self) -> None:
        """Nothing described yet."""
        self._memo: dict[int, tuple] = {}  # id → (object, digest)

    def __call__(self, value):
        """The plain description of ``value`` (see the class)."""
        if _is_file(value):
            return [value.src_uri, value.url]
        files = _is_files(value)
        if not files and not isinstance(value, Mapping):
            text = repr(value)
            if " at 0x" in text:
                raise buildcache.Unstable(f"{type(value).__module__}.{type(value).__qualname__}")
            return text
        memo = self._memo.get(id(value))
        if memo is None or memo[0] is not value:
            data = [[f.src_uri, f.url] for f in value] if files else {str(k): v for k, v in value.items()}
            memo = self._memo[id(value)] = (value, buildcache.digest(data, describe=self))
        return memo[1]


def file_text(path: str | None) -> str:
    """The text of ``path`` ("" if there is none)."""
    if not path or not os.path.isfile(path):
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def site_key(lang: str, config, site_nav, i18n_config, hooks_dir: str, describe: Describer) -> str:
    """Digest of what every page's template reads beside the page: configuration,
    navigation, language, and the templates and hooks on disk."""
    theme = config.theme
    dirs = [d for d in (theme.custom_dir,) if d]

    def plain(value):
        return buildcache.canonical(value, describe)

    return buildcache.digest(
        lang, config.site_name, config.site_url, config.site_description,
        config.repo_url, config.repo_name, config.edit_uri, config.copyright,
        plain({k: v for k, v in dict(config.extra).items() if k not in LAST_PAGE_EXTRA}),
        plain(dict(theme)), plain(i18n_config), nav(site_nav.items), link(site_nav.homepage),
        buildcache.tree_signature(dirs), buildcache.tree_signature([hooks_dir], (".py",)),
        file_text(config.config_file_path))


def page_key(context: dict, page, extra: dict, site: str, describe: Describer) -> str:
    """Digest of what ``page``'s template reads: the site's key ``site``, the page, the
    context the hooks added, the :data:`LAST_PAGE_EXTRA` values ``extra`` and the template.

    Raises :class:`kb.buildcache.Unstable` if part of it has no stable description.
    """
    added = {k: v for k, v in context.items() if k not in MKDOCS_CONTEXT}
    return buildcache.digest(site, page_data(page), context["base_url"], context["extra_css"],
                             context["extra_javascript"], added, extra,
                             page.meta.get("template", "main.html"), describe=describe)


def markdown_settings(config, quiet_levels: tuple) -> str:
    """Digest of the settings a Markdown conversion reads: the extensions and their
    settings, the URL style, the link checks, and ``quiet_levels`` (the loggers' levels,
    which decide what the conversion logs)."""
    return buildcache.digest(
        [str(e) for e in config["markdown_extensions"]], repr(config["mdx_configs"]),
        config.use_directory_urls, [repr(v) for v in config.validation.links.values()], list(quiet_levels))


def last_page_extra(extra) -> dict:
    """The :data:`LAST_PAGE_EXTRA` values ``extra`` (``config.extra``) holds now."""
    return {k: getattr(extra, k) for k in LAST_PAGE_EXTRA if hasattr(extra, k)}


def set_last_page_extra(extra, values: dict) -> None:
    """Give ``extra`` the :data:`LAST_PAGE_EXTRA` values ``values`` (removing the others)."""
    for key in LAST_PAGE_EXTRA:
        if key in values:
            setattr(extra, key, values[key])
        elif hasattr(extra, key):
            delattr(extra, key)
