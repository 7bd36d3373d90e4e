"""Unit tests of the search index task (kb.search_index): Pagefind, records, vocabulary, shards."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from kb import background, search as core, search_index as index


def test_dialog_script_fills_the_box_with_markup_and_settings():
    script = index.dialog_script("<form>ä</form>\n", "de", {"label": "Suchen"})
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
    assert index.wanted(path) is keep


def test_write_vocabulary_replaces_old_shards(tmp_path):
    vocab_dir = tmp_path / "vocab"
    vocab_dir.mkdir()
    (vocab_dir / "zz.json").write_text("{}")
    record = core.make_record(url="a/", lang="de", title="Kaffeetasse", description="", topic="",
                              tags=[], date=None, content_html="<p>Twitter</p>")
    shards = index.write_vocabulary([record], "de", vocab_dir)
    manifest = json.loads((vocab_dir / "manifest.json").read_text("utf-8"))
    assert not (vocab_dir / "zz.json").exists()
    assert len(manifest["shards"]) == shards
    assert all((vocab_dir / f"{name}.json").is_file() for name in manifest["shards"])


def _job(tmp_path, lang="de"):
    """A job writing one language's search files below ``tmp_path``."""
    return index.Job(lang=lang, pagefind_dir=tmp_path / "pagefind", search_dir=tmp_path / "search",
                    site_url="https://example.org/", lang_root="")


PAGE = {"url": "artikel/kaffee/", "lang": "de", "title": "Kaffeetasse", "description": "Über Tassen.",
        "topic": "Autohandel", "tags": ["Twitter"], "date": None,
        "content_html": "<h1>Kaffeetasse</h1><p>Die Versicherungspflicht im Autohaus.</p>"}


