"""Unit tests of the search hook's own helpers (hooks/search.py), without a build."""

from __future__ import annotations

import json
import os
import types

import pytest

import search as hook
from kb import forked, search as core


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


def test_dialog_script_fills_the_box_with_markup_and_settings():
    script = hook.dialog_script("<form>ä</form>\n", "de", {"label": "Suchen"})
    assert 'box.innerHTML = "<form>\\u00e4</form>";' in script
    assert 'var cfg = {"lang": "de", "strings": {"label": "Suchen"}};' in script
    assert 'cfg.root = box.getAttribute("data-kb-root");' in script


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


def _job(tmp_path, lang="de"):
    """A job writing one language's search files below ``tmp_path``."""
    return hook.Job(lang=lang, pagefind_dir=tmp_path / "pagefind", search_dir=tmp_path / "search",
                    site_url="https://example.org/", lang_root="")


PAGE = {"url": "artikel/kaffee/", "lang": "de", "title": "Kaffeetasse", "description": "Über Tassen.",
        "topic": "Autohandel", "tags": ["Twitter"], "date": None,
        "content_html": "<h1>Kaffeetasse</h1><p>Die Versicherungspflicht im Autohaus.</p>"}


def test_worker_writes_index_records_and_vocabulary(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.finish()
    rows = [json.loads(line) for line in (tmp_path / "search" / "records.jsonl").read_text("utf-8").splitlines()]
    assert [r["url"] for r in rows] == ["https://example.org/artikel/kaffee/"]
    assert rows[0]["text"] == "Die Versicherungspflicht im Autohaus."
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert (tmp_path / "search" / "vocab" / "manifest.json").is_file()
    assert indexer.stats["pages"] == 1


def test_worker_runs_in_a_forked_process(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    try:
        assert indexer._proc is not None and indexer._proc.pid != os.getpid()
    finally:
        indexer.finish()


def test_worker_runs_below_the_builds_cpu_priority(tmp_path, monkeypatch):
    monkeypatch.setattr(hook, "run_job", lambda job, recv: {"niceness": os.nice(0)})
    indexer = hook.Indexer(_job(tmp_path))
    indexer.finish()
    assert indexer.stats == {"niceness": min(os.nice(0) + forked.NICENESS, 19)}


def _page(n: int) -> dict:
    """Article ``n`` of a test site, each with its own word."""
    return {**PAGE, "url": f"artikel/k{n}/", "title": f"Kaffeetasse {n}",
            "content_html": f"<p>Wort{n} im Autohaus.</p>"}


def test_large_language_is_indexed_in_shards(tmp_path):
    job = _job(tmp_path)
    job.shard_bytes = 1  # every page its own shard
    indexer = hook.Indexer(job)
    for n in range(3):
        indexer.add(_page(n))
    indexer.finish()
    assert [s["pages"] for s in indexer.stats["shards"]] == [1, 1, 1]
    for name in ("pagefind", "pagefind-2", "pagefind-3"):
        assert (tmp_path / name / "pagefind-entry.json").is_file()
    manifest = json.loads((tmp_path / "search" / "vocab" / "manifest.json").read_text("utf-8"))
    assert manifest["pagefind_shards"] == ["pagefind-2/", "pagefind-3/"]


def test_shard_bound_from_the_environment(monkeypatch):
    monkeypatch.setenv("KB_SEARCH_SHARD_BYTES", "5000")
    assert hook.shard_bytes() == 5000
    monkeypatch.delenv("KB_SEARCH_SHARD_BYTES")
    assert hook.shard_bytes() == hook.SHARD_HTML_BYTES


def test_shard_bound_that_is_no_number_is_a_plugin_error(monkeypatch):
    monkeypatch.setenv("KB_SEARCH_SHARD_BYTES", "viel")
    with pytest.raises(hook.PluginError, match="KB_SEARCH_SHARD_BYTES"):
        hook.shard_bytes()


def test_one_shard_lists_no_further_shards(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(_page(1))
    indexer.finish()
    manifest = json.loads((tmp_path / "search" / "vocab" / "manifest.json").read_text("utf-8"))
    assert "pagefind_shards" not in manifest and not (tmp_path / "pagefind-2").exists()


def test_shards_of_an_earlier_larger_build_are_removed(tmp_path):
    (tmp_path / "pagefind-2").mkdir()
    (tmp_path / "pagefind-2" / "old").write_text("x")
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(_page(1))
    indexer.finish()
    assert not (tmp_path / "pagefind-2").exists()


def test_worker_records_equal_those_made_in_the_build(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.finish()
    row = json.loads((tmp_path / "search" / "records.jsonl").read_text("utf-8"))
    expected = core.make_record(**PAGE).export("https://example.org/", "")
    assert row == expected


def test_worker_failure_is_a_plugin_error(tmp_path, monkeypatch):
    def broken(records, lang, vocab_dir, shards=None):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(hook, "write_vocabulary", broken)  # inherited by the forked worker
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    with pytest.raises(hook.PluginError, match="kaputt"):
        indexer.finish()


def test_worker_in_a_thread_without_fork(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "fork_context", lambda: None)
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.finish()
    assert indexer._proc is None
    assert (tmp_path / "search" / "records.jsonl").read_text("utf-8").count("\n") == 1


def test_an_article_after_close_fails_the_build(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.close()
    indexer.add({**PAGE, "url": "artikel/spaet/"})
    with pytest.raises(hook.PluginError, match="artikel/spaet/"):
        indexer.finish()


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


def test_pages_beyond_the_pipe_buffer_all_arrive(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    body = "<p>" + "Versicherungspflicht im Autohaus. " * 600 + "</p>"  # ~20 KB a page, 4 MB in all
    for i in range(200):
        indexer.add({**PAGE, "url": f"artikel/a{i:03d}/", "content_html": body})
    indexer.finish()
    rows = (tmp_path / "search" / "records.jsonl").read_text("utf-8").splitlines()
    assert len(rows) == 200 and indexer.stats["pages"] == 200


def test_a_forked_copy_of_the_build_leaves_the_pipe_alone(tmp_path):
    indexer = hook.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    child = os.fork()
    if child == 0:  # like hooks/render.py's child: a copy of the build that must not write
        indexer.add({**PAGE, "url": "artikel/kopie/"})
        indexer.close()
        os._exit(0)
    os.waitpid(child, 0)
    indexer.finish()
    rows = (tmp_path / "search" / "records.jsonl").read_text("utf-8").splitlines()
    assert len(rows) == 1 and "kopie" not in rows[0]


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
