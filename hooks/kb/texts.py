"""Every word the site's own pages show: one table per language, and the one date formatter.

Contributors write the articles; this module writes everything around them:
listing labels, the generated pages' intros, the series and tag indexes, the
feed. Each language has one table (:data:`DE`, :data:`EN`), grouped by the
part of the site that shows the text; :func:`texts` picks a group, German for
a language the site does not have. ``{name}`` marks a value filled in by the
caller; a test checks that both tables have the same groups, keys and
placeholders, and that the German one uses typographic quotes („…“).

Dates are written by :func:`format_date` only: ``25. Juni 2012`` in German,
``25 June 2012`` in English.
"""

from __future__ import annotations

import datetime as _dt

from kb.catalog import DEFAULT_LANG

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

#: How each language writes a date (the one date format of the site, per language).
DATE_FORMAT = {"de": "{day}. {month} {year}", "en": "{day} {month} {year}"}

#: Every text of the German pages, by the part of the site that shows it.
DE: dict[str, dict[str, str]] = {
    # the listings, the series box and the article meta line (kb.listings, kb.series)
    "listings": {
        "date_unknown": "Datum unbekannt",
        "reading": "{n} Min. Lesezeit",
        "undated_group": "Ohne Datum",
        "page_of": "Seite {x} von {y}",
        "page_title": "{title} – Seite {x} von {y}",
        "pagination": "Seitennavigation",
        "previous_page": "Vorherige Seite",
        "next_page": "Nächste Seite",
        "tags": "Schlagwörter",
        "topic": "Thema",
        "date": "Datum",
        "empty": "Noch keine Beiträge.",
        "count_one": "1 Beitrag",
        "count_many": "{n} Beiträge",
        "latest": "Neueste Beiträge",
        "latest_undated": "Beiträge von A bis Z",
        "latest_undated_note": (
            "Keiner dieser Beiträge nennt ein Datum; sie stehen nach Titel geordnet."
        ),
        "topics": "Themen",
        "series": "Serien",
        "archive": "Archiv",
        "all_articles": "Alle Beiträge im Archiv",
        "all_series": "Alle Serien",
        "missing": "nicht im Archiv",
        "part_of": "{x}. Beitrag der Serie (von {y})",
        "series_box": "Serie",
        "series_previous": "Vorheriger Beitrag",
        "series_next": "Nächster Beitrag",
        "series_entries": "Alle Beiträge der Serie",
        "feed": "Neue Beiträge (Atom-Feed)",
        "parts_in_archive": "{n} von {total} Teilen im Archiv",
        "older_in_archive": "Ältere Beiträge im Archiv",
        "back_to_archive": "Zurück zum Archiv",
        "by_year": "Nach Jahren",
        "by_letter": "Ohne Datum, nach Anfangsbuchstaben",
        "bucket_title": "{title}: {label}",
        "bucket_undated": "ohne Datum, {label}",
        "other_initial": "Sonstige",
    },
    # the generated pages' titles, intros and descriptions (hooks/listings.py)
    "pages": {
        "topic": "Alle Beiträge zum Thema „{label}“, die neuesten zuerst.",
        "topic_description": "Alle Beiträge der Wissensbasis zum Thema „{label}“.",
        "archive_title": "Archiv",
        "archive": (
            "Alle Beiträge nach Jahren, die neuesten zuerst. Beiträge ohne bekanntes Datum "
            "stehen am Ende unter „Ohne Datum“."
        ),
        "archive_description": "Alle Beiträge der Wissensbasis nach Jahren.",
        "tags_title": "Schlagwörter",
        "tags": "Alle Schlagwörter der Wissensbasis von A bis Z, mit der Zahl ihrer Beiträge.",
        "tags_description": "Die Schlagwörter der Wissensbasis von A bis Z.",
    },
    # the series index (kb.series)
    "series": {
        "title": "Serien",
        "description": "Alle Beitragsserien der Wissensbasis mit ihren Teilen.",
        "intro": (
            "Alle Serien der Wissensbasis; jede Übersicht listet die Beiträge der Serie in "
            "ihrer Reihenfolge."
        ),
        "count_one": "1 Serie",
        "count_many": "{n} Serien",
        "empty": "Noch keine Serien.",
    },
    # the tag index and the tag pages (kb.tags)
    "tags": {
        "tag_title": "Schlagwort: {tag}",
        "tag_description": "Alle Beiträge der Wissensbasis mit dem Schlagwort „{tag}“.",
        "tag_intro": "Alle Beiträge mit dem Schlagwort „{tag}“, die neuesten zuerst.",
        "all_tags": "Alle Schlagwörter",
        "tags_count_one": "1 Schlagwort",
        "tags_count_many": "{n} Schlagwörter",
        "jump": "Schlagwörter nach Anfangsbuchstabe",
        "other_initial": "Ziffern und Zeichen",
        "no_tags": "Noch keine Schlagwörter.",
    },
    # the Atom feed (kb.feed)
    "feed": {
        "title": "{site}: neue Beiträge",
        "subtitle": (
            "Neu in die Wissensbasis aufgenommene Beiträge. Das Datum ist der Tag der "
            "Aufnahme in die Wissensbasis, nicht das (unbekannte) Erscheinungsdatum."
        ),
    },
    # the topic map (overrides/partials/kb/topicmap.html)
    "topicmap": {
        "title": "Themenkarte",
        "articles_one": "1 Beitrag",
        "articles_many": "{n} Beiträge",
        "topics_one": "1 Thema",
        "topics_many": "{n} Themen",
        "relations_one": "1 Verwandtschaft",
        "relations_many": "{n} Verwandtschaften",
        "summary": "{articles} in {topics}, {relations} zwischen Beiträgen.",
        "aggregated": (
            "Für einzelne Punkte sind es zu viele Beiträge: Jeder Kreis ist ein Thema, "
            "jede Linie die Verwandtschaften zwischen zwei Themen."
        ),
        "list_heading": "Alle Beiträge nach Thema",
        "on_topic_page": "alle auf der Themenseite",
        "empty": "Noch keine Beiträge.",
    },
    # the 404 page (overrides/404.html)
    "notfound": {
        "title": "Seite nicht gefunden",
        "description": "Diese Seite gibt es nicht.",
        "intro": (
            "Unter dieser Adresse gibt es keine Seite (mehr). Vielleicht führt Sie die "
            "Suche oder eines der Themen unten ans Ziel."
        ),
        "search": "Suchen",
        "open_search": "Suche öffnen",
        "search_hint": "Die Suche steht in der Kopfzeile jeder Seite (Tastenkürzel: {key}).",
        "topics": "Themen",
        "home": "Zur Startseite",
        "topicmap": "Themenkarte",
    },
    # the search box (docs/assets/javascripts/search.js receives them as JSON)
    "search": {
        "open": "Suche öffnen",
        "close": "Suche schließen",
        "placeholder": "Suchen",
        "label": "Wissensbasis durchsuchen",
        "results": "Suchergebnisse",
        "hint": "Suchbegriff eingeben",
        "loading": "Suche wird geladen …",
        "none": "Keine Treffer für „{q}“.",
        "none_tip": (
            "Versuchen Sie ein anderes oder allgemeineres Wort, prüfen Sie die Schreibweise"
            " oder entfernen Sie Filter."
        ),
        "only_stop": (
            "„{q}“ enthält nur Füllwörter. Versuchen Sie ein Wort mit Inhalt, zum Beispiel "
            "„Facebook“ oder „Autohaus“."
        ),
        "one": "1 Treffer",
        "many": "{n} Treffer",
        "partial": "Kein Beitrag enthält alle Wörter; Treffer für einzelne Wörter:",
        "did_you_mean": "Meinten Sie „{q}“?",
        "showing_for": "Ergebnisse für „{q}“.",
        "error": (
            "Die Suche konnte nicht geladen werden. Bitte laden Sie die Seite neu oder "
            "nutzen Sie das Archiv."
        ),
        "filters": "Filter",
        "topic": "Thema",
        "tag": "Schlagwort",
        "year": "Jahr",
        "all": "alle",
        "undated": "Datum unbekannt",
        "shortcut": "Taste / oder s öffnet die Suche",
        "glossary": "Glossar",
    },
    # the related articles and backlinks blocks, and the page of all backlinks (kb.related, hooks/related.py)
    "related": {
        "heading": "Verwandte Beiträge",
        "common": "Gemeinsam: ",
        "series": "Gleiche Serie",
        "linked": "Verlinkt",
        "cited": "Ähnlich verlinkt",
        "topic": "Gleiches Thema",
        "pinned": "Empfohlen",
        "parent": "Übergeordnete Seite",
        "child": "Unterseite",
        "backlinks": "Erwähnt in",
        "all_backlinks": "Alle {n} Seiten, die hierher verweisen",
        "backlinks_title": "Erwähnt in: {title}",
        "backlinks_heading": "Seiten, die auf „{title}“ verweisen",
        "back_to": "Zurück zu „{title}“",
        "pages_one": "1 Seite",
        "pages_many": "{n} Seiten",
    },
}

