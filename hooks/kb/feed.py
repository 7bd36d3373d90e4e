"""The Atom feed of new articles, one per language.

Pure: plain entries in, an Atom 1.0 document (bytes) out, built with
ElementTree so every title, summary and URL is escaped by construction.

None of the archived articles has a known publication date, and we never
invent one: an entry's date is the day the article was *added to the
knowledge base* (first git commit of its file, else the file's mtime). Atom
calls that ``updated``; ``published`` is only written for an article whose
front matter gives its real ``date``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import subprocess
from pathlib import Path
from typing import Iterable, Mapping
from xml.etree import ElementTree as ET

from kb.listings import topic_info
from kb.texts import texts
from kb.urls import absolute_url, feed_url, page_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: How many articles a feed carries (the newest additions).
FEED_SIZE = 20



@dataclasses.dataclass
class Entry:
    """One article of the feed."""

    url: str  #: absolute URL
    title: str
    summary: str | None
    added: _dt.datetime  #: when the article was added to the knowledge base (timezone-aware)
    published: _dt.date | None = None  #: the real publication date, only if the source gives it
    categories: tuple[str, ...] = ()


def _iso(moment: _dt.datetime) -> str:
    """RFC 3339 timestamp; naive values are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.isoformat(timespec="seconds")


def newest(entries: Iterable[Entry], size: int = FEED_SIZE) -> list[Entry]:
    """The ``size`` most recently added entries, newest first (ties by title)."""
    return sorted(entries, key=lambda e: (-_aware(e.added).timestamp(), e.title.casefold(), e.url))[:size]


def _aware(moment: _dt.datetime) -> _dt.datetime:
    """``moment`` with a time zone (naive values are taken as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def atom(*, feed_url: str, home_url: str, site_name: str, lang: str, entries: Iterable[Entry],
         size: int = FEED_SIZE) -> bytes:
    """An Atom 1.0 feed of the newest ``size`` entries as UTF-8 bytes."""
    text = texts(lang, "feed")
    chosen = newest(entries, size)
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, value=None, **attrs):
        """Append an Atom element with text ``value`` and the attributes that are not None."""
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
        if value is not None:
            el.text = value
        return el

    root = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": lang})
    sub(root, "id", feed_url)
    sub(root, "title", text["title"].format(site=site_name))
    sub(root, "subtitle", text["subtitle"])
    sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(root, "link", rel="alternate", type="text/html", href=home_url, hreflang=lang)
    latest = max((_aware(e.added) for e in chosen), default=_dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc))
    sub(root, "updated", _iso(latest))
    author = sub(root, "author")
    sub(author, "name", site_name)
    sub(author, "uri", home_url)
    for item in chosen:
        el = sub(root, "entry")
        sub(el, "id", item.url)
        sub(el, "title", item.title, type="text")
        sub(el, "link", rel="alternate", type="text/html", href=item.url, hreflang=lang)
        sub(el, "updated", _iso(item.added))
        if item.published is not None:
            sub(el, "published", _iso(_dt.datetime.combine(item.published, _dt.time(), _dt.timezone.utc)))
        if item.summary:
            sub(el, "summary", item.summary, type="text")
        for term in item.categories:
            sub(el, "category", term=term)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


_GIT_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}T")


def parse_git_added(log: str) -> dict[str, _dt.datetime]:
    """Parse ``git log --diff-filter=A --format=%aI --name-only``: path → newest time it was added."""
    added: dict[str, _dt.datetime] = {}
    when = None
    for line in log.splitlines():
        line = line.strip()
        if not line:
            continue
        if _GIT_DATE.match(line):
            try:
                when = _dt.datetime.fromisoformat(line)
            except ValueError:
                when = None
            continue
        if when is not None and line not in added:  # log is newest first: keep the latest addition
            added[line] = when
    return added


def added_dates(root: Path, paths: Iterable[str]) -> dict[str, _dt.datetime]:
    """When each file (paths relative to ``root``) was added: git history, else its mtime.

    One ``git log`` call for all files; a file git does not know (not committed
    yet, or no git at all) gets its modification time.
    """
    paths = list(paths)
    known: dict[str, _dt.datetime] = {}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--diff-filter=A", "--format=%aI",
             "--name-only", "--relative", "--", *sorted({str(Path(p).parent) for p in paths})],
            cwd=root, capture_output=True, text=True, timeout=60,
        )
        if result.returncode == 0:
            known = parse_git_added(result.stdout)
    except (OSError, subprocess.SubprocessError):
        known = {}
    out = {}
    for path in paths:
        if path in known:
            out[path] = known[path]
        else:
            stat = (root / path).stat()
            out[path] = _dt.datetime.fromtimestamp(stat.st_mtime, _dt.timezone.utc).replace(microsecond=0)
    return out


def entries_for(articles: Iterable, added: Mapping[str, _dt.datetime], site_url: str,
                url_of, categories_of=lambda page: ()) -> list[Entry]:
    """Feed entries for catalogue ``articles``; ``added`` maps a page's path to its addition time."""
    out = []
    for page in articles:
        if page.path not in added:
            continue
        out.append(Entry(url=absolute_url(site_url, url_of(page)), title=page.title,
                         summary=page.description, added=added[page.path], published=page.date,
                         categories=tuple(categories_of(page))))
    return out


def site_feed(articles: Iterable, added: Mapping[str, _dt.datetime], *, site_url: str, site_name: str,
              lang: str, topics: Mapping[str, Mapping[str, str]]) -> bytes:
    """The Atom feed of ``lang``'s catalogue ``articles``, each with its topic label and tags as categories."""

    def categories(page):
        """Atom categories of an article: its topic label and its tags."""
        info = topic_info(page.topic, lang, topics)
        return ([info["label"]] if info else []) + list(page.tags)

    entries = entries_for(articles, added, site_url, lambda p: page_url(p.key, lang), categories)
    return atom(feed_url=absolute_url(site_url, feed_url(lang)),
                home_url=absolute_url(site_url, page_url("index.md", lang)),
                site_name=site_name, lang=lang, entries=entries)
