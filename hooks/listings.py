"""Hook: generated listing pages, the article meta line, the home page blocks, the feeds.

Generated pages (URLs per language, ``en/`` prefix for English; planned by
the pure :func:`kb.generated.plan`):

* ``themen/<slug>/`` per topic of ``extra.kb.topics`` (page 2, 3, … at
  ``themen/<slug>/seite-2/``, English ``en/themen/<slug>/page-2/``),
* ``serien/`` (series index: every series with its parts, paginated like the
  topics; the nav's single "Serien" entry) and ``serien/<slug>/`` per series
  of ``extra.kb.series`` (overview, not in the nav),
* ``archiv/`` (year archive, paginated like the topics),
* ``schlagwoerter/`` (tag index: every tag with its article count) and
  ``schlagwoerter/<tag-slug>/`` per tag (paginated, not in the nav),
* ``feed.xml`` / ``en/feed.xml`` (Atom, written in ``on_post_build``).

The pages are created in ``on_files`` *after* mkdocs-static-i18n's (priority
-100): i18n rebuilds every file from disk and would drop in-memory content.
So this hook creates each page for the language being built with the
destination i18n would have given it, and records the i18n metadata
(``locale``, ``alternates``) i18n's language switcher and sitemap read.

Cost: each language is planned once per process (the plan is reused by
i18n's other build and by ``mkdocs serve`` rebuilds while its inputs are
equal, see :data:`_PLANS`), each article's listing row is built once per
language, and a generated page's Markdown (an intro sentence at most) is
converted once per distinct source (:func:`_render_generated`).

Context keys: ``kb_article`` (meta line of an article), ``kb_listing``
(generated listing pages), ``kb_tag_index`` (the tag index), ``kb_home`` (home page), ``kb_feed`` (every page).
"""

from __future__ import annotations

import os
import types
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

import shared
from pipeline import priority
from kb import feed as feed_core
from kb import generated
from kb import listings as core
from kb import series as series_core
from kb import tags as tags_core
from kb import urls
from kb.catalog import DEFAULT_LANG, LANGS, split_lang
from kb.texts import texts

log = get_plugin_logger("kb.listings")



def _topics() -> dict[str, dict[str, str]]:
    """``extra.kb.topics`` as plain data: name → {slug, en} (converted once per build:
    every article's meta line reads it)."""
    data = shared.STATE.data.setdefault("listings_decl", {})
    if "topics" not in data:
        data["topics"] = {name: {"slug": t.slug, "en": t.en}
                          for name, t in shared.STATE.kb.topics.items()}
    return data["topics"]


def _series() -> dict[str, dict[str, Any]]:
    """``extra.kb.series`` as plain data: slug → {title, description, parts, missing}
    (converted once per build)."""
    data = shared.STATE.data.setdefault("listings_decl", {})
    if "series" not in data:
        data["series"] = {slug: {"title": dict(s.title), "description": dict(s.description),
                                 "parts": s.parts, "missing": dict(s.missing)}
                          for slug, s in shared.STATE.kb.series.items()}
    return data["series"]


#: language → (inputs, plan) of the latest build. Module-level on purpose:
#: mkdocs-static-i18n runs the whole build once per language in one process,
#: and each build needs the pages of every language (the other one's for the
#: alternates of the language switcher and sitemap); ``mkdocs serve`` rebuilds
#: in the same process too. A plan (:func:`kb.generated.plan`) depends only on :func:`_inputs` (the
#: declarations and the listed fields of the language's articles), which are
#: compared in full before a plan is reused, so it can never be stale.
_PLANS: dict[str, tuple[tuple, generated.Plan]] = {}


def _inputs(lang: str) -> tuple:
    """Everything :func:`plan` reads for ``lang``: declarations and the articles' listed fields.

    Add a field here when the listings start showing or sorting by it.
    """
    return (lang, _topics(), _series(),
            tuple((p.path, p.key, p.is_article, p.lang, p.title, p.description, p.date, p.topic,
                   tuple(p.tags), p.series, p.series_part, p.reading_minutes)
                  for p in shared.STATE.catalog.articles(lang)))


def _plan(lang: str) -> generated.Plan:
    """The plan of ``lang`` for this build: reused from an earlier build when its inputs are equal."""
    plans = shared.STATE.data.setdefault("listings_plans", {})
    if lang not in plans:
        inputs = _inputs(lang)
        cached = _PLANS.get(lang)
        if cached is not None and cached[0] == inputs:
            plans[lang] = cached[1]
            log.debug("listings of '%s': planned in an earlier build, reused", lang)
        else:
            plans[lang] = generated.plan(shared.STATE.catalog.articles(lang), _topics(), _series(), lang)
            _PLANS[lang] = (inputs, plans[lang])
            log.debug("listings of '%s': planned", lang)
    return plans[lang]


