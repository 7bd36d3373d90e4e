"""Unit tests of kb.tags: German slugs, German collation, slug collisions, the tag index, tag pages."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from kb import tags
from kb.catalog import Page

TOPICS = {"Autohandel": {"slug": "autohandel", "en": "Car retail"}}


def art(slug, title, date=None, *, lang="de", tag_list=()):
    """A catalogue article for the tests."""
    key = f"artikel/{slug}.md"
    path = key if lang == "de" else f"artikel/{slug}.{lang}.md"
    return Page(path=path, key=key, lang=lang, is_article=True, title=title, description="d",
                date=date, topic="Autohandel", tags=list(tag_list), series=None, series_part=None,
                source=None, related=[], related_exclude=[], translation_of=None, body="w", meta={})


# --- slugs ----------------------------------------------------------------------

@pytest.mark.parametrize("tag, expected", [
    ("Autohaus", "autohaus"),
    ("Kundenbindung", "kundenbindung"),
    ("Social Media", "social-media"),
    ("Web 2.0", "web-2-0"),
    ("User-generated content", "user-generated-content"),
    ("Händler", "haendler"),
    ("Öffentlichkeit", "oeffentlichkeit"),
    ("Übersicht", "uebersicht"),
    ("Straße", "strasse"),
    ("ÄÖÜ", "aeoeue"),
    ("Café", "cafe"),
    ("B2B", "b2b"),
])
def test_slug(tag, expected):
    assert tags.slug(tag) == expected


def test_slug_collapses_and_trims_separators():
    assert tags.slug("  --Blogger  &  Relations!! ") == "blogger-relations"


def test_slug_of_a_tag_without_letters():
    assert tags.slug("!!!") == tags.FALLBACK_SLUG


# --- collation ------------------------------------------------------------------

def test_umlaut_sorts_with_its_base_letter():
    assert tags.sort_tags(["Bahn", "Ärger", "Apfel", "Zug"]) == ["Apfel", "Ärger", "Bahn", "Zug"]


def test_umlaut_not_after_z():
    assert tags.sort_tags(["Zeit", "Öl", "Ost"]) == ["Öl", "Ost", "Zeit"]


def test_sharp_s_sorts_as_ss():
    assert tags.sort_tags(["Strasse", "Straße", "Strand", "Stratege"]) == \
        ["Strand", "Strasse", "Straße", "Stratege"]


def test_collation_ignores_case():
    assert tags.sort_tags(["social media", "ROI", "Blog", "apfel"]) == ["apfel", "Blog", "ROI", "social media"]


def test_collation_does_not_depend_on_input_order():
    words = ["Äpfel", "Apfel", "apfel", "Ähre", "Ahorn"]
    orders = {tuple(tags.sort_tags(p)) for p in itertools.permutations(words)}
    assert len(orders) == 1


def test_initial_letter_of_umlaut_and_digit():
    assert tags.initial("Öffentlichkeit") == "O"
    assert tags.initial("ärger") == "A"
    assert tags.initial("2.0") == tags.OTHER_INITIAL


# --- slug collisions -------------------------------------------------------------

def test_colliding_slugs_get_numbered_in_german_order():
    slugs = tags.assign_slugs(["Web-2-0", "Web 2.0"])
    assert slugs == {"Web 2.0": "web-2-0", "Web-2-0": "web-2-0-2"}


def test_collision_resolution_is_independent_of_order():
    names = ["Social Media", "Social media", "social-media", "Social Media 2"]
    results = {tuple(sorted(tags.assign_slugs(p).items())) for p in itertools.permutations(names)}
    assert len(results) == 1


def test_suffixed_slug_never_takes_another_tags_slug():
    slugs = tags.assign_slugs(["A b", "A-b", "A b 2"])
    assert slugs["A b 2"] == "a-b-2"
    assert len(set(slugs.values())) == 3
    assert slugs["A-b"] == "a-b-3"


def test_reserved_page_segment_slugs_are_suffixed():
    slugs = tags.assign_slugs(["Seite 2", "Page 3", "Seitenhieb"])
    assert slugs == {"Page 3": "page-3-2", "Seite 2": "seite-2-2", "Seitenhieb": "seitenhieb"}


# --- index and tag pages --------------------------------------------------------

def _index(names, lang="de", **kw):
    by_tag = {n: [art(f"a{i}", "T")] * (i + 1) for i, n in enumerate(names)}
    return tags.index(by_tag, tags.assign_slugs(names), lang, **kw)


def test_index_lists_tags_alphabetically_with_counts_and_urls():
    data = _index(["Zug", "Ärger", "Bahn"])
    rows = [t for g in data["groups"] for t in g["tags"]]
    assert [r["name"] for r in rows] == ["Ärger", "Bahn", "Zug"]
    assert rows[0]["url"] == "schlagwoerter/aerger/"
    assert [r["count_label"] for r in rows] == ["2 Beiträge", "3 Beiträge", "1 Beitrag"]
    assert data["count_label"] == "3 Schlagwörter"


def test_index_english_urls_and_labels():
    data = _index(["Car dealership"], lang="en")
    assert data["groups"][0]["tags"][0]["url"] == "en/schlagwoerter/car-dealership/"
    assert data["count_label"] == "1 tag"


def test_few_tags_are_not_grouped():
    data = _index(["A", "B"], group_from=3)
    assert data["jump"] is None and [g["letter"] for g in data["groups"]] == [None]


def test_many_tags_grouped_by_initial_with_jump_list():
    data = _index(["Öl", "Ahorn", "Ärger", "Bahn", "2.0"], group_from=3)
    assert [(g["letter"], [t["name"] for t in g["tags"]]) for g in data["groups"]] == [
        ("#", ["2.0"]), ("A", ["Ahorn", "Ärger"]), ("B", ["Bahn"]), ("O", ["Öl"])]
    jump = {j["letter"]: j["present"] for j in data["jump"]}
    assert list(jump)[:3] == ["#", "A", "B"] and len(jump) == 27
    assert jump["O"] and not jump["C"]
    assert data["groups"][1]["id"] == "buchstabe-a"


def test_articles_by_tag_newest_first():
    old = art("old", "Alt", dt.date(2010, 1, 1), tag_list=["ROI"])
    new = art("new", "Neu", dt.date(2012, 1, 1), tag_list=["ROI", "B2B"])
    grouped = tags.articles_by_tag([old, new])
    assert [p.title for p in grouped["ROI"]] == ["Neu", "Alt"] and [p.title for p in grouped["B2B"]] == ["Neu"]


def test_tag_pages_paginate_past_twenty_and_stay_out_of_the_nav():
    pages = [art(f"a{i:02d}", f"T{i:02d}", dt.date(2000 + i, 1, 1), tag_list=["ROI"]) for i in range(21)]
    by_tag = tags.articles_by_tag(pages)
    out = tags.tag_pages(by_tag, {"ROI": "roi"}, "de", topics=TOPICS)
    assert [p.url for p in out] == ["schlagwoerter/roi/", "schlagwoerter/roi/seite-2/"]
    assert not any(p.in_nav for p in out)
    assert out[0].title == "Schlagwort: ROI"
    assert out[0].listing["intro"] == "Alle Beiträge mit dem Schlagwort „ROI“, die neuesten zuerst."
    assert [e["title"] for e in out[1].listing["groups"][0]["entries"]] == ["T00"]


def test_tag_pages_english_segment():
    pages = [art(f"a{i:02d}", f"T{i:02d}", lang="en", tag_list=["ROI"]) for i in range(21)]
    out = tags.tag_pages(tags.articles_by_tag(pages), {"ROI": "roi"}, "en", topics=TOPICS)
    assert out[1].url == "en/schlagwoerter/roi/page-2/" and out[0].title == "Tag: ROI"
