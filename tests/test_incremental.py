"""Equivalence: edits replayed through the incremental path (``mkdocs serve --dirty``) give
the same site, file by file, as a clean full build of the final sources."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, make_project, run_build
from incremental_replay import URL

REPLAY = Path(__file__).with_name("incremental_replay.py")


def _files(site: Path) -> set[str]:
    """Every file below ``site``, relative to it."""
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def _replay(project: Path, site: Path, edits: list[dict], tmp: Path) -> list[dict]:
    """Run the edits through the incremental path in a fresh process; its JSON lines."""
    script = tmp / "edits.json"
    script.write_text(json.dumps(edits), "utf-8")
    result = subprocess.run([sys.executable, str(REPLAY), str(project), str(site), str(script)],
                            capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _assert_same_site(incremental: Path, project: Path, tmp: Path) -> None:
    """A clean full build of ``project`` equals ``incremental`` file by file."""
    full = tmp / "full"
    result = run_build(project, full, strict=False, env={"KB_SITE_URL": URL})
    assert result.returncode == 0, result.stderr[-3000:]
    inc_files, full_files = _files(incremental), _files(full)
    assert sorted(inc_files - full_files) == [], "left behind by the incremental path"
    assert sorted(full_files - inc_files) == [], "missing from the incremental path"
    differ = [name for name in sorted(full_files)
              if not filecmp.cmp(incremental / name, full / name, shallow=False)]
    assert differ == []


def _article_edits(body: str, title: str, new_from: str, deleted: list[str],
                   renamed: list[tuple[str, str]]) -> list[dict]:
    """One edit of each kind: body, title, new article, deleted article, rename."""
    return [
        {"op": "append", "path": body, "text": "Ein Absatz, der beim Bearbeiten hinzukam."},
        {"op": "title", "path": title, "suffix": " (überarbeitet)"},
        {"op": "copy", "from": new_from, "to": "artikel/ein-neuer-beitrag.md"},
        {"op": "title", "path": "artikel/ein-neuer-beitrag.md", "suffix": " – neu"},
        *({"op": "delete", "path": path} for path in deleted),
        *({"op": "rename", "from": old, "to": new} for old, new in renamed),
    ]


def test_edits_on_the_real_site_give_the_full_build(tmp_path):
    """Body, title, new, deleted and renamed articles of docs/, each rebuilt incrementally."""
    project = make_project(tmp_path, keep_docs=True)
    site = tmp_path / "incremental"
    edits = _article_edits(
        body="artikel/marketing-vs-social-media.md",
        title="artikel/social-media-fuer-autohaeuser.md",
        new_from="artikel/social-media-fuer-autohaeuser.md",
        deleted=["artikel/social-media-in-der-b2b-kommunikation.md",
                 "artikel/social-media-in-der-b2b-kommunikation.en.md"],
        renamed=[("artikel/marketing-vs-social-media.md", "artikel/marketing-und-social-media.md"),
                 ("artikel/marketing-vs-social-media.en.md", "artikel/marketing-und-social-media.en.md")])
    builds = _replay(project, site, edits, tmp_path)
    assert len(builds) == len(edits) + 1
    _assert_same_site(site, project, tmp_path)


def test_edits_on_a_generated_corpus_give_the_full_build(tmp_path):
    """The same kinds of edit on a generated corpus with series, tags and English articles."""
    sys.path.insert(0, str(ROOT))
    try:
        from scripts.bench import corpus
    finally:
        sys.path.remove(str(ROOT))
    project = tmp_path / "corpus"
    corpus.write_project(project, 40, seed=5)
    docs = project / "docs"
    plain = sorted(p.name for p in (docs / "artikel").glob("*.md")
                   if not p.name.endswith(".en.md") and "\nseries:" not in p.read_text("utf-8"))
    with_en = [n for n in plain if (docs / "artikel" / (n[:-3] + ".en.md")).exists()]
    german_only = [n for n in plain if n not in with_en]
    assert len(german_only) >= 4 and with_en
    gone = with_en[0]
    edits = _article_edits(
        body=f"artikel/{german_only[0]}", title=f"artikel/{german_only[1]}",
        new_from=f"artikel/{german_only[2]}",
        deleted=[f"artikel/{gone}", f"artikel/{gone[:-3]}.en.md"],
        renamed=[(f"artikel/{german_only[3]}", "artikel/umbenannt.md")])
    _replay(project, tmp_path / "incremental", edits, tmp_path)
    _assert_same_site(tmp_path / "incremental", project, tmp_path)


def test_a_german_edit_leaves_the_english_search_index_alone(tmp_path):
    """After a German body edit the English Pagefind index and search files are the previous
    build's (not written again), the German ones are new, and the site equals a full build."""
    project = make_project(tmp_path, keep_docs=True)
    site = tmp_path / "incremental"
    edits = [{"op": "append", "path": "artikel/marketing-vs-social-media.md",
              "text": "Ein Absatz, der nur die deutsche Suche betrifft."}]
    builds = _replay(project, site, edits, tmp_path)
    second = builds[1]["started_ns"]
    english = [site / "en" / "pagefind" / "pagefind-entry.json", site / "en" / "search" / "records.jsonl"]
    german = [site / "pagefind" / "pagefind-entry.json", site / "search" / "records.jsonl"]
    assert [p.stat().st_mtime_ns < second for p in english] == [True, True]
    assert [p.stat().st_mtime_ns > second for p in german] == [True, True]
    _assert_same_site(site, project, tmp_path)
