"""Integration on the real site (``built_site``): topics, series, archive, tags, home, both languages.

What to expect is read from the real docs/ and mkdocs.yml, so the tests keep
holding as articles are added.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from conftest import ROOT
from kb import catalog as catalog_core
from kb import tags as tags_core


def _kb():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).extra["kb"]


KB = _kb()
CATALOG, _ = catalog_core.build(
    [(p.relative_to(ROOT / "docs").as_posix(), p.read_bytes()) for p in (ROOT / "docs").rglob("*.md")
     if "_snippets" not in p.parts],
    topics=list(KB["topics"]), series={s: d["parts"] for s, d in KB["series"].items()},
    missing_parts={s: list(d.get("missing") or {}) for s, d in KB["series"].items()},
)
LANGS = ["de", "en"]
PREFIX = {"de": "", "en": "en/"}
SERIES_ARTICLES = [p for p in CATALOG.pages.values() if p.is_article and p.series == "bmw-im-interview"]


def html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def listing(site, rel):
    page = html(site, rel)
    return page[page.index('<section class="kb-listing'):page.index("</section>", page.index('<section class="kb-listing'))]


def text_of(fragment):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def listed_slugs(fragment):
    return re.findall(r'<h[23] class="kb-entry__title"><a href="[^"]*artikel/([^/"]+)/">', fragment)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", list(KB["topics"]))
def test_topic_page_lists_exactly_its_articles(built_site, lang, topic):
    rel = f"{PREFIX[lang]}themen/{KB['topics'][topic]['slug']}"
    expected = [p.key[len("artikel/"):-3] for p in CATALOG.articles(lang) if p.topic == topic]
    found = []
    page_dir = built_site / rel
    for page in [page_dir, *sorted(page_dir.glob("*-[0-9]*"), key=lambda d: int(d.name.split("-")[1]))]:
        found += listed_slugs(listing(built_site, page.relative_to(built_site).as_posix()))
    assert found == expected


@pytest.mark.parametrize("lang, title", [("de", "Archiv"), ("en", "Archive")])
def test_archive_lists_every_article(built_site, lang, title):
    page = html(built_site, f"{PREFIX[lang]}archiv")
    assert f"<h1>{title}</h1>" in page
    slugs = listed_slugs(listing(built_site, f"{PREFIX[lang]}archiv"))
    assert slugs == [p.key[len("artikel/"):-3] for p in CATALOG.articles(lang)][:20]


@pytest.mark.parametrize("lang, group", [("de", "Ohne Datum"), ("en", "Undated")])
def test_archive_has_undated_group(built_site, lang, group):
    if not any(p.date is None for p in CATALOG.articles(lang)):
        pytest.fail("expected undated articles in the archive (none of the sources gives a date)")
    groups = re.findall(r'<h2 class="kb-listing__group"[^>]*>([^<]*)</h2>', html(built_site, f"{PREFIX[lang]}archiv"))
    assert groups[-1] == group


def tags_of(lang):
    """Every tag of the real articles of ``lang`` with its page slug."""
    return tags_core.assign_slugs(t for p in CATALOG.articles(lang) for t in p.tags)


@pytest.mark.parametrize("lang, title", [("de", "Schlagwörter"), ("en", "Tags")])
def test_tag_index_links_every_tag_page(built_site, lang, title):
    page = html(built_site, f"{PREFIX[lang]}schlagwoerter")
    assert f"<h1>{title}</h1>" in page
    index = page[page.index('<section class="kb-tag-index'):page.index("</section>")]
    linked = re.findall(r'<li><a href="([^"]*)/">([^<]*)</a> <span class="kb-tag-index__count">', index)
    slugs = tags_of(lang)
    assert slugs and linked == [(slugs[t], t) for t in tags_core.sort_tags(slugs)]


@pytest.mark.parametrize("lang", LANGS)
def test_each_real_tag_has_a_page_listing_its_articles(built_site, lang):
    for tag, slug in tags_of(lang).items():
        rel = f"{PREFIX[lang]}schlagwoerter/{slug}"
        expected = [p.key[len("artikel/"):-3] for p in CATALOG.articles(lang) if tag in p.tags]
        assert listed_slugs(listing(built_site, rel)) == expected[:20], tag


@pytest.mark.parametrize("lang", LANGS)
def test_article_tag_links_lead_to_the_tag_pages(built_site, lang):
    slugs = tags_of(lang)
    for article in CATALOG.articles(lang):
        page = html(built_site, f"{PREFIX[lang]}{article.key[:-3]}")
        meta = page[page.index('<p class="kb-meta">'):page.index("</nav>", page.index('<p class="kb-meta">'))]
        links = re.findall(r'<a class="md-tag" href="\.\./\.\./schlagwoerter/([^"]+)/">([^<]*)</a>', meta)
        assert links == [(slugs[t], t) for t in article.tags]


@pytest.mark.parametrize("lang, unknown", [("de", "Datum unbekannt"), ("en", "Date unknown")])
def test_article_meta_line_on_every_article(built_site, lang, unknown):
    for article in CATALOG.articles(lang):
        page = html(built_site, f"{PREFIX[lang]}{article.key[:-3]}")
        meta = text_of(re.search(r'<p class="kb-meta">.*?</p>', page, re.S).group(0))
        if article.date is None:
            assert unknown in meta
        assert re.search(r"\d+ (Min\. Lesezeit|min read)", meta)


def _home_heading(lang):
    """The heading of the home page's article block: "newest" only if one of them has a date."""
    dated = any(p.date for p in CATALOG.articles(lang)[:5])
    return {("de", True): "Neueste Beiträge", ("en", True): "Latest articles",
            ("de", False): "Beiträge von A bis Z", ("en", False): "Articles from A to Z"}[lang, dated]


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_latest_articles(built_site, lang):
    page = html(built_site, PREFIX[lang].rstrip("/") or "")
    block = page[page.index('<section class="kb-home"'):]
    assert _home_heading(lang) in block
    newest = [p.key[len("artikel/"):-3] for p in CATALOG.articles(lang)][:5]
    assert listed_slugs(block)[:len(newest)] == newest


