"""``make bench CORPUS=mdn``'s own parts: the topic it declares, the pages it counts, the lines it reads."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts import shared_data  # noqa: E402
from scripts.bench import mdn, run  # noqa: E402

from kb.new_article import site_topics  # noqa: E402


def test_with_topic_declares_the_mdn_topic(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(mdn.with_topic((ROOT / "mkdocs.yml").read_text("utf-8")), "utf-8")
    assert site_topics(config)[0] == mdn.TOPIC
    assert "Autohandel" in site_topics(config)


def _touch(path: Path) -> None:
    """An empty file, with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", "utf-8")


def test_lost_pages_counts_articles_without_a_built_page(tmp_path):
    project, site = tmp_path / "project", tmp_path / "site"
    for rel in ("a.md", "b/c.md", "b.md", "d.en.md"):
        _touch(project / "docs" / "artikel" / rel)
    for rel in ("artikel/a/index.html", "artikel/b/index.html", "en/artikel/d/index.html"):
        _touch(site / rel)
    assert mdn.expected_pages(project) == {"de": 3, "en": 1}
    assert mdn.lost_pages(project, site) == 1


def test_warning_count_reads_mkdocs_warning_lines():
    log = "INFO    -  Building\nWARNING -  Doc file 'x.md' contains a link\nbench-debug WARNING x\n"
    assert run.warning_count(log) == 1


def test_shared_folder_comes_from_kb_shared(tmp_path, monkeypatch):
    (tmp_path / "eval" / "mdn-de").mkdir(parents=True)
    (tmp_path / "eval" / "mdn-de" / "corpus.tar.gz").write_bytes(b"")
    monkeypatch.setenv("KB_SHARED", str(tmp_path))
    assert shared_data.shared_file(*mdn.MDN_CORPUS) == tmp_path / "eval" / "mdn-de" / "corpus.tar.gz"


def test_unpack_counts_the_pages(tmp_path):
    import tarfile
    source = tmp_path / "src"
    _touch(source / "web" / "a.md")
    _touch(source / "web.md")
    archive = tmp_path / "c.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source / "web", arcname="web")
        tar.add(source / "web.md", arcname="web.md")
    assert mdn.unpack(archive, tmp_path / "out") == 2
