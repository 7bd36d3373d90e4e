"""Validation of series membership: errors name the file and the field."""

from __future__ import annotations

from kb import catalog

TOPICS = ["Konzernkommunikation"]
SERIES = {"bmw-im-interview": 3}
MISSING = {"bmw-im-interview": [3]}


def page(part, *, slug="bmw-im-interview", title="T"):
    return (f"---\ntitle: {title}\ndescription: D\ntopic: Konzernkommunikation\n"
            f"series: {slug}\nseries_part: {part}\n---\n\nText\n").encode()


def problems(files, series=SERIES, missing=MISSING):
    _, found = catalog.build(files, topics=TOPICS, series=series, missing_parts=missing)
    return [str(p) for p in found if p.severity == "error"]


def test_complete_series_is_valid():
    assert problems([("artikel/a.md", page(1)), ("artikel/b.md", page(2))]) == []


def test_unknown_series_names_file_and_field():
    found = problems([("artikel/a.md", page(1, slug="gibt-es-nicht"))])
    assert len(found) == 1
    assert found[0].startswith("artikel/a.md:5: field 'series': 'gibt-es-nicht' is not a declared series")


def test_two_articles_on_one_position():
    found = problems([("artikel/a.md", page(1)), ("artikel/b.md", page(1)), ("artikel/c.md", page(2))])
    assert len(found) == 1
    assert found[0].startswith("artikel/b.md:6: field 'series_part': 1 is already taken")
    assert "artikel/a.md" in found[0]


def test_same_position_in_two_languages_is_fine():
    files = [("artikel/a.md", page(1)), ("artikel/a.en.md", page(1)),
             ("artikel/b.md", page(2)), ("artikel/b.en.md", page(2))]
    assert problems(files) == []


def test_position_outside_the_series():
    found = problems([("artikel/a.md", page(4))])
    assert any(f.startswith("artikel/a.md:6: field 'series_part': 4 is outside the series") for f in found)


def test_position_zero_is_outside():
    assert any("field 'series_part': 0 is outside" in f for f in problems([("artikel/a.md", page(0))]))


def test_claiming_a_missing_part():
    found = problems([("artikel/a.md", page(1)), ("artikel/b.md", page(2)), ("artikel/c.md", page(3))])
    assert found == [f for f in found if f.startswith("artikel/c.md:6: field 'series_part': 3 is declared")]
    assert len(found) == 1


def test_gap_names_mkdocs_yml_and_field():
    found = problems([("artikel/a.md", page(1))])
    assert len(found) == 1
    assert found[0].startswith("mkdocs.yml: field 'extra.kb.series.bmw-im-interview.parts': "
                               "part 2 of 3 has no German article")


def test_gap_in_english_only():
    files = [("artikel/a.md", page(1)), ("artikel/b.md", page(2)), ("artikel/a.en.md", page(1))]
    found = problems(files)
    assert len(found) == 1 and "part 2 of 3 has no English article" in found[0]


def test_series_without_articles_is_no_gap():
    assert problems([("artikel/a.md", b"---\ntitle: T\ndescription: D\ntopic: Konzernkommunikation\n---\n")]) == []
