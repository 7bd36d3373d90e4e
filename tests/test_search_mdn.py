"""The shared MDN queries on a site built from the shared German MDN corpus (browser, opt-in).

Builds a sample of ``../shared/eval/mdn-de/corpus.tar.gz`` (every page a query
expects, and every SAMPLE_EVERY-th other page: about 1,500 pages, a few minutes;
the full 14,593 pages take 20 minutes on the shared machine and are measured by
``make bench CORPUS=mdn`` instead), types each query of ``suchanfragen.tsv``
into the search box (scripts/bench/search_eval.py) and asserts the budget's hit
rate: the expected page in the top three for 12 of 13 queries.

Opt-in (``KB_MDN_TEST=1``): the build is too slow for every ``make test``. The
corpus is converted here by a minimal import (title, a plain description from
the first paragraph, one topic); ``make import`` replaces it once merged.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tarfile

import pytest

from conftest import ROOT, make_project, run_build

sys.path.insert(0, str(ROOT))
from scripts.bench import search_eval  # noqa: E402
from scripts.shared_data import shared_file  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("KB_MDN_TEST") != "1",
                                 reason="opt-in: KB_MDN_TEST=1 builds a 1,500-page MDN sample (minutes)")]

SAMPLE_EVERY = 10
#: Expected pages in the top three, of the 13 shared queries (the issue's budget).
BUDGET_HITS = 12


def _article(text: str) -> str:
    """A corpus page as an article: its title, a plain description (first paragraph), one topic."""
    head = re.match(r"---\n(.*?)\n---\n", text, re.S)
    title = json.loads(re.search(r'^title: (".*")$', head.group(1), re.M).group(1))
    body = text[head.end():]
    lead = next((p for p in body.split("\n\n") if p.strip() and p.strip()[0] not in "#-`|>*<"), title)
    lead = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", lead)
    lead = re.sub(r'[`*_<>"]', "", " ".join(lead.split()))[:200] or title
    title = title.replace("<", "‹").replace(">", "›")
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(lead, ensure_ascii=False)}\ntopic: Konzernkommunikation\n---\n{body}")


@pytest.fixture(scope="module")
def mdn_site(tmp_path_factory):
    """The sample built (not strict: the corpus links to pages outside the sample)."""
    corpus = shared_file("eval", "mdn-de", "corpus.tar.gz")
    queries = shared_file("eval", "mdn-de", "suchanfragen.tsv")
    if corpus is None or queries is None:
        pytest.skip("the shared MDN corpus is not on this machine")
    wanted = {page + ".md" for _, pages in search_eval.read_queries(queries) for page in pages}
    pages = {}
    with tarfile.open(corpus) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")),
                         key=lambda m: m.name)
        for n, member in enumerate(members):
            name = member.name.lstrip("./")
            if name in wanted or n % SAMPLE_EVERY == 0:
                parts = name[:-3].split("/")
                rel = "artikel/mdn/" + "/".join(p.replace(".", "-") for p in parts) + ".md"
                pages[rel] = _article(tar.extractfile(member).read().decode("utf-8"))
    tmp = tmp_path_factory.mktemp("mdn")
    project = make_project(tmp, pages, stamp_translations=False)
    site = tmp / "site"
    result = run_build(project, site, strict=False, env={"KB_ONLY_LOCALE": "de"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site, queries


def test_shared_queries_find_their_page_in_the_top_three(mdn_site):
    site, queries = mdn_site
    result = search_eval.evaluate(site, queries, prefix="artikel/mdn/", api=False)
    misses = [(r["query"], r["rank"], r["top"][:3]) for r in result["rows"] if not r["rank"] or r["rank"] > 3]
    assert result["summary"]["hits"] >= BUDGET_HITS, misses
