"""Listings: topic pages, the year archive, the home page blocks, pagination.

Pure: takes :class:`~kb.catalog.Page` objects and plain declarations, returns
plain dicts the Jinja partials in ``overrides/partials/kb/`` render. Every URL
is a site-root-relative directory URL (``artikel/x/``, ``en/themen/y/``); the
templates make it relative to the current page with Jinja's ``url`` filter.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import unicodedata
from typing import Any, Callable, Iterable, Mapping, Sequence

from kb.catalog import DEFAULT_LANG, Page, localized_path
from kb.texts import format_date, plural, texts
from kb.urls import page_url

#: Entries per listing page; longer listings are split into numbered pages.
PER_PAGE = 20
#: Most pages a topic listing has (the newest ``MAX_PAGES * PER_PAGE`` articles);
#: its last page links the archive for the older ones. The archive itself is one
#: paginated listing while it fits in as many pages, else one page per year and
#: per initial letter of the undated articles (:func:`archive_pages`): the number
#: of generated pages does not grow with the number of articles.
MAX_PAGES = 10
#: The URL segment of the archive's pages of undated articles (``archiv/ohne-datum/a/``).
UNDATED_SEGMENT = "ohne-datum"
#: How many articles the home page shows under "latest articles".
HOME_LATEST = 5
#: Series shown on the home page; the rest are on the series index (keeps the page constant in N).
HOME_SERIES = 5
#: The URL segment of page 2, 3, … of a listing, per language.
PAGE_SEGMENT = {"de": "seite", "en": "page"}

#: Keys (docs paths without language suffix) of the generated pages.
ARCHIVE_KEY = "archiv.md"
TAGS_KEY = "schlagwoerter.md"
TOPIC_DIR = "themen/"
SERIES_DIR = "serien/"


def date_info(date: _dt.date | None, lang: str) -> dict[str, str | None]:
    """The date as the partials show it: ISO value for ``<time>`` and the label."""
    return {"iso": date.isoformat() if date else None, "label": format_date(date, lang)}


def reading_label(minutes: int, lang: str) -> str:
    """``3 Min. Lesezeit`` / ``3 min read``."""
    return texts(lang, "listings")["reading"].format(n=minutes)


def count_label(count: int, lang: str) -> str:
    """``1 Beitrag`` / ``5 Beiträge`` (``1 article`` / ``5 articles``)."""
    return plural(lang, "listings", "count", count)


def order(pages: Iterable[Page]) -> list[Page]:
    """Newest first, undated last, ties by title (case-insensitive), then by path."""
    return sorted(pages, key=lambda p: (*p.sort_key, p.path))


def paginate(items: Sequence[Any], per_page: int = PER_PAGE) -> list[list[Any]]:
    """Split ``items`` into pages of ``per_page``; an empty listing is one empty page."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    count = max(1, math.ceil(len(items) / per_page))
    return [list(items[i * per_page:(i + 1) * per_page]) for i in range(count)]


def paged_key(key: str, number: int, lang: str) -> str:
    """The key of page ``number`` of the listing ``key``: ``themen/x.md`` → ``themen/x/seite-2.md``."""
    if number == 1:
        return key
    segment = PAGE_SEGMENT.get(lang, PAGE_SEGMENT[DEFAULT_LANG])
    return f"{key[:-3]}/{segment}-{number}.md"


def first_page_key(key: str) -> str:
    """The key of page 1 of the listing a paged key belongs to (``themen/x/seite-2.md`` → ``themen/x.md``)."""
    head, _, tail = key.rpartition("/")
    if any(tail.startswith(f"{seg}-") for seg in PAGE_SEGMENT.values()):
        return head + ".md"
    return key


def tag_info(tag: str, lang: str, slugify: Callable[[str], str]) -> dict[str, str]:
    """A tag with the URL of its own listing page (``slugify`` gives the page's slug)."""
    return {"name": tag, "url": page_url(f"{TAGS_KEY[:-3]}/{slugify(tag)}.md", lang)}


def topic_info(topic: str | None, lang: str, topics: Mapping[str, Mapping[str, str]]) -> dict | None:
    """``{label, url}`` of a topic; ``topics`` maps topic → ``{slug, en}`` as in mkdocs.yml."""
    if not topic or topic not in topics:
        return None
    decl = topics[topic]
    label = topic if lang == DEFAULT_LANG else (decl.get(lang) or topic)
    return {"name": topic, "label": label, "url": page_url(f"{TOPIC_DIR}{decl['slug']}.md", lang)}


