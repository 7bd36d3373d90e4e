"""``make import SRC=DIR TOPIC=… [DEST=artikel/…]``: import a folder of Markdown files.

Usage (from the repository root)::

    PYTHONPATH=hooks python -m kb.import_cli SRC --topic Webentwicklung [--dest artikel/mdn]

Reads every file below ``SRC``, plans the import with :func:`kb.importer.plan`
and writes the articles below ``docs/<DEST>/``. What it changed (renamed
files, derived descriptions, dropped fields, links that became text) and what
it could not import go to stderr, one line each, with a summary at the end.
An existing file is never overwritten: if any target exists, nothing is
written and the exit code is 1. An unknown topic (not in ``extra.kb.topics``)
is refused the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import importer
from kb.new_article import site_topics


def read_sources(src: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """The Markdown files below ``src`` as ``{relative path: text}``, the other files'
    relative paths, and the Markdown files that are not UTF-8 (hidden files are left out)."""
    sources: dict[str, str] = {}
    assets: list[str] = []
    unreadable: list[str] = []
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if not rel.endswith(".md"):
            assets.append(rel)
            continue
        try:
            sources[rel] = path.read_text("utf-8")
        except UnicodeDecodeError as exc:
            unreadable.append(f"{rel}: is not UTF-8 (byte {exc.object[exc.start]:#04x} at offset "
                              f"{exc.start}); save it as UTF-8")
    return sources, assets, unreadable


def existing_files(docs: Path) -> list[str]:
    """Every file already below ``docs`` (paths relative to it)."""
    return [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]


def run(src: Path, docs: Path, topic: str, dest: str, topics: list[str], err=sys.stderr) -> int:
    """Import ``src`` into ``docs/<dest>``; report to ``err``; return the exit code."""
    if not src.is_dir():
        print(f"make import: SRC={src} is not a folder", file=err)
        return 2
    if topic not in topics:
        print(f"make import: TOPIC={topic!r} is not declared in mkdocs.yml (extra.kb.topics: "
              f"{', '.join(topics)}); declare it there first", file=err)
        return 2
    dest = dest.strip("/")
    if not (dest == "artikel" or dest.startswith("artikel/")):
        print(f"make import: DEST={dest} is not below artikel/ (articles live in docs/artikel/)", file=err)
        return 2
    sources, assets, unreadable = read_sources(src)
    result = importer.plan(sources, topic=topic, dest=dest, existing=existing_files(docs), assets=assets)
    for line in result.changes:
        print(f"changed: {line}", file=err)
    for line in unreadable + result.skipped:
        print(f"not imported: {line}", file=err)
    if result.conflicts:
        for path in result.conflicts:
            print(f"exists: docs/{path}", file=err)
        print(f"make import: {len(result.conflicts)} target(s) exist already; nothing written "
              f"(choose another DEST=artikel/…)", file=err)
        return 1
    for path, text in result.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
    for path, source in result.assets.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:
            fh.write((src / source).read_bytes())
    not_imported = len(unreadable) + len(result.skipped)
    print(f"make import: {len(result.files)} article(s) and {len(result.assets)} other file(s) "
          f"written to docs/{dest}/, "
          f"{len(result.renamed)} renamed, {len(result.changes)} change(s) reported, "
          f"{not_imported} file(s) not imported", file=err)
    return 1 if not_imported else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="make import", description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--dest", default="artikel")
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    return run(args.src, args.docs, args.topic, args.dest, site_topics(args.config))


if __name__ == "__main__":
    sys.exit(main())
