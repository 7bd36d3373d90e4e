"""Browser tests of the search box (headless Chromium) on a fixture site.

The fixture site holds small German and English articles, each built around
one German feature (a compound part, an umlaut plural, an ss spelling, a
word to misspell), so every test knows exactly which article must come first.
The shared query list runs against the real site in test_search_eval.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import make_project, run_build, serve_dir

pytestmark = pytest.mark.browser


def _article(title, body, *, topic="Autohandel", tags=("Facebook",), date=None, desc=None, extra=""):
    """The Markdown of one fixture article."""
    lines = ["---", f"title: {title}", f"description: {desc or title + '.'}", f"topic: {topic}",
             f"tags: [{', '.join(tags)}]"]
    if date:
        lines.append(f"date: {date}")
    lines.append(extra.strip()) if extra.strip() else None
    return "\n".join(lines) + "\n---\n\n" + body + "\n"


PAGES = {
    "artikel/pflicht.md": _article(
        "Regeln im Betrieb", "Seit Jahren gilt die Versicherungspflicht für jedes Fahrzeug im Bestand. "
        "MARKE-PFLICHT", tags=("Recht",)),
    "artikel/geschirr.md": _article(
        "Begrüßung am Empfang", "Jeder Gast bekommt eine Kaffeetasse mit dem Logo des Betriebs. "
        "MARKE-TASSE", topic="Konzernkommunikation", tags=("Service",), date="2012-06-25"),
    "artikel/gebaeude.md": _article(
        "Gebäude der Händler", "In den Häusern der Händler hängen Bildschirme. MARKE-HAEUSER",
        tags=("Gebäude",)),
    "artikel/verkehr.md": _article(
        "Verkehr vor der Tür", "Die Straße vor dem Betrieb ist oft verstopft. MARKE-STRASSE",
        topic="B2B-Kommunikation", tags=("Verkehr",)),
    "artikel/zwitschern.md": _article(
        "Kurznachrichten für Händler", "Twitter eignet sich für schnelle Hinweise. Auf Twitter "
        "antworten Kunden direkt. MARKE-TWITTER", tags=("Twitter",), date="2011-03-01"),
    "artikel/zwitschern.en.md": _article(
        "Short messages for dealers", "Twitter suits quick notes. On Twitter customers answer "
        "directly. MARKE-EN-TWITTER", tags=("Twitter",), extra="translation_of: 0123456789abcdef"),
    "artikel/verkehr.en.md": _article(
        "Traffic outside the door", "The street outside is often jammed. MARKE-EN-STREET",
        topic="B2B-Kommunikation", tags=("Traffic",), extra="translation_of: 0123456789abcdef"),
}

BAD_QUERIES = ['"Twitter"', "<script>window.kbPwned=1</script>", "x" * 1000, "🚗🚗 Twitter 🎉",
               "und der die das", "!!! ??? ... ,,,", "' OR 1=1 --", "<img src=x onerror=window.kbPwned=1>"]


def _served(tmp_path_factory, name, pages, *, shards: str | None = None):
    """Build ``pages`` strictly in a temp project and serve the site over HTTP; yield its URL.

    ``shards``: the last index folder a build with one page per index shard
    (``KB_SEARCH_SHARD_BYTES=1``) must write, e.g. ``pagefind-3``.
    """
    tmp = tmp_path_factory.mktemp(name)
    project = make_project(tmp, pages)
    site = tmp / "site"
    result = run_build(project, site, env={"KB_SEARCH_SHARD_BYTES": "1"} if shards else None)
    assert result.returncode == 0, result.stderr
    if shards:
        assert (site / shards / "pagefind-entry.json").is_file()
    server, url = serve_dir(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """The fixture site, built strictly and served over HTTP."""
    yield from _served(tmp_path_factory, "search", PAGES)


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The fixture site with every article in an index shard of its own (KB_SEARCH_SHARD_BYTES)."""
    yield from _served(tmp_path_factory, "sharded", PAGES, shards="pagefind-3")


SPEICHER = {
    "artikel/speicher.md": _article("Lager", "Die Speicherung der Daten dauert. MARKE-SPEICHER", tags=("Daten",)),
}


@pytest.fixture(scope="module")
def speicher_site(tmp_path_factory):
    """A site of one article, with every page in an index shard of its own (the article's merged)."""
    yield from _served(tmp_path_factory, "speicher", SPEICHER, shards="pagefind-2")


