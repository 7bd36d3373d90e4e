"""``make translations``: record which German text each English article translates.

Usage (from the repository root)::

    PYTHONPATH=hooks python -m kb.translations_cli            # record missing hashes
    PYTHONPATH=hooks python -m kb.translations_cli --confirm docs/artikel/x.en.md
    PYTHONPATH=hooks python -m kb.translations_cli --check    # change nothing, exit 1 if not current

Without ``--confirm`` only English articles that have no ``translation_of``
yet get one (a new translation); an outdated translation is listed, never
silently marked current: after updating it, confirm it by name. Only the
``translation_of`` line of the English file is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import catalog, frontmatter, translations


def english_articles(docs: Path) -> list[Path]:
    """Every translated article below ``docs`` (``artikel/*.<lang>.md``, not German)."""
    found = []
    for path in sorted((docs / catalog.ARTICLE_DIR).rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if catalog.split_lang(rel)[1] != catalog.DEFAULT_LANG:
            found.append(path)
    return found


def read(path: Path, rel: str) -> tuple[str | None, frontmatter.Parsed | None, str | None]:
    """Decode and split ``path``; return (text, parsed, error message)."""
    text, problems = frontmatter.decode(rel, path.read_bytes())
    if text is None:
        return None, None, str(problems[0])
    parsed = frontmatter.split(rel, text)
    if parsed.problems:
        return text, None, str(parsed.problems[0])
    return text, parsed, None


def run(docs: Path, confirm: list[str], check: bool, out=sys.stdout) -> int:
    """Update (or with ``check`` only inspect) every English article; return the exit code.

    1 if a file could not be read or has no German original, and with
    ``check`` also if a hash is missing or outdated; else 0.
    """
    confirm_set = {Path(c).resolve() for c in confirm}
    unknown = [c for c in confirm if not Path(c).is_file()]
    if unknown:
        print(f"no such file: {', '.join(unknown)}", file=out)
        return 2
    failed = pending = False
    for path in english_articles(docs):
        rel = path.relative_to(docs).as_posix()
        shown = f"{docs.name}/{rel}"
        key, _ = catalog.split_lang(rel)
        text, parsed, error = read(path, rel)
        original = docs / key
        if error:
            print(f"{shown}: skipped: {error}", file=out)
            failed = True
            continue
        if not original.is_file():
            print(f"{shown}: skipped: no German original {docs.name}/{key}", file=out)
            failed = True
            continue
        _, german, error = read(original, key)
        if error:
            print(f"{shown}: skipped: {error}", file=out)
            failed = True
            continue
        current = translations.content_hash(german.body)
        recorded = parsed.meta.get("translation_of")
        if recorded == current:
            print(f"{shown}: up to date ({current})", file=out)
            continue
        if recorded and path.resolve() not in confirm_set:
            print(f"{shown}: MAY BE OUTDATED: {key} changed ({recorded} → {current}); update the "
                  f"translation, then run `make translations CONFIRM={shown}`", file=out)
            pending = True
            continue
        if check:
            print(f"{shown}: translation_of {'missing' if not recorded else 'outdated'}", file=out)
            pending = True
            continue
        path.write_text(translations.set_translation_of(text, current), "utf-8", newline="\n")
        print(f"{shown}: recorded translation_of: {current}", file=out)
    return 1 if failed or (check and pending) else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="make translations", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="docs", help="the docs directory (default: docs)")
    parser.add_argument("--confirm", nargs="*", default=[], metavar="FILE",
                        help="English articles whose translation you brought up to date")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 unless all are current")
    args = parser.parse_args(argv)
    confirm = [c for item in args.confirm for c in item.split()]
    return run(Path(args.docs), confirm, args.check)


if __name__ == "__main__":
    sys.exit(main())