def entry(page: Page, lang: str, topics: Mapping[str, Mapping[str, str]],
          slugify: Callable[[str], str]) -> dict[str, Any]:
    """One article as a listing row: title, URL, date, description, reading time, topic, tags.

    ``part_label``, ``parts`` and ``missing`` (rows of series listings) are
    given as empty, so the template finds every key of every row.
    """
    return {
        "title": page.title,
        "url": page_url(page.key, lang),
        "date": date_info(page.date, lang),
        "description": page.description,
        "reading": reading_label(page.reading_minutes, lang),
        "topic": topic_info(page.topic, lang, topics),
        "tags": [tag_info(t, lang, slugify) for t in page.tags],
        "part_label": None,
        "parts": None,
        "missing": False,
    }


def entry_cache(lang: str, topics: Mapping[str, Mapping[str, str]],
                slugify: Callable[[str], str]) -> Callable[[Page], dict[str, Any]]:
    """:func:`entry` memoised per article: one row dict, shared by every listing showing it.

    An article appears on its topic page, in the archive and on the page of
    each of its tags; its row is the same on all of them, so it is built once
    per language. The rows are read-only data for the templates: never
    mutate one.
    """
    memo: dict[str, dict[str, Any]] = {}

    def row(page: Page) -> dict[str, Any]:
        """The listing row of ``page`` (built on first use)."""
        data = memo.get(page.path)
        if data is None:
            data = memo[page.path] = entry(page, lang, topics, slugify)
        return data

    return row


def article_meta(page: Page, lang: str, topics: Mapping[str, Mapping[str, str]],
                 slugify: Callable[[str], str],
                 row: Callable[[Page], dict[str, Any]] | None = None) -> dict[str, Any]:
    """The meta line under an article's title (context ``kb_article``).

    ``row`` (an :func:`entry_cache`) reuses the article's listing row.
    """
    data = row(page) if row is not None else entry(page, lang, topics, slugify)
    lab = texts(lang, "listings")
    return {
        "date": data["date"],
        "topic": data["topic"],
        "reading": data["reading"],
        "tags": data["tags"],
        "labels": {k: lab[k] for k in ("date", "topic", "tags")},
    }


def year_groups(pages: Sequence[Page], lang: str) -> list[dict[str, Any]]:
    """Consecutive runs of one year (in listing order); undated pages form "Ohne Datum"."""
    groups: list[dict[str, Any]] = []
    for page in pages:
        label = str(page.date.year) if page.date else texts(lang, "listings")["undated_group"]
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "id": f"jahr-{page.date.year}" if page.date else "ohne-datum",
                           "pages": []})
        groups[-1]["pages"].append(page)
    return groups


@dataclasses.dataclass
class GeneratedPage:
    """A page the listings hook adds to the site: its source path, URL, front matter, context."""

    path: str  #: docs path with language suffix, e.g. ``themen/x.en.md``
    key: str  #: path without language suffix
    lang: str
    url: str
    title: str
    description: str
    body: str = ""  #: Markdown below the front matter (an intro sentence at most)
    in_nav: bool = True  #: False for page 2, 3, … of a listing
    listing: dict[str, Any] | None = None  #: context ``kb_listing``
    tag_index: dict[str, Any] | None = None  #: context ``kb_tag_index`` (the tag index only)
    home: bool = False
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)  #: extra front matter

    def markdown(self) -> str:
        """The page's Markdown source: front matter (JSON is valid YAML) and the body."""
        front = {"title": self.title, "description": self.description, **self.meta}
        lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()]
        return "\n".join(lines) + "\n---\n\n" + self.body + ("\n" if self.body else "")


def pagination(key: str, lang: str, number: int, total: int) -> dict[str, Any] | None:
    """Page ``number`` of ``total``: label, previous/next URLs and all page links; None if one page."""
    if total <= 1:
        return None
    lab = texts(lang, "listings")
    urls = [page_url(paged_key(key, n, lang), lang) for n in range(1, total + 1)]
    return {
        "number": number,
        "total": total,
        "label": lab["page_of"].format(x=number, y=total),
        "previous": urls[number - 2] if number > 1 else None,
        "next": urls[number] if number < total else None,
        "pages": [{"number": n, "url": u, "current": n == number} for n, u in enumerate(urls, 1)],
        "labels": {k: lab[k] for k in ("pagination", "previous_page", "next_page")},
    }