def test_worker_writes_index_records_and_vocabulary(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.finish()
    rows = [json.loads(line) for line in (tmp_path / "search" / "records.jsonl").read_text("utf-8").splitlines()]
    assert [r["url"] for r in rows] == ["https://example.org/artikel/kaffee/"]
    assert rows[0]["text"] == "Die Versicherungspflicht im Autohaus."
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert (tmp_path / "search" / "vocab" / "manifest.json").is_file()
    assert indexer.stats["pages"] == 1


def test_worker_runs_in_a_process_of_its_own(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    try:
        assert indexer._task._proc.pid != os.getpid()
    finally:
        indexer.finish()


def _page(n: int) -> dict:
    """Article ``n`` of a test site, each with its own word."""
    return {**PAGE, "url": f"artikel/k{n}/", "title": f"Kaffeetasse {n}",
            "content_html": f"<p>Wort{n} im Autohaus.</p>"}


def _html_chars(n: int) -> int:
    """Characters of HTML Pagefind gets for :func:`_page` ``n``."""
    return len(core.pagefind_html(core.make_record(**_page(n))))


def _shard_urls(folder) -> set[str]:
    """The page urls of the Pagefind bundle in ``folder`` (read from its fragments)."""
    urls = set()
    for path in (folder / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


def test_large_language_is_indexed_in_shards(tmp_path):
    job = _job(tmp_path)
    job.shard_bytes = 1  # every page its own shard (never more shards than pages)
    indexer = index.Indexer(job)
    for n in range(3):
        indexer.add(_page(n))
    indexer.finish()
    assert [s["pages"] for s in indexer.stats["shards"]] == [1, 1, 1]
    for name in ("pagefind", "pagefind-2", "pagefind-3"):
        assert (tmp_path / name / "pagefind-entry.json").is_file()
    manifest = json.loads((tmp_path / "search" / "vocab" / "manifest.json").read_text("utf-8"))
    assert manifest["pagefind_shards"] == ["pagefind-2/", "pagefind-3/"]


def test_shards_interleave_the_pages_in_equal_halves(tmp_path):
    job = _job(tmp_path)
    job.shard_bytes = 2 * _html_chars(0)  # two pages fit a shard: the third makes a second one
    indexer = index.Indexer(job)
    for n in range(4):
        indexer.add(_page(n))
    indexer.finish()
    assert [s["pages"] for s in indexer.stats["shards"]] == [2, 2]
    assert indexer.stats["refed"] == 2  # the two pages fed before the second shard, again
    assert _shard_urls(tmp_path / "pagefind") == {"artikel/k0/", "artikel/k2/"}
    assert _shard_urls(tmp_path / "pagefind-2") == {"artikel/k1/", "artikel/k3/"}
    assert not (tmp_path / "pagefind-3").exists()


def _sharded(tmp_path, guess=None):
    """Index four pages, two to a shard, after ``guess`` (an :meth:`Indexer.expect`); the stats
    and every written file (path → bytes)."""
    job = _job(tmp_path)
    job.shard_bytes = 2 * _html_chars(0)
    indexer = index.Indexer(job)
    if guess is not None:
        indexer.expect(guess, 4)
    for n in range(4):
        indexer.add(_page(n))
    indexer.finish()
    return indexer.stats, {str(p.relative_to(tmp_path)): p.read_bytes() for p in sorted(tmp_path.rglob("*"))
                           if p.is_file()}


def test_a_right_guess_opens_the_shards_at_once_and_writes_the_same_files(tmp_path):
    unguessed_stats, unguessed = _sharded(tmp_path / "a")
    stats, files = _sharded(tmp_path / "b", guess=4 * _html_chars(0))
    assert unguessed_stats["refed"] == 2 and stats["refed"] == 0
    assert [s["pages"] for s in stats["shards"]] == [2, 2]
    assert files == unguessed


def test_a_guess_too_high_still_ends_with_the_shards_the_html_needs(tmp_path):
    _, unguessed = _sharded(tmp_path / "a")
    stats, files = _sharded(tmp_path / "b", guess=40 * _html_chars(0))  # four shards' worth
    assert [s["pages"] for s in stats["shards"]] == [2, 2] and stats["refed"] == 4
    assert files == unguessed


def test_the_guess_is_a_share_of_the_expected_pages_markdown():
    class Entry:
        def __init__(self, body):
            self.body = body

    pages = {"a.md": Entry("x" * 1000), "b.md": Entry("y" * 500), "c.md": Entry("z" * 9999)}
    assert index.expected_html(pages, {"a.md", "b.md"}) == int(index.EXPECT_SHARE * 1500)


def test_shard_count_is_the_html_over_the_bound():
    assert index.shards_needed(0, 0, 0) == index.shards_needed(10**9, 0, 5) == 1
    assert [index.shards_needed(total, 10, 9) for total in (1, 10, 11, 20, 21)] == [1, 1, 2, 2, 3]
    assert index.shards_needed(1000, 1, 3) == 3  # never more shards than pages


def test_shard_bound_from_the_environment(monkeypatch):
    monkeypatch.setenv("KB_SEARCH_SHARD_BYTES", "5000")
    assert index.shard_bytes() == 5000
    monkeypatch.delenv("KB_SEARCH_SHARD_BYTES")
    assert index.shard_bytes() == index.SHARD_HTML_BYTES


def test_shard_bound_that_is_no_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("KB_SEARCH_SHARD_BYTES", "viel")
    with pytest.raises(ValueError, match="KB_SEARCH_SHARD_BYTES"):
        index.shard_bytes()


def test_one_shard_lists_no_further_shards(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(_page(1))
    indexer.finish()
    manifest = json.loads((tmp_path / "search" / "vocab" / "manifest.json").read_text("utf-8"))
    assert "pagefind_shards" not in manifest and not (tmp_path / "pagefind-2").exists()


def test_shards_of_an_earlier_larger_build_are_removed(tmp_path):
    (tmp_path / "pagefind-2").mkdir()
    (tmp_path / "pagefind-2" / "old").write_text("x")
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(_page(1))
    indexer.finish()
    assert not (tmp_path / "pagefind-2").exists()


def test_worker_records_equal_those_made_in_the_build(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.finish()
    row = json.loads((tmp_path / "search" / "records.jsonl").read_text("utf-8"))
    expected = core.make_record(**PAGE).export("https://example.org/", "")
    assert row == expected


def test_worker_failure_names_the_index_and_the_childs_error(tmp_path):
    (tmp_path / "search").write_text("no folder")  # the worker cannot write its records there
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    with pytest.raises(background.Failed, match=r"index in .*pagefind: search \(de\): FileExistsError"):
        indexer.finish()


def test_an_article_after_close_fails_the_build(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    indexer.add(PAGE)
    indexer.close()
    indexer.add({**PAGE, "url": "artikel/spaet/"})
    with pytest.raises(background.Failed, match="artikel/spaet/"):
        indexer.finish()


def test_pages_beyond_the_pipe_buffer_all_arrive(tmp_path):
    indexer = index.Indexer(_job(tmp_path))
    body = "<p>" + "Versicherungspflicht im Autohaus. " * 600 + "</p>"  # ~20 KB a page, 4 MB in all
    for i in range(200):
        indexer.add({**PAGE, "url": f"artikel/a{i:03d}/", "content_html": body})
    indexer.finish()
    rows = (tmp_path / "search" / "records.jsonl").read_text("utf-8").splitlines()
    assert len(rows) == 200 and indexer.stats["pages"] == 200
