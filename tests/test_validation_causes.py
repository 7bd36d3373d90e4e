"""Integration: one test per cause of a contributor mistake, each through a real build.

Errors share one strict build (each test also proves the others were not
lost in the same run); warnings share one lenient build, whose output must
still hold every page; links out of the repository get a build of their own,
since they stop the build before any page is read.
"""

from __future__ import annotations

import re

import pytest

from conftest import make_project, run_build


def article(title, body="Text des Beitrags.\n", **fields):
    """An article's Markdown: a valid header with ``fields`` added (raw YAML values)."""
    meta = {"title": title, "description": "Beschreibung.", "topic": "Autohandel", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n\n" + body


def output(result):
    """Everything the build printed."""
    return result.stdout + result.stderr


ALIAS_BOMB = ("---\ntitle: Bombe\ndescription: D.\ntopic: Autohandel\na: &a [x, x, x, x, x, x, x, x, x]\n"
              "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
              "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n\nText.\n")

ERRORS = {
    # YAML values PyYAML's constructors reject (tracebacks before)
    "artikel/datum.md": article("Datum", date="2012-02-31"),
    "artikel/zeit.md": article("Zeit", date="2013-02-29 10:00:00"),
    "artikel/unbekannt.md": article("Unbekannt", x_reviewed="2012-13-01"),
    "artikel/tag-int.md": article("Tag int", series="bmw-im-interview", series_part="!!int abc"),
    "artikel/tag-zeit.md": article("Tag Zeit", date="!!timestamp gestern"),
    # types checked before use
    "artikel/serie.md": article("Serie", series="[bmw-im-interview]", series_part=1),
    "artikel/hide.md": article("Hide", hide=5),
    "artikel/template.md": article("Template", template="../../etc/passwd.html"),
    "artikel/icon.md": article("Icon", icon="../../etc/passwd"),
    "artikel/status.md": article("Status", status="'x\"><img src=x onerror=window.kbHacked=1>'"),
    # coercion and duplicate keys
    "artikel/oktal.md": article("0777"),  # replaced below: title must be the raw 0777
    "artikel/tags.md": article("Tags", tags="[1.10, 010, 24:07, 0x1F]"),
    "artikel/doppelt.md": article("Doppelt", topic="Autohandel\ntopic: B2B-Kommunikation"),
    # small input, huge cost
    "artikel/bombe.md": ALIAS_BOMB,
    "artikel/viele-tags.md": article("Viele Tags", tags="[" + ", ".join(f"t{i}" for i in range(31)) + "]"),
    # silent loss of a page
    "artikel/foo.md": article("Foo"),
    "artikel/foo/index.md": article("Foo Index"),
    "artikel/asm.js.md": article("asm.js"),
    "artikel/for...of.md": article("for...of"),
    "artikel/gut.md": article("Gut"),
    "assets/Bild.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "assets/bild.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}
ERRORS["artikel/oktal.md"] = ERRORS["artikel/oktal.md"].replace('title: "0777"', "title: 0777")

#: cause → (file, line, field or None, words of the message)
EXPECTED = {
    "impossible date": ("artikel/datum.md", 5, "date", "'2012-02-31' is not a calendar date"),
    "impossible date and time": ("artikel/zeit.md", 5, "date", "is not a calendar date"),
    "bad value in an unknown field": ("artikel/unbekannt.md", 5, "x_reviewed", "is not a calendar date"),
    "explicit tag on a wrong value": ("artikel/tag-int.md", 6, "series_part", "carries the tag !!int"),
    "timestamp tag on a word": ("artikel/tag-zeit.md", 5, "date", "'gestern' is not a calendar date"),
    "wrong type": ("artikel/serie.md", 5, "series", "['bmw-im-interview'] is not a declared series"),
    "material hide": ("artikel/hide.md", 5, "hide", "5 is not a list"),
    "material template": ("artikel/template.md", 5, "template", "is not a template file name"),
    "material icon": ("artikel/icon.md", 5, "icon", "page icons are not used on this site"),
    "material status": ("artikel/status.md", 5, "status", "is not one of: new, deprecated"),
    "number coercion": ("artikel/oktal.md", 2, "title", "put it in quotes: \"0777\""),
    "tag coercion": ("artikel/tags.md", 5, "tags", "'1.10' is read by YAML as a number"),
    "duplicate key": ("artikel/doppelt.md", 5, "topic", "is written twice (lines 4 and 5)"),
    "alias": ("artikel/bombe.md", 6, "b", "anchors and aliases are not allowed"),
    "too many tags": ("artikel/viele-tags.md", 5, "tags", "has 31 tags; an article takes at most 30"),
    "two sources for one address": ("artikel/foo/index.md", None, None,
                                    "is published at the same address as artikel/foo.md"),
    "two files differing in case": ("assets/bild.svg", None, None, "differs from assets/Bild.svg only in case"),
    "language-suffix name": ("artikel/asm.js.md", None, None, "rename the file to artikel/asm-js.md"),
    "language-suffix name with dots": ("artikel/for...of.md", None, None,
                                       "rename the file to artikel/for-of.md"),
}


@pytest.fixture(scope="module")
def error_build(tmp_path_factory):
    """One strict build holding every error cause."""
    tmp = tmp_path_factory.mktemp("causes")
    project = make_project(tmp, ERRORS)
    site = tmp / "site"
    return run_build(project, site), site


@pytest.mark.parametrize("cause", sorted(EXPECTED))
def test_each_error_names_file_line_and_field(error_build, cause):
    result, _ = error_build
    path, line, field, words = EXPECTED[cause]
    assert result.returncode != 0 and "Traceback" not in output(result)
    where = f"docs/{path}:{line}: " if line else f"docs/{path}: "
    expected = where + (f"field '{field}': " if field else "")
    lines = [l for l in output(result).splitlines() if expected in l]
    assert any(words in l for l in lines), f"{expected}…{words} not in:\n{output(result)}"


def test_nothing_of_a_failed_build_is_written_and_no_markup_goes_live(error_build):
    result, site = error_build
    assert not (site / "artikel").exists()
    assert "onerror=window.kbHacked" not in output(result).replace("'x\"><img src=x onerror=window.kbHacked=1>'", "")


def test_the_valid_file_is_not_blamed_and_the_alias_message_is_short(error_build):
    result, _ = error_build
    assert "artikel/gut.md" not in output(result)
    assert len(output(result)) < 20_000  # the alias bomb is not expanded into the message


WARNINGS = {
    "artikel/leer.md": "---\ntitle: Leer\ndescription: D.\ntopic: Autohandel\n---\n",
    "artikel/zukunft.md": article("Zukunft", date="2099-01-01"),
    "artikel/selbst.md": article("Selbst", related="[artikel/selbst.md]"),
    "artikel/gleich-a.md": article("Gleicher Titel"),
    "artikel/gleich-b.md": article("Gleicher Titel"),
    "artikel/bild.md": article("Bild", body='<img src="fehlt.png" alt="fehlt">\n\n<img src="../../assets/favicon.svg" alt="da">\n'
                                       '\nAls Code: `<img src="code.png">`\n\n```html\n<img src="block.png">\n```\n'),
    "artikel/lang.md": article("L" * 250),
    "artikel/bidi.md": article('"Bidi \u202eevil"'),
    "artikel/Gross Klein.md": article("Groß und klein"),
}

WARNED = {
    "empty body": ("artikel/leer.md", None, None, "has front matter but no text"),
    "future date": ("artikel/zukunft.md", 5, "date", "2099-01-01 lies in the future"),
    "related to itself": ("artikel/selbst.md", 5, "related", "names the article itself"),
    "same title": ("artikel/gleich-b.md", 2, "title", "is also the title of artikel/gleich-a.md"),
    "missing image": ("artikel/bild.md", None, None, "shows the image 'fehlt.png', but there is no such file"),
    "long title": ("artikel/lang.md", 2, "title", "has 250 characters"),
    "bidi control": ("artikel/bidi.md", 2, "title", "invisible bidirectional control character"),
    "file name": ("artikel/Gross Klein.md", None, None, "rename it to artikel/gross-klein.md"),
}


@pytest.fixture(scope="module")
def warning_build(tmp_path_factory):
    """A lenient build of every warning cause (it must succeed and keep every page)."""
    tmp = tmp_path_factory.mktemp("warned")
    project = make_project(tmp, WARNINGS)
    site = tmp / "site"
    return run_build(project, site, strict=False), site


@pytest.mark.parametrize("cause", sorted(WARNED))
def test_each_warning_names_file_and_field(warning_build, cause):
    result, _ = warning_build
    path, line, field, words = WARNED[cause]
    where = f"docs/{path}:{line}: " if line else f"docs/{path}: "
    expected = "WARNING -  kb: " + where + (f"field '{field}': " if field else "")
    assert any(expected in l and words in l for l in output(result).splitlines()), output(result)


def test_a_warned_build_keeps_every_page(warning_build):
    result, site = warning_build
    assert result.returncode == 0, output(result)
    for path in WARNINGS:
        assert (site / path[:-3] / "index.html").is_file(), path
    only_the_good = [l for l in output(result).splitlines()
                     if "WARNING" in l and "artikel/bild.md" in l and "favicon" in l]
    assert not only_the_good  # the image that exists is not reported


def test_an_img_shown_as_code_is_no_missing_image(warning_build):
    """``<img>`` in a code span or a fenced block is text on the page, not an image to check."""
    result, _ = warning_build
    assert not [l for l in output(result).splitlines() if "code.png" in l or "block.png" in l]


def test_warnings_fail_the_strict_build(tmp_path):
    project = make_project(tmp_path, {"artikel/zukunft.md": WARNINGS["artikel/zukunft.md"]})
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "lies in the future" in output(result)


def test_a_link_out_of_the_repository_is_refused(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIMNIS-4711", "utf-8")
    outside_page = tmp_path / "seite.md"
    outside_page.write_text(article("Draußen", body="GEHEIMNIS-4712\n"), "utf-8")
    project = make_project(tmp_path, {"artikel/gut.md": article("Gut")})
    (project / "docs" / "assets" / "geheim.txt").symlink_to(secret)
    (project / "docs" / "artikel" / "draussen.md").symlink_to(outside_page)
    folder = tmp_path / "ordner"
    folder.mkdir()
    (folder / "seite.md").write_text(article("Im Ordner", body="GEHEIMNIS-4713\n"), "utf-8")
    (project / "docs" / "extern").symlink_to(folder)
    site = tmp_path / "site"
    result = run_build(project, site, strict=False)
    assert result.returncode != 0 and "Traceback" not in output(result)
    assert f"docs/assets/geheim.txt: is a link to {secret.resolve()}, outside the repository" in output(result)
    assert "docs/artikel/draussen.md: is a link to" in output(result)
    assert f"docs/extern: is a link to {folder.resolve()}, outside the repository" in output(result)
    leaked = [p for p in site.rglob("*") if p.is_file() and b"GEHEIMNIS-471" in p.read_bytes()] if site.exists() else []
    assert not leaked
