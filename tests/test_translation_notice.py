"""Every English article says it is a translation and links to its German original."""

from __future__ import annotations

import re

from conftest import ROOT

ARTICLES = sorted(p.stem for p in (ROOT / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md"))
NOTICE = re.compile(r'<(?:p|div) class="[^"]*kb-translation[^"]*".*?</(?:p|div)>', re.S)


def _html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def test_every_english_article_links_to_its_original(built_site):
    assert ARTICLES
    for slug in ARTICLES:
        notice = NOTICE.search(_html(built_site, f"en/artikel/{slug}"))
        assert notice, f"en/artikel/{slug}: no translation notice"
        assert f'href="../../../artikel/{slug}/"' in notice.group(0)
        assert 'hreflang="de"' in notice.group(0)


def test_the_real_translations_are_current(built_site):
    for slug in ARTICLES:
        assert "This translation may be outdated" not in _html(built_site, f"en/artikel/{slug}")


def test_german_articles_and_editorial_pages_have_no_notice(built_site):
    for rel in [f"artikel/{slug}" for slug in ARTICLES] + ["en", "en/ueber"]:
        assert not NOTICE.search(_html(built_site, rel)), rel


def test_notice_names_the_original_title_escaped(built_site):
    from kb import frontmatter

    for slug in ARTICLES:
        text = (ROOT / "docs" / "artikel" / f"{slug}.md").read_text("utf-8")
        title = frontmatter.split(slug, text).meta["title"]
        import html as html_lib

        assert html_lib.escape(title, quote=False) in NOTICE.search(_html(built_site, f"en/artikel/{slug}")).group(0)