def _generated_file(config, page: core.GeneratedPage) -> File:
    """A virtual page at the destination static-i18n would give the file ``page.path``."""
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, page.path, content=page.markdown(), inclusion=inclusion)
    file.dest_uri = page.url + "index.html"
    return file


def _set_i18n(file: File, page: core.GeneratedPage, others: dict[str, File]) -> None:
    """The attributes mkdocs-static-i18n sets on the files it handles (language switcher, sitemap)."""
    file.locale = page.lang
    file.locale_alternate_of = page.lang
    file.localization = None if page.lang == DEFAULT_LANG else page.lang
    file.norm_src_uri = page.key
    file.alternates = {page.lang: file, **others}


@event_priority(priority("listings.on_config"))
def on_config(config):
    """Add newly declared topics to the nav's topic section; one "Serien" entry for all series.

    Material renders the whole nav into every page, so the nav must not grow
    with the content: the topics are few and declared once, and the series are listed on
    the series index (``serien/``), never one nav entry per series. A nav
    section that still lists series overviews (``serien/<slug>.md``) is
    replaced by that one entry, under the section's title.
    """
    if config.nav:
        topic_keys = [f"{core.TOPIC_DIR}{t.slug}.md" for t in shared.STATE.kb.topics.values()]
        core.complete_nav(config.nav, topic_keys, series_core.INDEX_KEY)
    return config


@event_priority(priority("listings.on_files"))
def on_files(files: Files, config):
    """Create the generated pages of the language being built."""
    state = shared.STATE
    if state.catalog is None:
        raise PluginError("hooks/listings.py needs the catalogue of hooks/validation.py; "
                          "list hooks/validation.py first under 'hooks:' in mkdocs.yml")
    i18n = config.plugins.get("i18n")
    langs = [state.lang] + ([l for l in LANGS if l != state.lang] if i18n else [])
    # The other languages' pages give the alternates (language switcher, sitemap);
    # planned in full, their plans serve those languages' own builds unchanged.
    plans = {lang: _plan(lang).pages for lang in langs}
    by_key = {lang: {p.key: p for p in pages} for lang, pages in plans.items()}
    _check_unique(plans[state.lang])
    generated: dict[str, core.GeneratedPage] = {}
    sitemap = getattr(i18n, "i18n_files_per_language", {}).get(state.lang) if i18n else None
    for page in plans[state.lang]:
        if page.path in files.src_uris:
            raise PluginError(f"docs/{page.path}: this page is generated by hooks/listings.py "
                              f"from mkdocs.yml (extra.kb) and the articles' front matter; "
                              f"delete the file")
        file = _generated_file(config, page)
        if i18n:
            others = {}
            for lang in langs[1:]:
                twin = (by_key[lang].get(page.key) or by_key[lang].get(core.first_page_key(page.key))
                        or (by_key[lang].get(core.TAGS_KEY) if page.key.startswith(tags_core.TAG_DIR)
                            else None))  # a tag of one language only: the other's tag index
                if twin is not None:
                    others[lang] = _generated_file(config, twin)
            _set_i18n(file, page, others)
        files.append(file)
        if isinstance(sitemap, list):
            sitemap.append(file)
        generated[page.path] = page
    state.data["listings"] = {"pages": generated}
    return files


