"""Integration: the real site builds strictly into a temp dir, in both languages."""

from __future__ import annotations

import re

from conftest import ROOT

ARTICLES = sorted(p for p in (ROOT / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md"))


def _html(site, rel):
    return (site / rel / "index.html").read_text("utf-8")


def test_every_article_exists_in_both_languages(built_site):
    assert ARTICLES, "no articles in docs/artikel"
    for src in ARTICLES:
        slug = src.stem
        de = _html(built_site, f"artikel/{slug}")
        en = _html(built_site, f"en/artikel/{slug}")
        assert '<html lang="de"' in de
        assert '<html lang="en"' in en


def test_html_lang_per_language(built_site):
    assert '<html lang="de"' in _html(built_site, "")
    assert '<html lang="en"' in _html(built_site, "en")


def _front_matter(path):
    """The YAML front matter of a Markdown file."""
    import yaml

    return yaml.safe_load(path.read_text("utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


def test_every_article_shows_its_title_in_both_languages(built_site):
    import html

    for src in ARTICLES:
        for lang, prefix, path in (("de", "", src), ("en", "en/", src.with_suffix(".en.md"))):
            title = _front_matter(path)["title"]
            page = _html(built_site, f"{prefix}artikel/{src.stem}")
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
            assert heading, f"{lang} {src.stem}: no <h1>"
            assert html.escape(title, quote=False) in heading.group(1), f"{lang} {src.stem}: title {title!r} not in <h1>"
