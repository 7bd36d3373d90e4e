"""Hook: sharing and search-engine metadata, robots.txt, the 404 pages, the topic map.

Thin MkDocs layer over :mod:`kb.seo` and :mod:`kb.topicmap`:

* ``on_files`` notes which page exists in which language (from the
  ``alternates`` static-i18n and hooks/listings.py give every file) and
  starts the writer process (:mod:`kb.sitemap_files`) of the per-page
  sitemaps;
* ``on_page_context`` puts ``kb_seo`` (title, description, canonical,
  ``hreflang`` alternates, OpenGraph/Twitter tags, Article JSON-LD) and, on
  the topic map, ``kb_topicmap`` into the page context; the markup lives in
  ``overrides/main.html`` and ``overrides/partials/kb/topicmap.html``;
* ``on_post_build`` waits for that writer (and writes the sitemaps itself
  under ``mkdocs serve`` or if it failed), writes ``robots.txt`` and keeps
  both 404 pages (static-i18n renders ``404.html`` once per language into
  the same file);
* ``on_env`` also gives the Jinja environment a cache of compiled templates
  that outlives the build (:class:`TemplateCodeCache`), so the second
  language build does not compile every template again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import search as search_core
from kb import seo as seo_core
from kb import sitemap_files
from kb import topicmap as topicmap_core
from kb import urls
from kb.catalog import DEFAULT_LANG, LANGS, split_lang
from kb.sitemap_files import write_sitemaps

log = get_plugin_logger("kb.seo")

#: The topic map page (without language suffix); its template draws the map.
TOPICMAP_KEY = "themenkarte.md"

#: "build", "gh-deploy" or "serve", from on_startup.
_COMMAND: str | None = None
#: The writer process of this build's per-page sitemaps: (process, its JSON input file).
_WRITER: tuple | None = None

# The German 404 page between the German build and the English one, which
# renders its own 404.html over it (static-i18n builds every language into
# the same site_dir). Module-level because shared.STATE is reset by then.
_kept_404: bytes | None = None


@event_priority(priority("seo.on_files"))
def on_files(files: Files, config):
    """Index the languages every page of this build exists in.

    static-i18n (and hooks/listings.py for its generated pages) give each file
    ``alternates``: ``{lang: file}`` for every language it exists in.
    """
    langs: dict[str, set[str]] = {}
    for file in files.documentation_pages():
        key, lang = split_lang(file.src_uri)
        langs.setdefault(key, set()).update({lang, *(getattr(file, "alternates", None) or {})})
    state = shared.STATE
    planned = plan_page_sitemaps(files, langs, state.lang)
    state.data["seo"] = {"langs": langs, "planned": planned}
    _start_sitemaps(config, state.lang, planned)
    return files


def on_startup(command, dirty):
    """Remember whether this is ``serve``, which writes the per-page sitemaps itself."""
    global _COMMAND
    _COMMAND = command


def on_config(config):
    """Reap a sitemap writer a failed build left running, before the site is cleaned."""
    _reap_sitemaps()
    return config


def on_shutdown():
    """Reap a sitemap writer a failed build left running."""
    _reap_sitemaps()


def plan_page_sitemaps(files: Files, langs: dict[str, set[str]], lang: str) -> dict[str, tuple[str, ...]]:
    """The per-page sitemaps of this build: ``{page URL: languages of the page}``.

    Every page that has ``hreflang`` alternates (it exists in two languages or
    more) and a folder of its own, i.e. what :func:`write_page_sitemaps` would
    write after the build for the pages :func:`on_page_context` saw; the
    languages are those :func:`page_facts` gives the page.
    """
    planned = {}
    for file in files.documentation_pages():
        key, _ = split_lang(file.src_uri)
        translations = tuple(sorted(langs.get(key, {lang})))
        url = file.url
        if len(set(translations) | {lang}) < 2 or _is_root(url) or not url.endswith("/"):
            continue
        planned[url] = translations
    return planned


def _is_root(url: str) -> bool:
    """True for the site's and each language's root, which keep the full sitemap."""
    return url in ("", "./") or url.count("/") <= 1 and url.rstrip("/") in LANGS


def planned_sitemaps(site_url: str, lang: str, planned: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """``(page URL, sitemap text)`` for every planned page (see :func:`kb.seo.page_sitemap`)."""
    texts = []
    for url, translations in planned.items():
        facts = seo_core.PageFacts(url=url, lang=lang, title="", site_name="", description="",
                                   translations=translations)
        texts.append((url, seo_core.page_sitemap(urls.absolute_url(site_url, url),
                                                 seo_core.alternates(site_url, facts, DEFAULT_LANG))))
    return texts


#: The writer process's program (see :mod:`kb.sitemap_files`).
_WRITER_SCRIPT = sitemap_files.__file__


def _start_sitemaps(config, lang: str, planned: dict) -> None:
    """Write the planned sitemaps in another process while MkDocs converts the pages.

    Creating a thousand small files is kernel time the build's one busy core
    would spend otherwise. A fresh Python (no fork: a forked copy of the build
    would make the build's every first write to its memory a page fault) gets
    the texts in a temporary JSON file and makes the pages' folders it needs.
    It writes no page file: a build that fails leaves no empty page behind.
    Under ``mkdocs serve``, or if the process cannot start, :func:`on_post_build`
    writes the sitemaps.
    """
    global _WRITER
    _reap_sitemaps()
    if _COMMAND == "serve" or not planned:
        return
    texts = planned_sitemaps(config.site_url or "/", lang, planned)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as plan:
        json.dump({"sitemaps": texts}, plan, ensure_ascii=False)
    try:
        proc = subprocess.Popen([sys.executable, "-I", "-S", _WRITER_SCRIPT, config.site_dir, plan.name],
                                stdin=subprocess.DEVNULL)
    except OSError:
        os.unlink(plan.name)
        return
    _WRITER = (proc, plan.name)


def _reap_sitemaps() -> bool:
    """Wait for the writer process, if one runs; True if it wrote every file."""
    global _WRITER
    if _WRITER is None:
        return False
    proc, plan = _WRITER
    _WRITER = None
    proc.wait()
    if os.path.exists(plan):  # it failed before reading it
        os.unlink(plan)
    return proc.returncode == 0


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the builds of one process.

    MkDocs makes a new Jinja environment for every build, so each language
    build static-i18n runs (and each ``mkdocs serve`` rebuild) compiled every
    template (Material's and ours) again. Jinja checks each entry against
    the checksum of the template's source, so an edited template is compiled
    anew; entries are kept per environment configuration (:func:`env_signature`).
    """

    def __init__(self) -> None:
        """An empty cache."""
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        """Fill ``bucket`` from memory if the template was compiled before."""
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        """Keep a freshly compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


#: One :class:`TemplateCodeCache` per environment configuration, for the process.
_TEMPLATE_CACHES: dict[tuple, TemplateCodeCache] = {}


def env_signature(env) -> tuple:
    """The settings of ``env`` that change how a template compiles."""
    return (tuple(sorted(env.extensions)), repr(env.autoescape), env.optimized, env.trim_blocks,
            env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, repr(env.finalize))


def on_env(env, config, files):
    """Give the templates the safe JSON serialiser for inline JSON-LD; reuse compiled templates."""
    env.filters["kb_json_script"] = seo_core.json_for_script
    if env.bytecode_cache is None:
        env.bytecode_cache = _TEMPLATE_CACHES.setdefault(env_signature(env), TemplateCodeCache())
    return env


def on_template_context(context, template_name, config):
    """The 404 page (a static template, no page): the topics and pages it offers."""
    if template_name != "404.html":
        return context
    lang = shared.STATE.lang
    topics = []
    for key, topic in (shared.STATE.kb.topics.items() if shared.STATE.kb else []):
        url = _url_if_exists(f"themen/{topic.slug}.md", lang, config)
        if url is not None:
            topics.append({"label": shared.topic_label(key, lang), "url": url})
    context["kb_404"] = {
        "lang": lang,
        "home": urls.lang_root(lang),
        "topicmap": _url_if_exists(TOPICMAP_KEY, lang, config),
        "topics": topics,
    }
    if "kb_search" not in context:
        # The header search (hooks/search.py fills kb_search per page) on the
        # 404 page too, where links are absolute: root = the language's path.
        base = urlsplit(config.site_url or "/").path or "/"
        context["kb_search"] = {
            "lang": lang,
            "root": base.rstrip("/") + "/" + urls.lang_root(lang),
            "strings": search_core.strings(lang),
        }
    return context


def on_page_content(html, page, config, files):
    """Mark external links that show their own address (print writes no second copy)."""
    return seo_core.mark_bare_links(html)


@event_priority(priority("seo.on_page_context"))
def on_page_context(context, page, config, nav):
    """Put ``kb_seo`` (and on the topic map ``kb_topicmap``) into the page context."""
    state = shared.STATE
    facts = page_facts(page, config)
    context["kb_seo"] = seo_core.seo_context(config.site_url or "/", facts, DEFAULT_LANG)
    seo_data = state.data["seo"]
    if context["kb_seo"]["alternates"] and seo_data.get("planned", {}).get(page.url) != facts.translations:
        # Not written by plan_page_sitemaps' writer: on_post_build writes it.
        seo_data.setdefault("pages", []).append(
            (page.url, context["kb_seo"]["canonical"], context["kb_seo"]["alternates"]))
    if split_lang(page.file.src_uri)[0] == TOPICMAP_KEY:
        context["kb_topicmap"] = topicmap_context(page, config, state.lang)
    return context


def _url_if_exists(key: str, lang: str, config) -> str | None:
    """The URL of ``key`` in ``lang`` when that page exists, else ``None``."""
    langs = shared.STATE.data.get("seo", {}).get("langs", {})
    if lang not in langs.get(key, ()):
        return None
    return urls.page_url(key, lang, config.use_directory_urls)


def page_facts(page, config) -> seo_core.PageFacts:
    """Collect what :mod:`kb.seo` needs about ``page`` from MkDocs and the catalogue."""
    state = shared.STATE
    lang = state.lang
    site = _site_facts(config)
    key, _ = split_lang(page.file.src_uri)
    langs = tuple(sorted(state.data.get("seo", {}).get("langs", {}).get(key, {lang})))
    entry = state.catalog.pages.get(page.file.src_uri) if state.catalog else None
    meta = page.meta or {}
    title = str(meta.get("title") or page.title or site["site_name"])
    description = seo_core.choose_description(
        entry.description if entry else meta.get("description"), page.content or "",
        site["site_description"])
    extra: dict = {}
    if entry and entry.is_article:
        if entry.topic:
            extra["topic"], extra["topic_url"] = _topic_facts(site, entry.topic, lang, config)
        if entry.series and state.kb and entry.series in state.kb.series:
            extra["series"], extra["series_url"] = _series_facts(site, entry.series, lang, config)
            extra["series_part"] = entry.series_part
        extra.update(date=entry.date, tags=tuple(entry.tags))
    return seo_core.PageFacts(
        url=page.url, lang=lang, title=title, site_name=site["site_name"],
        description=description, is_home=bool(page.is_homepage),
        is_article=bool(entry and entry.is_article), translations=langs, **extra)


def _site_facts(config) -> dict:
    """What :func:`page_facts` reads for every page, looked up once per build.

    Kept in ``STATE.data["seo"]["site"]`` (reset with the state): the
    configuration values, and the label and URL of each topic and series as
    computed (on first use) by :func:`_topic_facts` and :func:`_series_facts`.
    """
    seo_data = shared.STATE.data.setdefault("seo", {})
    site = seo_data.get("site")
    if site is None:
        site = seo_data["site"] = {
            "site_name": config.site_name, "site_description": config.site_description or "",
            "topics": {}, "series": {},
        }
    return site


def _topic_facts(site: dict, topic: str, lang: str, config) -> tuple[str, str | None]:
    """The label of ``topic`` in ``lang`` and the URL of its page (None if it has none)."""
    facts = site["topics"].get(topic)
    if facts is None:
        kb = shared.STATE.kb
        slug = kb.topics[topic].slug if kb and topic in kb.topics else None
        url = _url_if_exists(f"themen/{slug}.md", lang, config) if slug else None
        facts = site["topics"][topic] = (shared.topic_label(topic, lang), url)
    return facts


def _series_facts(site: dict, slug: str, lang: str, config) -> tuple[str, str | None]:
    """The title of the declared series ``slug`` in ``lang`` and the URL of its overview."""
    facts = site["series"].get(slug)
    if facts is None:
        title = shared.localized(shared.STATE.kb.series[slug].title, lang)
        facts = site["series"][slug] = (title, _url_if_exists(f"serien/{slug}.md", lang, config))
    return facts


def topicmap_context(page, config, lang: str) -> dict:
    """The laid-out map of the articles of ``lang`` (links relative to the map page)."""
    state = shared.STATE
    articles = []
    for entry in state.catalog.articles(lang) if state.catalog else []:
        url = urls.page_url(entry.key, lang, config.use_directory_urls)
        articles.append(topicmap_core.Article(
            path=entry.path, title=entry.title, href=get_relative_url(url, page.url),
            topic=entry.topic or ""))
    topics = []
    for key, topic in (state.kb.topics.items() if state.kb else []):
        url = _url_if_exists(f"themen/{topic.slug}.md", lang, config)
        topics.append(topicmap_core.Topic(key=key, label=shared.topic_label(key, lang),
                                          href=get_relative_url(url, page.url) if url is not None else None))
    related = state.data.get("related") or {}
    return {"lang": lang, **topicmap_core.layout(articles, topics, related)}


@event_priority(priority("seo.on_post_build"))
def on_post_build(config):
    """Write robots.txt and the per-page sitemaps; give each language its 404 page and
    the root sitemap Material's language switcher asks for."""
    site = Path(config.site_dir)
    lang = shared.STATE.lang
    seo_data = shared.STATE.data.get("seo", {})
    (site / "robots.txt").write_text(seo_core.robots_txt(config.site_url or "/"), "utf-8")
    if not _reap_sitemaps():  # no writer process, or it failed: write them here
        write_sitemaps(config.site_dir, planned_sitemaps(config.site_url or "/", lang,
                                                         seo_data.get("planned", {})))
    write_page_sitemaps(site, seo_data.get("pages", []))
    if lang != DEFAULT_LANG:
        # Material fetches <lang>/sitemap.xml for the link to a language's root;
        # the one sitemap lists the pages of both.
        sitemap = site / "sitemap.xml"
        if sitemap.exists():
            (site / lang / "sitemap.xml").write_bytes(sitemap.read_bytes())
    keep_404(site, lang)


def keep_404(site: Path, lang: str) -> None:
    """static-i18n renders every language's 404.html to the site root, the last one wins:
    keep the German one there and move each other language's to ``<lang>/404.html``."""
    global _kept_404
    page_404 = site / "404.html"
    if not page_404.exists():
        return
    if lang == DEFAULT_LANG:
        _kept_404 = page_404.read_bytes()
        return
    target = site / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page_404.read_bytes())
    if _kept_404 is not None:
        page_404.write_bytes(_kept_404)
        _kept_404 = None


def write_page_sitemaps(site: Path, pages) -> None:
    """A one-entry ``sitemap.xml`` beside every page with ``hreflang`` links (see
    :func:`kb.seo.page_sitemap`); the site's and each language's root keep the full one."""
    for url, canonical, links in pages:
        if _is_root(url):
            continue
        folder = site / url
        if folder.is_dir():
            (folder / "sitemap.xml").write_text(seo_core.page_sitemap(canonical, links), "utf-8")
