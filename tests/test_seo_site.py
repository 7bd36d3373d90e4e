"""Integration: metadata, robots.txt, sitemap, 404 pages and the topic map in the real site."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default site_url (KB_SITE_URL unset)
ARTICLES = sorted(p.stem for p in (ROOT / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md"))
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def page(site, url):
    """The HTML of the page at ``url`` (below the site root)."""
    return (site / url / "index.html").read_text("utf-8")


def head(text):
    """The part of a page before ``</head>``."""
    return text.split("</head>", 1)[0]


def meta(text, key):
    """The content of ``<meta property|name=key>`` (unescaped), or None."""
    m = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', head(text))
    return html.unescape(m.group(1)) if m else None


def links(text, rel):
    """``{hreflang or None: href}`` of ``<link rel=...>`` in the head (alternates: hreflang ones only)."""
    found = {}
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', head(text)):
        lang = re.search(r'hreflang="([^"]+)"', tag)
        if rel == "alternate" and not lang:
            continue  # e.g. the Atom feed
        found[lang.group(1) if lang else None] = html.unescape(re.search(r'href="([^"]+)"', tag).group(1))
    return found


def jsonld(text):
    """The parsed JSON-LD blocks of a page."""
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


ALL_PAGES = ["", "en/", "ueber/", "en/ueber/", "themen/autohandel/", "en/themen/autohandel/",
             "themenkarte/", "en/themenkarte/"] + [f"{lang}artikel/{slug}/" for slug in ARTICLES
                                                  for lang in ("", "en/")]


@pytest.mark.parametrize("url", ALL_PAGES)
def test_canonical_is_absolute_own_url(built_site, url):
    assert links(page(built_site, url), "canonical") == {None: SITE_URL + url}


@pytest.mark.parametrize("url", ALL_PAGES)
def test_meta_description_present(built_site, url):
    description = re.search(r'<meta name="description" content="([^"]+)"', head(page(built_site, url)))
    assert description and len(description.group(1).strip()) > 10


@pytest.mark.parametrize("url", ALL_PAGES)
def test_hreflang_pairs_german_english_and_x_default(built_site, url):
    german = url[3:] if url.startswith("en/") else url
    assert links(page(built_site, url), "alternate") == {
        "de": SITE_URL + german, "en": SITE_URL + "en/" + german, "x-default": SITE_URL + german}


@pytest.mark.parametrize("slug", ARTICLES)
def test_article_opengraph(built_site, slug):
    de, en = page(built_site, f"artikel/{slug}/"), page(built_site, f"en/artikel/{slug}/")
    assert meta(de, "og:type") == meta(en, "og:type") == "article"
    assert meta(de, "og:locale") == "de_DE" and meta(en, "og:locale") == "en_GB"
    assert meta(en, "og:url") == SITE_URL + f"en/artikel/{slug}/"
    assert meta(de, "twitter:card") == "summary"
    assert meta(de, "og:title") and meta(de, "og:description")


def test_other_pages_are_websites(built_site):
    assert meta(page(built_site, ""), "og:type") == "website"
    assert meta(page(built_site, "en/themen/autohandel/"), "og:type") == "website"


def test_title_of_article_is_escaped_text(built_site):
    text = page(built_site, f"artikel/{ARTICLES[0]}/")
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert title.endswith(" - Wissensbasis Social Media") and "<" not in title


@pytest.mark.parametrize("slug", ARTICLES)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_article_jsonld(built_site, slug, lang):
    (data,) = jsonld(page(built_site, f"{lang}artikel/{slug}/"))
    assert data["@type"] == "Article"
    assert data["inLanguage"] == ("en" if lang else "de")
    assert data["headline"] == meta(page(built_site, f"{lang}artikel/{slug}/"), "og:title")
    assert "datePublished" not in data  # none of the five sources gives a date
    assert data["about"]["url"].startswith(SITE_URL + lang + "themen/")


def test_series_article_is_part_of_the_series(built_site):
    (data,) = jsonld(page(built_site, "artikel/bmw-interview-teil-1/"))
    assert data["isPartOf"]["name"] == "BMW im Interview"
    assert data["isPartOf"]["url"] == SITE_URL + "serien/bmw-im-interview/"


def test_no_jsonld_on_other_pages(built_site):
    assert jsonld(page(built_site, "ueber/")) == []


def test_robots_txt(built_site):
    text = (built_site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in text
    assert f"Sitemap: {SITE_URL}sitemap.xml" in text.splitlines()


def test_sitemap_lists_alternates_with_x_default(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    entries = {url.find("s:loc", SITEMAP_NS).text: {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)}
        for url in root.findall("s:url", SITEMAP_NS)}
    slug = ARTICLES[0]
    assert entries[SITE_URL + f"en/artikel/{slug}/"] == {
        "de": SITE_URL + f"artikel/{slug}/", "en": SITE_URL + f"en/artikel/{slug}/",
        "x-default": SITE_URL + f"artikel/{slug}/"}
    assert SITE_URL + "themenkarte/" in entries


@pytest.mark.parametrize("lang, title", [("de", "Seite nicht gefunden"), ("en", "Page not found")])
def test_404_page_per_language(built_site, lang, title):
    path = built_site / ("404.html" if lang == "de" else "en/404.html")
    text = path.read_text("utf-8")
    prefix = "/" if lang == "de" else "/en/"
    assert f'<html lang="{lang}"' in text
    assert f"<h1>{title}</h1>" in text
    assert 'name="robots" content="noindex"' in text
    for slug in ("konzernkommunikation", "b2b-kommunikation", "autohandel"):
        assert f'href="{prefix}themen/{slug}/"' in text
    assert "data-kb-404-search" in text and "<kbd>/</kbd>" in text


def topicmap_svg(site, url):
    """The topic map's SVG element, parsed as XML."""
    text = page(site, url)
    svg = re.search(r'<svg class="kb-topicmap__svg".*?</svg>', text, re.S).group(0)
    return ET.fromstring(svg)


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("url", ["themenkarte/", "en/themenkarte/"])
def test_topicmap_one_link_per_article(built_site, url):
    svg = topicmap_svg(built_site, url)
    nodes = [a for a in svg.iter(SVG + "a") if "kb-topicmap__node" in a.get("class", "")]
    hrefs = sorted(a.get("href") for a in nodes)
    assert hrefs == sorted(f"../artikel/{slug}/" for slug in ARTICLES)
    for a in nodes:
        assert a.find(SVG + "title").text == a.get("aria-label")


