"""Integration: listings, series box, tag index, archive, home and nav on a built fixture site.

The fixture site is this project with its own articles replaced by a known
set (the BMW interview series as the archive has it, plus dated and undated
articles), built strictly in both languages.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from conftest import make_project, run_build


def article(title, topic, *, date=None, tags=(), series=None, part=None, desc="Beschreibung."):
    lines = ["---", f"title: '{title}'", f"description: {desc}", f"topic: {topic}"]
    if date:
        lines.append(f"date: {date}")
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    if series:
        lines += [f"series: {series}", f"series_part: {part}"]
    return "\n".join(lines) + "\n---\n\n" + "Text " * 500 + "\n"


PAGES = {
    "artikel/bmw-ankuendigung.md": article("BMW im Interview: Ankündigung", "Konzernkommunikation",
                                            tags=["BMW"], series="bmw-im-interview", part=1,
                                            desc="Die Ankündigung des Interviews."),
    "artikel/bmw-ankuendigung.en.md": article("BMW interviewed: announcement", "Konzernkommunikation",
                                               tags=["BMW"], series="bmw-im-interview", part=1),
    "artikel/bmw-teil-1.md": article("Interview Teil 1: BMW und Social Media", "Konzernkommunikation",
                                      tags=["BMW", "Social Media"], series="bmw-im-interview", part=2,
                                      desc="Der erste Teil des Interviews."),
    "artikel/bmw-teil-1.en.md": article("Interview part 1: BMW and social media", "Konzernkommunikation",
                                         tags=["BMW", "Social Media"], series="bmw-im-interview", part=2),
    "artikel/alt.md": article("Alter Beitrag", "Autohandel", date="2010-03-01", tags=["Autohaus"]),
    "artikel/alt.en.md": article("Old article", "Autohandel", date="2010-03-01", tags=["Car dealership"]),
    "artikel/neu.md": article("Neuer Beitrag", "Autohandel", date="2012-06-25", tags=["Autohaus"]),
    "artikel/neu.en.md": article("New article", "Autohandel", date="2012-06-25", tags=["Car dealership"]),
    "artikel/ohne.md": article("Beitrag ohne Datum", "Autohandel"),
    "artikel/ohne.en.md": article("Undated article", "Autohandel"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listings")
    project = make_project(tmp, PAGES)
    result = run_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def article_html(site, rel):
    """The <article> of a page."""
    page = html(site, rel)
    return page[page.index('<article class="md-content__inner'):page.index("</article>")]


def section(text, css_class, tag="aside"):
    match = re.search(rf'<{tag} class="{css_class}".*?</{tag}>', text, re.S)
    assert match, css_class
    return match.group(0)


def text_of(fragment):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


# --- series box ---------------------------------------------------------------

def test_series_box_position_of_second_part(site):
    box = section(html(site, "artikel/bmw-teil-1"), "kb-series")
    assert "2. Beitrag der Serie (von 3)" in text_of(box)


def test_series_box_links_the_other_part_and_the_overview(site):
    box = section(html(site, "artikel/bmw-teil-1"), "kb-series")
    assert 'href="../bmw-ankuendigung/"' in box
    assert 'href="../../serien/bmw-im-interview/"' in box


def test_series_box_of_the_announcement_links_part_one(site):
    box = section(html(site, "artikel/bmw-ankuendigung"), "kb-series")
    assert "1. Beitrag der Serie (von 3)" in text_of(box)
    assert 'href="../bmw-teil-1/"' in box


def test_series_box_marks_the_current_entry(site):
    box = section(html(site, "artikel/bmw-teil-1"), "kb-series")
    current = re.findall(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', box)
    assert current == [("./", "Interview Teil 1: BMW und Social Media")]


def test_series_box_missing_part_by_title_without_link(site):
    box = section(html(site, "artikel/bmw-teil-1"), "kb-series")
    missing = re.search(r'<li[^>]*kb-series__entry--missing[^>]*>(.*?)</li>', box, re.S).group(1)
    assert "Interview Teil 2: BMW und Blogger Relations" in text_of(missing)
    assert "nicht im Archiv" in text_of(missing)
    assert "<a " not in missing


def test_series_box_english(site):
    box = section(html(site, "en/artikel/bmw-teil-1"), "kb-series")
    assert "Article 2 of 3 in the series" in text_of(box)
    assert "not in the archive" in text_of(box)
    assert 'href="../bmw-ankuendigung/"' in box


def test_series_box_stands_before_the_text(site):
    page = article_html(site, "artikel/bmw-teil-1")
    assert page.index('class="kb-series"') < page.index("<p>Text")


def test_no_series_box_outside_a_series(site):
    assert 'class="kb-series"' not in html(site, "artikel/alt")


def test_series_overview_lists_entries_with_descriptions(site):
    text = text_of(article_html(site, "serien/bmw-im-interview"))
    assert text.index("BMW im Interview: Ankündigung") < text.index("Interview Teil 1") \
        < text.index("Interview Teil 2: BMW und Blogger Relations")
    assert "Die Ankündigung des Interviews." in text and "Der erste Teil des Interviews." in text
    assert "nicht im Archiv" in text


def test_series_overview_english(site):
    text = text_of(article_html(site, "en/serien/bmw-im-interview"))
    assert "BMW interviewed" in text and "Interview part 2: BMW and blogger relations" in text


# --- topic pages and article meta -----------------------------------------------

def test_topic_page_newest_first_undated_last(site):
    text = text_of(article_html(site, "themen/autohandel"))
    assert text.index("Neuer Beitrag") < text.index("Alter Beitrag") < text.index("Beitrag ohne Datum")


def test_topic_page_entry_fields(site):
    text = text_of(article_html(site, "themen/autohandel"))
    assert "25. Juni 2012" in text and "Datum unbekannt" in text
    assert "3 Min. Lesezeit" in text
    assert "Beschreibung." in text


def test_topic_page_english_dates(site):
    text = text_of(article_html(site, "en/themen/autohandel"))
    assert "25 June 2012" in text and "Date unknown" in text and "3 min read" in text


def test_topic_page_lists_only_its_topic(site):
    assert "BMW" not in text_of(article_html(site, "themen/autohandel"))


def test_tag_links_in_listings_point_at_the_tag_page(site):
    page = article_html(site, "themen/autohandel")
    assert 'href="../../schlagwoerter/autohaus/"' in page
    assert "#tag:" not in page


def test_tag_links_in_the_article_meta_point_at_the_tag_page(site):
    page = article_html(site, "artikel/bmw-teil-1")
    tags = section(page, "kb-tags", tag="nav")
    assert re.findall(r'href="([^"]*)"', tags) == ["../../schlagwoerter/bmw/", "../../schlagwoerter/social-media/"]


def test_tag_links_on_the_home_page_point_at_the_tag_page(site):
    home = section(html(site, ""), "kb-home", tag="section")
    assert 'href="schlagwoerter/autohaus/"' in home


def test_article_meta_line(site):
    meta = section(html(site, "artikel/neu"), "kb-meta", tag="p")
    text = text_of(meta)
    assert "25. Juni 2012" in text and "Autohandel" in text and "3 Min. Lesezeit" in text
    assert 'href="../../themen/autohandel/"' in meta


def test_article_meta_undated_english(site):
    text = text_of(section(html(site, "en/artikel/ohne"), "kb-meta", tag="p"))
    assert "Date unknown" in text and "Car retail" in text


def test_article_tags_shown_once(site):
    page = article_html(site, "artikel/bmw-teil-1")
    assert page.count(">Social Media</a>") == 1
    assert 'class="md-tags"' not in page


def test_article_previous_next_within_topic(site):
    footer = html(site, "artikel/alt")
    footer = footer[footer.index('<nav class="md-footer__inner'):]
    assert 'href="../neu/"' in footer and 'href="../ohne/"' in footer


# --- archive, tag index, home, nav ---------------------------------------------

def test_archive_groups_by_year_with_undated_group(site):
    page = article_html(site, "archiv")
    groups = re.findall(r'<h2 class="kb-listing__group"[^>]*>([^<]*)</h2>', page)
    assert groups == ["2012", "2010", "Ohne Datum"]


def test_archive_english_undated_group(site):
    groups = re.findall(r'<h2 class="kb-listing__group"[^>]*>([^<]*)</h2>', article_html(site, "en/archiv"))
    assert groups[-1] == "Undated"


def test_tag_index_titles(site):
    assert "<h1>Schlagwörter</h1>" in html(site, "schlagwoerter")
    assert "<h1>Tags</h1>" in html(site, "en/schlagwoerter")


def tag_index_rows(site, rel):
    """(tag, link, count) of every tag on a tag index, in page order."""
    page = article_html(site, rel)
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a> <span class="kb-tag-index__count">\(([^)]*)\)</span></li>',
                      page)


def test_tag_index_lists_every_tag_with_count_and_page(site):
    assert tag_index_rows(site, "schlagwoerter") == [
        ("autohaus/", "Autohaus", "2 Beiträge"), ("bmw/", "BMW", "2 Beiträge"),
        ("social-media/", "Social Media", "1 Beitrag")]


def test_tag_index_english_lists_english_tags(site):
    assert tag_index_rows(site, "en/schlagwoerter") == [
        ("bmw/", "BMW", "2 articles"), ("car-dealership/", "Car dealership", "2 articles"),
        ("social-media/", "Social Media", "1 article")]


def test_tag_index_lists_no_articles(site):
    page = article_html(site, "schlagwoerter")
    assert "artikel/" not in page and "Neuer Beitrag" not in page


def listed(site, rel):
    """Slugs of the articles a listing page links as entries, in order."""
    return re.findall(r'class="kb-entry__title"><a href="[^"]*artikel/([^/"]+)/">', article_html(site, rel))


@pytest.mark.parametrize("rel, expected", [
    ("schlagwoerter/autohaus", ["neu", "alt"]),
    ("schlagwoerter/bmw", ["bmw-ankuendigung", "bmw-teil-1"]),
    ("schlagwoerter/social-media", ["bmw-teil-1"]),
    ("en/schlagwoerter/car-dealership", ["neu", "alt"]),
    ("en/schlagwoerter/bmw", ["bmw-ankuendigung", "bmw-teil-1"]),
])
def test_tag_page_lists_exactly_the_articles_with_that_tag(site, rel, expected):
    assert listed(site, rel) == expected


def test_tag_page_links_articles_of_its_language(site):
    page = article_html(site, "en/schlagwoerter/bmw")
    assert "BMW interviewed: announcement" in page and "Ankündigung" not in page


def test_tag_page_title_intro_and_back_link(site):
    page = article_html(site, "schlagwoerter/autohaus")
    assert "<h1>Schlagwort: Autohaus</h1>" in page
    assert "Alle Beiträge mit dem Schlagwort „Autohaus“, die neuesten zuerst." in text_of(page)
    assert '<a href="../">Alle Schlagwörter</a>' in page


def test_tag_page_english_title(site):
    assert "<h1>Tag: Car dealership</h1>" in html(site, "en/schlagwoerter/car-dealership")


def test_tag_pages_only_for_tags_of_the_language(site):
    assert not (site / "en/schlagwoerter/autohaus").exists()
    assert not (site / "schlagwoerter/car-dealership").exists()


def test_tag_page_language_switch_to_the_same_tag(site):
    assert 'href="../../en/schlagwoerter/bmw/" hreflang="en"' in html(site, "schlagwoerter/bmw")


def test_tag_page_language_switch_without_twin_goes_to_the_tag_index(site):
    assert 'href="../../en/schlagwoerter/" hreflang="en"' in html(site, "schlagwoerter/autohaus")


def test_tag_pages_not_in_the_nav(site):
    page = html(site, "schlagwoerter/bmw")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
    assert "schlagwoerter/bmw/" not in nav and "schlagwoerter/autohaus/" not in nav
    assert re.search(r'href="\.\./"[^>]*>\s*<span class="md-ellipsis">\s*Schlagwörter', nav)


def test_no_material_tags_listing_left(site):
    for rel in ("schlagwoerter", "en/schlagwoerter", "artikel/neu"):
        page = html(site, rel)
        assert "material/tags" not in page and 'class="md-tags' not in page and 'id="tag:' not in page


def test_home_latest_articles_newest_first(site):
    home = section(html(site, ""), "kb-home", tag="section")
    text = text_of(home)
    assert text.startswith("Neueste Beiträge")
    assert text.index("Neuer Beitrag") < text.index("Alter Beitrag")
    assert "Datum unbekannt" in text


def test_home_names_the_topics_once(site):
    """The editorial text of index.md names the topics; the generated block does not repeat them."""
    assert 'class="kb-home__topics"' not in html(site, "")


def test_home_english(site):
    text = text_of(html(site, "en"))
    assert "Latest articles" in text and "Car retail" in text


def test_nav_lists_topics_series_archive_not_articles(site):
    page = html(site, "ueber")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
    for href in ("themen/autohandel/", 'serien/"', "archiv/", "schlagwoerter/"):
        assert href in nav
    assert "artikel/" not in nav and "serien/bmw-im-interview/" not in nav


def test_nav_titles_english(site):
    page = html(site, "en/ueber")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
    for title in ("Topics", "Car retail", "Series", "Archive", "Tags"):
        assert title in titles
    assert "Themen" not in titles and "Serien" not in titles


def test_language_switcher_of_generated_page(site):
    page = html(site, "themen/autohandel")
    assert 'href="../../en/themen/autohandel/" hreflang="en"' in page


def test_generated_pages_in_sitemap(site):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/themen/autohandel/</loc>" in sitemap and "/en/archiv/</loc>" in sitemap


def test_archive_entries_name_their_topic(site):
    page = article_html(site, "archiv")
    assert 'href="../themen/autohandel/">Autohandel</a>' in page


def test_topic_page_entries_do_not_repeat_the_topic(site):
    assert ">Autohandel</a>" not in article_html(site, "themen/autohandel")