def _check_unique(pages: list[core.GeneratedPage]) -> None:
    """Stop on two generated pages at one path (a series slug like ``seite-2``
    would take the place of page 2 of the series index)."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise PluginError(f"mkdocs.yml: field 'extra.kb': two generated pages at docs/{page.path}; "
                              f"rename the series or topic slug '{page.key[:-3].rpartition('/')[2]}'")
        seen.add(page.path)


def on_nav(nav, config, files):
    """Articles are not in the nav: link each to its neighbours within its topic (newest first).

    The chain follows the topic's listing: the newest ``MAX_PAGES * PER_PAGE``
    articles, those its pages show (kb.listings.MAX_PAGES); older ones are
    reached through the archive and get no footer links, so a page does not
    carry two neighbours' titles that no listing puts beside it.
    Also: the pages of a paginated listing link each other, and every
    generated page renders its Markdown through :func:`_render_generated`.
    """
    state = shared.STATE
    by_topic: dict[str, list] = {}
    for article in core.order(state.catalog.articles(state.lang)):
        file = files.src_uris.get(article.path)
        if file is not None and file.page is not None and article.topic:
            by_topic.setdefault(article.topic, []).append(file.page)
    for pages in by_topic.values():
        _chain(pages[: core.MAX_PAGES * core.PER_PAGE])
    # A paginated listing: its pages link each other (Material renders these as
    # <link rel="prev/next"> in <head> and in the footer), not the nav neighbours.
    runs: dict[str, list] = {}
    for path, generated in state.data.get("listings", {}).get("pages", {}).items():
        file = files.src_uris.get(path)
        if file is None or file.page is None:
            continue
        file.page.render = types.MethodType(_render_generated, file.page)
        if generated.listing and generated.listing.get("pagination"):
            number = generated.listing["pagination"]["number"]
            runs.setdefault(core.first_page_key(generated.key), []).append((number, file.page))
    for run in runs.values():
        _chain([page for _, page in sorted(run, key=lambda item: item[0])])
    return nav


def _render_generated(page, config, files) -> None:
    """``Page.render`` of a generated page: each distinct Markdown source is converted once per build.

    A generated page's Markdown is an intro sentence at most, plus what the
    ``page_markdown`` events appended (the glossary's abbreviations), so most
    of them share one source. MkDocs builds a new Markdown instance with every
    extension for each page (about a millisecond); here the first page with a
    given source is rendered that way and the others reuse its result. A
    result that depends on the page's place (a link or image, whose URL MkDocs
    makes relative, or headings for a table of contents) is never reused.
    """
    memo = shared.STATE.data.setdefault("listings_rendered", {})
    hit = memo.get(page.markdown)
    if hit is None:
        type(page).render(page, config, files)  # the page class's own render (MkDocs or ProperDocs)
        if "<a" not in page.content and "<img" not in page.content and not page.toc.items:
            memo[page.markdown] = (page.content, page._title_from_render, type(page.toc),
                                   frozenset(page.present_anchor_ids), page.links_to_anchors is not None)
        return
    page.content, page._title_from_render, toc_type, anchors, links = hit
    page.toc = toc_type([])
    page.present_anchor_ids = set(anchors)
    if links:  # set by render (at log levels above DEBUG): no links here, so none to anchors
        page.links_to_anchors = {}


def _chain(pages: list) -> None:
    """Link ``pages`` in order through ``previous_page``/``next_page`` (None at both ends)."""
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None


@event_priority(priority("listings.on_page_context"))
def on_page_context(context, page, config, nav):
    """Fill ``kb_feed`` everywhere, and ``kb_article`` / ``kb_listing`` / ``kb_home`` where they belong."""
    state = shared.STATE
    lang = state.lang
    context["kb_feed"] = {"url": urls.feed_url(lang), "title": texts(lang, "listings")["feed"]}
    src = page.file.src_uri
    generated = state.data.get("listings", {}).get("pages", {})
    if src in generated:
        listing = generated[src].listing
        if listing is not None:
            context["kb_listing"] = listing
        if generated[src].tag_index is not None:
            context["kb_tag_index"] = generated[src].tag_index
        return context
    cat_page = state.catalog.pages.get(src) if state.catalog else None
    if cat_page is None:
        return context
    topics = _topics()
    own = _plan(lang)
    slugify = own.slugs.__getitem__
    if cat_page.is_article:
        context["kb_article"] = core.article_meta(cat_page, lang, topics, slugify, row=own.row)
    elif split_lang(src)[0] == "index.md":
        articles = state.catalog.articles(lang)
        members = series_core.by_series(articles)
        series = [series_core.summary(slug, decl, members.get(slug, ()), lang)
                  for slug, decl in _series().items()]
        context["kb_home"] = core.home(articles, lang, topics=topics, series=series, slugify=slugify,
                                       series_url=urls.page_url(series_core.INDEX_KEY, lang))
    return context


def on_post_build(config):
    """Write the Atom feed of the language just built (before i18n builds the next one)."""
    state = shared.STATE
    if not config.site_url:
        log.warning("site_url is not set in mkdocs.yml: the Atom feed needs absolute URLs; "
                    "no feed written")
        return
    lang = state.lang
    articles = state.catalog.articles(lang)
    added = feed_core.added_dates(Path(config.docs_dir), [a.path for a in articles])
    data = feed_core.site_feed(articles, added, site_url=config.site_url, site_name=config.site_name,
                               lang=lang, topics=_topics())
    target = Path(config.site_dir) / urls.feed_url(lang)
    os.makedirs(target.parent, exist_ok=True)
    target.write_bytes(data)
