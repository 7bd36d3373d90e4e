"""Sharing and search-engine metadata: plain data in, plain data out.

Pure: no MkDocs. ``hooks/seo.py`` feeds it a page's facts (title, URLs,
topic, series, date) and puts the result into the page context; the
template ``overrides/main.html`` renders it (OpenGraph, Twitter card,
canonical, ``hreflang`` alternates, schema.org ``Article`` JSON-LD).
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as _dt
import html
import json
import re
from typing import Any, Iterable, Mapping

from kb.urls import absolute_url, lang_root, lang_url, page_url

#: OpenGraph locale per language of the site.
OG_LOCALES = {"de": "de_DE", "en": "en_GB"}
#: The language a reader gets when the browser's language matches none.
X_DEFAULT_LANG = "de"
#: Meta descriptions longer than this are cut at a word boundary.
DESCRIPTION_LIMIT = 160

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_HEADLINE = re.compile(r"<h1\b.*?</h1>", re.S | re.I)
_BARE_LINK = re.compile(r'<a href="(https?://[^"]+)">([^<]+)</a>')
_HEADERLINK = re.compile(r'<a[^>]*class="headerlink"[^>]*>.*?</a>', re.S | re.I)


@dataclasses.dataclass(frozen=True)
class PageFacts:
    """What the metadata of one page is computed from (all plain values)."""

    url: str  #: the page's URL below the site root, e.g. ``en/artikel/x/`` ("" = home)
    lang: str  #: language of the page, ``de`` or ``en``
    title: str  #: the page title as written (no markup)
    site_name: str
    description: str  #: already chosen by :func:`choose_description`
    is_home: bool = False
    is_article: bool = False
    translations: tuple[str, ...] = ()  #: languages this page exists in (including ``lang``)
    date: _dt.date | None = None
    topic: str | None = None  #: display label of the topic in ``lang``
    topic_url: str | None = None
    series: str | None = None  #: display title of the series in ``lang``
    series_url: str | None = None
    series_part: int | None = None
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class SiteFacts:
    """What every page's facts in one language's build share (plain data, made once per build)."""

    lang: str  #: the language being built
    site_name: str
    site_description: str
    langs: Mapping[str, set[str]]  #: docs key (no language suffix) → languages the page exists in
    topics: Mapping[str, tuple[str, str]]  #: declared topic → (slug, label in ``lang``)
    series: Mapping[str, str]  #: declared series slug → its title in ``lang``
    use_directory_urls: bool = True

    def url_if_exists(self, key: str) -> str | None:
        """The URL of the page ``key`` in :attr:`lang` when that page exists, else ``None``."""
        if self.lang not in self.langs.get(key, ()):
            return None
        return page_url(key, self.lang, self.use_directory_urls)

    def topic_url(self, topic: str) -> str | None:
        """The URL of the declared ``topic``'s listing page (``None`` if it has none)."""
        slug = self.topics[topic][0] if topic in self.topics else None
        return self.url_if_exists(f"themen/{slug}.md") if slug else None


def page_facts(site: SiteFacts, *, url: str, key: str, entry: Any, meta: Mapping[str, Any],
               page_title: str | None, content: str, is_home: bool) -> PageFacts:
    """The facts of one page: ``key`` is its docs key, ``entry`` its catalogue page
    (:class:`kb.catalog.Page`, ``None`` for a generated or unknown page), ``meta``
    its front matter as the theme sees it, ``content`` its HTML."""
    title = str(meta.get("title") or page_title or site.site_name)
    description = choose_description(entry.description if entry else meta.get("description"),
                                     content, site.site_description)
    extra: dict[str, Any] = {}
    if entry and entry.is_article:
        if entry.topic:
            label = site.topics[entry.topic][1] if entry.topic in site.topics else entry.topic
            extra["topic"], extra["topic_url"] = label, site.topic_url(entry.topic)
        if entry.series and entry.series in site.series:
            extra["series"] = site.series[entry.series]
            extra["series_url"] = site.url_if_exists(f"serien/{entry.series}.md")
            extra["series_part"] = entry.series_part
        extra.update(date=entry.date, tags=tuple(entry.tags))
    return PageFacts(url=url, lang=site.lang, title=title, site_name=site.site_name,
                     description=description, is_home=is_home, is_article=bool(entry and entry.is_article),
                     translations=tuple(sorted(site.langs.get(key, {site.lang}))), **extra)


