"""scripts/bench/search_eval.py: reading the query list and ranking result URLs (no browser)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts.bench import search_eval  # noqa: E402
from scripts.shared_data import shared_dir  # noqa: E402


def test_read_queries_skips_comments_and_splits_pages(tmp_path):
    tsv = tmp_path / "q.tsv"
    tsv.write_text("# comment\nWebspeicher\tweb/api/web_storage_api|web/api/storage\n\n", "utf-8")
    assert search_eval.read_queries(tsv) == [("Webspeicher", ["web/api/web_storage_api", "web/api/storage"])]


def test_rank_of_finds_the_first_expected_page_below_the_prefix():
    urls = ["http://x/artikel/mdn/web/api/storage/?h=speicher", "http://x/artikel/mdn/web/api/web_storage_api/"]
    assert search_eval.rank_of(urls, ["web/api/web_storage_api"], "artikel/mdn/") == 2


def test_rank_of_is_none_when_no_expected_page_is_listed():
    assert search_eval.rank_of(["http://x/artikel/mdn/web/"], ["web/api"], "artikel/mdn/") is None


def test_rank_of_matches_a_dotted_page_imported_with_hyphens():
    assert search_eval.rank_of(["/artikel/mdn/glossary/node-js/"], ["glossary/node.js"], "artikel/mdn") == 1


def test_summary_counts_top_three_and_medians():
    rows = [search_eval.Row("a", [], rank=1, kb=100, ms=50), search_eval.Row("b", [], rank=4, kb=300, ms=150),
            search_eval.Row("c", [], rank=None, kb=200, ms=None, api_rank=2)]
    got = search_eval.summary(rows)
    assert (got["hits"], got["top1"], got["kb_median"], got["kb_max"], got["ms_median"], got["api_hits"]) == \
        (1, 1, 200, 300, 100, 1)


def test_shared_dir_follows_kb_shared(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_SHARED", str(tmp_path))
    assert shared_dir() == tmp_path


def test_the_api_query_leaves_out_the_sites_stopwords():
    # the build drops the stopwords from the index, so Pagefind alone must be asked without them
    assert search_eval.without_stopwords("in die Zwischenablage kopieren", {"in", "die"}) == "Zwischenablage kopieren"
    assert search_eval.without_stopwords("Über Größe", {"ueber"}) == "Größe"
