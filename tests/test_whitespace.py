"""hooks/whitespace.py: the same site in fewer bytes (the real site built with and without it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_build

SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def _build(tmp_path_factory, name: str, hook: bool) -> Path:
    """The real site, built strictly with or without the whitespace hook."""
    tmp = tmp_path_factory.mktemp(name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if not hook:
        config = config.replace("  - hooks/whitespace.py\n", "")
    project = make_project(tmp, keep_docs=True, config_text=config)
    result = run_build(project, tmp / "site", env={"KB_RENDER_INLINE": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(with the hook, without it)."""
    return _build(tmp_path_factory, "trimmed", True), _build(tmp_path_factory, "plain", False)


def _pages(site: Path) -> list[str]:
    """Every HTML file of ``site``, relative."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _text(html: str) -> str:
    """The visible text, whitespace runs as one space (no tag boundary adds one)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", SCRIPT.sub("", html))).strip()


def _tags(html: str) -> list[str]:
    """Every tag with its attributes, whitespace runs as one space."""
    return [re.sub(r"\s+", " ", t).replace(" >", ">") for t in re.findall(r"<[^>]+>", SCRIPT.sub("", html))]


def test_the_same_pages(sites):
    assert _pages(sites[0]) == _pages(sites[1])


def test_the_same_text_tags_and_scripts(sites):
    for rel in _pages(sites[0]):
        new, old = ((s / rel).read_text("utf-8") for s in sites)
        assert _text(new) == _text(old), rel
        assert _tags(new) == _tags(old), rel
        assert [m.group(0) for m in SCRIPT.finditer(new)] == [m.group(0) for m in SCRIPT.finditer(old)], rel


def test_article_pages_are_smaller(sites):
    rel = "artikel/marketing-vs-social-media/index.html"
    new, old = ((s / rel).stat().st_size for s in sites)
    assert new < old * 0.95
