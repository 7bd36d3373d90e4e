"""Unit tests of the search hook's own helpers (hooks/search.py), without a build."""

from __future__ import annotations

import types

import pytest

import search as hook
from kb import search_index as index


def _config(build_languages, default="de"):
    """A stand-in for MkDocs' config with a static-i18n plugin building ``build_languages``."""
    plugin = types.SimpleNamespace(build_languages=build_languages, default_language=default)
    return types.SimpleNamespace(plugins={"i18n": plugin})


@pytest.mark.parametrize("langs, lang, last", [
    (["de", "en"], "de", False), (["de", "en"], "en", True), (["en"], "en", True),
    (["en"], "de", True), ([], "de", True),
])
def test_last_language(langs, lang, last):
    assert index.is_last(_config(langs).plugins["i18n"], lang) is last


def test_no_i18n_means_last():
    assert index.is_last(None, "de")


@pytest.mark.parametrize("langs, lang, first", [
    (["de", "en"], "de", True), (["de", "en"], "en", False), (["en"], "en", True), ([], "en", True),
])
def test_first_language(langs, lang, first):
    assert index.is_first(_config(langs).plugins["i18n"], lang) is first


class _FakeIndexer:
    """Records whether the hook waited for it (finish) or only closed it."""

    def __init__(self):
        self.calls = []

    def close(self):
        self.calls.append("close")

    def finish(self):
        self.calls.append("finish")

    def kill(self):
        self.calls.append("kill")


def _post_build(monkeypatch, tmp_path, lang, indexer, only=None):
    """Run the hook's on_post_build for ``lang`` of a German + English build with ``indexer``."""
    if only:
        monkeypatch.setenv("KB_ONLY_LOCALE", only)
    else:
        monkeypatch.delenv("KB_ONLY_LOCALE", raising=False)
    monkeypatch.setattr(hook, "_INDEXER", indexer)
    monkeypatch.setattr(hook, "write_dialog", lambda config, lang: None)  # needs a real theme
    monkeypatch.setattr(hook.shared, "STATE", types.SimpleNamespace(lang=lang, data={"search": {"articles": 0}}))
    config = _config(["de", "en"])
    config.site_dir, config.site_url = str(tmp_path), ""
    hook.on_post_build(config)


def test_first_language_does_not_wait_for_its_index(monkeypatch, tmp_path):
    monkeypatch.setattr(hook, "_FINISHING", [])
    german = _FakeIndexer()
    _post_build(monkeypatch, tmp_path, "de", german)
    assert german.calls == ["close"] and hook._FINISHING == [german]


def test_last_language_waits_for_every_index(monkeypatch, tmp_path):
    german, english = _FakeIndexer(), _FakeIndexer()
    monkeypatch.setattr(hook, "_FINISHING", [german])
    _post_build(monkeypatch, tmp_path, "en", english)
    assert english.calls[-1] == "finish" and german.calls[-1] == "finish" and not hook._FINISHING


def test_one_language_alone_waits_for_its_index(monkeypatch, tmp_path):
    monkeypatch.setattr(hook, "_FINISHING", [])
    german = _FakeIndexer()
    _post_build(monkeypatch, tmp_path, "de", german, only="de")
    assert german.calls == ["finish"] and not hook._FINISHING


def _context_for(monkeypatch, src_uri, indexer, waiting_for):
    """Run on_page_content for the German article ``src_uri`` with ``indexer``."""
    entry = types.SimpleNamespace(is_article=True, lang="de", title="T", description="", topic=None,
                                  tags=[], date=None)
    state = types.SimpleNamespace(lang="de", catalog=types.SimpleNamespace(pages={src_uri: entry}),
                                  data={"search": {"articles": 0, "seconds": 0.0, "waiting_for": waiting_for}})
    monkeypatch.setattr(hook.shared, "STATE", state)
    monkeypatch.setattr(hook, "_INDEXER", indexer)
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri=src_uri), url="artikel/a/", content="<p>x</p>")
    hook.on_page_content("<p>x</p>", page, None, None)


class _QueueingIndexer(_FakeIndexer):
    """Also records the pages queued."""

    def add(self, item):
        self.calls.append(("add", item["url"]))


def test_worker_is_closed_after_the_last_expected_article(monkeypatch):
    indexer = _QueueingIndexer()
    _context_for(monkeypatch, "artikel/a.md", indexer, {"artikel/a.md"})
    assert indexer.calls == [("add", "artikel/a/"), "close"]


def test_worker_stays_open_while_articles_are_missing(monkeypatch):
    indexer = _QueueingIndexer()
    _context_for(monkeypatch, "artikel/a.md", indexer, {"artikel/a.md", "artikel/b.md"})
    assert indexer.calls == [("add", "artikel/a/")]


def test_on_page_content_hands_over_the_converted_body_and_returns_it_unchanged(monkeypatch):
    indexer = _QueueingIndexer()
    seen = []
    indexer.add = lambda item: seen.append(item["content_html"])
    entry = types.SimpleNamespace(is_article=True, lang="de", title="T", description="", topic=None,
                                  tags=[], date=None)
    state = types.SimpleNamespace(lang="de", catalog=types.SimpleNamespace(pages={"artikel/a.md": entry}),
                                  data={"search": {"articles": 0, "seconds": 0.0, "waiting_for": {"artikel/b.md"}}})
    monkeypatch.setattr(hook.shared, "STATE", state)
    monkeypatch.setattr(hook, "_INDEXER", indexer)
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="artikel/a.md"), url="artikel/a/", content=None)
    assert hook.on_page_content("<p>Kundenbindung</p>", page, None, None) == "<p>Kundenbindung</p>"
    assert seen == ["<p>Kundenbindung</p>"]
