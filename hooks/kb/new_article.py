"""``make new TITLE="…" [TOPIC=…]``: start a German article and its English stub.

Usage (from the repository root)::

    PYTHONPATH=hooks python -m kb.new_article --title "Social Media im Autohaus" --topic Autohandel

Writes ``docs/artikel/<slug>.md`` and ``docs/artikel/<slug>.en.md`` with valid
front matter. Every text the author still has to write starts with ``TODO``:
the validator warns about it, so ``make serve`` shows the page (with a
warning) while the strict build (``make build``, CI) refuses to publish a
forgotten stub. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from kb import catalog, german


def slugify(title: str) -> str:
    """German URL slug: umlauts → ae/oe/ue/ss, other accents dropped, lowercase, hyphens."""
    return german.slug(title)


def _yaml_string(value: str) -> str:
    """``value`` as a one-line YAML scalar (quoted when YAML needs it)."""
    return yaml.safe_dump(value, allow_unicode=True, default_style=None, width=10_000).strip().removesuffix("\n...").strip()


def german_stub(title: str, topic: str) -> str:
    """The German article's Markdown: front matter with TODO placeholders, TODO body."""
    return (
        "---\n"
        f"title: {_yaml_string(title)}\n"
        "description: \"TODO: Worum geht es? Ein bis zwei Sätze für Übersichten und Suchmaschinen.\"\n"
        f"topic: {_yaml_string(topic)}\n"
        "tags: []\n"
        "---\n"
        "\n"
        "TODO: Text des Beitrags. Siehe CONTRIBUTING.md für alle Felder (Datum, Serie, Quelle …).\n"
    )


def english_stub(title: str, topic: str) -> str:
    """The English stub: same topic, TODO title, description and body."""
    return (
        "---\n"
        f"title: {_yaml_string('TODO: English title of „' + title + '“')}\n"
        "description: \"TODO: What is it about? One or two sentences for listings and search engines.\"\n"
        f"topic: {_yaml_string(topic)}\n"
        "tags: []\n"
        "---\n"
        "\n"
        "TODO: Translate the German article. Then run `make translations`.\n"
    )


def create(docs: Path, title: str, topic: str, topics: list[str]) -> list[Path]:
    """Write both files below ``docs``; raise ``ValueError`` with the reason if impossible."""
    title = title.strip()
    if not title:
        raise ValueError('TITLE is empty; use make new TITLE="Titel des Beitrags"')
    if topic not in topics:
        raise ValueError(f"TOPIC '{topic}' is not a topic; use one of: {', '.join(topics)}")
    slug = slugify(title)
    if not slug:
        raise ValueError(f"TITLE '{title}' gives no file name; use letters or digits")
    folder = docs / catalog.ARTICLE_DIR
    german = folder / f"{slug}.md"
    english = folder / catalog.localized_path(f"{slug}.md", "en")
    existing = [p for p in (german, english) if p.exists()]
    if existing:
        raise ValueError(f"{', '.join(str(p) for p in existing)} already exists; "
                         "choose another TITLE (nothing was written)")
    folder.mkdir(parents=True, exist_ok=True)
    german.write_text(german_stub(title, topic), "utf-8", newline="\n")
    english.write_text(english_stub(title, topic), "utf-8", newline="\n")
    return [german, english]


def site_topics(config: Path) -> list[str]:
    """The topic names declared in ``mkdocs.yml`` (``extra.kb.topics``)."""

    class _Loader(yaml.SafeLoader):
        """Reads mkdocs.yml, ignoring its ``!ENV`` and ``!!python`` tags."""

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text("utf-8"), Loader=_Loader) or {}
    return list(((data.get("extra") or {}).get("kb") or {}).get("topics") or {})


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print what was written, or why nothing was."""
    parser = argparse.ArgumentParser(prog="make new", description=__doc__.splitlines()[0])
    parser.add_argument("--title", required=True)
    parser.add_argument("--topic", default="")
    parser.add_argument("--docs", default="docs")
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args(argv)
    topics = site_topics(Path(args.config))
    topic = args.topic or (topics[0] if topics else "")
    try:
        written = create(Path(args.docs), args.title, topic, topics)
    except ValueError as exc:
        print(f"make new: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"created {path}")
    if not args.topic:
        print(f"TOPIC not given: topic is '{topic}'; change `topic:` if it belongs elsewhere "
              f"({', '.join(topics)}).")
    print("Next: fill in every TODO, preview with `make serve`; see CONTRIBUTING.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
