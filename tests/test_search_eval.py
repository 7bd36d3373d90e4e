"""The shared query list against the real site: each query brings its article first.

``tests/data/suchanfragen.tsv`` is a copy of ``../shared/eval/suchanfragen.tsv``
(so the tests run without the shared folder); a test checks the copy is current.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts.shared_data import shared_file  # noqa: E402

DATA = ROOT / "tests" / "data" / "suchanfragen.tsv"


def _queries():
    """(query, [markers]) for every line of the copy."""
    rows = []
    for line in DATA.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, markers = line.split("\t")
        rows.append((query, markers.split("|")))
    return rows


QUERIES = _queries()


def test_copy_equals_shared_list():
    shared = shared_file("eval", "suchanfragen.tsv")
    if shared is None:
        pytest.skip("../shared/eval/suchanfragen.tsv is not on this machine")
    assert DATA.read_bytes() == shared.read_bytes()


def test_list_is_not_empty():
    assert len(QUERIES) >= 10


@pytest.mark.browser
@pytest.mark.parametrize("query, markers", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_brings_its_article_first(page, site_url, built_site, query, markers):
    page.goto(site_url + "/")
    page.wait_for_function("window.kbSearch !== undefined")
    page.keyboard.press("/")
    page.locator("#kb-search-input").type(query, delay=10)
    page.wait_for_function(
        "() => document.querySelector('[data-kb-search]').getAttribute('data-kb-done')"
        " === document.getElementById('kb-search-input').value")
    first = page.locator("#kb-search-list a").first
    assert first.count(), f"no result for {query!r}"
    href = first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(href)  # the first result's page, with the ?h= highlight terms
    text = page.locator("article.md-content__inner").inner_text()
    assert any(marker in text for marker in markers), f"{query!r} opened {page.url}"


@pytest.mark.browser
def test_glossary_definition_follows_the_best_article(page, site_url, built_site):
    page.goto(site_url + "/")
    page.wait_for_function("window.kbSearch !== undefined")
    page.keyboard.press("/")
    page.locator("#kb-search-input").type("Kundenbindung", delay=10)
    page.wait_for_function(
        "() => document.querySelector('[data-kb-search]').getAttribute('data-kb-done')"
        " === document.getElementById('kb-search-input').value")
    items = page.locator("#kb-search-list li")
    assert items.nth(0).locator(".kb-search__kind").count() == 0
    marked = page.locator("#kb-search-list li:has(.kb-search__kind)")
    assert marked.count() == 1 and marked.locator(".kb-search__title").inner_text() == "Kundenbindung"
    assert "/artikel/" in items.nth(0).locator("a").get_attribute("href")