def not_found_context(site: SiteFacts, topicmap_key: str) -> dict[str, Any]:
    """``kb_404``: what the 404 page offers (home, topic map, the topics with a page)."""
    topics = [{"label": label, "url": site.topic_url(name)}
              for name, (_slug, label) in site.topics.items() if site.topic_url(name) is not None]
    return {"lang": site.lang, "home": lang_root(site.lang),
            "topicmap": site.url_if_exists(topicmap_key), "topics": topics}


def alternates(site_url: str, facts: PageFacts, default_lang: str = "de") -> list[dict[str, str]]:
    """``hreflang`` links for every language the page exists in, plus ``x-default``.

    Empty when the page exists in one language only (nothing to alternate with).
    """
    langs = sorted(set(facts.translations) | {facts.lang})
    if len(langs) < 2:
        return []
    links = [
        {"hreflang": lang, "href": absolute_url(site_url, lang_url(facts.url, facts.lang, lang, default_lang))}
        for lang in langs
    ]
    default = X_DEFAULT_LANG if X_DEFAULT_LANG in langs else langs[0]
    links.append({"hreflang": "x-default",
                  "href": absolute_url(site_url, lang_url(facts.url, facts.lang, default, default_lang))})
    return links


def document_title(title: str, site_name: str, is_home: bool = False) -> str:
    """The ``<title>``: ``Page - Site``, the home page only ``Site``."""
    title = (title or "").strip()
    if is_home or not title or title == site_name:
        return site_name
    return f"{title} - {site_name}"


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: no headline, permalinks or tags; entities decoded; spaces folded."""
    fragment = _HEADERLINK.sub(" ", fragment or "")
    fragment = _HEADLINE.sub(" ", fragment)
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, ending in "…"."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


def choose_description(front_matter: str | None, content_html: str, site_description: str) -> str:
    """The meta description: the front matter's, else the page's first words, else the site's."""
    # The page's text only when the front matter gives none: stripping the
    # tags of a whole article is the costly part, and most pages have one.
    for candidate in (lambda: front_matter, lambda: plain_text(content_html), lambda: site_description):
        text = shorten(candidate() or "")
        if text:
            return text
    return ""


def opengraph(site_url: str, facts: PageFacts, other_langs: Iterable[str] = ()) -> list[dict[str, str]]:
    """OpenGraph and Twitter card tags as ``{"attr": "property"|"name", "key": …, "value": …}``."""
    url = absolute_url(site_url, facts.url)
    title = facts.site_name if facts.is_home or not facts.title else facts.title
    tags = [
        ("property", "og:type", "article" if facts.is_article else "website"),
        ("property", "og:title", title),
        ("property", "og:description", facts.description),
        ("property", "og:url", url),
        ("property", "og:site_name", facts.site_name),
        ("property", "og:locale", OG_LOCALES.get(facts.lang, facts.lang)),
    ]
    tags += [("property", "og:locale:alternate", OG_LOCALES.get(lang, lang))
             for lang in sorted(set(other_langs) - {facts.lang})]
    if facts.is_article:
        if facts.date:
            tags.append(("property", "article:published_time", facts.date.isoformat()))
        if facts.topic:
            tags.append(("property", "article:section", facts.topic))
        tags += [("property", "article:tag", tag) for tag in facts.tags]
    # The Twitter card's title and description fall back to og:title and
    # og:description (X's card markup reference): not repeated on every page.
    tags.append(("name", "twitter:card", "summary"))
    return [{"attr": attr, "key": key, "value": value} for attr, key, value in tags if value]


