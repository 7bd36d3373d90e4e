"""The benchmark's corpus generator: deterministic, and a 30-article corpus builds strictly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build

sys.path.insert(0, str(ROOT))
from scripts.bench import corpus  # noqa: E402

from kb import frontmatter  # noqa: E402


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _generated(project: Path) -> list[Path]:
    return sorted(p for p in (project / "docs" / "artikel").glob("*-[0-9][0-9][0-9][0-9][0-9]*.md"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A 30-article corpus (seed 11)."""
    out = tmp_path_factory.mktemp("corpus") / "project"
    corpus.write_project(out, 30, seed=11)
    return out


def test_same_seed_writes_the_same_bytes(project, tmp_path):
    again = tmp_path / "again"
    corpus.write_project(again, 30, seed=11)
    assert _tree(again) == _tree(project)


def test_another_seed_writes_other_articles(project, tmp_path):
    other = tmp_path / "other"
    corpus.write_project(other, 30, seed=12)
    assert [p.read_bytes() for p in _generated(other)] != [p.read_bytes() for p in _generated(project)]


def test_counts_german_articles_including_the_real_ones(project):
    german = [p for p in (project / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md")]
    assert len(german) == 30


def test_front_matter_passes_the_schema(project):
    generated = [p for p in _generated(project) if not p.name.endswith(".en.md")]
    _, series = corpus.plan(len(generated), seed=11)  # what write_project generated
    declared = {s.slug: s.parts for s in series}
    for path in _generated(project):
        text = path.read_text("utf-8")
        parsed = frontmatter.split(path.name, text)
        lang = "en" if path.name.endswith(".en.md") else "de"
        _, problems = frontmatter.check(path.name, parsed.meta, is_article=True, lang=lang,
                                        topics=corpus.TOPICS, series=declared)
        assert parsed.problems == [] and problems == [], path


def test_articles_have_umlauts_links_and_comments(project):
    texts = [p.read_text("utf-8") for p in _generated(project) if not p.name.endswith(".en.md")]
    assert any(re.search(r"[äöüß]", t) for t in texts)
    assert any(re.search(r"\]\([a-z0-9-]+\.md\)", t) for t in texts)
    assert any("## Kommentare aus dem Original" in t for t in texts)
    assert any("date:" not in t.split("---")[1] for t in texts)


def test_some_articles_have_an_english_twin(project):
    english = [p for p in _generated(project) if p.name.endswith(".en.md")]
    assert 0 < len(english) < 30
    for path in english:
        assert path.with_name(path.name[:-6] + ".md").exists()
        assert "translation_of:" in path.read_text("utf-8")


def test_series_are_declared_in_the_generated_config():
    specs, series = corpus.plan(300, seed=5)
    text = corpus.our_config((ROOT / "mkdocs.yml").read_text("utf-8"), series)
    assert series and all(f"      {s.slug}:\n" in text for s in series)
    for s in series:
        members = [x for x in specs if x.series == s.slug]
        assert sorted(x.series_part for x in members) == [p for p in range(1, s.parts + 1) if p not in s.missing]
        assert len({x.english for x in members}) == 1  # translated whole or not at all


def test_corpus_builds_strictly(project, tmp_path):
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site" / "artikel").glob("*/index.html"))
    assert len(pages) == 30


def test_plain_material_variant_builds_strictly(project, tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-plain.yml", "-d", str(site)],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (site / "search" / "search_index.json").exists()


def test_a_thousand_articles_have_a_thousand_titles_in_each_language():
    """The bench's 1k corpus builds under --strict, which refuses two articles with one title."""
    specs, _ = corpus.plan(1000, 7)
    assert len({s.title for s in specs}) == 1000
    assert len({s.title_en for s in specs}) == 1000