def paged_listing(key: str, lang: str, title: str, description: str, kind: str,
                  pages: Sequence[Page], *, topics: Mapping[str, Mapping[str, str]],
                  slugify: Callable[[str], str], grouped: bool = False, body: str = "",
                  per_page: int = PER_PAGE, in_nav: bool = True,
                  row: Callable[[Page], dict[str, Any]] | None = None,
                  max_pages: int | None = None, more: dict[str, str] | None = None) -> list[GeneratedPage]:
    """A listing of ``pages`` (already ordered) split into generated pages of ``per_page``.

    Page 1 is in the nav if ``in_nav``; page 2, 3, … never are. ``row``
    builds an article's listing row (default :func:`entry`; pass an
    :func:`entry_cache` to share rows between listings). With ``max_pages``
    the listing stops after that many pages; its last page then links
    ``more`` (``{url, label}``, e.g. the archive) for the rest. The count
    still names every article.
    """
    if row is None:
        def row(page: Page) -> dict[str, Any]:
            """The listing row of ``page``."""
            return entry(page, lang, topics, slugify)
    lab = texts(lang, "listings")
    chunks = paginate(pages, per_page)
    cut = max_pages is not None and len(chunks) > max_pages
    if cut:
        chunks = chunks[:max_pages]
    out = []
    for number, chunk in enumerate(chunks, 1):
        nkey = paged_key(key, number, lang)
        if grouped:
            groups = [{"label": g["label"], "id": g["id"],
                       "entries": [row(p) for p in g["pages"]]}
                      for g in year_groups(chunk, lang)]
        else:
            groups = [{"label": None, "id": None,
                       "entries": [row(p) for p in chunk]}]
        page_title = title if number == 1 else lab["page_title"].format(title=title, x=number, y=len(chunks))
        out.append(GeneratedPage(
            path=localized_path(nkey, lang), key=nkey, lang=lang, url=page_url(nkey, lang),
            title=page_title, description=description, body=body if number == 1 else "",
            in_nav=in_nav and number == 1,
            listing={
                "kind": kind,
                "groups": groups,
                "count": len(pages),
                "count_label": count_label(len(pages), lang),
                "pagination": pagination(key, lang, number, len(chunks)),
                "empty": lab["empty"] if not pages else None,
                "labels": {k: lab[k] for k in ("date", "topic", "tags")},
                **({"back": more} if cut and number == len(chunks) else {}),
            },
        ))
    return out


def initial(title: str) -> str:
    """The letter an undated article is filed under: ``a`` … ``z``, ``0-9``, or ``sonstige``.

    The first letter or digit of the title, accents and umlauts folded
    (``Ä`` → ``a``), markup and punctuation skipped (``<video> …`` → ``v``).
    """
    for char in unicodedata.normalize("NFKD", title).casefold():
        if char.isascii() and char.isalnum():
            return "0-9" if char.isdigit() else char
    return "sonstige"


def _initial_label(slug: str, lang: str) -> str:
    """The heading of an initial's bucket: ``A``, ``0–9``, ``Sonstige``."""
    if slug == "sonstige":
        return texts(lang, "listings")["other_initial"]
    return "0–9" if slug == "0-9" else slug.upper()


def archive_buckets(pages: Sequence[Page], lang: str) -> list[dict[str, Any]]:
    """The archive's pages when it is too long for one listing: one per year, newest
    first, then one per initial letter of the undated articles (0–9, A–Z, others).

    Each bucket is ``{slug, label, title_label, dated, pages}``; ``pages`` keep
    the listing order (by title within an undated bucket).
    """
    years: dict[int, list[Page]] = {}
    letters: dict[str, list[Page]] = {}
    for page in pages:
        if page.date is not None:
            years.setdefault(page.date.year, []).append(page)
        else:
            letters.setdefault(initial(page.title), []).append(page)
    lab = texts(lang, "listings")
    out = [{"slug": str(year), "label": str(year), "title_label": str(year), "dated": True,
            "pages": years[year]} for year in sorted(years, reverse=True)]
    order_key = {slug: (slug == "sonstige", slug != "0-9", slug) for slug in letters}
    for slug in sorted(letters, key=order_key.__getitem__):
        label = _initial_label(slug, lang)
        out.append({"slug": f"{UNDATED_SEGMENT}/{slug}", "label": label,
                    "title_label": lab["bucket_undated"].format(label=label), "dated": False,
                    "pages": letters[slug]})
    return out


