"""Related articles on real German text: the command line on the German MDN corpus beats TF-IDF.

A regression guard, not the budget (that is ``make bench-related``): P@5 and
MRR@5 on the dev half of the answer key must stay above plain TF-IDF
(scikit-learn defaults: 0.272 / 0.539, shared/eval/mdn-de/README.md) and
above floors 0.01 under what the engine reaches (0.361 / 0.663,
BENCHMARKS.md). The corpus lives in ``shared/`` beside the checkout
(:mod:`scripts.shared_data`); in CI (``CI=true``) a missing corpus fails the
test, elsewhere it skips. The command line takes one to two minutes on the
shared 2-core machine (budget 30 s, not held yet: BENCHMARKS.md), so this
module is the slowest of the suite.
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts import shared_data  # noqa: E402
from scripts.bench import related_quality  # noqa: E402

TFIDF_P5, TFIDF_MRR5 = 0.272, 0.539
FLOOR_P5, FLOOR_MRR5 = 0.351, 0.653  #: reached on dev: 0.361 / 0.663


def _corpus():
    """The unpacked corpus; fails in CI and skips elsewhere when it is missing."""
    corpus = shared_data.mdn_corpus()
    if corpus is None:
        message = "shared/eval/mdn-de/corpus.tar.gz not found (set KB_SHARED or put shared/ beside the checkout)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return corpus


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    """The JSON file of ``kb.related_cli --top 5`` on the whole corpus (hash seed 1)."""
    out = tmp_path_factory.mktemp("mdn") / "related.json"
    related_quality.run_cli(_corpus(), out, env={"PYTHONHASHSEED": "1"})
    return out


@pytest.fixture(scope="module")
def figures(lists):
    """P@5, R@5, MRR@5 of those lists on the dev half."""
    return related_quality.score(lists, shared_data.mdn_dir())


def test_every_query_page_gets_a_list(figures):
    assert figures["covered"] == figures["queries"] > 3000


def test_precision_at_5_beats_tfidf(figures):
    assert figures["p5"] > TFIDF_P5, figures


def test_mrr_at_5_beats_tfidf(figures):
    assert figures["mrr5"] > TFIDF_MRR5, figures


def test_precision_at_5_holds_its_floor(figures):
    assert figures["p5"] >= FLOOR_P5, figures


def test_mrr_at_5_holds_its_floor(figures):
    assert figures["mrr5"] >= FLOOR_MRR5, figures


def test_the_lists_do_not_depend_on_string_hashing(lists, tmp_path):
    """Another hash seed (another order of every set of words) gives the same bytes: ties and
    float sums must not follow set order (3 of 14,593 lists differed before, BENCHMARKS.md)."""
    other = tmp_path / "related-seed2.json"
    related_quality.run_cli(_corpus(), other, env={"PYTHONHASHSEED": "2"})
    assert other.read_bytes() == lists.read_bytes()
