"""Unit tests of what ``mkdocs serve`` keeps between builds outside kb.buildcache's page keys:
the search index of an unchanged language (kb.search_index) and each language's related lists
(kb.related_lists)."""

from __future__ import annotations

import pytest

from kb import buildcache, related_lists
from kb import related as related_core
from kb import search_index


class _FakeIndexer:
    """Stands in for kb.search_index.Indexer: writes one index file when it finishes, counts its runs."""

    runs: list = []

    def __init__(self, job):
        """Remember the job; count a run."""
        self.job, self.pages, self.stats = job, [], {}
        _FakeIndexer.runs.append(self)

    def add(self, page):
        """Keep the page."""
        self.pages.append(page)

    def close(self):
        """Nothing to wait for."""

    def finish(self):
        """Write the language's index file (as the worker would)."""
        self.job.pagefind_dir.mkdir(parents=True, exist_ok=True)
        (self.job.pagefind_dir / "pagefind-entry.json").write_text(str(len(self.pages)), "utf-8")
        self.stats = {"pages": len(self.pages)}


@pytest.fixture
def indexing(tmp_path, monkeypatch):
    """A fresh search cache, a fake worker, and a function running one build of one language."""
    monkeypatch.setattr(search_index, "_BUILT", {})
    monkeypatch.setattr(search_index, "Indexer", _FakeIndexer)
    monkeypatch.setattr(buildcache, "STORE", buildcache.Store())
    _FakeIndexer.runs = []
    job = search_index.Job(lang="en", pagefind_dir=tmp_path / "en" / "pagefind",
                           search_dir=tmp_path / "en" / "search", site_url="", lang_root="en/")

    def build(pages):
        """Hand ``pages`` to a ReusingIndexer and finish it; return it."""
        indexer = search_index.ReusingIndexer(job)
        for page in pages:
            indexer.add(page)
        indexer.finish()
        return indexer

    return build, job


class _Page:
    """A stand-in for kb.catalog.Page (what kb.related.from_pages reads)."""

    def __init__(self, path, title, body, lang="de", is_article=True, description="", tags=(),
                 topic=None, series=None, date=None, related=(), related_exclude=()):
        """Keep every field."""
        self.path, self.title, self.body, self.lang, self.is_article = path, title, body, lang, is_article
        self.description, self.tags, self.topic, self.series, self.date = description, tags, topic, series, date
        self.related, self.related_exclude = related, related_exclude


PAGES = [{"url": "artikel/a/", "title": "A", "content_html": "<p>Eins</p>"},
         {"url": "artikel/b/", "title": "B", "content_html": "<p>Zwei</p>"}]


def test_search_runs_pagefind_again_only_when_its_pages_changed(indexing):
    """The same pages again: no worker, the files kept for the sweep; a changed page: a worker."""
    build, job = indexing
    build(PAGES)
    second = build([dict(p) for p in PAGES])
    assert len(_FakeIndexer.runs) == 1 and second.stats.get("reused") is True
    assert str(job.pagefind_dir / "pagefind-entry.json") in buildcache.STORE.kept
    build([PAGES[0], dict(PAGES[1], content_html="<p>Drei</p>")])
    assert len(_FakeIndexer.runs) == 2


def test_search_runs_pagefind_again_when_its_files_were_touched(indexing):
    """The same pages, but an index file of the earlier build changed on disk: a worker again."""
    build, job = indexing
    build(PAGES)
    (job.pagefind_dir / "pagefind-entry.json").write_text("anders", "utf-8")
    build(PAGES)
    assert len(_FakeIndexer.runs) == 2


def test_related_lists_are_reused_when_their_inputs_are_equal(monkeypatch):
    """Under serve, equal documents and links: kb.related.compute runs once; a changed body: again."""
    calls = []
    real = related_core.compute
    monkeypatch.setattr(related_lists, "_RESULTS", {})
    monkeypatch.setattr(related_core, "compute", lambda *a, **k: calls.append(1) or real(*a, **k))
    pages = [_Page("artikel/a.md", "Versicherung", "Die Versicherung."),
             _Page("artikel/b.md", "Versicherungspflicht", "Pflicht.")]
    first = related_lists.relations_for(pages, "de", reuse=True)
    again = related_lists.relations_for([_Page(**vars(p)) for p in pages], "de", reuse=True)
    assert again == first and len(calls) == 1
    pages[1].body = "Eine andere Pflicht."
    related_lists.relations_for(pages, "de", reuse=True)
    assert len(calls) == 2
