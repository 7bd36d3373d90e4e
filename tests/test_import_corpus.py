"""``make import`` on the shared MDN corpus (14,593 pages): nothing lost, links kept, every page builds.

The whole corpus is planned in memory (kb.importer.plan); a sample of it,
with every file that needs a rename and the pages beside them, is written by
the command line into a project and built strictly: every imported file must
give one page. The full corpus is built by ``make bench CORPUS=mdn``, which
reports ``lost_pages``. Skipped when the shared folder is not on the machine.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import HOOKS, ROOT, make_project, run_build
from kb import catalog, frontmatter, importer

sys.path.insert(0, str(ROOT))
from scripts.bench import mdn  # noqa: E402

ARCHIVE = mdn.shared_file(*mdn.MDN_CORPUS)
pytestmark = pytest.mark.skipif(ARCHIVE is None, reason="shared/eval/mdn-de/corpus.tar.gz is not on this machine")
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """Every page of the corpus: ``{path: text}``."""
    out = {}
    with tarfile.open(ARCHIVE) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".md"):
                out[posixpath.normpath(member.name)] = tar.extractfile(member).read().decode("utf-8")
    return out


@pytest.fixture(scope="module")
def planned(sources) -> importer.Plan:
    """The import of the whole corpus below ``artikel/mdn``."""
    return importer.plan(sources, topic="Webentwicklung", dest="artikel/mdn")


def test_every_page_is_imported(sources, planned):
    assert len(sources) == 14593
    assert len(planned.files) == len(sources) and not planned.skipped and not planned.conflicts


def test_no_two_pages_share_a_url(planned):
    urls = [catalog.url_key(p) for p in planned.files]
    assert len(set(urls)) == len(urls)


def test_no_file_name_reads_as_a_language(planned):
    assert [p for p in planned.files if catalog.locale_suffix(posixpath.basename(p)[:-3])] == []


def test_the_sixteen_vanishing_pages_are_renamed(planned):
    assert len(planned.renamed) == 16
    assert planned.renamed["web/javascript/reference/statements/for...of.md"] == \
        "artikel/mdn/web/javascript/reference/statements/for-of.md"
    assert planned.renamed["web/api/gamepad/index.md"] == "artikel/mdn/web/api/gamepad/index-2.md"


def test_every_relative_link_points_at_an_imported_page(planned):
    broken = []
    for path, text in planned.files.items():
        for target in LINK.findall(text.split("\n---\n", 1)[1]):
            if "://" not in target and posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) \
                    not in planned.files:
                broken.append((path, target))
    assert broken == []


def test_titles_are_kept_as_written(sources, planned):
    source_title = importer.split_front(sources["web/html/reference/elements/video.md"])[0]["title"]
    meta = importer.split_front(planned.files["artikel/mdn/web/html/reference/elements/video.md"])[0]
    assert meta["title"] == source_title == "<video> HTML-Videoeinbettungselement"


def test_every_description_passes_the_front_matter_check(planned):
    """The front matter of every imported page passes the build's own check, warnings included."""
    bad = []
    for path, text in planned.files.items():
        meta = importer.split_front(text)[0]
        _clean, problems = frontmatter.check(path, meta, is_article=True, lang="de",
                                             topics=["Webentwicklung"], series={})
        if not meta["description"] or '"' in meta["description"] or problems:
            bad.append((path, meta["description"], [str(p) for p in problems]))
    assert bad == []


def _sample(sources: dict[str, str], planned: importer.Plan) -> list[str]:
    """The renamed files, the section pages beside them, every 500th page, and the page whose
    title is ``<video> HTML-Videoeinbettungselement`` (text, escaped by the build)."""
    chosen = set(planned.renamed)
    chosen |= {posixpath.dirname(p) + ".md" for p in planned.renamed if p.endswith("/index.md")}
    chosen |= set(sorted(sources)[::500]) | {"web/html/reference/elements/video.md"}
    return sorted(p for p in chosen if p in sources)


def test_sample_builds_with_one_page_per_file(tmp_path, sources, planned):
    sample = _sample(sources, planned)
    src = tmp_path / "src"
    for rel in sample:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(sources[rel], "utf-8")
    config = mdn.with_topic((ROOT / "mkdocs.yml").read_text("utf-8"))
    project = make_project(tmp_path, config_text=config)
    imported = subprocess.run([sys.executable, "-m", "kb.import_cli", str(src), "--topic", mdn.TOPIC,
                               "--dest", "artikel/mdn"], cwd=project, capture_output=True, text=True,
                              env={"PYTHONPATH": str(HOOKS), "PATH": "/usr/bin:/bin"})
    assert imported.returncode == 0, imported.stderr
    result = run_build(project, tmp_path / "site", env={"KB_ONLY_LOCALE": "de"})
    assert result.returncode == 0, result.stderr[-3000:]
    built = list((tmp_path / "site" / "artikel" / "mdn").rglob("index.html"))
    assert len(built) == len(sample) > 40
