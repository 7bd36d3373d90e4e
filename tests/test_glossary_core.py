"""kb.glossary: which abbreviation definitions a page needs."""

from __future__ import annotations

from kb.glossary import definitions, used_definitions

SNIPPET = "*[ROI]: Return on Investment\n*[B2B]: Business to Business\n"


def test_definitions_read_term_and_line():
    assert definitions(SNIPPET) == [("ROI", "*[ROI]: Return on Investment"),
                                    ("B2B", "*[B2B]: Business to Business")]


def test_definitions_skip_other_lines():
    assert definitions("Kommentar\n\n*[UGC]: User Generated Content") == [("UGC", "*[UGC]: User Generated Content")]


def test_page_gets_only_the_terms_it_uses():
    assert used_definitions("Der ROI im Autohaus.", definitions(SNIPPET)) == "*[ROI]: Return on Investment"


def test_page_without_terms_gets_nothing():
    assert used_definitions("Kein Kürzel hier.", definitions(SNIPPET)) == ""


def test_term_inside_a_longer_word_still_counts():
    """A substring test may add a definition abbr then does not use, never miss one it would."""
    assert used_definitions("B2B-Kommunikation", definitions(SNIPPET)) == "*[B2B]: Business to Business"
