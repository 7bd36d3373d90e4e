"""Unit tests of kb.generated's helpers for hooks/listings.py: plan reuse, twins, prev/next chains."""

from __future__ import annotations

import datetime as dt
import types

from kb import generated
from kb import listings as core
from kb.catalog import Page

TOPICS = {"Autohandel": {"slug": "autohandel", "en": "Car retail"}}


def art(slug, title, day=1, *, topic="Autohandel"):
    """A German catalogue article."""
    return Page(path=f"artikel/{slug}.md", key=f"artikel/{slug}.md", lang="de", is_article=True, title=title,
                description="Über", date=dt.date(2020, 1, day), topic=topic, tags=["ROI"], series=None,
                series_part=None, source=None, related=[], related_exclude=[], translation_of=None,
                body="wort " * 10, meta={})


def gen(key, number=None, path=None):
    """A generated page at ``key``, page ``number`` of a paginated listing if given."""
    listing = {"pagination": {"number": number}} if number else {}
    return core.GeneratedPage(path=path or key, key=key, lang="de", url=key[:-3] + "/", title="T",
                              description="D", listing=listing)


def test_declarations_are_plain_dicts():
    topics = {"Autohandel": types.SimpleNamespace(slug="autohandel", en="Car retail")}
    series = {"s": types.SimpleNamespace(title={"de": "S"}, description={}, parts=["artikel/a.md"], missing={})}
    assert generated.declarations(topics, series) == (
        TOPICS, {"s": {"title": {"de": "S"}, "description": {}, "parts": ["artikel/a.md"], "missing": {}}})


def test_a_plan_is_reused_while_its_inputs_are_equal():
    cache = generated.PlanCache()
    first, reused = cache.get([art("a", "A")], TOPICS, {}, "de")
    again, reused_again = cache.get([art("a", "A")], TOPICS, {}, "de")
    assert (reused, reused_again) == (False, True) and again is first


def test_a_changed_title_is_planned_again():
    cache = generated.PlanCache()
    first, _ = cache.get([art("a", "A")], TOPICS, {}, "de")
    second, reused = cache.get([art("a", "B")], TOPICS, {}, "de")
    assert not reused and second is not first


def test_the_twin_is_the_same_page_else_the_listings_first_page_else_the_tag_index():
    other = {k: gen(k) for k in ("archiv.md", "schlagwoerter.md", "themen/a.md")}
    assert generated.twin("archiv.md", other).key == "archiv.md"
    assert generated.twin("themen/a/seite-3.md", other).key == "themen/a.md"
    assert generated.twin("schlagwoerter/nur-deutsch.md", other).key == "schlagwoerter.md"
    assert generated.twin("serien/x.md", other) is None


def test_a_second_page_at_one_path_is_the_duplicate():
    pages = [gen("serien.md"), gen("serien/seite-2.md"), gen("serien/x.md", path="serien/seite-2.md")]
    assert generated.duplicate(pages) is pages[2]
    assert generated.duplicate(pages[:2]) is None


def test_topic_chains_are_newest_first_per_topic_and_skip_missing_pages():
    articles = [art("alt", "Alt", 1), art("neu", "Neu", 3), art("mitte", "Mitte", 2), art("b", "B", 2, topic="B2B")]
    chains = generated.topic_chains(articles, lambda path: path != "artikel/mitte.md")
    assert sorted(chains) == [["artikel/b.md"], ["artikel/neu.md", "artikel/alt.md"]]


def test_a_topic_chain_stops_where_the_topic_listing_ends():
    articles = [art(f"a{i}", f"A{i}") for i in range(core.MAX_PAGES * core.PER_PAGE + 3)]
    chain, = generated.topic_chains(articles, lambda path: True)
    assert len(chain) == core.MAX_PAGES * core.PER_PAGE


def test_pagination_chains_link_a_listings_pages_in_page_order():
    pages = {p.path: p for p in (gen("archiv/seite-2.md", 2), gen("archiv.md", 1), gen("schlagwoerter.md"))}
    assert generated.pagination_chains(pages) == [["archiv.md", "archiv/seite-2.md"]]


def test_a_longer_body_is_planned_again():
    """The reading time a listing row shows follows the body."""
    cache = generated.PlanCache()
    short = art("a", "A")
    longer = art("a", "A")
    longer.body = "wort " * 2000
    cache.get([short], TOPICS, {}, "de")
    assert cache.get([longer], TOPICS, {}, "de")[1] is False