#: Every text of the English pages, by the part of the site that shows it.
EN: dict[str, dict[str, str]] = {
    # the listings, the series box and the article meta line (kb.listings, kb.series)
    "listings": {
        "date_unknown": "Date unknown",
        "reading": "{n} min read",
        "undated_group": "Undated",
        "page_of": "Page {x} of {y}",
        "page_title": "{title} – page {x} of {y}",
        "pagination": "Pagination",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "tags": "Tags",
        "topic": "Topic",
        "date": "Date",
        "empty": "No articles yet.",
        "count_one": "1 article",
        "count_many": "{n} articles",
        "latest": "Latest articles",
        "latest_undated": "Articles from A to Z",
        "latest_undated_note": "None of these articles gives a date; they are listed by title.",
        "topics": "Topics",
        "series": "Series",
        "archive": "Archive",
        "all_articles": "All articles in the archive",
        "all_series": "All series",
        "missing": "not in the archive",
        "part_of": "Article {x} of {y} in the series",
        "series_box": "Series",
        "series_previous": "Previous part",
        "series_next": "Next part",
        "series_entries": "All parts of the series",
        "feed": "New articles (Atom feed)",
        "parts_in_archive": "{n} of {total} parts in the archive",
        "older_in_archive": "Older articles in the archive",
        "back_to_archive": "Back to the archive",
        "by_year": "By year",
        "by_letter": "Undated, by initial letter",
        "bucket_title": "{title}: {label}",
        "bucket_undated": "undated, {label}",
        "other_initial": "Other",
    },
    # the generated pages' titles, intros and descriptions (hooks/listings.py)
    "pages": {
        "topic": "All articles on “{label}”, newest first.",
        "topic_description": "All articles of the knowledge base on “{label}”.",
        "archive_title": "Archive",
        "archive": (
            "All articles by year, newest first. Articles without a known date are listed "
            "last, under “Undated”."
        ),
        "archive_description": "All articles of the knowledge base by year.",
        "tags_title": "Tags",
        "tags": "All tags of the knowledge base from A to Z, with the number of their articles.",
        "tags_description": "The tags of the knowledge base from A to Z.",
    },
    # the series index (kb.series)
    "series": {
        "title": "Series",
        "description": "All article series of the knowledge base with their parts.",
        "intro": (
            "All series of the knowledge base; each overview lists the articles of the series"
            " in their order."
        ),
        "count_one": "1 series",
        "count_many": "{n} series",
        "empty": "No series yet.",
    },
    # the tag index and the tag pages (kb.tags)
    "tags": {
        "tag_title": "Tag: {tag}",
        "tag_description": "All articles of the knowledge base tagged “{tag}”.",
        "tag_intro": "All articles tagged “{tag}”, newest first.",
        "all_tags": "All tags",
        "tags_count_one": "1 tag",
        "tags_count_many": "{n} tags",
        "jump": "Tags by initial letter",
        "other_initial": "Digits and symbols",
        "no_tags": "No tags yet.",
    },
    # the Atom feed (kb.feed)
    "feed": {
        "title": "{site}: new articles",
        "subtitle": (
            "Articles newly added to the knowledge base. The date is the day an article was "
            "added to the knowledge base, not its (unknown) publication date."
        ),
    },
    # the topic map (overrides/partials/kb/topicmap.html)
    "topicmap": {
        "title": "Topic map",
        "articles_one": "1 article",
        "articles_many": "{n} articles",
        "topics_one": "1 topic",
        "topics_many": "{n} topics",
        "relations_one": "1 relation",
        "relations_many": "{n} relations",
        "summary": "{articles} in {topics}, {relations} between articles.",
        "aggregated": (
            "There are too many articles to draw one by one: each circle is a topic, "
            "each line the relations between two topics."
        ),
        "list_heading": "All articles by topic",
        "on_topic_page": "all on the topic page",
        "empty": "No articles yet.",
    },
    # the 404 page (overrides/404.html)
    "notfound": {
        "title": "Page not found",
        "description": "This page does not exist.",
        "intro": (
            "There is no page at this address (any more). Perhaps the search or one "
            "of the topics below will take you where you wanted to go."
        ),
        "search": "Search",
        "open_search": "Open the search",
        "search_hint": "The search is in the header at the top of every page (shortcut: {key}).",
        "topics": "Topics",
        "home": "Home page",
        "topicmap": "Topic map",
    },
    # the search box (docs/assets/javascripts/search.js receives them as JSON)
    "search": {
        "open": "Open search",
        "close": "Close search",
        "placeholder": "Search",
        "label": "Search the knowledge base",
        "results": "Search results",
        "hint": "Type to search",
        "loading": "Loading search …",
        "none": "No results for “{q}”.",
        "none_tip": "Try another or a more general word, check the spelling or remove filters.",
        "only_stop": (
            "“{q}” contains only filler words. Try a word with meaning, for example "
            "“Facebook” or “dealership”."
        ),
        "one": "1 result",
        "many": "{n} results",
        "partial": "No article contains all words; results for single words:",
        "did_you_mean": "Did you mean “{q}”?",
        "showing_for": "Results for “{q}”.",
        "error": "Search could not be loaded. Please reload the page or use the archive.",
        "filters": "Filters",
        "topic": "Topic",
        "tag": "Tag",
        "year": "Year",
        "all": "all",
        "undated": "Date unknown",
        "shortcut": "Press / or s to open search",
        "glossary": "Glossary",
    },
    # the related articles and backlinks blocks, and the page of all backlinks (kb.related, hooks/related.py)
    "related": {
        "heading": "Related articles",
        "common": "In common: ",
        "series": "Same series",
        "linked": "Linked",
        "cited": "Similar links",
        "topic": "Same topic",
        "pinned": "Recommended",
        "parent": "Parent page",
        "child": "Subpage",
        "backlinks": "Linked from",
        "all_backlinks": "All {n} pages linking here",
        "backlinks_title": "Linked from: {title}",
        "backlinks_heading": "Pages linking to “{title}”",
        "back_to": "Back to “{title}”",
        "pages_one": "1 page",
        "pages_many": "{n} pages",
    },
}

#: The table of each language.
TABLES: dict[str, dict[str, dict[str, str]]] = {"de": DE, "en": EN}


def texts(lang: str, group: str) -> dict[str, str]:
    """The texts of ``group`` (e.g. ``"listings"``) in ``lang``; German for an unknown language."""
    return TABLES.get(lang, TABLES[DEFAULT_LANG])[group]


def plural(lang: str, group: str, key: str, n: int) -> str:
    """``<key>_one`` when ``n`` is 1, else ``<key>_many`` with ``{n}`` filled in: ``5 Beiträge``."""
    table = texts(lang, group)
    return table[f"{key}_one" if n == 1 else f"{key}_many"].format(n=n)


def format_date(date: _dt.date | None, lang: str) -> str:
    """``25. Juni 2012`` (de), ``25 June 2012`` (en); "Datum unbekannt"/"Date unknown" for ``None``."""
    if date is None:
        return texts(lang, "listings")["date_unknown"]
    if lang not in MONTHS:
        lang = DEFAULT_LANG
    return DATE_FORMAT[lang].format(day=date.day, month=MONTHS[lang][date.month - 1], year=date.year)
