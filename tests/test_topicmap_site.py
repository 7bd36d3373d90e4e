"""Integration: the topic map draws the related-articles relation (fed by a stand-in hook)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, make_project, run_build

SVG = "{http://www.w3.org/2000/svg}"

# Stands in for hooks/related.py (priority 50): one relation a → b per language,
# in the shape of STATE.data["related"]; runs after it, before seo.py reads it.
FAKE_RELATED = '''
from mkdocs.plugins import event_priority
import shared


@event_priority(40)
def on_files(files, config):
    """One relation between a and b in the language being built."""
    suffix = "" if shared.STATE.lang == "de" else ".en"
    shared.STATE.data["related"] = {
        f"artikel/a{suffix}.md": [{"path": f"artikel/b{suffix}.md", "score": 2.0, "reasons": []}],
        f"artikel/b{suffix}.md": [{"path": f"artikel/a{suffix}.md", "score": 1.0, "reasons": []}],
    }
    return files
'''


def article(title, topic, body="Text."):
    """A minimal article with front matter."""
    return f"---\ntitle: '{title}'\ndescription: Beschreibung von {title[:20]}.\ntopic: {topic}\n---\n\n{body}\n"


PAGES = {
    "artikel/a.md": article('Kunden & „Fans“ <> Händler', "Autohandel"),
    "artikel/a.en.md": article("Customers and fans", "Autohandel"),
    "artikel/b.md": article("Zweiter Beitrag", "Autohandel"),
    "artikel/b.en.md": article("Second article", "Autohandel"),
    "artikel/c.md": article("Dritter Beitrag", "B2B-Kommunikation"),
    "artikel/c.en.md": article("Third article", "B2B-Kommunikation"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The test pages built with the stand-in related hook."""
    tmp = tmp_path_factory.mktemp("topicmap")
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "  - hooks/seo.py\n", "  - hooks/seo.py\n  - hooks/fake_related.py\n")
    project = make_project(tmp, PAGES, config_text=config)
    (project / "hooks" / "fake_related.py").write_text(FAKE_RELATED, "utf-8")
    out = tmp / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


def svg(site, url):
    """The topic map SVG of the page at ``url``, parsed as XML."""
    text = (site / url / "index.html").read_text("utf-8")
    return ET.fromstring(re.search(r'<svg class="kb-topicmap__svg".*?</svg>', text, re.S).group(0))


@pytest.mark.parametrize("url", ["themenkarte", "en/themenkarte"])
def test_one_edge_per_related_pair(site, url):
    edges = list(svg(site, url).find(f"{SVG}g[@class='kb-topicmap__edges']"))
    assert len(edges) == 1
    assert edges[0].get("stroke-width") == "2.33"  # the higher score of the pair (2.0)


def test_titles_with_ampersand_and_angle_brackets_stay_valid_xml(site):
    titles = {a.get("aria-label") for a in svg(site, "themenkarte").iter(f"{SVG}a")}
    assert 'Kunden & „Fans“ <> Händler' in titles


def test_english_map_links_english_articles_only(site):
    titles = {a.get("aria-label") for a in svg(site, "en/themenkarte").iter(f"{SVG}a")
              if "kb-topicmap__node" in (a.get("class") or "")}
    assert titles == {"Customers and fans", "Second article", "Third article"}


def test_clusters_count_articles_per_topic(site):
    labels = [t.text for t in svg(site, "themenkarte").iter(f"{SVG}text")
              if t.text and t.text.endswith(")")]
    assert "Autohandel (2)" in labels and "B2B-Kommunikation (1)" in labels
