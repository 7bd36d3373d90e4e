"""Unit tests of the related-articles core (kb.related) on small German examples."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys

import pytest

from conftest import HOOKS
from kb import related
from kb.related import Doc, Settings, compute


def paths(result, path):
    """The related paths of ``path``, in order."""
    return [r.path for r in result[path]]


def reasons(result, path, other):
    """The reasons ``other`` appears under ``path``."""
    return next(r.reasons for r in result[path] if r.path == other)


FILLER = ""


def doc(path, title, body="", **kw):
    """A document in artikel/ with some filler text."""
    return Doc(path=f"artikel/{path}", title=title, body=FILLER + body, **kw)


# --- German text understanding ------------------------------------------------------

def test_compound_and_its_parts_relate():
    docs = [doc("a.md", "Versicherungspflicht", "Die Versicherungspflicht gilt."),
            doc("b.md", "Pflicht zur Versicherung", "Eine Versicherung ist Pflicht."),
            doc("c.md", "Kaffee", "Kaffee schmeckt gut.")]
    result = compute(docs)
    assert paths(result, "artikel/a.md") == ["artikel/b.md"]


def test_umlaut_spellings_relate():
    docs = [doc("a.md", "Häuser", "Alte Häuser am Markt."),
            doc("b.md", "Haeuser", "Die Haeuser verfallen."),
            doc("c.md", "Kaffee", "Kaffee schmeckt gut.")]
    result = compute(docs)
    assert paths(result, "artikel/a.md") == ["artikel/b.md"]


def test_inflections_relate():
    docs = [doc("a.md", "Ein Haus", "Das Haus steht."),
            doc("b.md", "In Häusern", "Wir wohnen in Häusern."),
            doc("c.md", "Kaffee", "Kaffee schmeckt gut.")]
    result = compute(docs)
    assert paths(result, "artikel/b.md") == ["artikel/a.md"]


def test_shared_stopwords_do_not_relate():
    docs = [doc("a.md", "Autos", "Und der die das aber oder."),
            doc("b.md", "Kaffee", "Und der die das aber oder.")]
    assert compute(docs) == {"artikel/a.md": [], "artikel/b.md": []}


def test_reasons_name_words_as_written_not_stems():
    docs = [doc("a.md", "Beziehungen", "Beziehungen zu Kunden."),
            doc("b.md", "Gute Beziehungen", "Beziehungen brauchen Zeit.")]
    assert reasons(compute(docs), "artikel/a.md", "artikel/b.md")[0] == "Gemeinsam: Beziehungen"


def test_english_reasons_are_english():
    docs = [Doc("artikel/a.en.md", "Relations", "Good relations with customers."),
            Doc("artikel/b.en.md", "Customer relations", "Relations take time.", series="s"),
            ]
    docs[0].series = "s"
    got = reasons(compute(docs, "en"), "artikel/a.en.md", "artikel/b.en.md")
    assert sorted(got) == ["In common: Relations", "Same series"]


# --- threshold, top, self ------------------------------------------------------------

def test_threshold_leaves_weak_matches_out():
    docs = [doc("a.md", "Versicherung", "Versicherung"), doc("b.md", "Versicherung", "Versicherung"),
            doc("c.md", "Kaffee", "Kaffee")]
    strict = compute(docs, settings=Settings(threshold=10.0))
    assert all(v == [] for v in strict.values())
    assert paths(compute(docs), "artikel/a.md") == ["artikel/b.md"]


def test_at_most_top_entries_and_never_itself():
    docs = [doc(f"{i}.md", f"Versicherung {i}", "Versicherung Pflicht Haus") for i in range(9)]
    result = compute(docs, settings=Settings(top=4))
    for path, rels in result.items():
        assert len(rels) == 4
        assert path not in [r.path for r in rels]


# --- structure and links -------------------------------------------------------------

def test_series_members_are_strongly_related():
    docs = [doc("a.md", "Interview Teil 1", "Fragen an BMW.", series="bmw"),
            doc("b.md", "Kontakt", "Telefonat.", series="bmw"),
            doc("c.md", "Fragen", "Fragen an BMW, Fragen an Audi.")]
    result = compute(docs)
    assert paths(result, "artikel/b.md")[0] == "artikel/a.md"
    assert "Gleiche Serie" in reasons(result, "artikel/b.md", "artikel/a.md")


def test_same_topic_counts():
    docs = [doc("a.md", "Netz", "Netz Strategie", topic="Autohandel"),
            doc("b.md", "Netz", "Netz Strategie", topic="B2B-Kommunikation"),
            doc("c.md", "Netz", "Netz Strategie", topic="Autohandel")]
    result = compute(docs)
    assert paths(result, "artikel/a.md")[0] == "artikel/c.md"
    assert "Gleiches Thema" in reasons(result, "artikel/a.md", "artikel/c.md")


def test_direct_link_relates_and_is_named():
    docs = [doc("a.md", "Autos", "Autos"), doc("b.md", "Kaffee", "Kaffee")]
    result = compute(docs, links={"artikel/a.md": {"artikel/b.md"}}, settings=Settings(threshold=0.04))
    assert paths(result, "artikel/b.md") == ["artikel/a.md"]
    assert reasons(result, "artikel/b.md", "artikel/a.md") == ["Verlinkt"]


def test_cocited_articles_relate():
    docs = [doc("a.md", "Autos", "Autos"), doc("b.md", "Kaffee", "Kaffee")]
    links = {"index.md": {"artikel/a.md", "artikel/b.md"}}
    result = compute(docs, links=links, settings=Settings(threshold=0.1))
    assert reasons(result, "artikel/a.md", "artikel/b.md") == ["Ähnlich verlinkt"]


def test_coupled_articles_relate():
    docs = [doc("a.md", "Autos", "Autos"), doc("b.md", "Kaffee", "Kaffee")]
    links = {"artikel/a.md": {"glossar.md"}, "artikel/b.md": {"glossar.md"}}
    result = compute(docs, links=links, settings=Settings(threshold=0.01))  # coupling alone weighs little
    assert paths(result, "artikel/a.md") == ["artikel/b.md"]


def test_hub_pages_do_not_make_everything_cocited():
    docs = [doc(f"{i}.md", f"Titel{i}", f"Wort{i}") for i in range(4)]
    links = {"archiv.md": {d.path for d in docs}}
    result = compute(docs, links=links, settings=Settings(threshold=0.1, max_hub=3))
    assert all(v == [] for v in result.values())


# --- overrides -----------------------------------------------------------------------

def test_pins_come_first_even_when_unrelated():
    docs = [doc("a.md", "Versicherung", "Versicherung", related=["artikel/c.md"]),
            doc("b.md", "Versicherung", "Versicherung"), doc("c.md", "Kaffee", "Kaffee")]
    result = compute(docs)
    assert paths(result, "artikel/a.md") == ["artikel/c.md", "artikel/b.md"]
    assert reasons(result, "artikel/a.md", "artikel/c.md")[0] == "Empfohlen"


def test_excludes_are_left_out():
    docs = [doc("a.md", "Versicherung", "Versicherung", related_exclude=["artikel/b.md"]),
            doc("b.md", "Versicherung", "Versicherung")]
    assert paths(compute(docs), "artikel/a.md") == []


def test_override_resolves_german_key_to_the_language():
    known = {"artikel/x.md", "artikel/x.en.md"}
    assert related.resolve_override("artikel/x.md", "en", known) == "artikel/x.en.md"
    assert related.resolve_override("artikel/x.md", "de", known) == "artikel/x.md"
    assert related.resolve_override("docs/artikel/x.md", "de", known) == "artikel/x.md"
    assert related.resolve_override("artikel/y.md", "de", known) is None


class _Page:
    """A stand-in for kb.catalog.Page."""

    def __init__(self, path, lang="de", body="", related=(), related_exclude=(), is_article=True):
        self.path, self.lang, self.body, self.is_article = path, lang, body, is_article
        self.title, self.description, self.tags, self.topic = path, "", [], None
        self.series, self.date = None, None
        self.related, self.related_exclude = list(related), list(related_exclude)


def test_unknown_override_is_reported_with_file_and_field():
    pages = [_Page("artikel/a.md", related_exclude=["artikel/nope.md"]), _Page("artikel/b.md")]
    _, _, problems = related.from_pages(pages, "de")
    assert [(p.path, p.field, p.value) for p in problems] == [("artikel/a.md", "related_exclude", "artikel/nope.md")]
    assert "related_exclude" in str(problems[0]) and "artikel/a.md" in str(problems[0])


def test_from_pages_keeps_to_one_language_and_builds_links():
    pages = [_Page("artikel/a.md", body="[B](b.md)"), _Page("artikel/b.md"),
             _Page("artikel/a.en.md", "en", body="[B](b.md) [C](../ueber.md)"), _Page("artikel/b.en.md", "en"),
             _Page("ueber.en.md", "en", is_article=False)]
    docs, links, _ = related.from_pages(pages, "en")
    assert [d.path for d in docs] == ["artikel/a.en.md", "artikel/b.en.md"]
    assert links["artikel/a.en.md"] == {"artikel/b.en.md", "ueber.en.md"}


# --- links ---------------------------------------------------------------------------

@pytest.mark.parametrize("target, expected", [
    ("b.md", "artikel/b.md"), ("./b.md#teil", "artikel/b.md"), ("../ueber.md", "ueber.md"),
    ("/ueber.md", "ueber.md"), ("https://example.org/x.md", None), ("c.md", None), ("../../x.md", None),
])
def test_resolve_link(target, expected):
    known = {"artikel/a.md", "artikel/b.md", "ueber.md"}
    assert related.resolve_link("artikel/a.md", target, known) == expected


def test_markdown_links_finds_inline_reference_and_html_links():
    body = "[a](a.md) ![bild](x.png) [r][1]\n\n[1]: r.md\n<a href=\"h.md\">h</a>\n```\n[no](no.md)\n```\n"
    assert sorted(related.markdown_links(body)) == ["a.md", "h.md", "r.md", "x.png"]


def test_link_targets_are_not_text():
    assert "facebook" not in related.markdown_text("Siehe [Seite](https://facebook.com/BMW) und http://x.de/y")


def test_backlinks_invert_the_graph():
    assert related.backlinks({"x.md": {"a.md"}, "y.md": {"a.md", "b.md"}}) == {"a.md": ["x.md", "y.md"], "b.md": ["y.md"]}


# --- order ---------------------------------------------------------------------------

def test_same_input_in_any_order_gives_the_same_result():
    docs = [doc(f"{i}.md", f"Titel {i}", "Versicherung Haus Pflicht " * (i % 3 + 1) + f"Wort{i % 4}")
            for i in range(12)]
    first = related.as_json(compute(docs))
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert related.as_json(compute(shuffled)) == first


def test_ties_go_to_the_newer_date_then_the_title():
    body = "Versicherung Pflicht"
    docs = [doc("q.md", "Anfrage", body),
            doc("old.md", "Alt", body, date=dt.date(2010, 1, 1)),
            doc("new.md", "Neu", body, date=dt.date(2012, 1, 1)),
            doc("z.md", "Zebra", body), doc("b.md", "Berg", body)]
    result = compute(docs, settings=Settings(threshold=0.0))
    assert paths(result, "artikel/q.md") == ["artikel/new.md", "artikel/old.md", "artikel/b.md", "artikel/z.md"]


# --- serve cache ---------------------------------------------------------------------

def test_unchanged_documents_are_not_re_read(monkeypatch):
    related.clear_cache()
    docs = [doc("a.md", "Haus", "Haus"), doc("b.md", "Haus", "Haus")]
    compute(docs)
    seen = []
    real = related.german.tokenize
    monkeypatch.setattr(related.german, "tokenize", lambda text: seen.append(text) or real(text))
    docs[1].body += " Garten"
    compute(docs)
    assert [t for t in seen if t] == ["Haus", "Haus Garten"]  # title and body of b only


# --- command line --------------------------------------------------------------------

def test_cli_prints_json_for_a_folder_with_titles_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("---\ntitle: Versicherungspflicht\n---\nDie Versicherungspflicht.\n", "utf-8")
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: Pflicht\n---\nEine Versicherung ist Pflicht.\n", "utf-8")
    (tmp_path / "c.md").write_text("Kaffee schmeckt.\n", "utf-8")
    out = subprocess.run([sys.executable, "-m", "kb.related_cli", str(tmp_path), "--top", "3"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(HOOKS)}, check=True)
    data = json.loads(out.stdout)
    assert sorted(data) == ["a.md", "c.md", "sub/b.md"]
    assert [r["path"] for r in data["a.md"]] == ["sub/b.md"]
    assert set(data["a.md"][0]) == {"path", "score", "reasons"}


def test_a_page_listing_every_article_does_not_cocite_them():
    docs = [doc(f"{i}.md", f"Titel{i}", f"Wort{i}") for i in range(6)]
    links = {"ueber.md": {d.path for d in docs}}
    result = compute(docs, links=links, settings=Settings(threshold=0.05))
    assert all(v == [] for v in result.values())


def test_weak_signals_are_not_named_as_reasons():
    docs = [doc("a.md", "Versicherung", "Versicherung"), doc("b.md", "Versicherung", "Versicherung")]
    got = reasons(compute(docs, settings=Settings(reason_min=5.0)), "artikel/a.md", "artikel/b.md")
    assert got == []