def archive_pages(key: str, lang: str, title: str, description: str, pages: Sequence[Page], *,
                  topics: Mapping[str, Mapping[str, str]], slugify: Callable[[str], str],
                  body: str = "", per_page: int = PER_PAGE, max_pages: int = MAX_PAGES,
                  row: Callable[[Page], dict[str, Any]] | None = None) -> list[GeneratedPage]:
    """The archive: one listing grouped by year while it fits in ``max_pages`` pages, else
    an index of years and initials (``archiv/``) and one page per bucket
    (``archiv/2012/``, ``archiv/ohne-datum/a/``; :func:`archive_buckets`).

    A bucket page is not paginated: it lists its articles compactly (title
    and link, context ``kb_listing.compact``), so the archive has at most one
    page per year and per initial, whatever the number of articles.
    """
    if len(pages) <= per_page * max_pages:
        return paged_listing(key, lang, title, description, "archive", pages, topics=topics,
                             slugify=slugify, grouped=True, body=body, per_page=per_page, row=row)
    if row is None:
        row = entry_cache(lang, topics, slugify)
    lab = texts(lang, "listings")
    buckets = archive_buckets(pages, lang)
    index_url = page_url(key, lang)
    listing_labels = {k: lab[k] for k in ("date", "topic", "tags")}
    groups = []
    for dated, heading in ((True, lab["by_year"]), (False, lab["by_letter"])):
        items = [{"label": b["label"], "url": page_url(f"{key[:-3]}/{b['slug']}.md", lang),
                  "count_label": count_label(len(b["pages"]), lang)}
                 for b in buckets if b["dated"] is dated]
        if items:
            groups.append({"label": heading, "id": "jahre" if dated else "ohne-datum", "links": items})
    out = [GeneratedPage(
        path=localized_path(key, lang), key=key, lang=lang, url=index_url, title=title,
        description=description, body=body,
        listing={"kind": "archive", "groups": [], "buckets": groups, "count": len(pages),
                 "count_label": count_label(len(pages), lang), "pagination": None, "empty": None,
                 "labels": listing_labels})]
    for bucket in buckets:
        bkey = f"{key[:-3]}/{bucket['slug']}.md"
        out.append(GeneratedPage(
            path=localized_path(bkey, lang), key=bkey, lang=lang, url=page_url(bkey, lang),
            title=lab["bucket_title"].format(title=title, label=bucket["title_label"]),
            description=description, in_nav=False,
            listing={"kind": "archive", "compact": True,
                     "groups": [{"label": None, "id": None, "entries": [row(p) for p in bucket["pages"]]}],
                     "count": len(bucket["pages"]), "count_label": count_label(len(bucket["pages"]), lang),
                     "pagination": None, "empty": None, "labels": listing_labels,
                     "back": {"url": index_url, "label": lab["back_to_archive"]}}))
    return out


def home(articles: Sequence[Page], lang: str, *, topics: Mapping[str, Mapping[str, str]],
         series: Sequence[dict[str, Any]], slugify: Callable[[str], str],
         latest: int = HOME_LATEST, series_url: str | None = None,
         max_series: int = HOME_SERIES) -> dict[str, Any]:
    """The home page blocks (context ``kb_home``): latest articles, topics with counts, series.

    ``undated`` is true when none of the latest articles has a date: they are
    then in title order, and the home page says so instead of "newest".

    At most ``max_series`` series are shown, in declaration order; when there are
    more, ``all_series_url`` links the series index so the page stays small.
    """
    lab = texts(lang, "listings")
    ordered = order(articles)
    counts: dict[str, int] = {}
    for page in ordered:
        if page.topic:
            counts[page.topic] = counts.get(page.topic, 0) + 1
    topic_rows = []
    for name in topics:
        info = topic_info(name, lang, topics)
        topic_rows.append({**info, "count": counts.get(name, 0),
                           "count_label": count_label(counts.get(name, 0), lang)})
    return {
        "latest": [entry(p, lang, topics, slugify) for p in ordered[:latest]],
        "undated": bool(ordered) and all(p.date is None for p in ordered[:latest]),
        "topics": topic_rows,
        "series": list(series)[:max_series],
        "all_series_url": series_url if len(series) > max_series else None,
        "archive_url": page_url(ARCHIVE_KEY, lang),
        "labels": {k: lab[k] for k in ("latest", "latest_undated", "latest_undated_note", "topics", "series",
                                       "all_articles", "all_series", "empty", "date", "topic", "tags")},
    }


def complete_nav(nav: list, topic_keys: Sequence[str], series_index: str) -> None:
    """Give the nav (``mkdocs.yml``'s list, changed in place) every topic and one series entry.

    A section listing topic pages (``themen/…``) gets the declared topics it
    lacks, in declaration order; a section listing series overviews
    (``serien/<slug>.md``) becomes the one entry ``series_index`` under its
    title, so the nav does not grow with the series.
    """
    for index, item in enumerate(nav):
        if not isinstance(item, dict) or len(item) != 1:
            continue
        (title, children), = item.items()
        if not isinstance(children, list):
            continue
        listed = {_nav_path(c) for c in children}
        if any(p and p.startswith(SERIES_DIR) for p in listed):
            nav[index] = {title: series_index}
        elif any(p and p.startswith(TOPIC_DIR) for p in listed):
            children.extend(k for k in topic_keys if k not in listed)


def _nav_path(item) -> str | None:
    """The docs path of a nav entry (``path`` or ``{title: path}``)."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        value = next(iter(item.values()))
        return value if isinstance(value, str) else None
    return None
