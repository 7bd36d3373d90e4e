"""Unit tests of the front-matter core (kb.frontmatter, kb.catalog): one bad input each."""

from __future__ import annotations

import pytest

from kb import catalog, frontmatter

TOPICS = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]
SERIES = {"bmw-im-interview": 3}


def check(meta, *, path="artikel/x.md", lang="de", is_article=True):
    """Run frontmatter.check with the site's topics and series."""
    return frontmatter.check(path, meta, is_article=is_article, lang=lang, topics=TOPICS, series=SERIES)


def good(**extra):
    """A valid article header plus ``extra`` fields."""
    return {"title": "T", "description": "D.", "topic": "Autohandel", **extra}


def messages(problems):
    """The problems as the build prints them."""
    return [str(p) for p in problems]


def build(files):
    """Build a catalogue from ``{path: text or bytes}``."""
    pairs = [(p, t if isinstance(t, bytes) else t.encode("utf-8")) for p, t in files.items()]
    return catalog.build(pairs, topics=TOPICS, series=SERIES, missing_parts={"bmw-im-interview": [3]})


def test_valid_article_has_no_problems():
    clean, problems = check(good(date="2012-06-25", tags=["ROI"]))
    assert problems == []
    assert str(clean["date"]) == "2012-06-25"


def test_impossible_date_names_field_value_and_fix():
    _, problems = check(good(date="31.02.2012"))
    assert messages(problems) == ["artikel/x.md: field 'date': '31.02.2012' is not a date (use YYYY-MM-DD)"]


def test_date_in_right_format_but_not_in_calendar_is_rejected():
    _, problems = check(good(date="2012-02-31"))
    assert messages(problems) == ["artikel/x.md: field 'date': '2012-02-31' is not a date (use YYYY-MM-DD)"]


def test_unknown_topic_lists_the_topics():
    _, problems = check(good(topic="Autohäuser"))
    assert messages(problems) == ["artikel/x.md: field 'topic': 'Autohäuser' is not a topic; use one of: "
                                  "Konzernkommunikation, B2B-Kommunikation, Autohandel"]


def test_unknown_series_names_the_declared_ones():
    _, problems = check(good(series="gibt-es-nicht", series_part=1))
    assert [p.field for p in problems] == ["series"]
    assert "'gibt-es-nicht' is not a declared series" in str(problems[0])
    assert "bmw-im-interview" in str(problems[0])


def test_unknown_field_is_a_warning_with_a_typo_hint():
    _, problems = check(good(tittle="T"))
    assert messages(problems) == ["artikel/x.md: field 'tittle': is not a known field; did you mean 'title'?"]
    assert problems[0].severity == "warning"


@pytest.mark.parametrize("value", ["<video> im Web", "Tom &amp; Jerry", "&ltb&gt", 'Ein "Zitat".'])
def test_text_fields_take_any_text(value):
    clean, problems = check(good(title=value, description=value, subtitle=value, tags=[value]))
    assert problems == []
    assert clean["title"] == clean["description"] == clean["subtitle"] == value and clean["tags"] == [value]


def test_a_character_no_page_can_carry_is_refused():
    _, problems = check(good(title="A\x00B", tags=["\ud800"]))
    assert [(p.field, p.severity) for p in problems] == [("title", "error"), ("tags", "error")]
    assert "U+0000" in str(problems[0]) and "U+D800" in str(problems[1])


@pytest.mark.parametrize("field", ["title", "description"])
def test_todo_placeholder_is_a_warning(field):
    _, problems = check(good(**{field: "TODO: schreiben"}))
    assert [(p.field, p.severity) for p in problems] == [(field, "warning")]


def test_todo_line_in_body_is_a_warning_with_its_line():
    problems = frontmatter.check_body("artikel/x.md", "\nText.\nTODO: mehr\n", body_line=6)
    assert messages(problems) == ["artikel/x.md:8: still contains a 'TODO' placeholder line; write the text"]


def test_english_article_without_translation_of_is_a_warning():
    _, problems = check(good(), path="artikel/x.en.md", lang="en")
    assert [(p.field, p.severity) for p in problems] == [("translation_of", "warning")]
    assert "make translations" in str(problems[0])


