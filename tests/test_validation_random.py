"""Property-style: random YAML scalars and structures in every field never give a traceback.

A seeded generator (``random.Random``, no extra dependency) writes values of
every kind YAML has (plain, quoted and tagged scalars, numbers in YAML 1.1's
many spellings, dates real and impossible, anchors and aliases, flow and
block collections, nesting) into every field a page can carry. For each
header: no exception, and every problem names the file and the field (or,
for YAML the parser cannot read at all, the line); a field without a
problem holds a value of its declared type.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import make_project, run_build
from kb import catalog, frontmatter

TOPICS = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]
SERIES = {"bmw-im-interview": 3}
FIELDS = [*frontmatter.KNOWN_FIELDS, *frontmatter.REFUSED_FIELDS, "x_reviewed", "tittle"]

PLAIN = ["Hallo Welt", "yes", "No", "off", "y", "null", "~", "", "0", "7", "0777", "010", "0x1F", "0o17",
         "1_000", "1.10", "1e3", "-1", "+1", ".inf", "-.NaN", "24:07", "1:20:30", "2012-06-25", "2012-02-31",
         "2013-02-29 10:00:00", "2012-06-25T10:00:00Z", "2012-13-01", "9999-99-99", "99999999999999999999999",
         "<video>", "&amp;", "&ltb&gt", "a: b", "a #b", "x:", "<<", "=", "B2B-Kommunikation", "Autohandel",
         "bmw-im-interview", "home.html", "../x.html", "toc", "new", "artikel/x.md", "2c3c5f7fa58f", "Größe"]
TAGS = ["!!int", "!!str", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!set", "!!omap",
        "!!python/object:os.system", "!foo", "!!map", "!!seq"]
ESCAPES = ["\\x00", "\\ud800", "\\u202e", "\\t", "\\n", "\\e", "\\x85", "\\u2028", "\\\\"]


def scalar(rng: random.Random) -> str:
    """One YAML scalar, plain, quoted or tagged."""
    text = rng.choice(PLAIN)
    kind = rng.randrange(6)
    if kind == 0:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + rng.choice(ESCAPES) + '"'
    if kind == 1:
        return "'" + text.replace("'", "''") + "'"
    if kind == 2:
        return f"{rng.choice(TAGS)} {rng.choice(PLAIN) or 'x'}"
    if kind == 3 and text and text[0] not in "&*!|>'\"%@`-?:,[]{}#<=~":
        return f"&a{rng.randrange(3)} {text}"
    return text if text and text[0] not in "&*!|>'\"%@`,[]{}#" and ": " not in text and " #" not in text \
        else f"'{text}'"


def value(rng: random.Random, depth: int = 0) -> str:
    """A value for one line ``field: <value>``: a scalar, an alias, or a flow collection."""
    kind = rng.randrange(8 if depth < 3 else 3)
    if kind <= 2:
        return scalar(rng)
    if kind == 3:
        return f"*a{rng.randrange(3)}"
    if kind in (4, 5):
        return "[" + ", ".join(value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    if kind == 6:
        return "{" + ", ".join(f"k{i}: {value(rng, depth + 1)}" for i in range(rng.randrange(3))) + "}"
    return "\n" + "".join(f"  - {scalar(rng)}\n" for _ in range(1 + rng.randrange(3))).rstrip("\n")


def header(rng: random.Random) -> tuple[str, list[str]]:
    """A page: a valid article header with one to three fields set at random; the fields set."""
    fields = rng.sample(FIELDS, 1 + rng.randrange(3))
    lines = {"title": "Titel", "description": "Beschreibung.", "topic": "Autohandel"}
    for name in fields:
        lines[name] = value(rng)
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n\nText.\n"
    return text, fields


TYPES = {"title": str, "description": (str, type(None)), "date": (dt.date, type(None)),
         "topic": (str, type(None)), "tags": list, "series": (str, type(None)),
         "series_part": (int, type(None)), "source": (str, type(None)), "related": list,
         "related_exclude": list, "translation_of": (str, type(None))}


@pytest.mark.parametrize("seed", range(40))
def test_random_values_in_every_field_give_a_message_never_a_traceback(seed):
    rng = random.Random(seed)
    for number in range(50):
        text, fields = header(rng)
        path = f"artikel/fall-{number}.md"
        cat, problems = catalog.build([(path, text.encode("utf-8", "surrogatepass"))], topics=TOPICS,
                                      series=SERIES, templates=["home.html"], other_files=[])
        for problem in problems:
            assert problem.path == path, (text, str(problem))
            assert problem.field is not None or problem.line is not None or problem.severity != "error", \
                (text, str(problem))
            assert len(str(problem)) < 600, (text, str(problem))
        page = cat.pages[path]
        named = {p.field for p in problems}
        for name in fields:
            if name in TYPES and name not in named and None not in named:
                assert isinstance(getattr(page, name), TYPES[name]), (text, name, getattr(page, name))
                if TYPES[name] is list:
                    assert all(isinstance(v, str) for v in getattr(page, name)), (text, name)
        assert isinstance(page.title, str) and "\ud800" not in "".join(str(v) for v in page.theme_meta.values())


def test_random_headers_through_a_real_build(tmp_path):
    """One lenient build of 30 random pages: no traceback, every file with an error is named."""
    rng = random.Random(2026)
    pages, expected = {}, []
    for number in range(30):
        text, _ = header(rng)
        path = f"artikel/zufall-{number}.md"
        pages[path] = text
        _, problems = catalog.build([(path, text.encode("utf-8", "surrogatepass"))], topics=TOPICS,
                                    series=SERIES, templates=["home.html", "topicmap.html"], other_files=[])
        expected += [f"docs/{p}" for p in problems if p.severity == "error"]
    project = make_project(tmp_path, pages)
    result = run_build(project, tmp_path / "site", strict=False)
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed
    assert expected, "the generator made no bad header at all"
    missing = [line for line in expected if line not in printed]
    assert not missing, missing[:3]
