"""What hooks/seo.py writes into the site folder after a language's build.

Plain data and paths in, files out (no MkDocs): ``robots.txt``, a one-entry
``sitemap.xml`` beside every page with ``hreflang`` alternates (planned from
the build's file list, :func:`plan_page_sitemaps`), the language root's copy
of the full sitemap, and each language's 404 page. Everything is written in
the build process once the language's pages are written; nothing is made
ahead of the pages, so a build that fails leaves no blank page behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kb import seo as seo_core
from kb import urls
from kb.catalog import DEFAULT_LANG, LANGS, split_lang


def page_langs(pages: Iterable[tuple[str, Iterable[str] | None]]) -> dict[str, set[str]]:
    """``{key: languages}`` from ``(src_uri, alternates)`` of every page of the build.

    static-i18n (and hooks/listings.py for its generated pages) give each
    file ``alternates``: ``{lang: file}`` for every language it exists in.
    """
    langs: dict[str, set[str]] = {}
    for src_uri, alternates in pages:
        key, lang = split_lang(src_uri)
        langs.setdefault(key, set()).update({lang, *(alternates or ())})
    return langs


def is_root(url: str) -> bool:
    """True for the site's and each language's root, which keep the full sitemap."""
    return url in ("", "./") or url.count("/") <= 1 and url.rstrip("/") in LANGS


def plan_page_sitemaps(pages: Iterable[tuple[str, str]], langs: dict[str, set[str]],
                       lang: str) -> dict[str, tuple[str, ...]]:
    """The per-page sitemaps of this build: ``{page URL: languages of the page}``.

    ``pages`` are ``(src_uri, url)`` of every page; planned is every page that
    has ``hreflang`` alternates (it exists in two languages or more) and a
    folder of its own; the languages are those the page's facts carry.
    """
    planned = {}
    for src_uri, url in pages:
        key, _ = split_lang(src_uri)
        translations = tuple(sorted(langs.get(key, {lang})))
        if len(set(translations) | {lang}) < 2 or is_root(url) or not url.endswith("/"):
            continue
        planned[url] = translations
    return planned


def planned_sitemaps(site_url: str, lang: str, planned: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """``(page URL, sitemap text)`` for every planned page (see :func:`kb.seo.page_sitemap`)."""
    texts = []
    for url, translations in planned.items():
        facts = seo_core.PageFacts(url=url, lang=lang, title="", site_name="", description="",
                                   translations=translations)
        texts.append((url, seo_core.page_sitemap(urls.absolute_url(site_url, url),
                                                 seo_core.alternates(site_url, facts, DEFAULT_LANG))))
    return texts


def write_sitemaps(site: str | Path, texts: list[tuple[str, str]]) -> None:
    """Write each ``(page URL, text)`` as ``sitemap.xml`` into the page's folder (made if missing)."""
    for url, text in texts:
        folder = os.path.join(site, url)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "sitemap.xml"), "w", encoding="utf-8") as out:
            out.write(text)


def write_page_sitemaps(site: Path, pages: Iterable[tuple[str, str, list]]) -> None:
    """A one-entry ``sitemap.xml`` beside each ``(url, canonical, alternates)`` page that
    has a folder; the site's and each language's root keep the full one."""
    for url, canonical, links in pages:
        if is_root(url):
            continue
        folder = site / url
        if folder.is_dir():
            (folder / "sitemap.xml").write_text(seo_core.page_sitemap(canonical, links), "utf-8")


def write_site_files(site: Path, site_url: str, lang: str, planned: dict[str, tuple[str, ...]],
                     pages: Iterable[tuple[str, str, list]]) -> None:
    """After ``lang``'s pages are written: ``robots.txt``, the planned per-page sitemaps,
    those of ``pages`` (rendered pages the plan did not foresee) and, for a language
    other than German, ``<lang>/sitemap.xml`` (Material's language switcher fetches it
    for the link to the language's root; the one sitemap lists the pages of both)."""
    (site / "robots.txt").write_text(seo_core.robots_txt(site_url), "utf-8")
    write_sitemaps(site, planned_sitemaps(site_url, lang, planned))
    write_page_sitemaps(site, pages)
    sitemap = site / "sitemap.xml"
    if lang != DEFAULT_LANG and sitemap.exists():
        (site / lang / "sitemap.xml").write_bytes(sitemap.read_bytes())


def keep_404(site: Path, lang: str, kept: bytes | None) -> bytes | None:
    """static-i18n renders every language's ``404.html`` to the site root, the last one wins:
    keep the German one there and move each other language's to ``<lang>/404.html``.

    ``kept`` is what the previous call returned (the German page between the
    German build and the next); returns what the next call needs.
    """
    page_404 = site / "404.html"
    if not page_404.exists():
        return kept
    if lang == DEFAULT_LANG:
        return page_404.read_bytes()
    target = site / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page_404.read_bytes())
    if kept is not None:
        page_404.write_bytes(kept)
    return None
