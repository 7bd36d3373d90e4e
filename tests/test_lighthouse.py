"""Lighthouse: accessibility, best practices and SEO score 100 on the audited pages.

The deterministic part of ``make audit`` (performance is noisy on shared
machines and goes to BENCHMARKS.md). The site is built with ``KB_SITE_URL``
set to the address it is served on, as in production, and served with gzip
(scripts/lighthouse.py). One Chromium runs Lighthouse on all six pages.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, free_port, run_build

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse  # noqa: E402  (scripts/lighthouse.py)

pytestmark = pytest.mark.browser

#: Beyond the six pages of `make audit`: the topic map (an SVG of links) and the 404 page.
EXTRA = ["themenkarte/", "en/404.html"]
#: Pages that ask search engines not to index them: Lighthouse's SEO score
#: counts that against them (is-crawlable), on purpose.
NOINDEX = {"en/404.html"}


@pytest.fixture(scope="module")
def lighthouse_results(tmp_path_factory):
    """Scores of the six audited pages for the three deterministic categories."""
    site = tmp_path_factory.mktemp("audit-site")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    built = run_build(ROOT, site, env={"KB_SITE_URL": base})
    assert built.returncode == 0, built.stderr
    server, url = lighthouse.serve(site, port)
    try:
        yield lighthouse.run(url, lighthouse.audit_paths() + EXTRA, lighthouse.DETERMINISTIC)
    finally:
        server.shutdown()


def test_audited_pages(lighthouse_results):
    assert len(lighthouse_results) == 6 + len(EXTRA)
    assert {"", "en/", "themen/autohandel/", "en/themen/autohandel/"} <= set(lighthouse_results)


@pytest.mark.parametrize("category", lighthouse.DETERMINISTIC)
def test_category_scores_100(lighthouse_results, category):
    low = {path: (r["scores"].get(category),
                  [f["id"] for f in r["failing"] if f["category"] == category])
           for path, r in lighthouse_results.items()
           if r["scores"].get(category) != 100 and not (category == "seo" and path in NOINDEX)}
    assert not low, f"{category} below 100: {low}"


def test_404_is_not_indexed(lighthouse_results):
    failing = [f["id"] for f in lighthouse_results["en/404.html"]["failing"] if f["category"] == "seo"]
    assert failing == ["is-crawlable"]


def test_no_accessibility_audit_fails_on_any_page(lighthouse_results):
    """Not only the score: no accessibility audit fails (aria-allowed-role cost one page a point)."""
    failing = {path: [f["id"] for f in r["failing"] if f["category"] == "accessibility"]
               for path, r in lighthouse_results.items()}
    assert not {path: ids for path, ids in failing.items() if ids}
