"""Unit tests of kb.listings: ordering, pagination, URLs, year groups, home blocks."""

from __future__ import annotations

import datetime as dt

import pytest

from kb import listings
from kb.catalog import Page

TOPICS = {
    "Konzernkommunikation": {"slug": "konzernkommunikation", "en": "Corporate communication"},
    "Autohandel": {"slug": "autohandel", "en": "Car retail"},
}


def art(slug, title, date=None, *, lang="de", topic="Autohandel", tags=(), body="wort " * 10):
    """A catalogue article for the tests."""
    key = f"artikel/{slug}.md"
    path = key if lang == "de" else f"artikel/{slug}.{lang}.md"
    return Page(path=path, key=key, lang=lang, is_article=True, title=title, description=f"Über {title}",
                date=date, topic=topic, tags=list(tags), series=None, series_part=None, source=None,
                related=[], related_exclude=[], translation_of=None, body=body, meta={})


def slug(tag):
    return tag.lower()


def test_order_newest_first():
    old, new = art("a", "A", dt.date(2010, 1, 1)), art("b", "B", dt.date(2012, 1, 1))
    assert [p.title for p in listings.order([old, new])] == ["B", "A"]


def test_order_undated_last():
    undated, dated = art("a", "A"), art("b", "B", dt.date(2001, 1, 1))
    assert [p.title for p in listings.order([undated, dated])] == ["B", "A"]


def test_order_ties_by_title_case_insensitive():
    pages = [art("x", "zebra", dt.date(2012, 1, 1)), art("y", "Apfel", dt.date(2012, 1, 1)),
             art("z", "birne", dt.date(2012, 1, 1))]
    assert [p.title for p in listings.order(pages)] == ["Apfel", "birne", "zebra"]


def test_order_undated_ties_by_title():
    assert [p.title for p in listings.order([art("a", "Öl"), art("b", "Auto")])] == ["Auto", "Öl"]


@pytest.mark.parametrize("count, sizes", [(0, [0]), (1, [1]), (20, [20]), (21, [20, 1]), (45, [20, 20, 5])])
def test_paginate_sizes(count, sizes):
    assert [len(chunk) for chunk in listings.paginate(list(range(count)))] == sizes


def test_paginate_keeps_order():
    chunks = listings.paginate(list(range(5)), per_page=2)
    assert chunks == [[0, 1], [2, 3], [4]]


def test_paginate_rejects_zero():
    with pytest.raises(ValueError):
        listings.paginate([1], per_page=0)


def test_paged_key_per_language():
    assert listings.paged_key("themen/x.md", 1, "de") == "themen/x.md"
    assert listings.paged_key("themen/x.md", 2, "de") == "themen/x/seite-2.md"
    assert listings.paged_key("themen/x.md", 3, "en") == "themen/x/page-3.md"


def test_year_groups_in_order_with_undated_group_last():
    pages = listings.order([art("a", "A", dt.date(2012, 5, 1)), art("b", "B"),
                            art("c", "C", dt.date(2011, 1, 1)), art("d", "D", dt.date(2012, 1, 1))])
    groups = listings.year_groups(pages, "de")
    assert [(g["label"], [p.title for p in g["pages"]]) for g in groups] == [
        ("2012", ["A", "D"]), ("2011", ["C"]), ("Ohne Datum", ["B"])]


def test_year_groups_undated_label_english():
    assert listings.year_groups([art("b", "B", lang="en")], "en")[0]["label"] == "Undated"


def _listing(count, lang="de", per_page=20):
    pages = listings.order(art(f"a{i:03d}", f"Titel {i:03d}", dt.date(2000, 1, 1) + dt.timedelta(days=i),
                               lang=lang) for i in range(count))
    return listings.paged_listing("themen/autohandel.md", lang, "Autohandel", "Alles", "topic", pages,
                                  topics=TOPICS, slugify=slug, per_page=per_page)


