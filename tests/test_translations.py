"""Unit tests of translation freshness (kb.translations) and `make translations` (kb.translations_cli)."""

from __future__ import annotations

import io

from kb import catalog, translations, translations_cli

GERMAN = "---\ntitle: Titel\ndescription: D.\ntopic: Autohandel\n---\n\nErster Satz. Zweiter Satz.\n"
ENGLISH = "---\ntitle: Title\ndescription: D.\ntopic: Autohandel\n---\n\nFirst. Second.\n"


def test_hash_has_the_documented_length():
    assert len(translations.content_hash("Text")) == translations.HASH_LENGTH == 12


def test_reflowing_whitespace_keeps_the_hash():
    assert translations.content_hash("Ein Satz,\n  zwei   Wörter.\n\n") == translations.content_hash("Ein Satz, zwei Wörter.")


def test_changing_a_word_changes_the_hash():
    assert translations.content_hash("Ein Satz.") != translations.content_hash("Ein Satz!")


def test_status_is_stale_only_when_recorded_and_different():
    body = "Text."
    current = translations.content_hash(body)
    assert not translations.status("a.en.md", current, "a.md", body).stale
    assert translations.status("a.en.md", "0" * 12, "a.md", body).stale
    assert not translations.status("a.en.md", None, "a.md", body).stale


def test_stale_translation_is_a_notice_naming_file_and_field():
    state = translations.status("artikel/a.en.md", "000000000000", "artikel/a.md", "Neu.")
    [problem] = translations.problems(state)
    assert problem.severity == "notice"
    assert str(problem).startswith("artikel/a.en.md: field 'translation_of': '000000000000' does not match")
    assert "make translations CONFIRM=docs/artikel/a.en.md" in str(problem)


def test_translation_without_original_is_a_warning():
    [problem] = translations.problems(translations.status("artikel/a.en.md", None, None, None))
    assert problem.severity == "warning"


def test_set_translation_of_appends_and_keeps_everything_else():
    result = translations.set_translation_of(ENGLISH, "abcdefabcdef")
    assert result == ENGLISH.replace("---\n\nFirst", 'translation_of: "abcdefabcdef"\n---\n\nFirst')


def test_hash_of_digits_only_stays_text_in_yaml():
    import yaml

    text = translations.set_translation_of(ENGLISH, "012345678901")
    assert yaml.safe_load(text.split("---\n")[1])["translation_of"] == "012345678901"


def test_set_translation_of_replaces_the_old_value():
    once = translations.set_translation_of(ENGLISH, "111111111111")
    twice = translations.set_translation_of(once, "222222222222")
    assert twice.count("translation_of:") == 1
    assert 'translation_of: "222222222222"\n' in twice


def test_catalog_reports_stale_translation():
    old = translations.content_hash("Alter Text.")
    english = translations.set_translation_of(ENGLISH, old)
    _, problems = catalog.build(
        [("artikel/a.md", GERMAN.encode()), ("artikel/a.en.md", english.encode())],
        topics=["Autohandel"], series={},
    )
    assert [(p.path, p.field, p.severity) for p in problems] == [("artikel/a.en.md", "translation_of", "notice")]


def _docs(tmp_path, english=ENGLISH):
    """A docs/ folder with one German article and its translation."""
    docs = tmp_path / "docs"
    (docs / "artikel").mkdir(parents=True)
    (docs / "artikel" / "a.md").write_text(GERMAN, "utf-8")
    (docs / "artikel" / "a.en.md").write_text(english, "utf-8")
    return docs


def test_cli_records_a_missing_hash(tmp_path):
    docs = _docs(tmp_path)
    assert translations_cli.run(docs, [], check=False, out=io.StringIO()) == 0
    text = (docs / "artikel" / "a.en.md").read_text("utf-8")
    german_body = GERMAN.split("---\n", 2)[2]
    assert f'translation_of: "{translations.content_hash(german_body)}"\n' in text


def test_cli_never_marks_a_stale_translation_current_unasked(tmp_path):
    docs = _docs(tmp_path, translations.set_translation_of(ENGLISH, "000000000000"))
    out = io.StringIO()
    translations_cli.run(docs, [], check=False, out=out)
    assert 'translation_of: "000000000000"' in (docs / "artikel" / "a.en.md").read_text("utf-8")
    assert "docs/artikel/a.en.md: MAY BE OUTDATED" in out.getvalue()


def test_cli_confirm_updates_the_named_file(tmp_path):
    docs = _docs(tmp_path, translations.set_translation_of(ENGLISH, "000000000000"))
    target = docs / "artikel" / "a.en.md"
    assert translations_cli.run(docs, [str(target)], check=False, out=io.StringIO()) == 0
    assert '"000000000000"' not in target.read_text("utf-8")


def test_cli_check_changes_nothing_and_fails(tmp_path):
    docs = _docs(tmp_path)
    before = (docs / "artikel" / "a.en.md").read_text("utf-8")
    assert translations_cli.run(docs, [], check=True, out=io.StringIO()) == 1
    assert (docs / "artikel" / "a.en.md").read_text("utf-8") == before

