"""Hook: sharing and search-engine metadata, robots.txt, the sitemaps, the 404 pages, the topic map.

Event glue over :mod:`kb.seo` (a page's metadata), :mod:`kb.seo_files` (what
is written into the site folder), :mod:`kb.topicmap` and :mod:`kb.templatecache`:

* ``on_files`` notes which page exists in which language and plans the
  per-page sitemaps;
* ``on_env`` adds the JSON-LD filter and the compiled-template cache;
* ``on_page_context`` puts ``kb_seo`` (and on the topic map ``kb_topicmap``)
  into the page context (markup: ``overrides/main.html``,
  ``overrides/partials/kb/topicmap.html``); ``on_template_context`` fills
  the 404 page's ``kb_404``;
* ``on_post_build`` writes robots.txt and the sitemaps, in the build
  process, after the language's pages, and keeps both 404 pages.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import seo as seo_core
from kb import seo_files, templatecache
from kb import topicmap as topicmap_core
from kb import urls
from kb.catalog import DEFAULT_LANG, split_lang
from kb.texts import texts

#: The topic map page (without language suffix); its template draws the map.
TOPICMAP_KEY = "themenkarte.md"

#: The German 404 page between the German build and the English one, which
#: renders its own 404.html over it (:func:`kb.seo_files.keep_404`). Module-level:
#: shared.STATE is reset between the two.
_kept_404: bytes | None = None


@event_priority(priority("seo.on_files"))
def on_files(files: Files, config):
    """Index the languages every page exists in; plan the per-page sitemaps."""
    state = shared.STATE
    pages = files.documentation_pages()
    langs = seo_files.page_langs((f.src_uri, getattr(f, "alternates", None)) for f in pages)
    kb = state.kb
    site = seo_core.SiteFacts(
        lang=state.lang, site_name=config.site_name, site_description=config.site_description or "",
        langs=langs, use_directory_urls=config.use_directory_urls,
        topics={name: (t.slug, shared.topic_label(name, state.lang)) for name, t in (kb.topics.items() if kb else ())},
        series={slug: shared.localized(s.title, state.lang) for slug, s in (kb.series.items() if kb else ())})
    state.data["seo"] = {"langs": langs, "site": site, "pages": [],
                         "planned": seo_files.plan_page_sitemaps(((f.src_uri, f.url) for f in pages),
                                                                 langs, state.lang)}
    return files


def on_env(env, config, files):
    """Give the templates the safe JSON serialiser for inline JSON-LD; reuse compiled templates."""
    env.filters["kb_json_script"] = seo_core.json_for_script
    return templatecache.attach(env)


def on_template_context(context, template_name, config):
    """The 404 page (a static template, no page): the topics and pages it offers."""
    if template_name != "404.html":
        return context
    site = shared.STATE.data["seo"]["site"]
    context["kb_404"] = seo_core.not_found_context(site, TOPICMAP_KEY)
    if "kb_search" not in context:
        # The header search (hooks/search.py fills kb_search per page) on the
        # 404 page too, where links are absolute: root = the language's path.
        base = urlsplit(config.site_url or "/").path or "/"
        context["kb_search"] = {"lang": site.lang, "root": base.rstrip("/") + "/" + urls.lang_root(site.lang),
                                "strings": texts(site.lang, "search")}
    return context


def on_page_content(html, page, config, files):
    """Mark external links that show their own address (print writes no second copy)."""
    return seo_core.mark_bare_links(html)


@event_priority(priority("seo.on_page_context"))
def on_page_context(context, page, config, nav):
    """Put ``kb_seo`` (and on the topic map ``kb_topicmap``) into the page context."""
    state = shared.STATE
    seo_data = state.data["seo"]
    key = split_lang(page.file.src_uri)[0]
    facts = seo_core.page_facts(
        seo_data["site"], url=page.url, key=key, meta=page.meta or {}, page_title=page.title,
        entry=state.catalog.pages.get(page.file.src_uri) if state.catalog else None,
        content=page.content or "", is_home=bool(page.is_homepage))
    seo = context["kb_seo"] = seo_core.seo_context(config.site_url or "/", facts, DEFAULT_LANG)
    if seo["alternates"] and seo_data["planned"].get(page.url) != facts.translations:
        seo_data["pages"].append((page.url, seo["canonical"], seo["alternates"]))  # not planned
    if key == TOPICMAP_KEY:
        context["kb_topicmap"] = topicmap_core.page_context(
            seo_data["site"], state.catalog.articles(state.lang) if state.catalog else [],
            state.data.get("related") or {}, lambda url: get_relative_url(url, page.url))
    return context


@event_priority(priority("seo.on_post_build"))
def on_post_build(config):
    """Write robots.txt and the sitemaps; give each language its 404 page."""
    global _kept_404
    site, seo_data = Path(config.site_dir), shared.STATE.data["seo"]
    seo_files.write_site_files(site, config.site_url or "/", shared.STATE.lang,
                               seo_data["planned"], seo_data["pages"])
    _kept_404 = seo_files.keep_404(site, shared.STATE.lang, _kept_404)