def test_paged_listing_page_count_and_paths():
    pages = _listing(45)
    assert [p.path for p in pages] == ["themen/autohandel.md", "themen/autohandel/seite-2.md",
                                       "themen/autohandel/seite-3.md"]


def test_paged_listing_english_paths():
    pages = _listing(21, lang="en")
    assert [p.path for p in pages] == ["themen/autohandel.en.md", "themen/autohandel/page-2.en.md"]
    assert [p.url for p in pages] == ["en/themen/autohandel/", "en/themen/autohandel/page-2/"]


def test_paged_listing_only_first_page_in_nav():
    assert [p.in_nav for p in _listing(45)] == [True, False, False]


def test_paged_listing_previous_next_and_label():
    second = _listing(45)[1].listing["pagination"]
    assert second["label"] == "Seite 2 von 3"
    assert second["previous"] == "themen/autohandel/"
    assert second["next"] == "themen/autohandel/seite-3/"
    assert [p["current"] for p in second["pages"]] == [False, True, False]


def test_paged_listing_first_and_last_page_ends():
    pages = _listing(45)
    assert pages[0].listing["pagination"]["previous"] is None
    assert pages[-1].listing["pagination"]["next"] is None


def test_no_pagination_up_to_one_page():
    assert _listing(20)[0].listing["pagination"] is None


def test_paged_listing_entries_newest_first_across_pages():
    pages = _listing(45)
    titles = [e["title"] for p in pages for g in p.listing["groups"] for e in g["entries"]]
    assert titles == [f"Titel {i:03d}" for i in range(44, -1, -1)]


def test_paged_listing_title_of_later_pages():
    assert _listing(45)[2].title == "Autohandel – Seite 3 von 3"


def test_empty_listing_says_so():
    page = _listing(0)[0]
    assert page.listing["empty"] == "Noch keine Beiträge."


def test_entry_fields():
    page = art("x", "Titel", dt.date(2012, 6, 25), tags=["ROI"], body="wort " * 450)
    row = listings.entry(page, "de", TOPICS, slug)
    assert row["url"] == "artikel/x/"
    assert row["date"] == {"iso": "2012-06-25", "label": "25. Juni 2012"}
    assert row["reading"] == "3 Min. Lesezeit"
    assert row["tags"] == [{"name": "ROI", "url": "schlagwoerter/roi/"}]
    assert row["topic"]["url"] == "themen/autohandel/"


def test_entry_english_topic_label_and_reading_time():
    row = listings.entry(art("x", "T", lang="en", body="w " * 10), "en", TOPICS, slug)
    assert row["topic"]["label"] == "Car retail"
    assert row["topic"]["url"] == "en/themen/autohandel/"
    assert row["reading"] == "1 min read"
    assert row["url"] == "en/artikel/x/"


def test_entry_cache_builds_one_row_per_article():
    page = art("x", "Titel", tags=["ROI"])
    row = listings.entry_cache("de", TOPICS, slug)
    assert row(page) is row(art("x", "Titel", tags=["ROI"]))
    assert row(page) == listings.entry(page, "de", TOPICS, slug)


def test_listings_share_the_cached_rows():
    pages = [art("a", "A"), art("b", "B")]
    row = listings.entry_cache("de", TOPICS, slug)
    first = listings.paged_listing("themen/autohandel.md", "de", "T", "D", "topic", pages,
                                   topics=TOPICS, slugify=slug, row=row)
    second = listings.paged_listing("archiv.md", "de", "T", "D", "archive", pages,
                                    topics=TOPICS, slugify=slug, row=row)
    rows = [first[0].listing["groups"][0]["entries"], second[0].listing["groups"][0]["entries"]]
    assert rows[0][0] is rows[1][0] and rows[0][1] is rows[1][1]


