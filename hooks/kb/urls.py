"""The site's addresses: one helper per kind of URL, for every hook and core.

A docs *key* is a path below ``docs/`` without the language suffix
(``artikel/x.md``, ``index.md``). German pages live at the site root, every
other language below ``<lang>/`` (static-i18n's suffix structure). URLs here
are site-root-relative (``artikel/x/``, ``en/themen/y/``) unless a function
says it makes them absolute; the templates make them relative to the page.
"""

from __future__ import annotations

from kb.catalog import DEFAULT_LANG


def lang_root(lang: str) -> str:
    """The URL prefix of ``lang``'s pages: ``""`` for German, ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def page_url(key: str, lang: str = DEFAULT_LANG, use_directory_urls: bool = True) -> str:
    """The URL of the page ``key`` in ``lang``: ``themen/a.md`` → ``themen/a/`` (``en/themen/a/``).

    ``index.md`` is the language's home (``""``, ``en/``), ``a/index.md`` is ``a/``;
    without directory URLs ``themen/a.md`` is ``themen/a.html``.
    """
    stem = key[:-3] if key.endswith(".md") else key
    if stem == "index" or stem.endswith("/index"):
        path = stem[: -len("index")]
    else:
        path = f"{stem}/" if use_directory_urls else f"{stem}.html"
    return lang_root(lang) + path


def feed_url(lang: str) -> str:
    """The URL of ``lang``'s Atom feed: ``feed.xml``, ``en/feed.xml``."""
    return lang_root(lang) + "feed.xml"


def absolute_url(site_url: str, url: str) -> str:
    """Join the site's address and a URL below it: ``(https://x/kb/, en/)`` → ``https://x/kb/en/``."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    url = url.lstrip("/")
    return base if url in ("", "./", ".") else base + url


def lang_url(url: str, from_lang: str, to_lang: str, default_lang: str = DEFAULT_LANG) -> str:
    """The URL of the same page in another language: ``("artikel/x/", "de", "en")`` → ``"en/artikel/x/"``."""
    url = "" if url in ("./", ".") else url.lstrip("/")
    if from_lang != default_lang:
        prefix = f"{from_lang}/"
        url = url[len(prefix):] if url.startswith(prefix) else ("" if url == from_lang else url)
    if to_lang != default_lang:
        url = f"{to_lang}/{url}"
    return url