def test_topicmap_is_accessible_group(built_site):
    svg = topicmap_svg(built_site, "themenkarte/")
    assert svg.get("role") == "group"
    assert svg.find(SVG + "title").text == "Themenkarte"
    assert f"{len(ARTICLES)} Beiträge in 3 Themen" in svg.find(SVG + "desc").text


def test_english_topicmap_names_english_pages_only(built_site):
    svg = topicmap_svg(built_site, "en/themenkarte/")
    titles = {a.get("aria-label") for a in svg.iter(SVG + "a") if a.get("aria-label")}
    for slug in ARTICLES:
        english = (built_site / "en" / "artikel" / slug / "index.html").read_text("utf-8")
        german = (built_site / "artikel" / slug / "index.html").read_text("utf-8")
        assert meta(english, "og:title") in titles
        assert meta(german, "og:title") not in titles or meta(german, "og:title") == meta(english, "og:title")


def test_topicmap_in_navigation(built_site):
    assert 'href="themenkarte/"' in page(built_site, "")
    assert "Topic map" in page(built_site, "en/")


def test_topicmap_loads_nothing_from_other_hosts(built_site):
    text = page(built_site, "themenkarte/")
    assert not re.search(r'(?:src|href)="(?:https?:)?//', text.split('<figure class="kb-topicmap">')[1].split("</figure>")[0])


@pytest.mark.parametrize("url, other, quote", [
    ("ueber/", "en", "Post a Comment"),
    ("en/ueber/", "de", "Kommentare aus dem Original"),
    ("en/ueber/", "de", "weitere interessante Einträge"),
])
def test_quotes_in_the_other_language_carry_lang(built_site, url, other, quote):
    """Hyphenation and screen readers use the quote's language, not the page's."""
    assert f'<span lang="{other}">{quote}</span>' in page(built_site, url)