def test_generated_markdown_front_matter_is_yaml():
    import yaml

    page = listings.GeneratedPage(path="a.md", key="a.md", lang="de", url="a/",
                                  title='Titel: „mit" Zeichen', description="x", body="Text")
    text = page.markdown()
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["title"] == 'Titel: „mit" Zeichen'
    assert text.rstrip().endswith("Text")


def test_home_latest_is_capped_and_newest_first():
    pages = [art(f"a{i}", f"T{i}", dt.date(2000 + i, 1, 1)) for i in range(8)] + [art("u", "Undatiert")]
    data = listings.home(pages, "de", topics=TOPICS, series=[], slugify=slug)
    assert [e["title"] for e in data["latest"]] == ["T7", "T6", "T5", "T4", "T3"]


def test_home_shows_undated_label():
    data = listings.home([art("u", "U")], "de", topics=TOPICS, series=[], slugify=slug)
    assert data["latest"][0]["date"]["label"] == "Datum unbekannt"


def test_home_is_undated_when_no_latest_article_has_a_date():
    data = listings.home([art("u", "U"), art("v", "V")], "de", topics=TOPICS, series=[], slugify=slug)
    assert data["undated"] is True


def test_home_is_dated_when_one_latest_article_has_a_date():
    pages = [art("u", "U"), art("d", "D", dt.date(2012, 6, 25))]
    data = listings.home(pages, "de", topics=TOPICS, series=[], slugify=slug)
    assert data["undated"] is False


def test_home_topic_counts_include_empty_topics():
    pages = [art("a", "A"), art("b", "B"), art("c", "C", topic="Konzernkommunikation")]
    data = listings.home(pages, "de", topics=TOPICS, series=[], slugify=slug)
    assert {t["name"]: t["count_label"] for t in data["topics"]} == {
        "Konzernkommunikation": "1 Beitrag", "Autohandel": "2 Beiträge"}


def _series_rows(count):
    return [{"url": f"serien/s{i}/", "title": f"Serie {i}", "count_label": "1 Beitrag",
             "description": ""} for i in range(count)]


def test_home_shows_at_most_five_series_and_links_the_index():
    block = listings.home([], "de", topics=TOPICS, series=_series_rows(7), slugify=slug,
                          series_url="serien/")
    assert [s["title"] for s in block["series"]] == [f"Serie {i}" for i in range(5)]
    assert block["all_series_url"] == "serien/"
    assert block["labels"]["all_series"] == "Alle Serien"


def test_home_without_index_link_when_all_series_fit():
    block = listings.home([], "en", topics=TOPICS, series=_series_rows(5), slugify=slug,
                          series_url="en/serien/")
    assert len(block["series"]) == 5
    assert block["all_series_url"] is None


def test_complete_nav_adds_declared_topics_missing_from_the_topic_section():
    nav = [{"Themen": ["themen/a.md"]}]
    listings.complete_nav(nav, ["themen/a.md", "themen/b.md"], "serien.md")
    assert nav == [{"Themen": ["themen/a.md", "themen/b.md"]}]


def test_complete_nav_replaces_series_overviews_by_the_series_index():
    nav = [{"Serien": [{"BMW": "serien/bmw.md"}, "serien/b.md"]}]
    listings.complete_nav(nav, [], "serien.md")
    assert nav == [{"Serien": "serien.md"}]


def test_complete_nav_leaves_other_sections_alone():
    nav = ["index.md", {"Über": ["ueber.md"]}]
    listings.complete_nav(nav, ["themen/a.md"], "serien.md")
    assert nav == ["index.md", {"Über": ["ueber.md"]}]


@pytest.mark.parametrize("key, first", [
    ("themen/x/seite-2.md", "themen/x.md"), ("en/themen/x/page-3.md", "en/themen/x.md"),
    ("themen/x.md", "themen/x.md"), ("serien/seitenwechsel.md", "serien/seitenwechsel.md"),
])
def test_first_page_key(key, first):
    assert listings.first_page_key(key) == first
