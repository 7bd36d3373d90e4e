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
