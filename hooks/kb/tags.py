"""Tags: German slugs and collation, the tag index, one listing per tag.

Pure. The tag index (``schlagwoerter/``) lists every tag of a language with
its article count, in German alphabetical order, grouped by initial letter
with an A–Z jump list once there are many; its size grows with the number of
tags, not of articles. Each tag has its own paginated listing
(``schlagwoerter/<slug>/``, page 2 at ``schlagwoerter/<slug>/seite-2/``) with
the entries of the topic pages. A tag page's size does not depend on the
number of tags: it shows at most ``PER_PAGE`` entries, each with at most
:data:`kb.frontmatter.MAX_TAGS` tags (more are refused in the front matter).
"""

from __future__ import annotations

import string
import unicodedata
from typing import Any, Callable, Iterable, Mapping, Sequence

from kb import german
from kb.catalog import Page, localized_path
from kb.listings import (GeneratedPage, PAGE_SEGMENT, PER_PAGE, TAGS_KEY, count_label, order,
                         page_url, paged_listing)
from kb.texts import texts

#: Folder of the per-tag pages (the tag index is ``schlagwoerter.md`` beside it).
TAG_DIR = TAGS_KEY[:-3] + "/"
#: The slug of a tag that has no letter or digit at all.
FALLBACK_SLUG = "schlagwort"
#: From this many tags on, the index groups them by initial letter with a jump list.
GROUP_FROM = 16
#: The group of tags that do not start with a letter A–Z (digits, other scripts).
OTHER_INITIAL = "#"

_BASE_LETTERS = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}


def _ascii_fold(value: str, replacements: Mapping[str, str]) -> str:
    """Lowercase ``value``, apply ``replacements`` (umlauts), then drop the remaining accents."""
    lowered = "".join(replacements.get(ch, ch) for ch in value.casefold())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(tag: str) -> str:
    """The URL slug of a tag: lowercase, ä→ae, ö→oe, ü→ue, ß→ss, anything but a–z/0–9 → ``-``.

    Accents other than the umlauts are dropped (é → e); a tag without any
    letter or digit left gets :data:`FALLBACK_SLUG`.
    """
    return german.slug(tag) or FALLBACK_SLUG


def collation_key(tag: str) -> tuple[str, str, str]:
    """Sort key in German dictionary order (DIN 5007-1): ä with a, ß as ss, case ignored.

    Ties on the letters are broken by the exact spelling (umlaut after base
    letter, then case), so the order never depends on the input order.
    """
    return (_ascii_fold(tag, _BASE_LETTERS), tag.casefold(), tag)


def sort_tags(tags: Iterable[str]) -> list[str]:
    """Distinct tags in German alphabetical order."""
    return sorted(set(tags), key=collation_key)


def initial(tag: str) -> str:
    """The index group of a tag: its first letter A–Z (Ä under A), else :data:`OTHER_INITIAL`."""
    first = collation_key(tag)[0][:1].upper()
    return first if first and first in string.ascii_uppercase else OTHER_INITIAL


def assign_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A unique slug per tag; tags whose slugs collide get ``-2``, ``-3``, … in German order.

    The first tag of a colliding group (in :func:`collation_key` order) keeps
    the plain slug; no suffixed slug ever takes the plain slug of another tag.
    A slug that looks like a listing's page 2 (``seite-2``, ``page-2``) is
    reserved and always suffixed. The result depends only on the set of
    tags, never on their order.
    """
    ordered = sort_tags(tags)
    natural = {tag: slug(tag) for tag in ordered}
    taken: set[str] = set(natural.values())
    result: dict[str, str] = {}
    owners: set[str] = {s for s in taken if is_reserved(s)}
    for tag in ordered:
        if natural[tag] not in owners:
            owners.add(natural[tag])
            result[tag] = natural[tag]
    for tag in ordered:
        if tag in result:
            continue
        n = 2
        while f"{natural[tag]}-{n}" in taken:
            n += 1
        result[tag] = f"{natural[tag]}-{n}"
        taken.add(result[tag])
    return result


def is_reserved(tag_slug: str) -> bool:
    """True for the URL segment of a listing's later pages (``seite-2``, ``page-3``)."""
    head, _, number = tag_slug.rpartition("-")
    return head in PAGE_SEGMENT.values() and number.isdigit()


