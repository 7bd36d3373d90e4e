"""Unit tests of kb.texts: the one table of UI strings per language and the one date formatter."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from kb import texts


def _placeholders(value: str) -> set[str]:
    """The ``{name}`` fields of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}


def test_both_languages_have_the_same_groups():
    assert texts.DE.keys() == texts.EN.keys()


@pytest.mark.parametrize("group", sorted(texts.DE))
def test_both_languages_have_the_same_keys(group):
    assert texts.DE[group].keys() == texts.EN[group].keys()


@pytest.mark.parametrize("group", sorted(texts.DE))
def test_translations_fill_in_the_same_placeholders(group):
    differ = {key: (value, texts.EN[group][key]) for key, value in texts.DE[group].items()
              if _placeholders(value) != _placeholders(texts.EN[group][key])}
    assert differ == {}


def test_german_texts_use_typographic_quotes():
    straight = [(group, key) for group, table in texts.DE.items() for key, value in table.items()
                if '"' in value or "'" in value]
    assert straight == []


def test_every_text_is_filled_in():
    empty = [(lang, group, key) for lang, table in texts.TABLES.items()
             for group, values in table.items() for key, value in values.items() if not value.strip()]
    assert empty == []


def test_unknown_language_falls_back_to_german():
    assert texts.texts("fr", "listings") is texts.DE["listings"]


def test_german_date():
    assert texts.format_date(dt.date(2012, 6, 25), "de") == "25. Juni 2012"


def test_german_date_with_umlaut_month():
    assert texts.format_date(dt.date(2011, 3, 1), "de") == "1. März 2011"


def test_english_date():
    assert texts.format_date(dt.date(2012, 6, 25), "en") == "25 June 2012"


def test_unknown_language_writes_a_german_date():
    assert texts.format_date(dt.date(2012, 6, 25), "fr") == "25. Juni 2012"


def test_unknown_date_per_language():
    assert (texts.format_date(None, "de"), texts.format_date(None, "en")) == ("Datum unbekannt", "Date unknown")


def test_no_template_writes_words_of_its_own_per_language():
    """Templates read their words from kb.texts; none picks a language's words inline."""
    root = Path(__file__).resolve().parent.parent / "overrides"
    inline = [str(p.relative_to(root)) for p in root.rglob("*.html")
              if re.search(r'if (kb_)?en\b|== "en"', p.read_text("utf-8"))]
    assert inline == []
