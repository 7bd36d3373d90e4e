"""Article series: the ordered entries of a series, the series box, the overview page.

Pure. A series is declared once in mkdocs.yml (``extra.kb.series.<slug>``:
title and description per language, ``parts``, ``missing`` parts given by
title only); articles join it with ``series`` + ``series_part``. Here a
declaration is a plain mapping ``{"title": {de, en}, "description": {de, en},
"parts": n, "missing": {part: {de, en}}}``.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping

from kb.catalog import DEFAULT_LANG, Page, localized_path
from kb.listings import (GeneratedPage, PER_PAGE, SERIES_DIR, count_label, page_url, paged_key,
                         paginate, pagination)
from kb.texts import texts

#: The docs key of the series index (``serien/``, English ``en/serien/``), the
#: nav's single "Serien" entry: it lists every series, so the nav stays the
#: same size however many series are declared.
INDEX_KEY = SERIES_DIR[:-1] + ".md"


def localized(mapping: Mapping[str, str] | None, lang: str) -> str:
    """Pick ``lang`` from ``{de: …, en: …}``, falling back to German, then to any value."""
    if not mapping:
        return ""
    return mapping.get(lang) or mapping.get(DEFAULT_LANG) or next(iter(mapping.values()))


def overview_key(slug: str) -> str:
    """The docs key of a series' overview page: ``serien/<slug>.md``."""
    return f"{SERIES_DIR}{slug}.md"


def by_series(articles: Iterable[Page]) -> dict[str, list[Page]]:
    """The articles of each series (slug → articles), to hand each series only its own."""
    groups: dict[str, list[Page]] = {}
    for page in articles:
        if page.is_article and page.series:
            groups.setdefault(page.series, []).append(page)
    return groups


def entries(slug: str, decl: Mapping[str, Any], articles: Iterable[Page], lang: str) -> list[dict[str, Any]]:
    """All parts of series ``slug`` in order: the article of ``lang`` claiming it, or the missing title.

    A part neither claimed nor declared missing (an error the catalogue reports)
    is left out rather than invented.
    """
    claimed = {p.series_part: p for p in articles
               if p.is_article and p.lang == lang and p.series == slug}
    missing = decl.get("missing") or {}
    rows = []
    for part in range(1, int(decl["parts"]) + 1):
        page = claimed.get(part)
        if page is not None:
            rows.append({"part": part, "title": page.title, "url": page_url(page.key, lang),
                         "description": page.description, "key": page.key, "missing": False})
        elif part in missing:
            rows.append({"part": part, "title": localized(missing[part], lang), "url": None,
                         "description": None, "key": None, "missing": True})
    return rows


def box(page: Page, decl: Mapping[str, Any], articles: Iterable[Page]) -> dict[str, Any] | None:
    """The series box of ``page`` (context ``kb_series``); None if it is in no series."""
    if not page.series or not page.series_part:
        return None
    lang = page.lang
    lab = texts(lang, "listings")
    rows = entries(page.series, decl, articles, lang)
    total = int(decl["parts"])
    index = next((i for i, r in enumerate(rows) if r["part"] == page.series_part), None)
    marked = [{**r, "current": r["part"] == page.series_part} for r in rows]

    def neighbour(step: int) -> dict[str, Any] | None:
        """The nearest linked entry before (-1) or after (+1) the current one."""
        if index is None:
            return None
        i = index + step
        while 0 <= i < len(rows):
            if rows[i]["url"]:
                return {"title": rows[i]["title"], "url": rows[i]["url"], "part": rows[i]["part"]}
            i += step
        return None

    return {
        "slug": page.series,
        "title": localized(decl.get("title"), lang) or page.series,
        "url": page_url(overview_key(page.series), lang),
        "position": page.series_part,
        "total": total,
        "position_label": lab["part_of"].format(x=page.series_part, y=total),
        "previous": neighbour(-1),
        "next": neighbour(+1),
        "entries": marked,
        "labels": {"heading": lab["series_box"], "previous": lab["series_previous"],
                   "next": lab["series_next"], "missing": lab["missing"],
                   "entries": lab["series_entries"]},
    }


