"""`make new`: slug, the two stubs, their validity, no overwriting."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT
from kb import catalog, new_article

TOPICS = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]


@pytest.mark.parametrize("title,slug", [
    ("Social Media im Autohaus", "social-media-im-autohaus"),
    ("Größe, Übermut & Ärger", "groesse-uebermut-aerger"),
    ("Straße  –  „Zitat“: Teil 2", "strasse-zitat-teil-2"),
    ("Café Crème", "cafe-creme"),
])
def test_slug_is_german_lowercase_with_hyphens(title, slug):
    assert new_article.slugify(title) == slug


def test_creates_german_article_and_english_stub(tmp_path):
    written = new_article.create(tmp_path, "Über Blogs", "Autohandel", TOPICS)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "artikel/ueber-blogs.md", "artikel/ueber-blogs.en.md"]


def test_stubs_have_no_errors_only_todo_warnings(tmp_path):
    new_article.create(tmp_path, "Titel: mit Doppelpunkt", "B2B-Kommunikation", TOPICS)
    files = [(p.relative_to(tmp_path).as_posix(), p.read_bytes()) for p in tmp_path.rglob("*.md")]
    cat, problems = catalog.build(files, topics=TOPICS, series={})
    assert [p for p in problems if p.severity == "error"] == []
    assert cat.pages["artikel/titel-mit-doppelpunkt.md"].title == "Titel: mit Doppelpunkt"
    assert cat.pages["artikel/titel-mit-doppelpunkt.en.md"].topic == "B2B-Kommunikation"
    assert {p.field for p in problems} >= {"description", "translation_of"}


def test_refuses_to_overwrite(tmp_path):
    new_article.create(tmp_path, "Doppelt", "Autohandel", TOPICS)
    german = tmp_path / "artikel" / "doppelt.md"
    german.write_text("mein Text", "utf-8")
    with pytest.raises(ValueError, match="already exists"):
        new_article.create(tmp_path, "Doppelt", "Autohandel", TOPICS)
    assert german.read_text("utf-8") == "mein Text"


def test_unknown_topic_is_refused(tmp_path):
    with pytest.raises(ValueError, match="is not a topic"):
        new_article.create(tmp_path, "X", "Autohäuser", TOPICS)
    assert not (tmp_path / "artikel").exists()


def test_topics_come_from_mkdocs_yml():
    assert new_article.site_topics(ROOT / "mkdocs.yml") == TOPICS


def test_make_new_target_writes_into_docs(tmp_path):
    """`make new` itself, run against a copy of the Makefile, hooks and config."""
    for name in ("Makefile", "mkdocs.yml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "hooks").symlink_to(ROOT / "hooks")
    import sys

    result = subprocess.run(["make", "-s", "new", "TITLE=Mein Beitrag", "TOPIC=Autohandel",
                             f"PYTHON={sys.executable}", "VENV=/nonexistent"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs" / "artikel" / "mein-beitrag.md").is_file()
    again = subprocess.run(["make", "-s", "new", "TITLE=Mein Beitrag", f"PYTHON={sys.executable}",
                            "VENV=/nonexistent"], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode != 0
    assert "already exists" in again.stderr
