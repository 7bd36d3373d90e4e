"""Unit tests of the shared German text module (kb.german)."""

from __future__ import annotations

import pytest

from kb import german
from kb.german import Vocabulary, analyze, fold, is_stopword, split_compound, stem, tokenize


# --- folding: both spellings, one key ---------------------------------------

@pytest.mark.parametrize("umlaut, plain", [
    ("Häuser", "Haeuser"), ("schön", "schoen"), ("Übersicht", "Uebersicht"),
    ("Straße", "Strasse"), ("Größe", "Groesse"), ("Autohäusern", "AUTOHAEUSERN"),
])
def test_fold_gives_both_spellings_one_key(umlaut, plain):
    assert fold(umlaut) == fold(plain)


@pytest.mark.parametrize("word", ["Kaffeetassen", "Steuer", "Feuer", "Israel"])
def test_fold_leaves_words_with_ae_oe_ue_letters_alone(word):
    assert fold(word) == word.lower()


def test_fold_drops_other_accents():
    assert fold("Café") == "cafe"


# --- stemming -----------------------------------------------------------------

def test_inflections_share_a_stem():
    assert stem("Haus") == stem("Häuser") == stem("Häusern") == stem("Haeusern")


@pytest.mark.parametrize("a, b", [("Beziehung", "Beziehungen"), ("Kunde", "Kunden"),
                                  ("Straße", "Strassen")])
def test_more_german_inflections_share_a_stem(a, b):
    assert stem(a) == stem(b)


def test_different_words_keep_different_stems():
    assert stem("Haus") != stem("Hose")


def test_english_stemming():
    assert stem("relations", "en") == stem("relation", "en")
    assert stem("companies", "en") == stem("company", "en")
    assert stem("running", "en") == "run"


def test_english_is_not_stemmed_as_german():
    assert stem("running", "en") != stem("running", "de")


def test_stems_are_cached_per_language():
    stem("Versicherungen", "de")
    assert "Versicherungen" in german._STEM_CACHE["de"]


# --- stopwords ------------------------------------------------------------------

@pytest.mark.parametrize("word", ["der", "Die", "und", "über", "ueber", "dass", "daß"])
def test_german_stopwords(word):
    assert is_stopword(word, "de")


@pytest.mark.parametrize("word", ["the", "And", "which"])
def test_english_stopwords(word):
    assert is_stopword(word, "en")


def test_content_words_are_no_stopwords():
    assert not is_stopword("Versicherung", "de")
    assert not is_stopword("company", "en")


def test_analyze_drops_stopwords():
    assert analyze("der die das und oder aber", "de") == []
    assert analyze("the and of which", "en") == []


# --- compounds ------------------------------------------------------------------

def test_split_with_fugen_s():
    assert split_compound("Versicherungspflicht") == ["versicherung", "pflicht"]


def test_split_inflected_final_part_gives_its_base_form():
    assert split_compound("Kaffeetassen") == ["kaffee", "tasse"]


def test_split_with_fugen_n():
    assert split_compound("Kundenbindung") == ["kunde", "bindung"]


def test_split_umlaut_spellings_alike():
    assert split_compound("Autohäusern") == split_compound("Autohaeusern") == ["auto", "haus"]


@pytest.mark.parametrize("word", ["Beziehungen", "Haus", "Kommunikation", "Steuer"])
def test_simple_words_are_not_split(word):
    assert split_compound(word) == []


def test_parts_must_be_known_words():
    assert split_compound("Quorkelbatz") == []


def test_parts_shorter_than_min_part_are_not_used():
    vocab = Vocabulary({"tee": 5, "kanne": 5})
    assert split_compound("Teekanne", vocab) == []


def test_corpus_vocabulary_teaches_new_parts():
    assert split_compound("Blechtrommelkonzert") == []
    vocab = Vocabulary.from_texts(["Ein Blech, eine Trommel und ein Konzert."])
    assert split_compound("Blechtrommelkonzert", vocab) == ["blech", "trommel", "konzert"]


def test_frequent_whole_word_is_not_split_into_rarer_parts():
    vocab = Vocabulary({"autohaus": 50, "auto": 2, "haus": 2})
    assert split_compound("Autohaus", vocab) == []


def test_analyze_adds_compound_parts_after_the_word():
    terms = analyze("Die Versicherungspflicht", "de")
    assert terms == [stem("Versicherungspflicht"), stem("Versicherung"), stem("Pflicht")]


