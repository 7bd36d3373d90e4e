"""Integration: related articles and backlinks on built sites (the real one and small ones)."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys

import pytest

from conftest import HOOKS, ROOT, make_project, run_build
from kb import catalog, frontmatter

_ASIDE = re.compile(r'<aside class="kb-(related|backlinks)".*?</aside>', re.S)
_HREF = re.compile(r'href="([^"]+)"')


def _articles(lang):
    """``(docs path, front matter)`` of the real articles of ``lang``."""
    out = []
    for file in sorted((ROOT / "docs" / "artikel").glob("*.md")):
        rel = f"artikel/{file.name}"
        if catalog.split_lang(rel)[1] == lang:
            out.append((rel, frontmatter.split(rel, file.read_text("utf-8")).meta))
    return out


def _url(path):
    """Site URL (directory) of a docs path: ``artikel/x.en.md`` → ``en/artikel/x/``."""
    key, lang = catalog.split_lang(path)
    url = key[:-3] + "/"
    return url if lang == "de" else f"{lang}/{url}"


def _block(site, path, kind="related"):
    """Target URLs (site-relative) listed in the page's related or backlinks block."""
    html = (site / _url(path) / "index.html").read_text("utf-8")
    for match in _ASIDE.finditer(html):
        if match.group(1) == kind:
            hrefs = _HREF.findall(match.group(0))
            return [posixpath.normpath(posixpath.join(_url(path), h)) + "/" for h in hrefs]
    return None


ALL = [p for lang in catalog.LANGS for p, _ in _articles(lang)]


def test_the_site_has_articles():
    assert len(_articles("de")) >= 2


@pytest.mark.parametrize("path", ALL)
def test_every_article_has_two_to_five_related(built_site, path):
    listed = _block(built_site, path)
    assert listed is not None and 2 <= len(listed) <= 5, listed


@pytest.mark.parametrize("path", ALL)
def test_no_article_lists_itself(built_site, path):
    assert _url(path) not in (_block(built_site, path) or [])


@pytest.mark.parametrize("path", [p for p, _ in _articles("en")])
def test_english_pages_list_only_english_pages(built_site, path):
    listed = _block(built_site, path) or []
    assert listed and all(u.startswith("en/") for u in listed)


@pytest.mark.parametrize("path", [p for p, _ in _articles("de")])
def test_german_pages_list_only_german_pages(built_site, path):
    assert not any(u.startswith("en/") for u in _block(built_site, path) or [])


@pytest.mark.parametrize("lang", catalog.LANGS)
def test_bmw_interview_parts_list_each_other(built_site, lang):
    parts = [p for p, meta in _articles(lang) if meta.get("series") == "bmw-im-interview"]
    assert len(parts) >= 2, "the BMW interview series has fewer than two articles"
    for path in parts:
        listed = _block(built_site, path) or []
        for other in parts:
            if other != path:
                assert _url(other) in listed, (path, other, listed)


@pytest.mark.parametrize("lang", catalog.LANGS)
def test_command_line_gives_what_the_build_shows(built_site, lang):
    out = subprocess.run([sys.executable, "-m", "kb.related_cli", str(ROOT / "docs"), "--lang", lang],
                         capture_output=True, text=True, check=True, env={"PYTHONPATH": str(HOOKS)})
    cli = json.loads(out.stdout)
    assert sorted(cli) == sorted(p for p, _ in _articles(lang))
    for path, entries in cli.items():
        assert _block(built_site, path) == [_url(e["path"]) for e in entries], path


# --- small sites ---------------------------------------------------------------------

def _article(title, body, extra=""):
    """An article's Markdown with the required fields."""
    return (f"---\ntitle: {title}\ndescription: Über {title}.\ntopic: Autohandel\n{extra}---\n\n{body}\n")


def test_unknown_related_path_fails_a_strict_build(tmp_path):
    pages = {"artikel/a.md": _article("Versicherung", "Versicherung", "related: [artikel/gibt-es-nicht.md]\n"),
             "artikel/b.md": _article("Pflicht", "Versicherung")}
    result = run_build(make_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"artikel/a\.md.*'related'.*artikel/gibt-es-nicht\.md", result.stderr), result.stderr