def test_english_editorial_page_needs_no_translation_of():
    _, problems = check({"title": "About"}, path="ueber.en.md", lang="en", is_article=False)
    assert problems == []


def test_translation_of_on_german_page_is_a_warning():
    _, problems = check(good(translation_of="0123456789ab"))
    assert [(p.field, p.severity) for p in problems] == [("translation_of", "warning")]


def test_non_utf8_is_reported_by_name_without_exception():
    text, problems = frontmatter.decode("artikel/x.md", "---\ntitle: Größe\n---\n".encode("latin-1"))
    assert text is None
    assert messages(problems) == ["artikel/x.md:2: is not UTF-8 (byte 0xf6 at offset 13); save the file as UTF-8"]


def test_broken_yaml_names_the_line():
    parsed = frontmatter.split("artikel/x.md", "---\ntitle: T\ndescription: [kaputt\ntopic: A\n---\nText\n")
    assert len(parsed.problems) == 1
    assert parsed.problems[0].line == 4
    assert "is not valid YAML" in str(parsed.problems[0])


def test_unclosed_front_matter_is_reported():
    parsed = frontmatter.split("artikel/x.md", "---\ntitle: T\n\nText\n")
    assert "no closing '---'" in str(parsed.problems[0])


def test_broken_yaml_is_not_buried_under_missing_field_reports():
    _, problems = build({"artikel/x.md": "---\ntitle: [kaputt\n---\nText\n"})
    assert len(problems) == 1
    assert "is not valid YAML" in str(problems[0])


def test_catalog_reports_every_file_in_one_run():
    _, problems = build({
        "artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\ndate: 31.02.2012\n---\nText\n",
        "artikel/b.md": b"---\ntitle: \xc4\n---\n",
        "artikel/c.md": "---\ntitle: [\n---\n",
    })
    assert sorted(p.path for p in problems) == ["artikel/a.md", "artikel/b.md", "artikel/c.md"]


def test_catalog_problems_carry_the_field_line():
    _, problems = build({"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\ndate: 31.02.2012\n---\nText\n"})
    assert messages(problems) == ["artikel/a.md:5: field 'date': '31.02.2012' is not a date (use YYYY-MM-DD)"]


def test_duplicate_series_position_names_both_files():
    header = "---\ntitle: {t}\ndescription: D.\ntopic: Autohandel\nseries: bmw-im-interview\nseries_part: 1\n---\nText\n"
    _, problems = build({"artikel/a.md": header.format(t="A"), "artikel/b.md": header.format(t="B")})
    problems = [p for p in problems if p.path.startswith("artikel/")]  # not the gap at part 2
    assert [(p.path, p.field, p.line) for p in problems] == [("artikel/b.md", "series_part", 6)]
    assert "already taken in series 'bmw-im-interview' by artikel/a.md" in str(problems[0])


def test_every_known_field_is_documented_in_contributing():
    from conftest import ROOT

    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    missing = [f for f in frontmatter.KNOWN_FIELDS if f"`{f}`" not in text]
    assert not missing, f"fields not documented in CONTRIBUTING.md: {missing}"


def test_contributing_example_article_is_valid():
    """The example in CONTRIBUTING.md passes the checks it documents."""
    import re

    from conftest import ROOT

    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    example = re.search(r"```markdown\n(.*?)```", text, re.S).group(1)
    _, problems = build({"artikel/beispiel.md": example})
    assert problems == []


def test_contributing_lists_the_topics_of_mkdocs_yml():
    from conftest import ROOT
    from kb import new_article

    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert all(f"`{topic}`" in text for topic in new_article.site_topics(ROOT / "mkdocs.yml"))


BROKEN = ["---\ntitle: T\ndescription: [kaputt\ntopic: A\n---\nText\n",
          "---\ntitle: T\n  einrueckung: falsch\n---\n", "---\ntitle: 'offen\n---\n",
          "---\na: 1\na: [\n---\n", "---\ntitle: T\n\tdescription: Tab\n---\n"]


@pytest.mark.parametrize("text", BROKEN)
def test_broken_yaml_message_does_not_depend_on_libyaml(monkeypatch, text):
    fast = frontmatter.split("artikel/x.md", text).problems
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", None)
    assert messages(fast) == messages(frontmatter.split("artikel/x.md", text).problems)
    assert len(fast) == 1 and "is not valid YAML" in str(fast[0])