def _open(page, url):
    """Load ``url`` and wait until the search script is ready."""
    page.goto(url)
    page.wait_for_function("window.kbSearch !== undefined")


def _search(page, query):
    """Type ``query`` into the search box; wait for the status to settle; return it."""
    box = page.locator("#kb-search-input")
    if not box.is_visible():
        page.keyboard.press("/")
    box.fill("")
    box.type(query, delay=5) if len(query) < 60 else box.fill(query)
    _settle(page)
    return page.locator("#kb-search-status").inner_text()


def _settle(page):
    """Wait until the box shows the results of what is in the input now."""
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-kb-search]');"
        " return b.getAttribute('data-kb-done') === document.getElementById('kb-search-input').value; }")


def _hrefs(page):
    """The links of the result list, in order."""
    return page.eval_on_selector_all("#kb-search-list a", "els => els.map(e => e.href)")


def _first_page_text(page, href):
    """The text of the page the first result links to."""
    other = page.context.new_page()
    other.goto(href)
    text = other.locator("article.md-content__inner").inner_text()
    other.close()
    return text


@pytest.mark.parametrize("query, marker", [
    ("Pflicht", "MARKE-PFLICHT"),              # compound part (last part)
    ("Tasse", "MARKE-TASSE"),                  # compound part
    ("Tassen", "MARKE-TASSE"),                 # compound part, inflected
    ("Haus", "MARKE-HAEUSER"),                 # umlaut plural: Haus finds Häusern
    ("Haeusern", "MARKE-HAEUSER"),             # ae spelling
    ("Strasse", "MARKE-STRASSE"),              # ss spelling
    ("Twiter", "MARKE-TWITTER"),               # typo
    ("Kurznachrichten Twitter", "MARKE-TWITTER"),
])
def test_german_feature_brings_article_first(page, search_site, query, marker):
    _open(page, search_site + "/")
    _search(page, query)
    hrefs = _hrefs(page)
    assert hrefs, f"no results for {query!r}"
    assert marker in _first_page_text(page, hrefs[0])


