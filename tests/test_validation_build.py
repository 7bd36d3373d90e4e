"""Integration: bad input in docs/ stops a strict build with a clear message, never a traceback.

One temp-dir build holds every front-matter error at once (so each test also
proves the others of the same run were reported, not lost); links and
translations get builds of their own (markup-like text: test_validation_text.py) because they are reported at other
stages of the build.
"""

from __future__ import annotations

import re

import pytest

from conftest import make_project, run_build
from kb import translations


def article(title="Titel", **fields):
    """An article's Markdown: a valid header with ``fields`` changed (None drops one)."""
    meta = {"title": title, "description": "Beschreibung.", "topic": "Autohandel", **fields}
    lines = [f"{k}: {v}" for k, v in meta.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nText des Beitrags.\n"


def output(result):
    """Everything the build printed (MkDocs prints its strict-mode summary on stdout)."""
    return result.stdout + result.stderr


def assert_clean_failure(result):
    """The build failed with a message, not with a Python traceback."""
    assert result.returncode != 0
    assert "Traceback" not in output(result)


BAD_FRONT_MATTER = {
    "artikel/datum.md": article("Datum", date="31.02.2012"),
    "artikel/yaml.md": "---\ntitle: Titel\ndescription: [kaputt\ntopic: Autohandel\n---\n\nText.\n",
    "artikel/latin1.md": article(title="Größe").encode("latin-1"),
    "artikel/thema.md": article("Thema", topic="Autohäuser"),
    "artikel/serie.md": article("Serie", series="gibt-es-nicht", series_part=1),
    "artikel/teil-a.md": article("Teil-a", series="bmw-im-interview", series_part=1),
    "artikel/teil-b.md": article("Teil-b", series="bmw-im-interview", series_part=1),
    "artikel/tippfehler.md": article("Tippfehler", tittle="Titel"),
    "artikel/gut.md": article("Gut"),
}

#: Each bad file → the exact line the build must print for it.
EXPECTED = {
    "impossible date": "docs/artikel/datum.md:5: field 'date': '31.02.2012' is not a date (use YYYY-MM-DD)",
    "broken YAML": "docs/artikel/yaml.md:4: front matter is not valid YAML",
    "non-UTF-8": "docs/artikel/latin1.md:2: is not UTF-8 (byte 0xf6 at offset 13); save the file as UTF-8",
    "unknown topic": "docs/artikel/thema.md:4: field 'topic': 'Autohäuser' is not a topic; use one of: "
                     "Konzernkommunikation, B2B-Kommunikation, Autohandel",
    "unknown series": "docs/artikel/serie.md:5: field 'series': 'gibt-es-nicht' is not a declared series",
    "duplicate series position": "docs/artikel/teil-b.md:6: field 'series_part': 1 is already taken in "
                                 "series 'bmw-im-interview' by artikel/teil-a.md",
    "unknown field": "docs/artikel/tippfehler.md:5: field 'tittle': is not a known field; did you mean 'title'?",
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """One strict build of a docs/ with every kind of front-matter problem."""
    tmp = tmp_path_factory.mktemp("bad")
    project = make_project(tmp, BAD_FRONT_MATTER)
    return run_build(project, tmp / "site")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_front_matter_is_reported_with_file_and_field(bad_build, case):
    assert_clean_failure(bad_build)
    assert EXPECTED[case] in output(bad_build)
    others = [line for name, line in EXPECTED.items() if name != case and line not in output(bad_build)]
    assert not others, f"lost in the same run: {others}"


def test_all_errors_are_counted_in_one_message(bad_build):
    listed = re.findall(r"^  (?:docs/|mkdocs\.yml)", bad_build.stderr, re.M)
    assert len(listed) >= 6  # the six errors above (plus the series gap the duplicate leaves)
    assert f"{len(listed)} problem(s) in the front matter of docs/" in output(bad_build)


def test_the_valid_file_is_not_blamed(bad_build):
    assert "artikel/gut.md" not in output(bad_build)


def test_unknown_field_fails_only_the_strict_build(tmp_path):
    project = make_project(tmp_path, {"artikel/tippfehler.md": article(tittle="Titel")})
    strict = run_build(project, tmp_path / "strict")
    lenient = run_build(project, tmp_path / "lenient", strict=False)
    assert_clean_failure(strict)
    assert "docs/artikel/tippfehler.md:5: field 'tittle'" in output(strict)
    assert lenient.returncode == 0, output(lenient)


def test_links_and_anchors_are_checked_in_both_languages(tmp_path):
    project = make_project(tmp_path, {
        "artikel/ziel.md": article(title="Ziel"),
        "artikel/quelle.md": article(title="Quelle") + "\n[fehlt](gibt-es-nicht.md)\n\n[anker](ziel.md#kein-anker)\n",
        "artikel/quelle.en.md": article(title="Source") + "\n[missing](not-there.md)\n",
    })
    result = run_build(project, tmp_path / "site")
    out = output(result)
    assert_clean_failure(result)
    assert "Doc file 'artikel/quelle.md' contains a link 'gibt-es-nicht.md'" in out
    assert "Doc file 'artikel/quelle.md' contains a link 'ziel.md#kein-anker', but the doc " \
           "'artikel/ziel.md' does not contain an anchor '#kein-anker'" in out
    assert "Doc file 'artikel/quelle.en.md' contains a link 'not-there.md'" in out


def _stale_project(tmp_path):
    """An article whose English translation recorded an older German text."""
    german = article(title="Original")
    english = article(title="Translation", translation_of=f'"{translations.content_hash("Alter Text.")}"')
    return make_project(tmp_path, {"artikel/a.md": german, "artikel/a.en.md": english})


def test_stale_translation_warns_but_does_not_fail_the_strict_build(tmp_path):
    result = run_build(_stale_project(tmp_path), tmp_path / "site")
    assert result.returncode == 0, output(result)
    assert re.search(r"NOTICE .*docs/artikel/a\.en\.md:\d+: field 'translation_of': .* may be outdated",
                     output(result))


def test_stale_translation_shows_the_banner_with_a_link_to_the_original(tmp_path):
    site = tmp_path / "site"
    run_build(_stale_project(tmp_path), site)
    html = (site / "en" / "artikel" / "a" / "index.html").read_text("utf-8")
    assert "This translation may be outdated" in html
    assert 'href="../../../artikel/a/"' in html
    assert "This translation may be outdated" not in (site / "artikel" / "a" / "index.html").read_text("utf-8")


def test_missing_translation_of_fails_the_strict_build(tmp_path):
    project = make_project(tmp_path, {"artikel/a.md": article(), "artikel/a.en.md": article(title="T")},
                           stamp_translations=False)
    result = run_build(project, tmp_path / "site")
    assert_clean_failure(result)
    assert "docs/artikel/a.en.md: field 'translation_of': is missing" in output(result)
    assert "make translations" in output(result)


def test_make_new_stub_serves_but_does_not_publish(tmp_path):
    from kb import new_article

    project = make_project(tmp_path, stamp_translations=False)
    new_article.create(project / "docs", "Neuer Beitrag", "Autohandel", ["Autohandel"])
    lenient = run_build(project, tmp_path / "lenient", strict=False)
    strict = run_build(project, tmp_path / "strict")
    assert lenient.returncode == 0, output(lenient)
    assert (tmp_path / "lenient" / "artikel" / "neuer-beitrag" / "index.html").is_file()
    assert_clean_failure(strict)
    assert "docs/artikel/neuer-beitrag.md:3: field 'description': 'TODO:" in output(strict)


def test_make_project_stamps_english_articles(tmp_path):
    """Other tests' strict builds with English articles need no translation bookkeeping."""
    project = make_project(tmp_path, {"artikel/a.md": article(), "artikel/a.en.md": article(title="T")})
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, output(result)
    assert "translation_of" not in output(result)


def test_validation_reads_an_old_file_lazily_and_a_just_written_one_at_once(tmp_path):
    import os
    import validation
    from kb import catalog
    from mkdocs.structure.files import File

    for name in ("old.md", "new.md"):
        (tmp_path / name).write_text("---\ntitle: A\n---\n", "utf-8")
    os.utime(tmp_path / "old.md", ns=(1_000_000_000, 1_000_000_000))
    old = validation._source(File("old.md", str(tmp_path), str(tmp_path / "site"), True))
    new = validation._source(File("new.md", str(tmp_path), str(tmp_path / "site"), True))
    assert isinstance(old, catalog.DiskFile) and old.read() == b"---\ntitle: A\n---\n"
    assert new == b"---\ntitle: A\n---\n"