def test_libyaml_and_pure_loader_read_the_same_values(monkeypatch):
    text = ("---\ntitle: „Größe“ & Co.\ndate: 2012-06-25\ntags: [ROI, B2B]\nseries_part: 2\n"
            "description: >-\n  zwei\n  Zeilen\nflag: yes\n---\nText\n")
    fast = frontmatter.split("artikel/x.md", text).meta
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", None)
    assert fast == frontmatter.split("artikel/x.md", text).meta


def test_catalog_cache_reuses_unchanged_files_only():
    cache = {}
    files = {"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\nText\n",
             "artikel/b.md": "---\ntitle: B\ndescription: D.\ntopic: Autohandel\n---\nText\n"}
    pairs = [(p, t.encode()) for p, t in files.items()]
    first, _ = catalog.build(pairs, topics=TOPICS, series=SERIES, cache=cache)
    changed = [pairs[0], ("artikel/b.md", pairs[1][1].replace(b"title: B", b"title: Neu"))]
    second, _ = catalog.build(changed, topics=TOPICS, series=SERIES, cache=cache)
    assert second.pages["artikel/a.md"] is first.pages["artikel/a.md"]
    assert second.pages["artikel/b.md"].title == "Neu"


def test_catalog_cache_gives_the_same_problems():
    files = {"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\ndate: 31.02.2012\n---\n",
             "artikel/a.en.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\n"}
    pairs = [(p, t.encode()) for p, t in files.items()]
    cache = {}
    runs = [catalog.build(pairs, topics=TOPICS, series=SERIES, cache=cache)[1] for _ in range(2)]
    assert messages(runs[0]) == messages(runs[1]) == messages(build(files)[1])
    assert len(runs[0]) >= 2


def test_catalog_cache_key_includes_the_declared_topics():
    pairs = [("artikel/a.md", b"---\ntitle: A\ndescription: D.\ntopic: Neu\n---\nText\n")]
    cache = {}
    _, before = catalog.build(pairs, topics=TOPICS, series=SERIES, cache=cache)
    _, after = catalog.build(pairs, topics=[*TOPICS, "Neu"], series=SERIES, cache=cache)
    assert [p.field for p in before] == ["topic"] and after == []


def test_word_count_is_computed_once(monkeypatch):
    page, = build({"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\neins zwei drei\n"})[0].pages.values()
    assert page.words == 3
    monkeypatch.setattr(catalog, "_WORD", None)  # a second count would fail
    assert page.words == 3 and page.reading_minutes == 1


class CountingDiskFile(catalog.DiskFile):
    """A DiskFile that counts how often it is read."""

    reads: list = []

    def read(self) -> bytes:
        """Record the read, then read."""
        CountingDiskFile.reads.append(self.abs_path)
        return super().read()