def tag_key(tag_slug: str) -> str:
    """The docs key of a tag's page: ``schlagwoerter/<slug>.md``."""
    return f"{TAG_DIR}{tag_slug}.md"


def articles_by_tag(articles: Iterable[Page]) -> dict[str, list[Page]]:
    """Each tag with its articles, newest first."""
    groups: dict[str, list[Page]] = {}
    for page in articles:
        for tag in page.tags:
            groups.setdefault(tag, []).append(page)
    return {tag: order(pages) for tag, pages in groups.items()}


def index(by_tag: Mapping[str, Sequence[Page]], slugs: Mapping[str, str], lang: str,
          group_from: int = GROUP_FROM) -> dict[str, Any]:
    """The tag index (context ``kb_tag_index``): tags A–Z with counts and URLs.

    From ``group_from`` tags on, the tags are grouped by initial letter and a
    jump list names every letter A–Z (letters without tags are not linked).
    """
    txt = texts(lang, "tags")
    rows = [{"name": tag, "url": page_url(tag_key(slugs[tag]), lang),
             "count": len(by_tag[tag]), "count_label": count_label(len(by_tag[tag]), lang)}
            for tag in sort_tags(by_tag)]
    grouped = len(rows) >= group_from
    groups: list[dict[str, Any]] = []
    for row in rows:
        letter = initial(row["name"]) if grouped else None
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "id": _letter_id(letter) if letter else None,
                           "label": (txt["other_initial"] if letter == OTHER_INITIAL else letter),
                           "tags": []})
        groups[-1]["tags"].append(row)
    jump = None
    if grouped:
        present = {g["letter"] for g in groups}
        letters = ([OTHER_INITIAL] if OTHER_INITIAL in present else []) + list(string.ascii_uppercase)
        jump = [{"letter": l, "id": _letter_id(l), "present": l in present,
                 "title": txt["other_initial"] if l == OTHER_INITIAL else None} for l in letters]
    count = len(rows)
    return {
        "groups": groups,
        "jump": jump,
        "count": count,
        "count_label": txt["tags_count_one"] if count == 1 else txt["tags_count_many"].format(n=count),
        "empty": txt["no_tags"] if not rows else None,
        "labels": {"jump": txt["jump"]},
    }


def _letter_id(letter: str) -> str:
    """The anchor of an index group: ``buchstabe-a``; ``buchstabe-0`` for digits and symbols."""
    return "buchstabe-0" if letter == OTHER_INITIAL else f"buchstabe-{letter.lower()}"


def tag_pages(by_tag: Mapping[str, Sequence[Page]], slugs: Mapping[str, str], lang: str, *,
              topics: Mapping[str, Mapping[str, str]], per_page: int = PER_PAGE,
              row: Callable[[Page], dict[str, Any]] | None = None) -> list[GeneratedPage]:
    """The listing pages of every tag (not in the nav), paginated like the topic pages.

    ``row`` builds an article's listing row (see ``paged_listing``).
    """
    txt = texts(lang, "tags")
    pages: list[GeneratedPage] = []
    for tag in sort_tags(by_tag):
        listing = paged_listing(
            tag_key(slugs[tag]), lang, txt["tag_title"].format(tag=tag),
            txt["tag_description"].format(tag=tag), "tag", by_tag[tag], topics=topics,
            slugify=slugs.__getitem__, per_page=per_page, in_nav=False, row=row)
        for page in listing:
            page.listing["intro"] = txt["tag_intro"].format(tag=tag) if page.key == tag_key(slugs[tag]) else None
            page.listing["back"] = {"url": page_url(TAGS_KEY, lang), "label": txt["all_tags"]}
        pages += listing
    return pages


def index_page(by_tag: Mapping[str, Sequence[Page]], slugs: Mapping[str, str], lang: str,
               title: str, description: str, intro: str) -> GeneratedPage:
    """The generated tag index page (in the nav as „Schlagwörter“ / "Tags")."""
    return GeneratedPage(path=localized_path(TAGS_KEY, lang), key=TAGS_KEY, lang=lang,
                         url=page_url(TAGS_KEY, lang), title=title, description=description,
                         body=intro, meta={}, tag_index=index(by_tag, slugs, lang))
