"""Unit tests of the search hook's own helpers (hooks/search.py), without a build."""

from __future__ import annotations

import json
import types

import pytest

import search as hook
from kb import search as core


def _config(build_languages, default="de"):
    """A stand-in for MkDocs' config with a static-i18n plugin building ``build_languages``."""
    plugin = types.SimpleNamespace(build_languages=build_languages, default_language=default)
    return types.SimpleNamespace(plugins={"i18n": plugin})


@pytest.mark.parametrize("langs, lang, last", [
    (["de", "en"], "de", False), (["de", "en"], "en", True), (["en"], "en", True),
    (["en"], "de", True), ([], "de", True),
])
def test_last_language(langs, lang, last):
    assert hook.is_last_language(_config(langs), lang) is last


def test_no_i18n_means_last():
    assert hook.is_last_language(types.SimpleNamespace(plugins={}), "de")


@pytest.mark.parametrize("langs, lang, first", [
    (["de", "en"], "de", True), (["de", "en"], "en", False), (["en"], "en", True), ([], "en", True),
])
def test_first_language(langs, lang, first):
    assert hook.is_first_language(_config(langs), lang) is first


class _FakeIndexer:
    """Records whether the hook waited for it (finish) or only closed it."""

    def __init__(self):
        self.calls = []

    def close(self):
        self.calls.append("close")

    def finish(self):
        self.calls.append("finish")


def _post_build(monkeypatch, tmp_path, lang, indexer, only=None):
    """Run the hook's on_post_build for ``lang`` of a German + English build with ``indexer``."""
    if only:
        monkeypatch.setenv("KB_ONLY_LOCALE", only)
    else:
        monkeypatch.delenv("KB_ONLY_LOCALE", raising=False)
    monkeypatch.setattr(hook, "_INDEXER", indexer)
    monkeypatch.setattr(hook, "start_vocabulary", lambda *args: None)
    monkeypatch.setattr(hook.shared, "STATE", types.SimpleNamespace(lang=lang, data={"search": {"records": []}}))
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


def test_lang_root():
    assert hook.lang_root("de") == "" and hook.lang_root("en") == "en/"


@pytest.mark.parametrize("path, keep", [
    ("pagefind.js", True), ("pagefind-worker.js", True), ("pagefind-entry.json", True),
    ("pagefind.de_1234567890.pf_meta", True), ("wasm.de.pagefind", True), ("index/de_1.pf_index", True),
    ("fragment/de_1.pf_fragment", True), ("filter/de_1.pf_filter", True),
    ("pagefind-ui.js", False), ("pagefind-component-ui.css", False), ("pagefind-highlight.js", False),
])
def test_only_what_the_search_box_needs_is_shipped(path, keep):
    assert hook.wanted(path) is keep


def test_write_vocabulary_replaces_old_shards(tmp_path):
    vocab_dir = tmp_path / "vocab"
    vocab_dir.mkdir()
    (vocab_dir / "zz.json").write_text("{}")
    record = core.make_record(url="a/", lang="de", title="Kaffeetasse", description="", topic="",
                              tags=[], date=None, content_html="<p>Twitter</p>")
    shards = hook.write_vocabulary([record], "de", vocab_dir)
    manifest = json.loads((vocab_dir / "manifest.json").read_text("utf-8"))
    assert not (vocab_dir / "zz.json").exists()
    assert len(manifest["shards"]) == shards
    assert all((vocab_dir / f"{name}.json").is_file() for name in manifest["shards"])
