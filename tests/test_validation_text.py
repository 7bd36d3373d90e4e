"""Integration: front matter is text. Markup-like titles are kept, shown as written, never live.

One strict build holds an article whose title, description, subtitle and tags
look like markup or entities (``<video>``, ``&amp;``, ``&ltb&gt`` and a
would-be ``<img onerror>``), with the article in the nav so that Material's
navigation and footer show its title too. Every output file is parsed: no
element or event handler from the front matter is live, and the text is
there as written (page, nav, footer, listings, feed, search records, JSON-LD).
"""

from __future__ import annotations

import gzip
import html.parser
import json
import re

import pytest

from conftest import ROOT, make_project, run_build, serve_dir

HOSTILE = "<img src=x onerror=window.kbHacked=1> <video> &amp; &ltb&gt"
TITLE = f"Text ist Text: {HOSTILE}"
DESCRIPTION = f'Beschreibung mit "Anführungszeichen" und {HOSTILE}'
TAG = "<script>window.kbHacked=1</script>"


def yaml_string(value: str) -> str:
    """``value`` as a double-quoted YAML scalar."""
    return json.dumps(value, ensure_ascii=False)


ARTICLE = (f"---\ntitle: {yaml_string(TITLE)}\ndescription: {yaml_string(DESCRIPTION)}\n"
           f"subtitle: {yaml_string(HOSTILE)}\ntopic: Autohandel\ntags: [{yaml_string(TAG)}, Video]\n"
           "---\n\nText des Beitrags.\n")
OTHER = ("---\ntitle: Ein anderer Beitrag\ndescription: Noch einer.\ntopic: Autohandel\n"
         f"tags: [{yaml_string(TAG)}]\nrelated: [artikel/text.md]\n---\n\nText des anderen Beitrags.\n")


class _Live(html.parser.HTMLParser):
    """Collects what a browser would make live: script bodies, event handlers, elements by name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        # a data block (JSON-LD) is not run; its JSON is checked on its own
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def live(text: str) -> _Live:
    """Parse ``text`` as a browser would (close enough for markup that came from front matter)."""
    parser = _Live()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def text_site(tmp_path_factory):
    """The strict build of the hostile article, in the nav of both languages."""
    tmp = tmp_path_factory.mktemp("text")
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "  - Themenkarte: themenkarte.md\n", "  - Themenkarte: themenkarte.md\n  - artikel/text.md\n")
    project = make_project(tmp, {"artikel/text.md": ARTICLE, "artikel/anders.md": OTHER,
                                 "artikel/text.en.md": ARTICLE, "artikel/anders.en.md": OTHER},
                           config_text=config)
    site = tmp / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def output_files(site):
    """Every HTML, XML and JSON file of the build."""
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json"}]


def test_no_front_matter_markup_is_live_in_any_page(text_site):
    pages = [p for p in output_files(text_site) if p.suffix == ".html"]
    assert len(pages) > 10
    for path in pages:
        doc = live(path.read_text("utf-8"))
        handlers = [(tag, a) for tag, a in doc.tags
                    if any(k.startswith("on") and "kbHacked" in (v or "") for k, v in a.items())]
        assert not handlers, f"{path}: live handler {handlers}"
        assert not [s for s in doc.scripts if "kbHacked" in s], path
        assert not [tag for tag, _ in doc.tags if tag in ("video", "b")], f"{path}: element from front matter"


def test_the_title_is_shown_as_written_on_its_page_nav_and_footer(text_site):
    page = (text_site / "artikel" / "text" / "index.html").read_text("utf-8")
    escaped = TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f"<h1>{escaped}</h1>" in page or escaped in page
    assert page.count(escaped) >= 3  # <title>, header, h1 (the nav adds more)
    footer_page = (text_site / "themenkarte" / "index.html").read_text("utf-8")
    footer = footer_page[footer_page.index('<footer class="md-footer">'):]
    assert escaped in footer  # next page: the article


def test_listings_feeds_search_and_related_keep_the_text(text_site):
    listing = (text_site / "themen" / "autohandel" / "index.html").read_text("utf-8")
    assert TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in listing
    feeds = [p for p in text_site.rglob("*.xml") if "feed" in p.name]
    assert feeds and any(TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                         in p.read_text("utf-8") for p in feeds)
    fragments = [json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for p in text_site.rglob("*.pf_fragment")]
    assert TITLE in [f["meta"].get("title") for f in fragments]  # search.js shows it with textContent
    other = (text_site / "artikel" / "anders" / "index.html").read_text("utf-8")
    assert "Text ist Text: &lt;img" in other  # the related block


def test_json_ld_carries_the_title_without_closing_its_script(text_site):
    page = (text_site / "artikel" / "text" / "index.html").read_text("utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block and "<" not in block.group(1)
    assert TITLE in block.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8") \
        or TITLE in json.loads(block.group(1)).get("headline", "")


def test_nothing_from_the_front_matter_runs_in_chromium(text_site, page):
    server, url = serve_dir(text_site)
    try:
        for path in ("artikel/text/", "artikel/anders/", "themenkarte/", "schlagwoerter/", "themen/autohandel/"):
            page.goto(f"{url}/{path}")
            page.wait_for_load_state("load")
            assert page.evaluate("window.kbHacked") is None, path
        page.goto(f"{url}/artikel/text/")
        assert page.locator("h1").first.inner_text() == TITLE
    finally:
        server.shutdown()