def test_unknown_related_exclude_is_a_warning_without_strict(tmp_path):
    pages = {"artikel/a.md": _article("Versicherung", "Versicherung", "related_exclude: [artikel/nix.md]\n"),
             "artikel/b.md": _article("Pflicht", "Versicherung")}
    result = run_build(make_project(tmp_path, pages), tmp_path / "site", strict=False)
    assert result.returncode == 0
    assert "WARNING" in result.stderr and "related_exclude" in result.stderr


def test_backlinks_list_editorial_pages_and_articles(tmp_path):
    pages = {"artikel/a.md": _article("Versicherung", "Siehe [B](b.md)."),
             "artikel/b.md": _article("Pflicht", "Versicherung"),
             "ueber.md": "---\ntitle: Über\n---\n\nLies [B](artikel/b.md).\n"}
    site = tmp_path / "site"
    result = run_build(make_project(tmp_path, pages), site)
    assert result.returncode == 0, result.stderr
    html = (site / "artikel/b/index.html").read_text("utf-8")
    assert "Erwähnt in" in html
    assert _block(site, "artikel/b.md", "backlinks") == ["artikel/a/", "ueber/"]
    assert _block(site, "artikel/a.md", "backlinks") is None


def test_titles_and_descriptions_are_escaped(tmp_path):
    pages = {"artikel/a.md": _article("Versicherung & Pflicht", "Versicherung Pflicht"),
             "artikel/b.md": _article("Pflicht", "Versicherung Pflicht")}
    site = tmp_path / "site"
    assert run_build(make_project(tmp_path, pages), site).returncode == 0
    html = (site / "artikel/b/index.html").read_text("utf-8")
    block = _ASIDE.search(html).group(0)
    assert "Versicherung &amp; Pflicht" in block
    assert 'aria-labelledby="kb-related-heading"' in block and "Verwandte Beiträge" in block


def test_backlinks_are_bounded_with_the_total_and_a_page_listing_all(tmp_path):
    pages = {"artikel/ziel-a.md": _article("Ziel A", "Kaffee"), "artikel/ziel-b.md": _article("Ziel B", "Tee")}
    for k in range(30):  # 30 pages link to B, the first 12 of them also to A
        links = "[B](ziel-b.md)" + (" und [A](ziel-a.md)" if k < 12 else "")
        pages[f"artikel/quelle-{k:02d}.md"] = _article(f"Quelle {k:02d}", f"Siehe {links}.")
    site = tmp_path / "site"
    result = run_build(make_project(tmp_path, pages), site)
    assert result.returncode == 0, result.stderr
    blocks = {}
    for name, total in (("ziel-a", 12), ("ziel-b", 30)):
        html = (site / f"artikel/{name}/index.html").read_text("utf-8")
        block = next(m.group(0) for m in _ASIDE.finditer(html) if m.group(1) == "backlinks")
        assert block.count("<li>") == 10
        assert f"Alle {total} Seiten, die hierher verweisen" in block
        assert 'href="erwaehnt-in/"' in block
        listing = (site / f"artikel/{name}/erwaehnt-in/index.html").read_text("utf-8")
        assert listing.count("<li>") == total
        assert 'href="../"' in listing and "Zurück zu „Ziel" in listing
        blocks[name] = len(block)
    assert blocks["ziel-a"] == blocks["ziel-b"]  # the page does not grow with its backlinks


def test_ten_backlinks_or_fewer_need_no_listing_page(tmp_path):
    pages = {"artikel/ziel.md": _article("Ziel", "Kaffee")}
    for k in range(10):
        pages[f"artikel/quelle-{k}.md"] = _article(f"Quelle {k}", "Siehe [Ziel](ziel.md).")
    site = tmp_path / "site"
    assert run_build(make_project(tmp_path, pages), site).returncode == 0
    html = (site / "artikel/ziel/index.html").read_text("utf-8")
    assert len(_block(site, "artikel/ziel.md", "backlinks")) == 10
    assert "erwaehnt-in" not in html and not (site / "artikel/ziel/erwaehnt-in").exists()