def test_every_page_with_hreflang_links_has_its_own_sitemap_beside_it(built_site):
    checked = 0
    for index in sorted(built_site.rglob("index.html")):
        folder = index.parent.relative_to(built_site).as_posix()
        alternates = links(index.read_text("utf-8"), "alternate")
        sitemap = index.parent / "sitemap.xml"
        if folder in (".", "en"):
            continue  # the language roots keep the full sitemap
        if not alternates:
            assert not sitemap.exists(), folder
            continue
        root = ET.parse(sitemap).getroot()
        entry, = root.findall("s:url", SITEMAP_NS)
        assert entry.find("s:loc", SITEMAP_NS).text == SITE_URL + folder + "/"
        assert {x.get("hreflang"): x.get("href") for x in entry.findall("x:link", SITEMAP_NS)} == alternates
        checked += 1
    assert checked >= 2 * len(ARTICLES) > 0


def test_no_built_page_is_empty(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    assert [p.relative_to(built_site).as_posix() for p in pages if p.stat().st_size == 0] == []


def test_a_page_added_before_a_dirty_build_is_written_in_full(tmp_path):
    """``mkdocs build --dirty`` skips a page whose file is newer than its source: a page
    added since the last build is still written in full."""
    import os
    import subprocess
    import sys

    from conftest import make_project

    header = "---\ntitle: {t}\ndescription: Beschreibung.\ntopic: Autohandel\n---\n\nText über {t}.\n"
    project = make_project(tmp_path, {"artikel/alt.md": header.format(t="Alt")})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"

    def build(*extra):
        """Build the project into ``site``."""
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site), *extra],
                                cwd=project, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr

    build()
    (project / "docs/artikel/neu.md").write_text(header.format(t="Neu"), "utf-8")
    build("--dirty")
    assert "Text über Neu." in (site / "artikel/neu/index.html").read_text("utf-8")


#: A hook for the failure tests: raises in ``on_env`` (before any page) or in the
#: German archive page's ``on_page_context`` (a generated page, rendered after the articles).
BOOM = """from mkdocs.exceptions import PluginError
import os


def on_env(env, config, files):
    if os.environ.get("KB_TEST_BOOM") == "env":
        raise PluginError("boom")
    return env


def on_page_context(context, page, config, nav):
    if os.environ.get("KB_TEST_BOOM") == "page" and page.file.src_uri == "archiv.md":
        raise PluginError("boom")
    return context
"""


@pytest.fixture
def boom_project(tmp_path):
    """Two articles in two languages and the failing hook, registered after ours."""
    from conftest import ROOT, make_project

    header = "---\ntitle: {t}\ndescription: Beschreibung.\ntopic: Autohandel\n---\n\nText über {t}.\n"
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("  - hooks/incremental.py\n",
                                                               "  - hooks/incremental.py\n  - hooks/boom.py\n")
    project = make_project(tmp_path, {"artikel/a.md": header.format(t="A"), "artikel/a.en.md": header.format(t="A"),
                                      "artikel/b.md": header.format(t="B")}, config_text=config)
    (project / "hooks/boom.py").write_text(BOOM, "utf-8")
    return project


def _blank_pages(site) -> list[str]:
    """The zero-byte HTML files below ``site``."""
    return [p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.stat().st_size == 0]


def test_a_build_failing_before_the_pages_leaves_no_blank_page(boom_project, tmp_path):
    """A build that stops after the sitemaps were planned, before any page is rendered."""
    from conftest import run_build

    site = tmp_path / "site"
    result = run_build(boom_project, site, env={"KB_TEST_BOOM": "env"})
    assert result.returncode != 0 and "boom" in result.stderr
    assert _blank_pages(site) == []


def test_a_build_failing_midway_leaves_no_blank_page(boom_project, tmp_path):
    """A build that stops on one page after others were written leaves no empty HTML file behind."""
    from conftest import run_build

    site = tmp_path / "site"
    result = run_build(boom_project, site, env={"KB_TEST_BOOM": "page"})
    assert result.returncode != 0 and "boom" in result.stderr
    assert "Text über A." in (site / "artikel/a/index.html").read_text("utf-8")  # written before the failure
    assert not (site / "archiv/index.html").exists()
    assert _blank_pages(site) == []
