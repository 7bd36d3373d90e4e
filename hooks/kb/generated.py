"""Every generated page of one language, planned from plain data (the listings' derive stage).

Takes the language's articles (:class:`~kb.catalog.Page`) and the topic and
series declarations as plain dicts; returns the pages hooks/listings.py adds
to the build: the topic listings, the series index and overviews, the
archive, the tag index and the tag pages (:class:`kb.listings.GeneratedPage`).
Each article's listing row is built once and shared by every page showing it.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any, Callable, Iterable, Mapping

from kb import listings as core
from kb import series as series_core
from kb import tags as tags_core
from kb.catalog import Page
from kb.texts import texts
from kb.urls import page_url


@dataclasses.dataclass
class Plan:
    """The generated pages of one language and the per-article data the page context reuses."""

    pages: list[core.GeneratedPage]
    slugs: dict[str, str]  #: tag → slug of its page
    row: Callable[[Any], dict[str, Any]]  #: article → its listing row (:func:`kb.listings.entry_cache`)


def plan(articles: Iterable[Page], topics: Mapping[str, Mapping[str, str]],
         series: Mapping[str, Mapping[str, Any]], lang: str) -> Plan:
    """Every generated page of ``lang``: topics, series index and overviews, archive, tag index, tag pages.

    ``topics`` maps a topic's name to ``{slug, en}``, ``series`` a series'
    slug to ``{title, description, parts, missing}`` (``extra.kb``).
    """
    articles = core.order(articles)
    slugs = tags_core.assign_slugs(t for p in articles for t in p.tags)
    slugify = slugs.__getitem__
    row = core.entry_cache(lang, topics, slugify)
    intro, lab = texts(lang, "pages"), texts(lang, "listings")
    by_topic: dict[str, list] = {name: [] for name in topics}
    for page in articles:
        if page.topic in by_topic:
            by_topic[page.topic].append(page)
    older = {"url": page_url(core.ARCHIVE_KEY, lang), "label": lab["older_in_archive"]}
    pages: list[core.GeneratedPage] = []
    for name, decl in topics.items():
        label = core.topic_info(name, lang, topics)["label"]
        pages += core.paged_listing(
            f"{core.TOPIC_DIR}{decl['slug']}.md", lang, label,
            intro["topic_description"].format(label=label), "topic",
            by_topic[name], topics=topics, slugify=slugify,
            body=intro["topic"].format(label=html.escape(label)), row=row,
            max_pages=core.MAX_PAGES, more=older)
    members = series_core.by_series(articles)
    pages += series_core.index_pages(series, members, lang)
    for slug, decl in series.items():
        pages.append(series_core.overview(slug, decl, members.get(slug, ()), lang))
    pages += core.archive_pages(core.ARCHIVE_KEY, lang, intro["archive_title"],
                                intro["archive_description"], articles,
                                topics=topics, slugify=slugify, body=intro["archive"], row=row)
    by_tag = tags_core.articles_by_tag(articles)
    pages.append(tags_core.index_page(by_tag, slugs, lang, intro["tags_title"],
                                      intro["tags_description"], intro["tags"]))
    pages += tags_core.tag_pages(by_tag, slugs, lang, topics=topics, row=row)
    return Plan(pages=pages, slugs=slugs, row=row)
