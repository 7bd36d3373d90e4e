"""Integration: tag pages of awkward tags (umlauts, colliding slugs, "&") on a built site."""

from __future__ import annotations

import re

import pytest

from conftest import make_project, run_build


def article(title, tags):
    """An undated article with ``tags`` (YAML flow list, quoted)."""
    quoted = ", ".join('"' + t.replace('"', '\\"') + '"' for t in tags)
    return f"---\ntitle: {title}\ndescription: Text.\ntopic: Autohandel\ntags: [{quoted}]\n---\n\nText.\n"


TAGS = ["Händler", "Web 2.0", "Web-2-0", "Öl & Gas"]
PAGES = {f"artikel/a{i}{suffix}": article(f"Beitrag {i}", [tag])
         for i, tag in enumerate(TAGS) for suffix in (".md", ".en.md")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tags")
    result = run_build(make_project(tmp, PAGES), tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def test_umlaut_tag_page_url(site):
    assert "Beitrag 0" in html(site, "schlagwoerter/haendler")


@pytest.mark.parametrize("prefix, title", [("", "Schlagwort: Web 2.0"), ("en/", "Tag: Web 2.0")])
def test_colliding_slugs_numbered_in_both_languages(site, prefix, title):
    assert f"<h1>{title}</h1>" in html(site, f"{prefix}schlagwoerter/web-2-0")
    assert "Beitrag 1" in html(site, f"{prefix}schlagwoerter/web-2-0")
    assert "Beitrag 2" in html(site, f"{prefix}schlagwoerter/web-2-0-2")


def test_index_order_and_links(site):
    page = html(site, "schlagwoerter")
    rows = re.findall(r'<li><a href="([^"]*)">([^<]*)</a> <span class="kb-tag-index__count">', page)
    assert rows == [("haendler/", "Händler"), ("oel-gas/", "Öl &amp; Gas"),
                    ("web-2-0/", "Web 2.0"), ("web-2-0-2/", "Web-2-0")]


def test_ampersand_in_a_tag_is_escaped(site):
    page = html(site, "schlagwoerter/oel-gas")
    assert "<h1>Schlagwort: Öl &amp; Gas</h1>" in page
    content = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    assert "„Öl &amp; Gas“" in content and "Öl & Gas" not in content


def test_hand_written_page_at_a_tag_url_stops_the_build(tmp_path):
    pages = {**PAGES, "schlagwoerter/haendler.md": "---\ntitle: Händler\n---\n\nText.\n"}
    result = run_build(make_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert "docs/schlagwoerter/haendler.md" in result.stderr and "Traceback" not in result.stderr
