"""The shared MDN queries on a site built from the shared German MDN corpus (browser).

Builds a sample of ``../shared/eval/mdn-de/corpus.tar.gz`` (every page a query
expects, and every SAMPLE_EVERY-th other page: about 1,500 pages, imported with
:func:`kb.importer.plan`, the code of ``make import``), types each query of
``suchanfragen.tsv`` into the search box (scripts/bench/search_eval.py) and
asserts the hit rate reached today on this sample as a regression floor. The
issue's budget (12 of 13 in the top three) is measured on the whole corpus by
``make bench CORPUS=mdn`` (BENCHMARKS.md).

The corpus is part of ``../shared``, which CI has: without it the test fails
under CI (``CI=true``) and is skipped elsewhere.
"""

from __future__ import annotations

import os
import sys
import tarfile

import pytest

from conftest import ROOT, make_project, run_build
from kb import importer

sys.path.insert(0, str(ROOT))
from scripts.bench import search_eval  # noqa: E402
from scripts.shared_data import shared_file  # noqa: E402

pytestmark = pytest.mark.browser

SAMPLE_EVERY = 10
#: Expected pages in the top three, of the 13 shared queries, at least: on this sample the
#: site's search reached 11 on 3 December 2026 (Pagefind's own API over the same index: 8), 12 on
#: 4 December with a verb's nouns ranked beside the query as typed ("lange Wörter umbrechen");
#: the floor stays one below, as before.
FLOOR_HITS = 11


@pytest.fixture(scope="module")
def mdn_site(tmp_path_factory):
    """The sample imported and built (not strict: imported MDN titles repeat, which warns)."""
    corpus = shared_file("eval", "mdn-de", "corpus.tar.gz")
    queries = shared_file("eval", "mdn-de", "suchanfragen.tsv")
    if corpus is None or queries is None:
        if os.environ.get("CI"):
            pytest.fail("the shared MDN corpus (../shared/eval/mdn-de) is missing in CI")
        pytest.skip("the shared MDN corpus is not on this machine")
    wanted = {page + ".md" for _, pages in search_eval.read_queries(queries) for page in pages}
    sources = {}
    with tarfile.open(corpus) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")),
                         key=lambda m: m.name)
        for n, member in enumerate(members):
            name = member.name.lstrip("./")
            if name in wanted or n % SAMPLE_EVERY == 0:
                sources[name] = tar.extractfile(member).read().decode("utf-8")
    plan = importer.plan(sources, topic="Konzernkommunikation", dest="artikel/mdn")
    assert not plan.skipped and not plan.conflicts
    tmp = tmp_path_factory.mktemp("mdn")
    project = make_project(tmp, plan.files, stamp_translations=False)
    site = tmp / "site"
    result = run_build(project, site, strict=False, env={"KB_ONLY_LOCALE": "de"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site, queries


def test_shared_queries_find_their_page_in_the_top_three(mdn_site, browser):
    site, queries = mdn_site
    result = search_eval.evaluate(site, queries, prefix="artikel/mdn/", api=False, chromium=browser)
    misses = [(r["query"], r["rank"], r["top"][:3]) for r in result["rows"] if not r["rank"] or r["rank"] > 3]
    assert result["summary"]["hits"] >= FLOOR_HITS, misses
