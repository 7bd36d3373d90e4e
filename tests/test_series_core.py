"""Unit tests of kb.series: entries, the series box, the overview page."""

from __future__ import annotations

from kb import series
from kb.catalog import Page

DECL = {
    "title": {"de": "BMW im Interview", "en": "BMW interviewed"},
    "description": {"de": "Ein Interview.", "en": "An interview."},
    "parts": 3,
    "missing": {3: {"de": "Interview Teil 2: BMW und Blogger Relations",
                    "en": "Interview part 2: BMW and blogger relations"}},
}


def art(slug, title, part, *, lang="de", name="bmw-im-interview"):
    key = f"artikel/{slug}.md"
    path = key if lang == "de" else f"artikel/{slug}.{lang}.md"
    return Page(path=path, key=key, lang=lang, is_article=True, title=title, description=f"Über {title}",
                date=None, topic="Konzernkommunikation", tags=[], series=name, series_part=part,
                source=None, related=[], related_exclude=[], translation_of=None, body="x", meta={})


ANNOUNCE = art("ankuendigung", "BMW im Interview: Ankündigung", 1)
PART1 = art("teil-1", "Interview Teil 1: BMW und Social Media", 2)
ARTICLES = [PART1, ANNOUNCE, art("teil-1", "Interview part 1", 2, lang="en"),
            art("anderes", "Andere Serie", 1, name="andere")]


def test_entries_in_part_order_with_missing_title():
    rows = series.entries("bmw-im-interview", DECL, ARTICLES, "de")
    assert [(r["part"], r["title"], r["url"]) for r in rows] == [
        (1, "BMW im Interview: Ankündigung", "artikel/ankuendigung/"),
        (2, "Interview Teil 1: BMW und Social Media", "artikel/teil-1/"),
        (3, "Interview Teil 2: BMW und Blogger Relations", None)]


def test_entries_only_of_the_language():
    rows = series.entries("bmw-im-interview", DECL, ARTICLES, "en")
    assert [(r["title"], r["url"]) for r in rows] == [
        ("Interview part 1", "en/artikel/teil-1/"), ("Interview part 2: BMW and blogger relations", None)]


def test_box_position_label():
    assert series.box(PART1, DECL, ARTICLES)["position_label"] == "2. Beitrag der Serie (von 3)"


def test_box_position_label_english():
    assert series.box(ARTICLES[2], DECL, ARTICLES)["position_label"] == "Article 2 of 3 in the series"


def test_box_links_overview():
    box = series.box(PART1, DECL, ARTICLES)
    assert (box["title"], box["url"]) == ("BMW im Interview", "serien/bmw-im-interview/")


def test_box_marks_current_entry_only():
    box = series.box(PART1, DECL, ARTICLES)
    assert [e["current"] for e in box["entries"]] == [False, True, False]


def test_box_previous_and_no_next_when_next_part_is_missing():
    box = series.box(PART1, DECL, ARTICLES)
    assert box["previous"]["url"] == "artikel/ankuendigung/"
    assert box["next"] is None


def test_box_next_of_first_part():
    box = series.box(ANNOUNCE, DECL, ARTICLES)
    assert box["previous"] is None
    assert box["next"]["title"] == "Interview Teil 1: BMW und Social Media"


def test_box_next_skips_a_missing_part():
    decl = {**DECL, "parts": 4, "missing": {2: {"de": "Fehlt"}}}
    first, last = art("a", "Eins", 1), art("d", "Vier", 4)
    others = [first, last, art("c", "Drei", 3)]
    assert series.box(first, decl, others)["next"]["title"] == "Drei"
    assert series.box(last, decl, others)["previous"]["title"] == "Drei"


def test_box_missing_entry_has_no_url():
    missing = series.box(PART1, DECL, ARTICLES)["entries"][2]
    assert missing["missing"] is True and missing["url"] is None


def test_box_labels_german():
    labels = series.box(PART1, DECL, ARTICLES)["labels"]
    assert labels["missing"] == "nicht im Archiv"


