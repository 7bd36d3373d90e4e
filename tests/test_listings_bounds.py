"""Generated pages do not multiply with the articles: topic pages stop, the archive files by year and letter.

Unit tests on kb.listings, and one build of 230 German articles in one topic
(half of them undated), past the point where the bounds apply.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import make_project, run_build
from kb import listings as core
from kb import urls
from kb.catalog import Page


def _page(i: int, date: dt.date | None, title: str) -> Page:
    """A minimal article."""
    return Page(path=f"artikel/a{i}.md", key=f"artikel/a{i}.md", lang="de", is_article=True, title=title,
                description="Text.", date=date, topic="Autohandel", tags=[], series=None, series_part=None,
                source=None, related=[], related_exclude=[], translation_of=None, body="Wort", meta={})


def _articles(count: int) -> list[Page]:
    """``count`` articles, every second undated, titles with several initials."""
    starts = ["Ärger", "zeta", "9 Leben", "<video> Element", "Bär"]
    return core.order(_page(i, dt.date(2000 + i % 5, 1, 1) if i % 2 else None, f"{starts[i % 5]} {i}")
                      for i in range(count))


def _archive(pages):
    """The archive pages of ``pages`` (German)."""
    return core.archive_pages(core.ARCHIVE_KEY, "de", "Archiv", "Alle.", pages, topics={}, slugify=str)


def test_initial_folds_umlauts_and_skips_markup():
    assert core.initial("Ärger") == "a"
    assert core.initial("<video> HTML-Element") == "v"
    assert core.initial("3D-Grafik") == "0-9"
    assert core.initial("…") == "sonstige"


def test_short_archive_stays_one_paginated_listing():
    pages = _archive(_articles(core.PER_PAGE * core.MAX_PAGES))
    assert [p.url for p in pages][:2] == ["archiv/", "archiv/seite-2/"]
    assert len(pages) == core.MAX_PAGES


def test_long_archive_has_one_page_per_year_and_initial():
    pages = _archive(_articles(core.PER_PAGE * core.MAX_PAGES + 1))
    assert [p.url for p in pages] == [
        "archiv/", "archiv/2004/", "archiv/2003/", "archiv/2002/", "archiv/2001/", "archiv/2000/",
        "archiv/ohne-datum/0-9/", "archiv/ohne-datum/a/", "archiv/ohne-datum/b/",
        "archiv/ohne-datum/v/", "archiv/ohne-datum/z/"]


def test_archive_page_count_does_not_grow_with_the_articles():
    assert len(_archive(_articles(300))) == len(_archive(_articles(3000)))


def test_archive_index_links_every_bucket_with_its_count():
    index = _archive(_articles(300))[0]
    years, letters = index.listing["buckets"]
    assert years["links"][0] == {"label": "2004", "url": "archiv/2004/", "count_label": "30 Beiträge"}
    assert [i["label"] for i in letters["links"]] == ["0–9", "A", "B", "V", "Z"]


def test_bucket_page_lists_its_articles_compactly_and_links_back():
    bucket = _archive(_articles(300))[-1]
    assert bucket.title == "Archiv: ohne Datum, Z" and not bucket.in_nav
    assert bucket.listing["compact"] is True
    assert bucket.listing["back"]["url"] == "archiv/"
    assert all(e["title"].startswith("zeta") for e in bucket.listing["groups"][0]["entries"])


def test_every_article_is_in_one_bucket():
    pages = _articles(301)
    buckets = _archive(pages)[1:]
    listed = [e["url"] for b in buckets for e in b.listing["groups"][0]["entries"]]
    assert sorted(listed) == sorted(urls.page_url(p.key, "de") for p in pages)


def test_topic_listing_stops_after_max_pages_and_links_the_archive():
    more = {"url": "archiv/", "label": "Ältere Beiträge im Archiv"}
    pages = core.paged_listing("themen/t.md", "de", "T", "d", "topic", _articles(500), topics={},
                               slugify=str, max_pages=core.MAX_PAGES, more=more)
    assert len(pages) == core.MAX_PAGES
    assert pages[-1].listing["back"] == more and "back" not in pages[0].listing
    assert pages[0].listing["count"] == 500


def test_topic_listing_within_the_bound_has_no_archive_link():
    pages = core.paged_listing("themen/t.md", "de", "T", "d", "topic", _articles(40), topics={},
                               slugify=str, max_pages=core.MAX_PAGES, more={"url": "archiv/", "label": "x"})
    assert len(pages) == 2 and "back" not in pages[-1].listing


COUNT = 230


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A strict build of COUNT German articles on "Autohandel", every second one undated
    (the undated ones titled "Aeitrag …", the dated ones "Beitrag …")."""
    tmp = tmp_path_factory.mktemp("bounds")
    pages = {}
    for i in range(COUNT):
        date = f"date: {dt.date(2010 + i % 3, 1, 1) + dt.timedelta(days=i)}\n" if i % 2 else ""
        pages[f"artikel/b{i:03d}.md"] = (f"---\ntitle: {'AB'[i % 2]}eitrag {i:03d}\ndescription: Text {i}.\n"
                                         f"topic: Autohandel\n{date}---\n\nWort.\n")
    project = make_project(tmp, pages)
    result = run_build(project, tmp / "site", env={"KB_ONLY_LOCALE": "de"})
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_site_topic_pages_are_bounded(site):
    numbered = sorted((site / "themen" / "autohandel").glob("seite-*/index.html"))
    assert len(numbered) == core.MAX_PAGES - 1
    last = (site / "themen" / "autohandel" / f"seite-{core.MAX_PAGES}" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="../../../archiv/">Ältere Beiträge im Archiv</a>', last)


def test_site_archive_has_bucket_pages_and_no_numbered_pages(site):
    assert not list((site / "archiv").glob("seite-*"))
    index = (site / "archiv" / "index.html").read_text("utf-8")
    assert '<a href="ohne-datum/a/">A</a>' in index and '<a href="2012/">2012</a>' in index
    bucket = (site / "archiv" / "ohne-datum" / "a" / "index.html").read_text("utf-8")
    assert bucket.count('<li><a href="../../../artikel/b') == COUNT // 2


def test_site_keeps_every_article(site):
    assert len(list((site / "artikel").glob("*/index.html"))) == COUNT


def test_site_chains_only_the_articles_of_the_topic_pages(site):
    listed = (site / "artikel" / "b001" / "index.html").read_text("utf-8")  # dated: on the topic pages
    older = (site / "artikel" / "b228" / "index.html").read_text("utf-8")  # undated, beyond the newest 200
    assert 'class="md-footer__link' in listed
    assert 'class="md-footer__link' not in older and 'rel="prev"' not in older
