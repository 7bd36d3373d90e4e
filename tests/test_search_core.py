"""Unit tests of the search core (kb.search): records, Pagefind input, vocabulary, expansion, typos."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kb import search as core
from kb.german import fold

DOCS = [
    "Die Versicherungspflicht gilt für jedes Fahrzeug.",
    "Jeder Gast bekommt eine Kaffeetasse.",
    "In den Häusern der Händler hängen Bildschirme.",
    "Die Straße vor dem Betrieb ist verstopft.",
    "Twitter eignet sich für Hinweise. Auf Twitter antworten Kunden.",
    "Twitter und Facebook im Autohaus.",
]


@pytest.fixture(scope="module")
def vocab():
    """The German vocabulary of DOCS."""
    return core.build_vocabulary(DOCS, "de")


# --- text of the rendered body --------------------------------------------------

def test_html_blocks_keep_headings_and_paragraphs():
    blocks = core.html_blocks("<h2 id='a'>Teil<a class='headerlink' href='#a'>¶</a></h2><p>Ein <em>Satz</em>.</p>")
    assert blocks == [("h2", "Teil"), ("p", "Ein Satz.")]


def test_html_blocks_drop_scripts_and_ignored_elements():
    blocks = core.html_blocks("<p>Sichtbar</p><script>var x = 1;</script>"
                              "<div data-pagefind-ignore><p>Chrome</p></div>")
    assert blocks == [("p", "Sichtbar")]


def test_html_blocks_join_soft_hyphenated_words():
    assert core.html_blocks("<p>Kunden&shy;bindung</p>") == [("p", "Kundenbindung")]


def test_html_blocks_drop_footnote_backrefs():
    html = '<p>Text<a class="footnote-backref" href="#r">↩</a></p>'
    assert core.html_blocks(html) == [("p", "Text")]


def _record(**kw):
    """A record with defaults, overridden by ``kw``."""
    base = dict(url="artikel/x/", lang="de", title="Titel", description="Kurz.", topic="Autohandel",
                tags=["Facebook", "ROI"], date=None, content_html="<p>Body</p>")
    base.update(kw)
    return core.make_record(**base)


def test_record_drops_leading_h1_equal_to_title():
    rec = _record(content_html="<h1>Titel</h1><p>Body</p>")
    assert rec.blocks == [("p", "Body")]


def test_record_export_has_every_field():
    rec = _record(date=dt.date(2012, 6, 25))
    row = rec.export("https://example.org/kb/", "en/")
    assert row == {"id": "en-artikel-x", "url": "https://example.org/kb/en/artikel/x/", "language": "de",
                   "title": "Titel", "description": "Kurz.", "text": "Body", "topic": "Autohandel",
                   "tags": ["Facebook", "ROI"], "date": "2012-06-25"}


def test_records_jsonl_one_object_per_line_sorted():
    lines = core.records_jsonl([_record(url="b/"), _record(url="a/")], "https://x.org/").splitlines()
    assert [json.loads(line)["url"] for line in lines] == ["https://x.org/a/", "https://x.org/b/"]


# --- what Pagefind gets -------------------------------------------------------------

def test_pagefind_html_escapes_everything():
    rec = _record(title='A <b>"x"</b>', tags=["<script>"], content_html="<p>&lt;img&gt;</p>")
    html = core.pagefind_html(rec)
    assert "<b>" not in html and "<script>" not in html and "<img>" not in html
    assert "&lt;b&gt;" in html


def test_pagefind_html_has_meta_and_filters():
    html = core.pagefind_html(_record(date=dt.date(2012, 6, 25)))
    assert 'data-pagefind-meta="date[content]" content="25. Juni 2012"' in html
    assert 'data-pagefind-filter="year[content]" content="2012"' in html
    assert 'data-pagefind-filter="tag[content]" content="ROI"' in html
    assert 'data-pagefind-filter="topic[content]" content="Autohandel"' in html
    assert '<html lang="de"' in html


def test_pagefind_html_english_date_as_the_listings_write_it():
    html = core.pagefind_html(_record(lang="en", date=dt.date(2012, 6, 25)))
    assert 'data-pagefind-meta="date[content]" content="25 June 2012"' in html


def test_pagefind_html_undated_year_filter():
    html = core.pagefind_html(_record())
    assert 'data-pagefind-filter="year[content]" content="Datum unbekannt"' in html


def test_pagefind_html_undated_page_has_no_date_meta():
    # Pagefind indexes a meta field's words: "Datum unbekannt" on every undated page made the
    # query word "Datum" match all of them
    assert "date[content]" not in core.pagefind_html(_record())


def test_pagefind_html_kind_meta_only_for_a_glossary_term():
    assert "kind[content]" not in core.pagefind_html(_record())
    assert 'data-pagefind-meta="kind[content]" content="glossary"' in core.pagefind_html(_record(kind="glossary"))


def test_pagefind_html_topic_and_tags_without_labels():
    html = core.pagefind_html(_record())
    assert "<p>Autohandel, Facebook, ROI</p>" in html
    assert "Thema" not in html and "Schlagwort" not in html


# --- vocabulary ------------------------------------------------------------------------

def test_compound_part_maps_to_compound(vocab):
    assert "versicherungspflicht" in vocab.expand["pflicht"]
    assert "kaffeetasse" in vocab.expand["tasse"]


def test_folded_spelling_maps_to_real_spelling(vocab):
    assert "häusern" in vocab.expand[fold("Haeusern")]
    assert "straße" in vocab.expand["strasse"]


def test_stem_maps_to_umlaut_plural(vocab):
    assert "häusern" in vocab.expand["haus"]


def test_stopwords_are_no_expansion_keys(vocab):
    assert "die" not in vocab.expand and "und" not in vocab.expand


def test_words_have_display_form_and_document_frequency(vocab):
    assert vocab.words["twitter"] == ("Twitter", 2)


def test_english_vocabulary_splits_no_compounds():
    en = core.build_vocabulary(["The carwash and the car"], "en")
    assert "wash" not in en.expand


def test_expansion_cap():
    docs = [" ".join(f"{p}pflicht" for p in ("versicherungs", "schul", "melde", "impf", "wehr", "steuer",
                                               "kenn", "anwesenheits", "buch", "zahl", "auskunfts",
                                               "nachweis", "sorgfalts", "helm"))]
    vocab = core.build_vocabulary(docs, "de")
    assert len(vocab.expand["pflicht"]) <= core.MAX_EXPANSIONS


# --- shards -----------------------------------------------------------------------------

def test_shards_cover_every_key_once(vocab):
    manifest, files = core.shard_vocabulary(vocab, max_bytes=200)
    seen = {}
    for name, text in files.items():
        data = json.loads(text)
        for key in list(data["w"]) + list(data["x"]):
            assert core.shard_for(key, manifest) == name
            seen[key] = name
    assert set(seen) == set(vocab.words) | set(vocab.expand)


def test_a_big_vocabulary_is_split_into_sorted_runs(vocab):
    manifest, files = core.shard_vocabulary(vocab, max_bytes=60)
    assert len(files) > 1
    assert manifest["shards"] == sorted(files)


def test_shards_stay_under_the_limit_where_they_can(vocab):
    _, files = core.shard_vocabulary(vocab, max_bytes=120)
    for name, text in files.items():
        keys = json.loads(text)
        single = len(set(keys["w"]) | set(keys["x"])) == 1
        assert len(text.encode()) <= 120 + 20 or single


def test_small_vocabulary_is_one_shard(vocab):
    manifest, _ = core.shard_vocabulary(vocab)
    assert len(manifest["shards"]) == 1


def test_shard_name_is_the_shortest_start_after_the_previous_shard():
    vocab = core.Vocab("de", {"ab": ("ab", 1), "abc": ("abc", 1), "abd": ("abd", 1)}, {})
    manifest, _ = core.shard_vocabulary(vocab, max_bytes=10)
    assert manifest["shards"] == ["a", "abc", "abd"]
    assert [core.shard_for(k, manifest) for k in ("ab", "abc", "abcz", "abd", "zz")] == ["a", "abc", "abc", "abd", "abd"]
    assert core.shard_for("0", manifest) is None


def test_a_word_written_as_its_key_is_stored_as_its_count(vocab):
    _, files = core.shard_vocabulary(vocab)
    words = json.loads(next(iter(files.values())))["w"]
    assert words["fahrzeug"] == ["Fahrzeug", 1] and words["verstopft"] == 1


def test_manifest_carries_the_filter_counts_it_is_given(vocab):
    manifest, _ = core.shard_vocabulary(vocab, filters={"topic": {"Autohandel": 2}})
    assert manifest["filters"] == {"topic": {"Autohandel": 2}}


def test_filter_counts_count_articles_per_value():
    records = [core.make_record(url=f"a{i}/", lang="de", title="T", description="", topic="Autohandel",
                                tags=["BMW", "BMW"] if i else [], date=dt.date(2012, 1, 1) if i else None,
                                content_html="<p>x</p>") for i in range(3)]
    records.append(core.make_record(url="glossar/#x", lang="de", title="x", description="", topic="",
                                    tags=[], date=None, content_html="<p>x</p>", kind="glossary"))
    assert core.filter_counts(records) == {"topic": {"Autohandel": 3}, "tag": {"BMW": 2},
                                           "year": {"2012": 2, "Datum unbekannt": 1}}


def test_manifest_lists_stopwords_and_endings(vocab):
    manifest, _ = core.shard_vocabulary(vocab)
    assert "und" in manifest["stop"] and "en" in manifest["endings"]


# --- query side -------------------------------------------------------------------------

def test_query_words_drop_stopwords():
    assert core.query_words("Die Häuser und das Auto", "de") == ["häuser", "auto"]


def test_expansions_of_compound_part(vocab):
    assert core.expansions("Pflicht", vocab) == ["pflicht", "versicherungspflicht"]


def test_expansions_of_inflected_part(vocab):
    assert "kaffeetasse" in core.expansions("Tassen", vocab)


def test_expansions_of_ae_spelling(vocab):
    assert "häusern" in core.expansions("Haeusern", vocab)


def test_expansions_start_with_the_word_itself(vocab):
    assert core.expansions("Quark", vocab) == ["quark"]


@pytest.mark.parametrize("a, b, d", [("twiter", "twitter", 1), ("twitter", "twitter", 0),
                                      ("twtiter", "twitter", 1), ("facebok", "facebook", 1),
                                      ("fcaebok", "facebook", 2)])
def test_edit_distance(a, b, d):
    assert core.edit_distance(a, b, 2) == d


def test_edit_distance_stops_above_limit():
    assert core.edit_distance("abcdef", "uvwxyz", 1) == 2


def test_typo_candidate_found(vocab):
    assert core.corrections("Twiter", vocab)[0] == "Twitter"


def test_typo_two_edits_for_long_words(vocab):
    assert core.corrections("Versichrungsplicht", vocab)[0] == "Versicherungspflicht"


def test_short_words_are_not_corrected(vocab):
    assert core.corrections("Twi", vocab) == []


def test_one_edit_only_for_medium_words(vocab):
    assert core.corrections("Twtr", vocab) == []


def test_typo_candidates_prefer_frequent_words():
    vocab = core.build_vocabulary(["Kanne", "Tanne Tanne", "Tanne"], "de")
    assert core.corrections("Ranne", vocab)[0] == "Tanne"


@pytest.mark.parametrize("html", [
    "<h2 id='a'>Teil<a class=\"headerlink\" href='#a'>¶</a></h2><p>Ein <em>Satz</em> &amp; mehr.</p>",
    "<p>Kunden&shy;bindung</p><ul><li>eins</li><li>zwei <b>drei</b></li></ul>",
    "<p>Bild: <img src='x.png' alt=\"Ein Auto\"> hier</p><script>var a = '<p>';</script>",
    "<blockquote><p>Zitat</p></blockquote><table><tr><td>A</td><td>B</td></tr></table>",
    "<p>Text<sup id='r'><a href='#f'>1</a></sup></p><div class='footnote'><ol><li><p>Fuß"
    "<a class=\"footnote-backref\" href='#r'>↩</a></p></li></ol></div>",
    "<p>a<br>b</p><h3>Drei</h3>lose <span>Worte</span>",
])
def test_fast_path_equals_the_parser(html):
    fast = core._fast_blocks(html)
    assert fast is not None
    assert fast == core.parsed_blocks(html)


def test_unsure_markup_goes_to_the_parser():
    assert core._fast_blocks("<div data-pagefind-ignore><div>x</div>y</div><p>z</p>") is None
    assert core.html_blocks("<div data-pagefind-ignore><div>x</div>y</div><p>z</p>") == [("p", "z")]


# --- the field's terms, compounds split at query time -------------------------------------

FAMILY_DOCS = [
    ("Web Storage API", "Die Web Storage API bietet Speicher für Schlüssel und Werte im Browser."),
    ("Window: localStorage", "Der lokale Speicher des Fensters bleibt nach dem Schließen erhalten."),
    ("StorageManager", "Verwaltet den Speicher einer Origin und schätzt die Quote."),
    ("Storage: setItem()", "Legt einen Wert im Speicher ab."),
    ("Clipboard API", "Die Zwischenablage lesen und schreiben."),
    ("Element: keydown", "Das Ereignis tritt ein, wenn eine Taste gedrückt wird."),
    ("Math.random()", "Gibt eine Zahl zwischen null und eins zurück."),
]


@pytest.fixture(scope="module")
def family_vocab():
    """A vocabulary with the family learned from FAMILY_DOCS."""
    return core.build_vocabulary([f"{n}\n{lead}" for n, lead in FAMILY_DOCS], "de", named=FAMILY_DOCS)


def test_name_terms_split_code_names():
    assert {"localstorage", "local", "storage", "window"} <= core.name_terms("Window: localStorage", "de")


def test_name_terms_leave_out_stopwords_and_short_parts():
    assert core.name_terms("Die API für ab", "de") == {"api"}


def test_family_pairs_a_word_with_the_term_its_articles_are_named_by(family_vocab):
    assert "storage" in core.family_of("Speicher", family_vocab)


def test_family_finds_the_term_from_an_inflected_word(family_vocab):
    assert "storage" in core.family_of("Speichern", family_vocab)


def test_family_needs_three_shared_articles(family_vocab):
    assert core.family_of("Zwischenablage", family_vocab) == []


def test_family_is_in_the_shards(family_vocab):
    manifest, files = core.shard_vocabulary(family_vocab)
    key = fold("speicher")
    data = json.loads(files[core.shard_for(key, manifest)])
    assert "storage" in data["f"][key]


def test_query_compound_is_split_into_words_of_the_site(family_vocab):
    assert core.split_query("Webspeicher", family_vocab) == ["web", "speicher"]


def test_query_compound_split_drops_a_linking_s():
    vocab = core.build_vocabulary(["Die Versicherung zahlt.", "Die Pflicht gilt."], "de")
    assert core.split_query("Versicherungspflicht", vocab) == ["versicherung", "pflicht"]


def test_a_word_of_the_site_is_not_split(family_vocab):
    assert core.split_query("Zwischenablage", family_vocab) is None


def test_a_word_without_known_parts_is_not_split(family_vocab):
    assert core.split_query("Quantenschaum", family_vocab) is None


def test_family_leaves_out_a_heading_most_articles_have():
    docs = [(f"Objekt{i}: storage\nSpezifikationen", "Der Speicher des Objekts.") for i in range(5)]
    docs += [(f"Element{i}\nSpezifikationen", "Das Element zeichnet Rahmen.") for i in range(25)]
    vocab = core.build_vocabulary([f"{n}\n{lead}" for n, lead in docs], "de", named=docs)
    assert core.family_of("Speicher", vocab) == ["storage"]


def test_a_compound_of_the_site_gets_the_family_of_its_part():
    docs = FAMILY_DOCS + [("Arbeit", "Die Arbeit ruht."),
                          ("Arbeitsspeicher", "Der Arbeitsspeicher hält Antworten.")]
    vocab = core.build_vocabulary([f"{n}\n{lead}" for n, lead in docs], "de", named=docs)
    assert vocab.family.get("arbeitsspeicher") == ["storage"]


def test_vocabulary_files_are_written_plain_and_compressed(vocab):
    import gzip
    import json

    manifest, parts = core.shard_vocabulary(vocab)
    files = core.vocabulary_files(manifest, parts)
    assert set(files) == {f"{n}{ext}" for n in ["manifest", *parts] for ext in (".json", ".zjson")}
    assert json.loads(gzip.decompress(files["manifest.zjson"])) == manifest
    name = next(iter(parts))
    assert gzip.decompress(files[f"{name}.zjson"]) == files[f"{name}.json"] == parts[name].encode()
    assert core.vocabulary_files(manifest, parts) == files  # no timestamp: the same bytes each build


def test_a_verbs_strong_form_nouns_are_in_its_shard():
    texts = ["Wir können lange Zeilen umbrechen.", "Der Umbruch kommt am Rand.", "Ein Umbruch trennt Wörter."]
    vocab = core.build_vocabulary(texts, "de")
    assert core.forms_of("umbrechen", vocab) == ["umbruch"]
    assert core.forms_of("Umbruch", vocab) == []
    manifest, files = core.shard_vocabulary(vocab)
    shard = json.loads(files[core.shard_for("umbrechen", manifest)])
    assert shard["v"] == {"umbrechen": ["umbruch"]}
    assert all("v" not in json.loads(files[name]) for name in files if name != core.shard_for("umbrechen", manifest))