def test_analyze_matches_part_and_compound():
    assert stem("Pflicht") in analyze("Versicherungspflicht")
    assert stem("Tasse") in analyze("Kaffeetassen")


def test_english_words_are_not_split():
    assert analyze("Kaffeetassen", "en") == ["kaffeetassen"]


def test_analyze_pairs_keep_the_surface_word():
    pairs = german.analyze_pairs("Häusern", "de")
    assert pairs == [(stem("Haus"), "Häusern")]


def test_tokenize_splits_hyphens_and_keeps_digits():
    assert tokenize("Facebook-Seiten, Web 2.0!") == ["Facebook", "Seiten", "Web", "2", "0"]


def test_analyze_skips_numbers_and_single_letters():
    assert analyze("2012 x Twitter") == [stem("Twitter")]


def test_slug_folds_umlauts_and_joins_with_hyphens():
    assert german.slug("Größe, Übermut & Ärger") == "groesse-uebermut-aerger"


def test_slug_of_both_spellings_is_the_same():
    assert german.slug("Straße") == german.slug("Strasse") == "strasse"


def test_vocabulary_from_counts_folds_and_adds_up_spellings():
    vocab = german.Vocabulary.from_counts({"Häuser": 2, "haeuser": 1}, builtin=False)
    assert vocab.counts == {"haeuser": 3}


def test_vocabulary_from_counts_leaves_out_stopwords_numbers_and_short_words():
    vocab = german.Vocabulary.from_counts({"und": 5, "2012": 3, "ab": 2, "Kunde": 1}, builtin=False)
    assert vocab.counts == {"kunde": 1}


def test_vocabulary_from_texts_counts_as_from_counts():
    texts = ["Die Kunden im Autohaus", "Autohaus und Kunden"]
    counted = german.Vocabulary.from_counts({"Die": 1, "Kunden": 2, "im": 1, "Autohaus": 2, "und": 1})
    assert german.Vocabulary.from_texts(texts).counts == counted.counts


def test_token_terms_give_the_word_then_its_parts():
    vocab = german.Vocabulary()
    assert [t for t, _ in german.token_terms("Versicherungspflicht", "de", vocab)] == \
        [stem("versicherungspflicht"), stem("versicherung"), stem("pflicht")]


def test_token_terms_nouns_only_leaves_code_names_whole():
    vocab = german.Vocabulary()
    assert len(german.token_terms("versicherungspflicht", "de", vocab, nouns_only=True)) == 1


def test_token_terms_of_a_stopword_are_empty():
    assert german.token_terms("und", "de") == []


def test_analyze_pairs_is_token_terms_word_by_word():
    vocab = german.Vocabulary()
    text = "Die Versicherungspflicht für Häuser"
    expected = [pair for word in tokenize(text) for pair in german.token_terms(word, "de", vocab)]
    assert german.analyze_pairs(text, "de", vocab) == expected


# --- a strong verb's nouns (search: "umbrechen" finds "Umbruch") ---------------------------------

def _words(*entries):
    """``{folded key: (display form, documents)}`` as the search vocabulary holds its words."""
    return {fold(display): (display, df) for display, df in entries}


def test_verb_nouns_pair_a_strong_verb_with_its_changed_vowel_noun():
    words = _words(("umbrechen", 3), ("Umbruch", 5), ("Umbruchs", 2), ("aufnehmen", 4), ("Aufnahme", 7),
                   ("unterscheiden", 2), ("Unterschied", 9))
    assert german.verb_nouns(words) == {"umbrechen": ["umbruch"], "aufnehmen": ["aufnahme"],
                                        "unterscheiden": ["unterschied"]}


def test_verb_nouns_need_an_infinitive_a_noun_of_two_documents_and_a_strong_vowel_change():
    words = _words(("strengeren", 3), ("Strang", 5),  # a comparative, not an infinitive
                   ("umbrechen", 3), ("Umbruch", 1),  # the noun on one page only
                   ("schalten", 4), ("Schulter", 6),  # a → u is no vowel change of a strong verb
                   ("ausfallen", 2), ("Ausfüllens", 3),  # an umlaut in the changed vowel
                   ("lesen", 9), ("Los", 9))  # too short a stem to tell
    assert german.verb_nouns(words) == {}


def test_verb_nouns_keep_the_most_used_nouns_and_only_german():
    words = _words(("schliessen", 3), ("Schluss", 9), ("Schloss", 4), ("Schlüssel", 20))
    assert german.verb_nouns(words, limit=1) == {"schliessen": ["schluss"]}
    assert german.verb_nouns(words, "en") == {}
