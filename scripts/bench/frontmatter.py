"""Time reading and checking front matter: ``python -m scripts.bench.frontmatter DIR [--count N]``.

Reads the headers of the first N Markdown files below DIR (e.g. the MDN corpus
unpacked into /tmp), gives each the fields of an article (description,
topic, three tags, a date on every other one) and times, in alternating
rounds: ``kb.frontmatter.load_fields`` with and without its fast path, and
the field checks of ``kb.frontmatter.check`` against the same fields declared
as a ``mkdocs.config`` schema (the way Material's blog declares its
front matter). Prints medians. Run it under ``flock /tmp/kb-bench.lock``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

from mkdocs.config import base, config_options as c  # noqa: E402

from kb import frontmatter  # noqa: E402

TOPICS = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]


class Schema(base.Config):
    """The article fields as a declared schema."""

    title = c.Type(str)
    description = c.Optional(c.Type(str))
    date = c.Optional(c.Type(dt.date))
    topic = c.Optional(c.Choice(TOPICS))
    tags = c.ListOfItems(c.Type(str), default=[])
    series = c.Optional(c.Type(str))
    series_part = c.Optional(c.Type(int))
    source = c.Optional(c.Type(str))
    related = c.ListOfItems(c.Type(str), default=[])
    related_exclude = c.ListOfItems(c.Type(str), default=[])
    translation_of = c.Optional(c.Type(str))
    template = c.Optional(c.Type(str))
    hide = c.ListOfItems(c.Choice(frontmatter.HIDE_VALUES), default=[])
    status = c.Optional(c.Choice(frontmatter.STATUS_VALUES))
    subtitle = c.Optional(c.Type(str))


def headers(folder: Path, count: int) -> list[str]:
    """The YAML of the first ``count`` headers below ``folder``, extended to article headers."""
    out = []
    for i, path in enumerate(sorted(folder.rglob("*.md"))[:count]):
        match = re.match(r"---\n(.*?\n)---", path.read_text("utf-8"), re.S)
        raw = (match.group(1) if match else "title: x\n").replace("slug:", "source:")
        raw += 'description: "Eine Zusammenfassung in einem Satz, mit „Anführungszeichen“."\ntopic: Autohandel\n'
        raw += f"tags: [Web, API{i % 7}, HTML]\n"
        if i % 2:
            raw += f"date: 20{10 + i % 10}-0{1 + i % 9}-1{i % 9}\n"
        out.append(raw)
    return out


def main() -> None:
    """Time the variants and print their medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    raws = headers(args.folder, args.count)
    metas = [frontmatter.load_fields("a.md", raw)[0] for raw in raws]
    fast = frontmatter._simple_yaml

    def strict_only(raw):
        frontmatter._simple_yaml = lambda text: None
        try:
            return frontmatter.load_fields("a.md", raw)
        finally:
            frontmatter._simple_yaml = fast

    def schema(meta):
        config = Schema()
        config.load_dict(dict(meta))
        return config.validate()

    def checks(meta):
        return frontmatter.check("artikel/a.md", meta, is_article=True, lang="de", topics=TOPICS,
                                 series={"s": 2})

    variants = {
        "load_fields (fast path, else strict)": (lambda raw: frontmatter.load_fields("a.md", raw), raws),
        "load_fields, strict loader only": (strict_only, raws),
        "kb.frontmatter.check": (checks, metas),
        "mkdocs.config schema": (schema, metas),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for number in range(args.rounds):
        order = list(variants) if number % 2 == 0 else list(reversed(variants))
        for name in order:
            function, data = variants[name]
            started = time.perf_counter()
            for item in data:
                function(item)
            times[name].append(time.perf_counter() - started)
    print(f"{len(raws)} headers, {args.rounds} rounds")
    for name, values in times.items():
        print(f"{name:40s} median {statistics.median(values):.3f} s")


if __name__ == "__main__":
    main()
