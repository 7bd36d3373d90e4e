"""Unit tests of kb.seo: URLs, alternates, descriptions, OpenGraph, JSON-LD, robots.txt."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from kb import seo

SITE = "https://kb.example/wissen/"


def facts(**overrides) -> seo.PageFacts:
    """An English article page with a German original, overridable."""
    base = dict(url="en/artikel/x/", lang="en", title="A title", site_name="KB",
                description="What it is about.", is_article=True, translations=("de", "en"),
                topic="Car retail", topic_url="en/themen/autohandel/")
    base.update(overrides)
    return seo.PageFacts(**base)


def test_alternates_list_each_language_and_x_default_german():
    links = {link["hreflang"]: link["href"] for link in seo.alternates(SITE, facts())}
    assert links == {
        "de": SITE + "artikel/x/",
        "en": SITE + "en/artikel/x/",
        "x-default": SITE + "artikel/x/",
    }


def test_no_alternates_for_a_page_in_one_language():
    assert seo.alternates(SITE, facts(translations=("en",))) == []


def test_document_title_page_and_site():
    assert seo.document_title("Autohandel", "KB") == "Autohandel - KB"


def test_document_title_home_is_site_name():
    assert seo.document_title("Startseite", "KB", is_home=True) == "KB"


def test_description_prefers_front_matter():
    assert seo.choose_description("Given.", "<p>Body</p>", "Site") == "Given."


def test_description_falls_back_to_text_without_headline():
    html = '<h1 id="t">Titel<a class="headerlink" href="#t">¶</a></h1><p>Erster &amp; Satz.</p>'
    assert seo.choose_description(None, html, "Site") == "Erster & Satz."


def test_description_falls_back_to_site_description():
    assert seo.choose_description("", "<h1>Only a title</h1>", "Site text") == "Site text"


def test_shorten_cuts_at_word_boundary_with_ellipsis():
    text = seo.shorten("Wort " * 100, limit=30)
    assert len(text) <= 30 and text.endswith("…") and "Wor…" not in text


def meta(tags):
    """OpenGraph/Twitter tags as ``{key: value}``."""
    return {t["key"]: t["value"] for t in tags}


def test_opengraph_article_english():
    tags = meta(seo.opengraph(SITE, facts(), ("de", "en")))
    assert tags["og:type"] == "article"
    assert tags["og:locale"] == "en_GB"
    assert tags["og:locale:alternate"] == "de_DE"
    assert tags["og:url"] == SITE + "en/artikel/x/"
    assert tags["twitter:card"] == "summary"


def test_opengraph_other_page_is_website_in_german():
    tags = meta(seo.opengraph(SITE, facts(is_article=False, lang="de", url="ueber/")))
    assert tags["og:type"] == "website"
    assert tags["og:locale"] == "de_DE"


def test_jsonld_only_for_articles():
    assert seo.article_jsonld(SITE, facts(is_article=False)) is None


def test_jsonld_has_no_date_when_unknown():
    data = seo.article_jsonld(SITE, facts())
    assert "datePublished" not in data
    assert data["headline"] == "A title" and data["inLanguage"] == "en"


def test_jsonld_date_when_known():
    data = seo.article_jsonld(SITE, facts(date=dt.date(2012, 6, 25)))
    assert data["datePublished"] == "2012-06-25"


def test_jsonld_series_and_topic():
    data = seo.article_jsonld(SITE, facts(series="BMW interviewed", series_url="en/serien/bmw/", series_part=2))
    assert data["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "BMW interviewed",
                                "url": SITE + "en/serien/bmw/"}
    assert data["about"]["name"] == "Car retail"
    assert data["about"]["url"] == SITE + "en/themen/autohandel/"


def test_jsonld_translation_points_to_german_original():
    data = seo.article_jsonld(SITE, facts())
    assert data["translationOfWork"]["@id"] == SITE + "artikel/x/"


def test_json_for_script_cannot_close_the_script():
    data = {"headline": "</script><script>alert(1)</script> <!-- & \u2028"}
    text = seo.json_for_script(data)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_robots_txt_names_absolute_sitemap():
    text = seo.robots_txt(SITE)
    assert "User-agent: *" in text
    assert f"Sitemap: {SITE}sitemap.xml" in text.splitlines()


def test_page_sitemap_is_xml_with_alternates():
    links = seo.alternates(SITE, facts())
    root = ET.fromstring(seo.page_sitemap(SITE + "en/artikel/x/?a=1&b=2", links))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    assert root.find("s:url/s:loc", ns).text == SITE + "en/artikel/x/?a=1&b=2"
    assert len(root.findall("s:url/x:link", ns)) == 3


def test_opengraph_title_of_home_is_site_name():
    tags = meta(seo.opengraph(SITE, facts(is_article=False, is_home=True, url="en/", title="Home")))
    assert tags["og:title"] == "KB"


def test_twitter_card_repeats_no_opengraph_text():
    tags = meta(seo.opengraph(SITE, facts()))
    assert "twitter:title" not in tags and "twitter:description" not in tags
    assert tags["og:description"] == "What it is about."


def test_jsonld_repeats_no_description():
    assert "description" not in seo.article_jsonld(SITE, facts())


def test_link_showing_its_own_address_is_marked():
    html = '<a href="https://www.twitter.com/mini">www.twitter.com/mini</a>'
    assert seo.mark_bare_links(html) == '<a href="https://www.twitter.com/mini" data-kb-bare>www.twitter.com/mini</a>'


def test_link_with_other_text_is_left_alone():
    html = '<a href="http://facebook.com/BMW">BMW auf Facebook</a>'
    assert seo.mark_bare_links(html) == html


def site_facts(**overrides) -> seo.SiteFacts:
    """The English build of a site with one topic and one series, each with a page."""
    base = dict(lang="en", site_name="KB", site_description="The site.",
                langs={"themen/autohandel.md": {"de", "en"}, "serien/s.md": {"de", "en"},
                       "artikel/x.md": {"de", "en"}, "themenkarte.md": {"de"}},
                topics={"Autohandel": ("autohandel", "Car retail"), "Leer": ("leer", "Empty")},
                series={"s": "The series"})
    base.update(overrides)
    return seo.SiteFacts(**base)


class _Entry:
    """A catalogue article as page_facts reads it."""

    description, is_article, topic, series, series_part = "Kurz.", True, "Autohandel", "s", 2
    date, tags = dt.date(2012, 6, 25), ["ROI"]


def test_page_facts_of_an_article_name_its_topic_and_series_pages():
    got = seo.page_facts(site_facts(), url="en/artikel/x/", key="artikel/x.md", entry=_Entry(),
                         meta={"title": "X"}, page_title="ignored", content="", is_home=False)
    assert (got.title, got.description, got.translations) == ("X", "Kurz.", ("de", "en"))
    assert (got.topic, got.topic_url) == ("Car retail", "en/themen/autohandel/")
    assert (got.series, got.series_url, got.series_part) == ("The series", "en/serien/s/", 2)
    assert got.is_article and got.tags == ("ROI",)


def test_page_facts_of_another_page_fall_back_to_its_text_and_the_site():
    got = seo.page_facts(site_facts(), url="en/ueber/", key="ueber.md", entry=None, meta={},
                         page_title=None, content="<p>Erster Satz.</p>", is_home=False)
    assert (got.title, got.description, got.translations, got.is_article) == ("KB", "Erster Satz.", ("en",), False)


def test_not_found_page_offers_only_the_pages_that_exist():
    got = seo.not_found_context(site_facts(), "themenkarte.md")
    assert got == {"lang": "en", "home": "en/", "topicmap": None,
                   "topics": [{"label": "Car retail", "url": "en/themen/autohandel/"}]}