def overview(slug: str, decl: Mapping[str, Any], articles: Iterable[Page], lang: str) -> GeneratedPage:
    """The generated overview page of a series, listing every entry with its description.

    Not in the nav (one nav entry per series would make every page grow with
    their number): it is reached from the series index, the series box and
    the home page.
    """
    lab = texts(lang, "listings")
    key = overview_key(slug)
    rows = entries(slug, decl, articles, lang)
    present = sum(1 for r in rows if not r["missing"])
    return GeneratedPage(
        path=localized_path(key, lang), key=key, lang=lang, url=page_url(key, lang),
        title=localized(decl.get("title"), lang) or slug,
        description=localized(decl.get("description"), lang),
        body=html.escape(localized(decl.get("description"), lang)),  # from mkdocs.yml: no markup
        in_nav=False,
        listing={
            "kind": "series",
            "groups": [{"label": None, "id": None, "entries": [
                {**r, "part_label": lab["part_of"].format(x=r["part"], y=int(decl["parts"]))}
                for r in rows]}],
            "count": present,
            "count_label": count_label(present, lang),
            "pagination": None,
            "empty": None,
            "labels": {"missing": lab["missing"], "date": lab["date"], "topic": lab["topic"],
                       "tags": lab["tags"]},
        },
    )


def summary(slug: str, decl: Mapping[str, Any], articles: Iterable[Page], lang: str) -> dict[str, Any]:
    """A series as the home page lists it: title, URL, description, number of parts."""
    rows = entries(slug, decl, articles, lang)
    present = sum(1 for r in rows if not r["missing"])
    return {"slug": slug, "title": localized(decl.get("title"), lang) or slug,
            "url": page_url(overview_key(slug), lang),
            "description": localized(decl.get("description"), lang),
            "count_label": texts(lang, "listings")["parts_in_archive"].format(n=present, total=int(decl["parts"]))}



def index_pages(series: Mapping[str, Mapping[str, Any]], members: Mapping[str, Iterable[Page]],
                lang: str, per_page: int = PER_PAGE) -> list[GeneratedPage]:
    """The series index: every declared series (in declaration order) with its
    title, description and number of parts, linked to its overview; paginated
    like the other listings (page 1 in the nav, later pages not).

    ``members`` maps a series slug to its articles (see :func:`by_series`).
    """
    lab, txt = texts(lang, "listings"), texts(lang, "series")
    rows = []
    for slug, decl in series.items():
        info = summary(slug, decl, members.get(slug, ()), lang)
        rows.append({"title": info["title"], "url": info["url"],
                     "description": info["description"] or None, "parts": info["count_label"]})
    chunks = paginate(rows, per_page)
    count = len(rows)
    pages = []
    for number, chunk in enumerate(chunks, 1):
        key = paged_key(INDEX_KEY, number, lang)
        title = txt["title"] if number == 1 else lab["page_title"].format(
            title=txt["title"], x=number, y=len(chunks))
        pages.append(GeneratedPage(
            path=localized_path(key, lang), key=key, lang=lang, url=page_url(key, lang),
            title=title, description=txt["description"],
            body=txt["intro"] if number == 1 else "", in_nav=number == 1,
            listing={
                "kind": "series-index",
                "groups": [{"label": None, "id": None, "entries": chunk}],
                "count": count,
                "count_label": txt["count_one"] if count == 1 else txt["count_many"].format(n=count),
                "pagination": pagination(INDEX_KEY, lang, number, len(chunks)),
                "empty": txt["empty"] if not rows else None,
                "labels": {k: lab[k] for k in ("date", "topic", "tags", "missing")},
            },
        ))
    return pages
