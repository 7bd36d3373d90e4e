"""Command line: related files of any folder of Markdown, as JSON.

``PYTHONPATH=hooks python -m kb.related_cli DIR [--top K] [--lang de] [--quiet]``

Reads every ``*.md`` below DIR (front matter may hold only ``title``),
and prints ``{"relative/path.md": [{"path": …, "score": …, "reasons": […]}, …]}``
to stdout: keys and paths relative to DIR. Progress (files read, time taken)
goes to stderr unless ``--quiet``, so ``… > out.json`` is always valid JSON.
Files named ``x.<lang>.md`` belong to that language, all others to German;
only the files of ``--lang`` are compared. If DIR has an ``artikel/`` folder
(like this site's docs/), only the files below it are compared, and the
others count as linking pages, exactly as in the build: same core
(:func:`kb.related.compute`), same results.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kb import catalog, related


def load(root: Path) -> catalog.Catalog:
    """The catalogue of every Markdown file below ``root`` (nothing validated)."""
    files = sorted((p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*.md"))
    has_articles = any(path.startswith(catalog.ARTICLE_DIR) for path, _ in files)
    topics: set[str] = set()
    series: dict[str, int] = {}
    from kb import frontmatter
    for path, data in files:
        if b"topic:" not in data and b"series:" not in data:
            continue  # nothing to declare: the catalogue parses the front matter once, below
        text, _ = frontmatter.decode(path, data)
        meta = frontmatter.split(path, text).meta if text is not None else {}
        if isinstance(meta.get("topic"), str):
            topics.add(meta["topic"])
        if isinstance(meta.get("series"), str):
            series[meta["series"]] = 10_000
    cat, _problems = catalog.build(files, topics=sorted(topics), series=series)
    if not has_articles:
        for page in cat.pages.values():
            page.is_article = True
    return cat


def run(root: Path, lang: str = "de", top: int = 5, progress=None) -> tuple[dict, list]:
    """The related lists of ``root`` in ``lang`` (JSON shape) and the override problems.

    ``progress`` (optional) is called with one line of text after each stage.
    """
    started = time.perf_counter()
    cat = load(root)
    docs, links, problems = related.from_pages(cat.pages.values(), lang)
    if progress:
        progress(f"read {len(cat.pages)} files, {len(docs)} to compare ({lang}) "
                 f"in {time.perf_counter() - started:.1f} s")
    settings = related.Settings(top=top)
    result = related.as_json(related.compute(docs, lang, links, settings))
    if progress:
        progress(f"related lists of {len(result)} files in {time.perf_counter() - started:.1f} s")
    return result, problems


def dumps(result: dict) -> str:
    """``result`` as JSON text, one file's list per line (the C encoder: ``indent`` would take the slow one)."""
    if not result:
        return "{}\n"
    lines = (f"  {json.dumps(path, ensure_ascii=False)}: {json.dumps(entries, ensure_ascii=False)}"
             for path, entries in result.items())
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _progress(line: str) -> None:
    """Write one progress line to stderr."""
    print(f"related: {line}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, print the JSON; exit 2 if DIR is no folder."""
    parser = argparse.ArgumentParser(
        prog="python -m kb.related_cli", description="Related files of a folder of Markdown, as JSON on stdout.",
        epilog="Keys and paths are relative to DIR. Example: make related DIR=docs TOP=5 > related.json")
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder of Markdown files (read recursively)")
    parser.add_argument("--top", type=int, default=5, metavar="K",
                        help="at most K related files per file (default 5)")
    parser.add_argument("--lang", default="de", choices=catalog.LANGS,
                        help="compare the files of this language: x.en.md is English, x.md German (default de)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        parser.error(f"{args.dir} is not a folder")
    if args.top < 1:
        parser.error("--top must be at least 1")
    result, problems = run(args.dir, args.lang, args.top, None if args.quiet else _progress)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    try:
        sys.stdout.write(dumps(result))
        sys.stdout.flush()
    except BrokenPipeError:  # piped into head: not an error of ours
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