def test_no_box_outside_a_series():
    page = art("x", "X", None, name=None)
    assert series.box(page, DECL, ARTICLES) is None


def test_overview_lists_every_entry_with_description():
    page = series.overview("bmw-im-interview", DECL, ARTICLES, "de")
    rows = page.listing["groups"][0]["entries"]
    assert page.url == "serien/bmw-im-interview/"
    assert page.title == "BMW im Interview"
    assert [r["description"] for r in rows] == [
        "Über BMW im Interview: Ankündigung", "Über Interview Teil 1: BMW und Social Media", None]
    assert rows[2]["missing"] and rows[2]["url"] is None


def test_overview_english():
    page = series.overview("bmw-im-interview", DECL, ARTICLES, "en")
    assert (page.path, page.url, page.title) == ("serien/bmw-im-interview.en.md",
                                                 "en/serien/bmw-im-interview/", "BMW interviewed")


def test_localized_falls_back_to_german():
    assert series.localized({"de": "Nur deutsch"}, "en") == "Nur deutsch"


def test_summary_counts_parts_in_the_archive():
    assert series.summary("bmw-im-interview", DECL, ARTICLES, "de")["count_label"] == "2 von 3 Teilen im Archiv"
    assert series.summary("bmw-im-interview", DECL, ARTICLES, "en")["count_label"] == "1 of 3 parts in the archive"


def test_overview_intro_escapes_markup_from_the_config():
    decl = {**DECL, "description": {"de": "<script>x</script> & mehr"}}
    body = series.overview("bmw-im-interview", decl, ARTICLES, "de").body
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_overview_is_not_in_the_nav():
    assert not series.overview("bmw-im-interview", DECL, ARTICLES, "de").in_nav


def test_by_series_groups_articles_by_their_series():
    groups = series.by_series(ARTICLES)
    assert sorted(groups) == ["andere", "bmw-im-interview"]
    assert len(groups["bmw-im-interview"]) == 3 and groups["andere"][0].title == "Andere Serie"


def _index(count, lang="de"):
    decls = {f"serie-{i:02d}": {**DECL, "title": {"de": f"Serie {i:02d}", "en": f"Series {i:02d}"}}
             for i in range(count)}
    return series.index_pages(decls, {}, lang)


def test_index_lists_every_series_with_title_description_parts_and_link():
    page, = series.index_pages({"bmw-im-interview": DECL}, series.by_series(ARTICLES), "de")
    row, = page.listing["groups"][0]["entries"]
    assert (page.path, page.url, page.title) == ("serien.md", "serien/", "Serien")
    assert row == {"title": "BMW im Interview", "url": "serien/bmw-im-interview/",
                   "description": "Ein Interview.", "parts": "2 von 3 Teilen im Archiv"}


def test_index_english():
    page, = series.index_pages({"bmw-im-interview": DECL}, series.by_series(ARTICLES), "en")
    row, = page.listing["groups"][0]["entries"]
    assert (page.path, page.url, page.title) == ("serien.en.md", "en/serien/", "Series")
    assert row["parts"] == "1 of 3 parts in the archive" and row["url"] == "en/serien/bmw-im-interview/"


def test_index_paginates_past_twenty_series():
    pages = _index(45)
    assert [p.url for p in pages] == ["serien/", "serien/seite-2/", "serien/seite-3/"]
    assert [len(p.listing["groups"][0]["entries"]) for p in pages] == [20, 20, 5]
    assert [p.in_nav for p in pages] == [True, False, False]
    assert pages[1].listing["pagination"]["label"] == "Seite 2 von 3"


def test_index_keeps_declaration_order():
    titles = [r["title"] for p in _index(25) for r in p.listing["groups"][0]["entries"]]
    assert titles == [f"Serie {i:02d}" for i in range(25)]


def test_index_without_series_says_so():
    page, = _index(0, "en")
    assert page.listing["empty"] == "No series yet." and page.listing["count_label"] == "0 series"