def test_typo_shows_did_you_mean(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Twiter")
    assert "Meinten Sie „Twitter“?" in page.locator(".kb-search__note").inner_text()
    # the live region says it too, so screen readers hear the correction
    assert "Meinten Sie „Twitter“?" in page.locator("#kb-search-status").text_content()


def test_result_shows_title_topic_date_and_marked_excerpt(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Kaffeetasse")
    item = page.locator("#kb-search-list li").first
    assert item.locator(".kb-search__title").inner_text() == "Begrüßung am Empfang"
    assert item.locator(".kb-search__topic").inner_text() == "Konzernkommunikation"
    assert item.locator(".kb-search__date").inner_text() == "25. Juni 2012"
    assert "Kaffeetasse" in item.locator(".kb-search__excerpt mark").first.inner_text()


def test_undated_result_says_datum_unbekannt(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Strasse")
    assert page.locator("#kb-search-list .kb-search__date").first.inner_text() == "Datum unbekannt"


def test_status_announces_result_count(page, search_site):
    _open(page, search_site + "/")
    status = _search(page, "Bildschirme")  # one article, and no glossary term, has the word
    assert status == "1 Treffer"
    assert page.locator("#kb-search-status").get_attribute("role") == "status"
    assert page.locator("#kb-search-status").get_attribute("aria-live") == "polite"


def test_empty_state_is_helpful(page, search_site):
    _open(page, search_site + "/")
    status = _search(page, "Quarkspeise")
    assert "Keine Treffer für „Quarkspeise“." in status
    assert "Versuchen Sie" in status


def test_keyboard_only_german(page, search_site):
    _open(page, search_site + "/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kb-search-input"
    page.keyboard.type("Versicherungspflicht", delay=5)
    _settle(page)
    page.keyboard.press("ArrowDown")
    box = page.locator("#kb-search-input")
    assert box.get_attribute("aria-activedescendant") == "kb-search-option-0"
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/artikel/pflicht/"))
    assert "MARKE-PFLICHT" in page.locator("article.md-content__inner").inner_text()
    assert page.locator("article.md-content__inner mark.kb-search-hit").first.inner_text() == "Versicherungspflicht"


def test_keyboard_only_english_and_escape(page, search_site):
    _open(page, search_site + "/en/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "kb-search-input"
    page.keyboard.type("street", delay=5)
    _settle(page)
    assert page.locator("#kb-search-status").inner_text() == "1 result"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("/")
    _settle(page)  # the box shows the last query's results again
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/artikel/verkehr/"))
    assert "MARKE-EN-STREET" in page.locator("article.md-content__inner").inner_text()


def test_english_pages_search_english_index_only(page, search_site):
    _open(page, search_site + "/en/")
    _search(page, "Twitter")
    hrefs = _hrefs(page)
    assert hrefs and all(re.search(r"//[^/]+/en/(artikel|glossar)/", h) for h in hrefs)
    assert page.locator("#kb-search-input").get_attribute("placeholder") == "Search"


def test_german_pages_search_german_index_only(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Twitter")
    hrefs = _hrefs(page)
    assert hrefs and not any("/en/" in h for h in hrefs)


def test_topic_filter_narrows_results(page, search_site):
    _open(page, search_site + "/")
    page.keyboard.press("/")
    page.wait_for_selector(".kb-search__filters:not([hidden])")
    page.focus("[data-kb-filter=topic]")
    page.wait_for_selector("[data-kb-filter=topic] option[value=Konzernkommunikation]", state="attached")
    page.select_option("[data-kb-filter=topic]", "Konzernkommunikation")
    _settle(page)
    titles = page.locator("#kb-search-list .kb-search__title").all_inner_texts()
    assert titles == ["Begrüßung am Empfang"]


def test_filters_are_filled_before_the_first_result(page, search_site):
    _open(page, search_site + "/")
    page.keyboard.press("/")
    page.locator("#kb-search-input").type("Twitter", delay=5)
    page.wait_for_selector("#kb-search-list a", state="attached")
    assert page.eval_on_selector_all("[data-kb-filter=tag] option[value=Twitter]", "os => os.length") == 1
    assert page.get_attribute(".kb-search__filters", "data-kb-pending") is None


def test_year_and_tag_filters_list_values(page, search_site):
    _open(page, search_site + "/")
    page.keyboard.press("/")
    page.wait_for_selector(".kb-search__filters:not([hidden])")
    page.hover("[data-kb-filter=year]")
    page.wait_for_selector("[data-kb-filter=year] option[value='2011']", state="attached")
    years = page.eval_on_selector_all("[data-kb-filter=year] option", "os => os.map(o => o.value)")
    tags = page.eval_on_selector_all("[data-kb-filter=tag] option", "os => os.map(o => o.value)")
    assert {"2011", "2012", "Datum unbekannt"} <= set(years)
    assert {"Twitter", "Recht", "Service"} <= set(tags)


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_input_breaks_nothing(page, search_site, query):
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    _open(page, search_site + "/")
    status = _search(page, query)
    assert status.strip()
    assert not page.evaluate("window.kbPwned")
    # results hold only our own elements: no element from the query or an excerpt
    tags = set(page.eval_on_selector_all("#kb-search-list *", "els => els.map(e => e.tagName)"))
    assert tags <= {"LI", "A", "ARTICLE", "DIV", "SPAN", "P", "MARK"}
    assert page.locator(".md-search script, .md-search img").count() == 0
    assert not errors


def test_start_of_a_word_waits_for_more_letters(page, search_site):
    _open(page, search_site + "/")
    status = _search(page, "Twi")
    assert "Suchbegriff eingeben" in status and not _hrefs(page)


def test_start_of_a_word_finds_with_four_letters(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Twit")
    assert "/artikel/zwitschern/" in _hrefs(page)[0]


def test_short_word_of_the_site_is_searched_at_once(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Tür")
    assert "MARKE-STRASSE" in _first_page_text(page, _hrefs(page)[0])


def test_short_unknown_word_says_no_results(page, search_site):
    _open(page, search_site + "/")
    status = _search(page, "Xq")
    assert "Keine Treffer für „Xq“" in status


def test_only_stopwords_says_so(page, search_site):
    _open(page, search_site + "/")
    status = _search(page, "und der die das")
    assert "nur Füllwörter" in status


def test_failed_index_load_shows_message(page, search_site):
    page.route(re.compile(r".*/pagefind/.*"), lambda route: route.abort())
    _open(page, search_site + "/")
    status = _search(page, "Twitter")
    assert "Die Suche konnte nicht geladen werden" in status
    assert page.locator("#kb-search-status").get_attribute("role") == "alert"


def test_js_fold_matches_kb_german(page, search_site):
    from kb.german import fold

    words = ["Häuser", "Haeuser", "Straße", "GRÖSSE", "Übersicht", "Café", "Kaffeetassen", "naïve"]
    _open(page, search_site + "/")
    got = page.evaluate("ws => ws.map(w => window.kbSearch.fold(w))", words)
    assert got == [fold(w) for w in words]


def test_js_expansion_and_correction_match_the_core(page, search_site, tmp_path_factory):
    """The browser expands and corrects like kb.search.expansions / corrections."""
    from kb import search as core

    texts = [_strip(md) for path, md in PAGES.items() if not path.endswith(".en.md")]
    vocab = core.build_vocabulary(texts, "de")
    _open(page, search_site + "/")
    page.evaluate("window.kbSearch.load()")
    for word in ["Pflicht", "Tasse", "Haus", "Haeusern"]:
        got = page.evaluate("w => window.kbSearch.expand(w)", word)
        want = core.expansions(word, vocab)
        assert set(want) <= set(got), word
    assert page.evaluate("w => window.kbSearch.corrections(w)", "Twiter")[0] == core.corrections("Twiter", vocab)[0]


def _strip(markdown: str) -> str:
    """Title, description, body, topic and tags of a fixture article as plain text."""
    head, body = markdown.split("\n---\n", 1)
    values = [line.split(":", 1)[1].strip(" []") for line in head.splitlines()
              if line.startswith(("title:", "description:", "topic:", "tags:"))]
    return "\n".join(values + [body])


def test_a_typo_is_corrected_with_the_word_of_the_next_shard(page, search_site):
    # "barierefreiheit" sorts into the shard before the one holding "barrierefreiheit"
    import json

    manifest = {"lang": "de", "shards": ["a", "barr"], "stop": [], "endings": [], "maxExpansions": 8,
                "minTypo": 4}
    shards = {"a": {"w": {"bandbreite": 3}, "x": {}, "f": {}},
              "barr": {"w": {"barrierefreiheit": 5, "basis": 9}, "x": {}, "f": {}}}

    def vocab(route):
        name = route.request.url.rsplit("/", 1)[1]
        if name == "manifest.json":
            return route.fulfill(content_type="application/json", body=json.dumps(manifest))
        if name.endswith(".json") and name[:-5] in shards:
            return route.fulfill(content_type="application/json", body=json.dumps(shards[name[:-5]]))
        return route.fulfill(status=404)

    page.route(re.compile(r".*/search/vocab/.*"), vocab)
    _open(page, search_site + "/")
    page.evaluate("window.kbSearch.load()")
    assert page.evaluate("w => window.kbSearch.corrections(w)", "Barierefreiheit") == ["barrierefreiheit"]
    assert page.evaluate("w => window.kbSearch.corrections(w)", "Bandbrieten") == ["bandbreite"]


def test_missing_vocabulary_still_finds_plain_words(page, search_site):
    page.route(re.compile(r".*/search/vocab/.*"), lambda route: route.abort())
    _open(page, search_site + "/")
    _search(page, "Twitter")
    assert "MARKE-TWITTER" in _first_page_text(page, _hrefs(page)[0])


TYPING_PAGES = {
    "artikel/versand.md": _article("Versand", "Der Versand dauert zwei Tage."),
    "artikel/verstand.md": _article("Verstand", "Mit Verstand geplant."),
    "artikel/pflicht.md": _article("Pflichten", "Die Versicherungspflicht gilt für alle."),
    # "dat" is a word of the site and the start of longer ones; "Datum" is on one page only
    "artikel/endung.md": _article("Dateiendungen", "Die Endung dat steht für Rohdaten."),
    "artikel/kalender.md": _article("Kalender", "Das Datum steht oben."),
    # "Zufallszahl erzeugen": the page about random numbers never says "erzeugen"; the only page
    # with both words mentions them in passing
    "artikel/zufall.md": _article("Zufallszahl", "Die Funktion liefert eine Zufallszahl zwischen null "
                                  "und eins. MARKE-ZUFALL"),
    "artikel/notizen.md": _article("Notizen", "Viele kurze Notizen zu allerlei Themen des Alltags, "
                                   "zu Terminen, Reisen und Einkäufen. Nebenbei: eine Zufallszahl "
                                   "erzeugen wir hier nicht. MARKE-NOTIZEN"),
    # "Wörter umbrechen": no page has both; the page on breaking words says "Umbruch" (the noun of
    # the strong verb), a word list says only "Wörter", a page on paragraphs only "umbrechen"
    "artikel/umbruch.md": _article("Silbentrennung", "Ein Umbruch trennt lange Wörter am Rand. MARKE-UMBRUCH"),
    "artikel/seite.md": _article("Seitenlayout", "Der Umbruch der Seite kommt zuletzt."),
    "artikel/vokabeln.md": _article("Vokabeln", "Viele neue Wörter zum Lernen."),
    "artikel/absatz.md": _article("Absätze", "Absätze kann der Editor umbrechen."),
}


@pytest.fixture(scope="module")
def typing_site(tmp_path_factory):
    """A site where the start "Vers" finds three articles and "Versicherungspflicht" one."""
    yield from _served(tmp_path_factory, "typing", TYPING_PAGES)


def _fragments_while_typing(page, url, query, delay, loaded=False):
    """Type ``query`` key by key (``delay`` ms apart); return the result fragments fetched.

    ``loaded``: Pagefind and the vocabulary are loaded before the first key (otherwise the
    first keys' searches wait for them and are overtaken by the next key)."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/fragment/" in r.url else None)
    _open(page, url + "/")
    page.keyboard.press("/")
    if loaded:
        page.evaluate("() => window.kbSearch.load()")
    page.locator("#kb-search-input").type(query, delay=delay)
    _settle(page)
    return fetched


def test_typing_a_word_fetches_only_its_own_results(page, typing_site):
    # keys 100 ms apart: the short starts ("Vers" … "Versic", which find all three articles)
    # wait for a pause that never comes; the longer ones find only the finished word's article
    fetched = _fragments_while_typing(page, typing_site, "Versicherungspflicht", 100)
    assert len(_hrefs(page)) == 1 and "/artikel/pflicht/" in _hrefs(page)[0]
    assert len(fetched) == 1


def test_a_short_word_that_starts_longer_ones_waits_while_typing(page, typing_site):
    # "Dat" (a word of the site, and the start of "Dateiendungen", "Datum") would search every
    # dat… page and fetch its fragments; typed on, only "Datum"'s one page is fetched
    fetched = _fragments_while_typing(page, typing_site, "Datum", 100, loaded=True)
    assert len(_hrefs(page)) == 1 and "/artikel/kalender/" in _hrefs(page)[0]
    assert len(fetched) == 1


def test_a_page_with_the_other_words_in_its_title_outranks_one_with_all_in_passing(page, typing_site):
    # as typed, only the notes have both words; left without "erzeugen", the page named
    # "Zufallszahl" ranks beside them by Pagefind's score, and first
    _open(page, typing_site + "/")
    _search(page, "Zufallszahl erzeugen")
    hrefs = _hrefs(page)
    assert "/artikel/zufall/" in hrefs[0] and any("/artikel/notizen/" in h for h in hrefs)


def test_a_page_with_a_verbs_noun_ranks_beside_the_query_as_typed(page, typing_site):
    # "umbrechen" is also searched as "Umbruch": the page with both words in some form comes
    # first, above the pages that have one of the words as typed
    _open(page, typing_site + "/")
    forms = page.evaluate("async k => { await window.kbSearch.load(); return window.kbSearch.forms(k); }",
                          "umbrechen")
    assert forms == ["umbruch"]
    _search(page, "Wörter umbrechen")
    hrefs = _hrefs(page)
    assert "/artikel/umbruch/" in hrefs[0]
    assert any("/artikel/vokabeln/" in h for h in hrefs) and any("/artikel/absatz/" in h for h in hrefs)


def test_start_of_a_word_left_alone_shows_its_results(page, typing_site):
    _fragments_while_typing(page, typing_site, "Vers", 5)
    found = sorted(m.group(1) for h in _hrefs(page) if (m := re.search(r"/artikel/([a-z]+)/", h)))
    assert found == ["pflicht", "versand", "verstand"]


# --- the glossary in search (issue 17, point 4) -----------------------------------------

@pytest.mark.parametrize("path, query, term, label", [
    ("/", "Kundenbindung", "Kundenbindung", "Glossar"),
    ("/en/", "Customer loyalty", "Customer loyalty", "Glossary"),
])
def test_glossary_term_is_found_and_marked(page, search_site, path, query, term, label):
    _open(page, search_site + path)
    _search(page, query)
    marked = page.locator("#kb-search-list li:has(.kb-search__kind)").first
    assert marked.locator(".kb-search__title").inner_text() == term
    assert marked.locator(".kb-search__kind").text_content() == label
    href = marked.locator("a").get_attribute("href")
    assert re.search(r"/glossar/(\?h=[^#]*)?#", href), href


def test_glossary_result_opens_the_term_on_the_glossary_page(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Kundenbindung")
    page.locator("#kb-search-list li:has(.kb-search__kind) a").first.click()
    page.wait_for_url(re.compile(r"/glossar/"))
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"dt#{anchor}").inner_text() == "Kundenbindung"


def test_article_results_carry_no_glossary_mark(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Versicherungspflicht")
    assert page.locator("#kb-search-list .kb-search__kind").count() == 0


# --- what a query becomes: stopwords out, compounds split, every way weighed ---------------

def test_plan_leaves_stopwords_out_of_the_lookup(page, search_site):
    _open(page, search_site + "/")
    plan = page.evaluate("q => window.kbSearch.plan(q)", "Kaffeetasse im Empfang vom Betrieb")
    assert plan[0]["texts"] == ["kaffeetasse", "empfang", "betrieb"]
    assert not any(w in ("im", "vom") for combo in plan for text in combo["texts"] for w in text.split())


def test_plan_splits_a_compound_the_site_never_uses(page, search_site):
    _open(page, search_site + "/")
    plan = page.evaluate("q => window.kbSearch.plan(q)", "Gastbetrieb")
    assert plan[0]["texts"] == ["gast betrieb"] and plan[0]["weight"] < 1


def test_js_split_matches_the_core(page, search_site):
    from kb import search as core

    texts = [_strip(md) for path, md in PAGES.items() if not path.endswith(".en.md")]
    vocab = core.build_vocabulary(texts, "de")
    _open(page, search_site + "/")
    page.evaluate("window.kbSearch.load()")
    for word in ["Gastbetrieb", "Haeuserstrasse", "Twitterhinweise"]:
        want = core.split_query(word, vocab)
        got = page.evaluate("k => window.kbSearch.split(k)", fold_key(word))
        assert got == want, word


def test_split_compound_finds_the_article_with_both_parts(page, search_site):
    _open(page, search_site + "/")
    _search(page, "Gastbetrieb")
    assert "MARKE-TASSE" in _first_page_text(page, _hrefs(page)[0])


def fold_key(word):
    """kb.german.fold, for the browser's folded-key functions."""
    from kb.german import fold

    return fold(word)


@pytest.mark.parametrize("query, slug", [("Versicherungspflicht", "pflicht"), ("Kaffeetasse", "geschirr"),
                                         ("Twitter", "zwitschern"), ("Straße", "verkehr")])
def test_every_shard_of_a_sharded_index_is_searched(page, sharded_site, query, slug):
    _open(page, sharded_site + "/")
    _search(page, query)
    hrefs = _hrefs(page)
    assert hrefs and urlsplit(hrefs[0]).path.endswith(f"/artikel/{slug}/")


def test_merged_shards_rank_with_our_weights(page, speicher_site):
    """A page scores in the merged index as in its own shard alone under our ranking: a prefix
    match ("speich" in "Speicherung"), which Pagefind's default termSimilarity scores lower."""
    _open(page, speicher_site + "/")
    scores = page.evaluate("""async (root) => {
        const merged = await window.kbSearch.load();  // Pagefind with the shards merged, as the page does
        const manifest = await (await fetch(root + '/search/vocab/manifest.json')).json();
        const out = {};
        for (const r of (await merged.search('speich')).results) out[(await r.data()).url] = [r.score];
        for (const path of manifest.pagefind_shards) {
            const alone = await import(root + '/' + path + 'pagefind.js');  // a separate module
            await alone.options({ noWorker: true, ranking: window.kbSearch.ranking });
            await alone.init();
            for (const r of (await alone.search('speich')).results) out[(await r.data()).url].push(r.score);
        }
        return out;
    }""", speicher_site)
    assert any(url.endswith("/artikel/speicher/") for url in scores)
    for url, (merged, alone) in scores.items():
        assert merged == pytest.approx(alone), url
