"""The editorial pages: home, about and glossary, in German and English."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

DOCS = ROOT / "docs"
SEEDS = sorted(p.name for p in (ROOT / "tests" / "sources").glob("*.txt"))
ARTICLES = sorted(p.stem for p in (DOCS / "artikel").glob("*.md") if not p.name.endswith(".en.md"))
TOPIC_PAGES = ["themen/konzernkommunikation/", "themen/b2b-kommunikation/", "themen/autohandel/"]
LANGS = {"de": "", "en": "en/"}
_ABBR = re.compile(r"^\*\[([^\]]+)\]:", re.M)
_DT = re.compile(r"<dt(?: id=\"[^\"]*\")?>(.*?)</dt>", re.S)


def _html(site, lang, page=""):
    """The built HTML of ``page`` (a URL path below the language root)."""
    return (site / LANGS[lang] / page / "index.html").read_text("utf-8")


def _body(path):
    """A Markdown file without its front matter, code spans and HTML tags."""
    text = path.read_text("utf-8").split("\n---\n", 1)[1]
    text = re.sub(r"`[^`]*`", "", text)
    return re.sub(r"<[^>]+>", "", text)


def abbreviations(lang):
    """The terms of the abbreviation snippet appended to every page of ``lang``."""
    return _ABBR.findall((DOCS / "_snippets" / f"abkuerzungen.{lang}.md").read_text("utf-8"))


def test_both_snippets_define_the_same_abbreviations():
    assert abbreviations("de") == abbreviations("en")
    assert "ROI" in abbreviations("de")


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_glossary_defines_every_abbreviation_of_the_snippet(built_site, lang):
    terms = {re.sub(r"<[^>]+>", "", t).strip() for t in _DT.findall(_html(built_site, lang, "glossar"))}
    missing = [a for a in abbreviations(lang) if a not in terms]
    assert not missing, f"{lang}: the glossary lacks {missing} (docs/_snippets/abkuerzungen.{lang}.md has them)"


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_glossary_explains_the_terms_the_articles_use(built_site, lang):
    terms = " ".join(_DT.findall(_html(built_site, lang, "glossar"))).casefold()
    for term in ("barcamp", "blogger relations", "web 2.0", "social media", "community", "tweet", "top-down"):
        assert term in terms, f"{lang}: glossary has no entry for {term!r}"


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_home_links_topics_series_and_the_bmw_articles(built_site, lang):
    html = _html(built_site, lang)
    for target in TOPIC_PAGES + ["serien/bmw-im-interview/", "artikel/bmw-interview-ankuendigung/",
                                 "artikel/bmw-interview-teil-1/"]:
        assert f'href="{target}"' in html, f"{lang} home page: no link to {target}"


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_about_names_every_source_and_links_its_article(built_site, lang):
    html = _html(built_site, lang, "ueber")
    for seed in SEEDS:
        assert seed in html, f"{lang} about page does not name {seed}"
    for slug in ARTICLES:
        assert f'href="../artikel/{slug}/"' in html, f"{lang} about page does not link {slug}"


@pytest.mark.parametrize("name", ["index.md", "ueber.md", "glossar.md"])
def test_german_editorial_text_uses_typographic_quotes(name):
    body = _body(DOCS / name)
    assert '"' not in body, f"docs/{name}: straight double quote in German text; use „…“"


def test_a_project_without_the_real_articles_still_builds_strictly(tmp_path):
    """The editorial pages link to the articles; make_project() must not inherit dead links."""
    from conftest import make_project, run_build

    project = make_project(tmp_path)
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