def test_catalog_does_not_read_a_disk_file_with_a_cached_fingerprint(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\nText\n", "utf-8")
    CountingDiskFile.reads = []
    cache = {}
    pairs = [("artikel/a.md", CountingDiskFile(str(source), (1, 2)))]
    first, _ = catalog.build(pairs, topics=TOPICS, series=SERIES, cache=cache)
    second, _ = catalog.build(pairs, topics=TOPICS, series=SERIES, cache=cache)
    assert CountingDiskFile.reads == [str(source)]
    assert second.pages["artikel/a.md"] is first.pages["artikel/a.md"]


def test_catalog_reads_a_disk_file_again_when_its_fingerprint_changes(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\nText\n", "utf-8")
    cache = {}
    catalog.build([("artikel/a.md", catalog.DiskFile(str(source), (1, 2)))],
                  topics=TOPICS, series=SERIES, cache=cache)
    source.write_text("---\ntitle: Neu\ndescription: D.\ntopic: Autohandel\n---\nText\n", "utf-8")
    second, _ = catalog.build([("artikel/a.md", catalog.DiskFile(str(source), (1, 3)))],
                              topics=TOPICS, series=SERIES, cache=cache)
    assert second.pages["artikel/a.md"].title == "Neu"


def test_catalog_gives_the_same_result_for_bytes_and_disk_files(tmp_path):
    texts = {"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\ndate: 31.02.2012\n---\nTODO x\n",
             "artikel/a.en.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\nText\n"}
    disk = []
    for number, (path, text) in enumerate(texts.items()):
        target = tmp_path / f"{number}.md"
        target.write_text(text, "utf-8")
        disk.append((path, catalog.DiskFile(str(target), (number,))))
    from_disk = catalog.build(disk, topics=TOPICS, series=SERIES)
    from_bytes = catalog.build([(p, t.encode()) for p, t in texts.items()], topics=TOPICS, series=SERIES)
    assert messages(from_disk[1]) == messages(from_bytes[1]) and len(from_disk[1]) >= 3
    assert from_disk[0].pages == from_bytes[0].pages


def test_word_count_counts_words_not_punctuation():
    page, = build({"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\n---\n"
                                   "„Größe“ – B2B-Kommunikation, 2012 … ok_ja\n"})[0].pages.values()
    assert page.words == 5  # Größe, B2B, Kommunikation, 2012, ok_ja


def test_todo_check_without_todo_finds_nothing_and_with_it_names_the_line():
    assert frontmatter.check_body("a.md", "Text\nmehr Text über TODOs\n", 5) == []
    problem, = frontmatter.check_body("a.md", "Text\n- TODO schreiben\n", 5)
    assert problem.line == 6


def test_catalog_articles_are_a_new_list_each_time_and_follow_added_pages():
    cat, _ = build({"artikel/a.md": "---\ntitle: A\ndescription: D.\ntopic: Autohandel\ndate: 2012-01-02\n---\n",
                    "artikel/b.md": "---\ntitle: B\ndescription: D.\ntopic: Autohandel\ndate: 2013-01-02\n---\n"})
    first = cat.articles("de")
    first.clear()
    assert [p.title for p in cat.articles("de")] == ["B", "A"]
    other, _ = build({"artikel/c.md": "---\ntitle: C\ndescription: D.\ntopic: Autohandel\n---\n"})
    cat.pages.update(other.pages)
    assert [p.title for p in cat.articles("de")] == ["B", "A", "C"]


def _typed(value):
    """``value`` with the type of every part, to compare YAML results exactly."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


TRICKY_VALUES = [
    "Hallo Welt", '"„Größe“ & Co."', "'einfach'", '"a: b"', "yes", "No", "off", "y", "null", "~", "1", "0",
    "007", "1_000", "0x1F", "1.5", "1e3", "+1", "1:20", "2012-06-25", "2012-6-25", "2012-06-25T10:00:00",
    "[a, b]", '[ a , "b, c" ]', "[]", "[a, b,]", "[[a]]", "[a: b]", "[yes, 1, 2012-01-01]", "{a: 1}",
    "a #b", "a#b", "x:", "!tag x", "&a x", "*a", "'it''s'", '"a\\"b"', "B2B-Kommunikation", "NaN", "<<", "=",
]


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_the_fast_path_reads_only_what_the_strict_loader_reads_the_same(value):
    for raw in (f"title: {value}\n", f"tags: {value}\nseries_part: 2\n", f"tags:\n  - {value}\n  - b\n"):
        simple = frontmatter._simple_yaml(raw)
        if simple is not None:
            strict_meta, problems = frontmatter.load_fields("a.md", raw)
            assert problems == [] and _typed(simple) == _typed(strict_meta)


def test_a_typical_header_is_read_without_pyyaml(monkeypatch):
    import yaml
    raw = ('title: "Fachportal: eine Bilanz"\ndescription: "Text „zitiert“."\ndate: 2016-02-17\n'
           'topic: "B2B-Kommunikation"\ntags: ["B2C", Vertrieb, \'B2B\']\nseries: bmw-im-interview\nseries_part: 2\n')
    expected = yaml.safe_load(raw)
    monkeypatch.setattr(frontmatter, "_compose", None)
    assert _typed(frontmatter.load_fields("a.md", raw)[0]) == _typed(expected)


def test_a_header_beyond_the_simple_subset_still_reports_yaml_errors_with_lines():
    parsed = frontmatter.split("a.md", '---\ntitle: "A"\ntags: [a, b\n---\nText\n')
    problem, = parsed.problems
    assert "not valid YAML" in problem.message and problem.line is not None
