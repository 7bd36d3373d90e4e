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
from typing import Any, Callable, Iterable, Mapping, Sequence

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


def declarations(topics: Mapping[str, Any], series: Mapping[str, Any]) -> tuple[dict, dict]:
    """``extra.kb``'s topics and series as the plain dicts :func:`plan` reads.

    ``topics``: name → object with ``slug``, ``en``; ``series``: slug → object
    with ``title``, ``description``, ``parts``, ``missing`` (hooks/shared.py's
    config). Returns ``({name: {slug, en}}, {slug: {title, description, parts, missing}})``.
    """
    return ({name: {"slug": t.slug, "en": t.en} for name, t in topics.items()},
            {slug: {"title": dict(s.title), "description": dict(s.description), "parts": s.parts,
                    "missing": dict(s.missing)} for slug, s in series.items()})


def inputs(articles: Iterable[Page], topics: Mapping, series: Mapping, lang: str) -> tuple:
    """Everything :func:`plan` reads for ``lang``: declarations and the articles' listed fields.

    Add a field here when the listings start showing or sorting by it. The
    body stands for the reading time (a function of it): comparing two bodies
    is cheaper than counting the words of each.
    """
    return (lang, topics, series,
            tuple((p.path, p.key, p.is_article, p.lang, p.title, p.description, p.date, p.topic,
                   tuple(p.tags), p.series, p.series_part, p.body) for p in articles))


class PlanCache:
    """The latest :func:`plan` of each language, reused while its :func:`inputs` are equal.

    hooks/listings.py keeps one for the process: mkdocs-static-i18n runs the
    whole build once per language, and each build needs the pages of every
    language (the other one's for the alternates of the language switcher and
    sitemap); ``mkdocs serve`` rebuilds in the same process too. The inputs
    are compared in full before a plan is reused, so it can never be stale.
    """

    def __init__(self) -> None:
        """No plan yet."""
        self._plans: dict[str, tuple[tuple, Plan]] = {}

    def get(self, articles: Sequence[Page], topics: Mapping, series: Mapping, lang: str) -> tuple[Plan, bool]:
        """``(plan of lang, whether it was reused)``."""
        key = inputs(articles, topics, series, lang)
        cached = self._plans.get(lang)
        if cached is not None and cached[0] == key:
            return cached[1], True
        made = plan(articles, topics, series, lang)
        self._plans[lang] = (key, made)
        return made, False


def twin(key: str, by_key: Mapping[str, core.GeneratedPage]) -> core.GeneratedPage | None:
    """The page of another language (its pages ``by_key``) the generated page ``key`` switches to.

    The same page, else the first page of its listing (that language has
    fewer pages), else for a tag page the tag index (a tag of one language only).
    """
    return (by_key.get(key) or by_key.get(core.first_page_key(key))
            or (by_key.get(core.TAGS_KEY) if key.startswith(tags_core.TAG_DIR) else None))


def duplicate(pages: Iterable[core.GeneratedPage]) -> core.GeneratedPage | None:
    """The first page at a path an earlier page has (a series slug like ``seite-2``
    would take the place of page 2 of the series index), else ``None``."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            return page
        seen.add(page.path)
    return None


def topic_chains(articles: Iterable[Page], present: Callable[[str], bool]) -> list[list[str]]:
    """The prev/next chains of the articles: per topic, newest first, the articles
    (paths) that ``present`` says the build has, as far as the topic's listing shows them.

    The chain follows the topic's listing: the newest ``MAX_PAGES * PER_PAGE``
    articles (kb.listings.MAX_PAGES); older ones are reached through the
    archive and get no footer links, so a page does not carry two neighbours'
    titles that no listing puts beside it.
    """
    by_topic: dict[str, list[str]] = {}
    for article in core.order(articles):
        if article.topic and present(article.path):
            by_topic.setdefault(article.topic, []).append(article.path)
    return [paths[: core.MAX_PAGES * core.PER_PAGE] for paths in by_topic.values()]


def pagination_chains(pages: Mapping[str, core.GeneratedPage]) -> list[list[str]]:
    """The pages (paths) of each paginated listing in ``pages`` (path → page), in page order:
    they link each other as prev/next, not their nav neighbours."""
    runs: dict[str, list[tuple[int, str]]] = {}
    for path, page in pages.items():
        if page.listing and page.listing.get("pagination"):
            number = page.listing["pagination"]["number"]
            runs.setdefault(core.first_page_key(page.key), []).append((number, path))
    return [[path for _, path in sorted(run)] for run in runs.values()]


def home(articles: Sequence[Page], topics: Mapping, series: Mapping, lang: str,
         slugify: Callable[[str], str]) -> dict[str, Any]:
    """The home page's ``kb_home``: :func:`kb.listings.home` with every declared series' summary."""
    members = series_core.by_series(articles)
    summaries = [series_core.summary(slug, decl, members.get(slug, ()), lang) for slug, decl in series.items()]
    return core.home(articles, lang, topics=topics, series=summaries, slugify=slugify,
                     series_url=page_url(series_core.INDEX_KEY, lang))