@pytest.mark.parametrize("lang, missing, label", [
    ("de", "Interview Teil 2: BMW und Blogger Relations", "nicht im Archiv"),
    ("en", "Interview part 2: BMW and blogger relations", "not in the archive"),
])
def test_series_overview_shows_missing_part_without_link(built_site, lang, missing, label):
    page = listing(built_site, f"{PREFIX[lang]}serien/bmw-im-interview")
    entry = re.search(r'<li class="kb-entry kb-entry--missing">.*?</li>', page, re.S).group(0)
    assert missing in text_of(entry) and label in text_of(entry)
    assert "<a " not in entry


@pytest.mark.parametrize("article", SERIES_ARTICLES, ids=lambda p: p.path)
def test_series_box_on_each_bmw_article(built_site, article):
    page = html(built_site, f"{PREFIX[article.lang]}{article.key[:-3]}")
    box = re.search(r'<aside class="kb-series".*?</aside>', page, re.S).group(0)
    label = "{}. Beitrag der Serie (von 3)" if article.lang == "de" else "Article {} of 3 in the series"
    assert label.format(article.series_part) in text_of(box)
    for other in SERIES_ARTICLES:
        if other.lang == article.lang and other is not article:
            assert f'href="../{other.key[len("artikel/"):-3]}/"' in box
    missing = re.search(r'<li[^>]*kb-series__entry--missing[^>]*>.*?</li>', box, re.S).group(0)
    assert "<a " not in missing


def test_nav_without_articles_in_both_languages(built_site):
    for rel in ("ueber", "en/ueber"):
        page = html(built_site, rel)
        nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
        assert "artikel/" not in nav
        assert "themen/" in nav and 'serien/"' in nav and "archiv/" in nav


def test_nav_does_not_list_each_series(built_site):
    for rel in ("ueber", "en/ueber"):
        page = html(built_site, rel)
        nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
        assert "serien/bmw-im-interview/" not in nav


@pytest.mark.parametrize("lang, title, parts", [("de", "BMW im Interview", "2 von 3 Teilen im Archiv"),
                                                ("en", "BMW interviewed", "2 of 3 parts in the archive")])
def test_series_index_lists_the_series(built_site, lang, title, parts):
    page = listing(built_site, f"{PREFIX[lang]}serien")
    entry = re.search(r'<li class="kb-entry">.*?</li>', page, re.S).group(0)
    assert f'<a href="bmw-im-interview/">{title}</a>' in entry and parts in text_of(entry)
