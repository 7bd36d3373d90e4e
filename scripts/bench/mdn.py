"""The real corpus for ``make bench CORPUS=mdn``: the German MDN, imported as a contributor would.

Unpacks ``shared/eval/mdn-de/corpus.tar.gz`` (found by :mod:`scripts.shared_data`)
into a folder outside the repository, imports it with ``make import``'s own
code (:mod:`kb.import_cli`) below ``docs/artikel/mdn/`` under the topic
:data:`TOPIC`, and writes beside it the same three configurations as the
generated corpus (scripts/bench/corpus.py): ours, ours with timed hooks, and
plain Material on the same pages.

    python -m scripts.bench.mdn --out /tmp/kb-bench-mdn/project
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tarfile
from pathlib import Path

from scripts.bench import corpus
from scripts.shared_data import shared_file

ROOT = Path(__file__).resolve().parents[2]
#: The topic the MDN pages are imported under, declared in the bench's mkdocs.yml.
TOPIC = "Webentwicklung"
TOPIC_DECL = "      Webentwicklung:\n        slug: webentwicklung\n        en: Web development\n"
DEST = "artikel/mdn"
#: The corpus archive and the shared queries, below the shared folder.
MDN_CORPUS = ("eval", "mdn-de", "corpus.tar.gz")
MDN_QUERIES = ("eval", "mdn-de", "suchanfragen.tsv")


def with_topic(config: str) -> str:
    """``mkdocs.yml`` with :data:`TOPIC` declared under ``extra.kb.topics``."""
    match = re.search(r"^    topics:[ \t]*\n", config, re.M)
    if not match:
        raise SystemExit("mkdocs.yml has no 'extra.kb.topics:' block to extend")
    return config[: match.end()] + TOPIC_DECL + config[match.end():]


def unpack(archive: Path, target: Path) -> int:
    """Unpack the corpus archive into ``target`` (emptied first); return its number of pages."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return sum(1 for _ in target.rglob("*.md"))


def write_project(out: Path, archive: Path | None = None, *, template_root: Path = ROOT) -> dict:
    """Write the bench project into ``out`` (the corpus unpacked into ``out/source``); return a summary."""
    archive = archive or shared_file(*MDN_CORPUS)
    if archive is None:
        raise SystemExit("bench: the MDN corpus is not on this machine (shared/eval/mdn-de/corpus.tar.gz; "
                         "set KB_SHARED to the shared folder)")
    corpus.copy_skeleton(out, template_root)
    source = out / "source"
    pages = unpack(archive, source)
    config = with_topic((template_root / "mkdocs.yml").read_text("utf-8"))
    (out / "mkdocs.yml").write_text(config, "utf-8")
    (out / "mkdocs-plain.yml").write_text(corpus.plain_config(config), "utf-8")
    (out / "mkdocs-timed.yml").write_text(corpus.timed_config(out, config), "utf-8")
    sys.path.insert(0, str(template_root / "hooks"))
    from kb import import_cli  # the code of `make import`, from the hooks of the tree being measured

    report = io.StringIO()
    code = import_cli.run(source, out / "docs", TOPIC, DEST, [TOPIC], err=report)
    (out / "import.log").write_text(report.getvalue(), "utf-8")
    if code != 0:
        sys.stderr.write(report.getvalue()[-4000:])
        raise SystemExit(f"bench: the import failed (exit code {code}; log: {out / 'import.log'})")
    corpus.write_plain_docs(out)
    imported = sum(1 for _ in (out / "docs" / DEST).rglob("*.md"))
    return {"source_pages": pages, "imported": imported,
            "import_summary": report.getvalue().strip().splitlines()[-1]}


def expected_pages(project: Path) -> dict[str, int]:
    """Article pages the site should have, per language (every Markdown file below docs/artikel/)."""
    files = list((project / "docs" / "artikel").rglob("*.md"))
    english = sum(1 for p in files if p.name.endswith(".en.md"))
    return {"de": len(files) - english, "en": english}


def built_pages(site: Path) -> dict[str, list[Path]]:
    """The article pages of a built site, per language (every ``index.html`` below ``artikel/``)."""
    return {"de": sorted((site / "artikel").rglob("index.html")),
            "en": sorted((site / "en" / "artikel").rglob("index.html"))}


def lost_pages(project: Path, site: Path) -> int:
    """Article pages missing from ``site`` (both languages)."""
    expected, built = expected_pages(project), built_pages(site)
    return sum(max(0, expected[lang] - len(built[lang])) for lang in expected)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the MDN bench project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    summary = write_project(args.out)
    print("mdn: " + " ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
