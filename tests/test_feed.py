"""The Atom feed: unit tests of kb.feed (parsed by feedparser) and the feeds of the real site."""

from __future__ import annotations

import datetime as dt
import subprocess

import feedparser
import pytest

from kb import feed
from kb.catalog import Page

UTC = dt.timezone.utc


def entry(title, day, *, summary="Beschreibung", published=None, url=None):
    return feed.Entry(url=url or f"https://example.org/artikel/{day}/", title=title, summary=summary,
                      added=dt.datetime(2024, 1, day, 12, tzinfo=UTC), published=published)


def parse(entries, lang="de", size=feed.FEED_SIZE):
    data = feed.atom(feed_url="https://example.org/feed.xml", home_url="https://example.org/",
                     site_name="Wissensbasis", lang=lang, entries=entries, size=size)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_feed_is_atom_with_language():
    parsed = parse([entry("A", 1)])
    assert parsed.version == "atom10"
    assert parsed.feed.language == "de"


def test_entries_newest_addition_first():
    parsed = parse([entry("Alt", 1), entry("Neu", 3), entry("Mitte", 2)])
    assert [e.title for e in parsed.entries] == ["Neu", "Mitte", "Alt"]


def test_feed_size_cap():
    assert len(parse([entry(str(i), i) for i in range(1, 6)], size=2).entries) == 2


def test_entry_link_and_id_are_the_article_url():
    parsed = parse([entry("A", 1, url="https://example.org/artikel/a/")])
    assert parsed.entries[0].link == "https://example.org/artikel/a/"
    assert parsed.entries[0].id == "https://example.org/artikel/a/"


def test_undated_article_has_updated_but_no_published():
    item = parse([entry("A", 5)]).entries[0]
    assert item.updated_parsed[:3] == (2024, 1, 5)
    assert "published" not in item


def test_known_publication_date_is_published():
    item = parse([entry("A", 5, published=dt.date(2012, 6, 25))]).entries[0]
    assert item.published_parsed[:3] == (2012, 6, 25)


def test_markup_in_titles_is_escaped_text():
    parsed = parse([entry("<b>Fett</b> & „Zitat“", 1, summary="a < b & c")])
    assert parsed.entries[0].title == "<b>Fett</b> & „Zitat“"
    assert parsed.entries[0].summary == "a < b & c"


def test_empty_feed_is_valid():
    assert parse([]).entries == []


def test_parse_git_added_keeps_newest_addition():
    log = ("2024-05-01T10:00:00+02:00\n\nartikel/a.md\n\n"
           "2023-01-01T10:00:00+01:00\n\nartikel/a.md\nartikel/b.md\n")
    added = feed.parse_git_added(log)
    assert added["artikel/a.md"] == dt.datetime.fromisoformat("2024-05-01T10:00:00+02:00")
    assert added["artikel/b.md"].year == 2023


def test_added_dates_from_git(tmp_path):
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    (tmp_path / "artikel").mkdir()
    (tmp_path / "artikel" / "a.md").write_text("x")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    env_date = "2020-02-03T04:05:06+00:00"
    subprocess.run(git + ["commit", "-qm", "a", f"--date={env_date}"], cwd=tmp_path, check=True)
    assert feed.added_dates(tmp_path, ["artikel/a.md"])["artikel/a.md"] == dt.datetime.fromisoformat(env_date)


def test_added_dates_fall_back_to_mtime_without_git(tmp_path):
    (tmp_path / "artikel").mkdir()
    target = tmp_path / "artikel" / "a.md"
    target.write_text("x")
    import os

    os.utime(target, (1_500_000_000, 1_500_000_000))
    got = feed.added_dates(tmp_path, ["artikel/a.md"])["artikel/a.md"]
    assert got == dt.datetime.fromtimestamp(1_500_000_000, UTC)


# --- the real site -----------------------------------------------------------

@pytest.mark.parametrize("rel, lang", [("feed.xml", "de"), ("en/feed.xml", "en")])
def test_site_feed_parses_with_every_article(built_site, rel, lang):
    from conftest import ROOT

    parsed = feedparser.parse((built_site / rel).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == lang
    suffix = ".en.md" if lang == "en" else ".md"
    slugs = {p.name[: -len(suffix)] for p in (ROOT / "docs" / "artikel").glob("*.md")
             if (p.name.endswith(".en.md")) == (lang == "en")}
    prefix = "http://127.0.0.1:8000/" + ("en/" if lang == "en" else "")
    assert {e.link for e in parsed.entries} == {f"{prefix}artikel/{s}/" for s in slugs}
    assert all(e.title for e in parsed.entries)
    for item in parsed.entries:
        target = built_site / item.link.removeprefix("http://127.0.0.1:8000/") / "index.html"
        assert target.is_file(), item.link


@pytest.mark.parametrize("rel, href", [("index.html", "feed.xml"), ("en/index.html", "feed.xml"),
                                       ("themen/autohandel/index.html", "../../feed.xml"),
                                       ("en/archiv/index.html", "../feed.xml")])
def test_every_page_links_its_language_feed(built_site, rel, href):
    import re

    html = (built_site / rel).read_text("utf-8")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]*)">', html)
    assert links == [href]


def _article(slug, lang, topic="Autohandel", tags=("ROI",)):
    """A catalogue article of the feed tests."""
    key = f"artikel/{slug}.md"
    return Page(path=key if lang == "de" else f"artikel/{slug}.{lang}.md", key=key, lang=lang,
                is_article=True, title=slug.upper(), description="Kurz.", date=None, topic=topic,
                tags=list(tags), series=None, series_part=None, source=None, related=[],
                related_exclude=[], translation_of=None, body="Text.", meta={})


def _site_feed(lang):
    """The parsed site feed of one English or German article added on 1 May 2024."""
    page = _article("a", lang)
    data = feed.site_feed([page], {page.path: dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)},
                          site_url="https://example.org/kb/", site_name="KB", lang=lang,
                          topics={"Autohandel": {"slug": "autohandel", "en": "Car retail"}})
    return feedparser.parse(data)


def test_site_feed_links_the_article_in_its_language():
    assert _site_feed("en").entries[0].link == "https://example.org/kb/en/artikel/a/"


def test_site_feed_categories_are_the_topic_label_and_the_tags():
    assert [t.term for t in _site_feed("en").entries[0].tags] == ["Car retail", "ROI"]


def test_site_feed_links_its_own_address():
    links = {link.rel: link.href for link in _site_feed("de").feed.links}
    assert links["self"] == "https://example.org/kb/feed.xml"
