"""Integration: a generated site of 100 articles paginates, and no page grows with the archive.

Two sites are built from the same generator, with 10 and with 100 articles
(both languages). The nav must not list articles, so an article page, a topic
page and the home page weigh (almost) the same in both.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import make_project, run_build

TOPICS = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]


def generated_pages(count):
    """``count`` articles in both languages; every seventh undated, topics round-robin.

    Six tags whatever the count: ``Schlagwort 0`` … ``Schlagwort 4`` round-robin,
    and ``Sammlung`` on every article.
    """
    pages = {}
    for i in range(count):
        topic = TOPICS[i % 3]
        date = "" if i % 7 == 0 else f"date: {dt.date(2009, 1, 1) + dt.timedelta(days=11 * i)}\n"
        for suffix, title in ((".md", f"Beitrag {i:03d}"), (".en.md", f"Article {i:03d}")):
            pages[f"artikel/beitrag-{i:03d}{suffix}"] = (
                f"---\ntitle: {title}\ndescription: Beschreibung {i}.\ntopic: {topic}\n{date}"
                f"tags: [Schlagwort {i % 5}, Sammlung]\n---\n\n" + "Wort " * 300 + "\n")
    return pages


def build(tmp_path_factory, count):
    tmp = tmp_path_factory.mktemp(f"scale{count}")
    project = make_project(tmp, generated_pages(count))
    result = run_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build(tmp_path_factory, 10)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return build(tmp_path_factory, 100)


def html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def test_topic_pages_paginate_past_twenty(large):
    # 34 articles on Konzernkommunikation (i = 0, 3, …, 99): two pages.
    first = html(large, "themen/konzernkommunikation")
    second = html(large, "themen/konzernkommunikation/seite-2")
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    assert len(re.findall(r'class="kb-entry"', first)) == 20
    assert len(re.findall(r'class="kb-entry"', second)) == 14
    assert not (large / "themen/konzernkommunikation/seite-3").exists()


def test_pagination_rel_links_in_head(large):
    first = html(large, "themen/konzernkommunikation")
    second = html(large, "themen/konzernkommunikation/seite-2")
    head1, head2 = first[:first.index("</head>")], second[:second.index("</head>")]
    assert re.findall(r'<link rel="(prev|next)" href="([^"]*)">', head1) == [("next", "seite-2/")]
    assert re.findall(r'<link rel="(prev|next)" href="([^"]*)">', head2) == [("prev", "../")]


def test_english_pagination_urls(large):
    page = html(large, "en/themen/konzernkommunikation/page-2")
    assert "Page 2 of 2" in page
    assert '<html lang="en"' in page


def test_archive_paginates_and_keeps_undated_last(large):
    pages = sorted(p.parent.name for p in (large / "archiv").glob("seite-*/index.html"))
    assert pages == ["seite-2", "seite-3", "seite-4", "seite-5"]
    last = html(large, "archiv/seite-5")
    groups = re.findall(r'<h2 class="kb-listing__group"[^>]*>([^<]*)</h2>', last)
    assert groups[-1] == "Ohne Datum"
    first_groups = re.findall(r'<h2 class="kb-listing__group"[^>]*>([^<]*)</h2>', html(large, "archiv"))
    assert "Ohne Datum" not in first_groups


def test_every_article_listed_once_across_topic_pages(large):
    seen = []
    for topic in ("konzernkommunikation", "b2b-kommunikation", "autohandel"):
        for page in [large / "themen" / topic, *sorted((large / "themen" / topic).glob("seite-*"))]:
            text = (page / "index.html").read_text("utf-8")
            listing = text[text.index('<section class="kb-listing'):text.index("</section>")]
            seen += re.findall(r'<h2 class="kb-entry__title"><a href="[^"]*artikel/(beitrag-\d{3})/">', listing)
    assert sorted(seen) == [f"beitrag-{i:03d}" for i in range(100)]


def test_listing_pages_hold_at_most_twenty_entries(large):
    for page in [*large.glob("themen/*/index.html"), *large.glob("themen/*/seite-*/index.html"),
                 *large.glob("archiv/**/index.html"), *large.glob("en/archiv/**/index.html")]:
        assert len(re.findall(r'class="kb-entry"', page.read_text("utf-8"))) <= 20, page


def test_nav_does_not_list_articles(large):
    page = html(large, "artikel/beitrag-050")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
    assert "beitrag-" not in nav


@pytest.mark.parametrize("rel", ["artikel/beitrag-003", "en/artikel/beitrag-003", "", "en", "ueber",
                                 "serien/bmw-im-interview", "schlagwoerter", "en/schlagwoerter"])
def test_page_size_does_not_grow_with_article_count(small, large, rel):
    a, b = len(html(small, rel).encode()), len(html(large, rel).encode())
    # Only counts, page numbers and the next-in-topic link may differ: far below one nav entry per article.
    assert abs(b - a) < 2000, (rel, a, b)


@pytest.mark.parametrize("rel", ["schlagwoerter", "en/schlagwoerter"])
def test_tag_index_size_does_not_grow_with_article_count(small, large, rel):
    # The same six tags: only the six counts may differ ("2 Beiträge" → "20 Beiträge").
    a, b = len(html(small, rel).encode()), len(html(large, rel).encode())
    assert abs(b - a) <= 6 * 2, (rel, a, b)


def test_tag_index_lists_the_tag_set_not_the_articles(large):
    page = html(large, "schlagwoerter")
    listing = page[page.index('<section class="kb-tag-index'):page.index("</section>")]
    assert "artikel/" not in listing
    assert re.findall(r'<a href="([^"]*)">Sammlung</a> <span class="kb-tag-index__count">\(([^)]*)\)', listing) \
        == [("sammlung/", "100 Beiträge")]


@pytest.mark.parametrize("lang, rel, segment", [("de", "schlagwoerter/sammlung", "seite"),
                                                ("en", "en/schlagwoerter/sammlung", "page")])
def test_tag_page_paginates_past_twenty(large, lang, rel, segment):
    pages = [large / rel, *(large / rel / f"{segment}-{n}" for n in range(2, 6))]
    counts = [len(re.findall(r'class="kb-entry"', (p / "index.html").read_text("utf-8"))) for p in pages]
    assert counts == [20, 20, 20, 20, 20]
    assert not (large / rel / f"{segment}-6").exists()
    label = "Seite 2 von 5" if lang == "de" else "Page 2 of 5"
    assert label in html(large, f"{rel}/{segment}-2")


def test_tag_page_lists_each_article_with_the_tag_once(large):
    seen = []
    for page in [large / "schlagwoerter/schlagwort-3", *sorted((large / "schlagwoerter/schlagwort-3").glob("seite-*"))]:
        seen += re.findall(r'class="kb-entry__title"><a href="[^"]*artikel/beitrag-(\d{3})/">',
                           (page / "index.html").read_text("utf-8"))
    assert sorted(int(n) for n in seen) == [i for i in range(100) if i % 5 == 3]


def test_tag_pages_paginate_with_rel_links(large):
    head = html(large, "schlagwoerter/sammlung/seite-2")
    head = head[:head.index("</head>")]
    assert re.findall(r'<link rel="(prev|next)" href="([^"]*)">', head) == [("prev", "../"), ("next", "../seite-3/")]