def article_jsonld(site_url: str, facts: PageFacts, default_lang: str = "de") -> dict[str, Any] | None:
    """schema.org ``Article`` for an article page; ``None`` for every other page.

    No ``description``: the page's meta description and ``og:description``
    carry it already (Google's Article markup does not read one).

    ``datePublished`` only when the date is known; ``isPartOf`` names the
    series, ``about`` the topic; a translation points to its original.
    """
    if not facts.is_article:
        return None
    url = absolute_url(site_url, facts.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": facts.title,
        "inLanguage": facts.lang,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if facts.date:
        data["datePublished"] = facts.date.isoformat()
    if facts.tags:
        data["keywords"] = ", ".join(facts.tags)
    if facts.series:
        series: dict[str, Any] = {"@type": "CreativeWorkSeries", "name": facts.series}
        if facts.series_url is not None:
            series["url"] = absolute_url(site_url, facts.series_url)
        data["isPartOf"] = series
        if facts.series_part:
            data["position"] = facts.series_part
    if facts.topic:
        about: dict[str, Any] = {"@type": "Thing", "name": facts.topic}
        if facts.topic_url is not None:
            about["url"] = absolute_url(site_url, facts.topic_url)
        data["about"] = about
    if facts.lang != default_lang and default_lang in facts.translations:
        data["translationOfWork"] = {
            "@type": "Article",
            "@id": absolute_url(site_url, lang_url(facts.url, facts.lang, default_lang, default_lang)),
        }
    return data


def json_for_script(data: Any) -> str:
    """Serialise ``data`` for an inline ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` … (so no title can close the
    script or open a comment); U+2028/U+2029 are escaped too. The result is
    still valid JSON that :func:`json.loads` reads back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def robots_txt(site_url: str) -> str:
    """``robots.txt``: everything may be crawled; the sitemap's absolute URL."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(site_url, 'sitemap.xml')}\n"


def seo_context(site_url: str, facts: PageFacts, default_lang: str = "de") -> dict[str, Any]:
    """Everything ``main.html`` renders for one page, as plain data."""
    return {
        "title": document_title(facts.title, facts.site_name, facts.is_home),
        "description": facts.description,
        "canonical": absolute_url(site_url, facts.url),
        "alternates": alternates(site_url, facts, default_lang),
        "meta": opengraph(site_url, facts, facts.translations),
        "jsonld": article_jsonld(site_url, facts, default_lang),
    }



def page_sitemap(canonical: str, links: list[dict[str, str]]) -> str:
    """A one-entry sitemap for one page and its ``hreflang`` alternates.

    Material 9.8.1 fetches ``sitemap.xml`` next to every
    ``<link rel="alternate">`` of a page (it expects language roots there) to
    map the page to its translations for the language switch; with per-page
    ``hreflang`` links that file must exist beside each page.
    """
    esc = functools.partial(html.escape, quote=True)
    alts = "".join(f'<xhtml:link rel="alternate" hreflang="{esc(link["hreflang"])}" href="{esc(link["href"])}"/>'
                   for link in links)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
            f"<url><loc>{esc(canonical)}</loc>{alts}</url></urlset>\n")


def _bare(url: str) -> str:
    """An address without scheme, ``www.`` and trailing slash, for comparing link and text."""
    url = html.unescape(url).strip().lower()
    url = re.sub(r"\Ahttps?://", "", url)
    return url.removeprefix("www.").rstrip("/")


def mark_bare_links(content: str) -> str:
    """Mark external links whose text is their own address (``data-kb-bare``).

    The print stylesheet writes the target after every external link; for a
    link that already shows its address that would print it twice.
    """
    def mark(match: re.Match) -> str:
        """The link with ``data-kb-bare`` when its text is its address, else unchanged."""
        href, text = match.group(1), match.group(2)
        if _bare(href) != _bare(text):
            return match.group(0)
        return f'<a href="{href}" data-kb-bare>{text}</a>'
    return _BARE_LINK.sub(mark, content)
