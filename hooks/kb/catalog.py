"""The catalogue: every page of the knowledge base with its checked metadata.

Pure: takes ``(path, bytes)`` pairs and the site's declarations, returns plain
objects and :class:`~kb.frontmatter.Problem` lists. The MkDocs layer
(``hooks/validation.py``) builds it once per build; the other hooks read it.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import hashlib
import math
import posixpath
import re
from typing import Any, Iterable, Mapping, MutableMapping

from kb import frontmatter, mdcode, translations
from kb.frontmatter import Problem

#: Articles live below this folder of ``docs/``; everything else is an editorial page.
ARTICLE_DIR = "artikel/"
#: The default language; other languages are files named ``name.<lang>.md``.
DEFAULT_LANG = "de"
LANGS = ("de", "en")
#: Words a reader reads per minute, for the reading time.
WORDS_PER_MINUTE = 200

_LANG_SUFFIX = re.compile(r"\.([a-z]{2})\.md\Z")
_WORD = re.compile(r"\w+")


@dataclasses.dataclass
class Page:
    """One Markdown file of ``docs/`` after validation."""

    path: str  #: the file's path below docs/, e.g. ``artikel/x.en.md``
    key: str  #: the path without language suffix, shared by translations: ``artikel/x.md``
    lang: str
    is_article: bool
    title: str
    description: str | None
    date: _dt.date | None
    topic: str | None
    tags: list[str]
    series: str | None
    series_part: int | None
    source: str | None
    related: list[str]
    related_exclude: list[str]
    translation_of: str | None
    body: str  #: the Markdown below the front matter
    meta: dict[str, Any]  #: the raw front matter as written
    #: the front matter the theme sees (``page.meta``): known fields only, as checked
    theme_meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def words(self) -> int:
        """Number of words in the body (counted once: every listing row reads it).

        ``subn`` counts the matches without building a list of them.
        """
        return _WORD.subn("", self.body)[1]

    @property
    def reading_minutes(self) -> int:
        """Reading time in whole minutes (at least one)."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @functools.cached_property
    def sort_key(self) -> tuple:
        """Newest first, undated last, then by title: the order of every listing.

        Computed once per page (every listing sorts by it; a page's fields are
        never changed after :func:`build`).
        """
        return (self.date is None, -(self.date.toordinal() if self.date else 0), self.title.casefold())


@dataclasses.dataclass
class Catalog:
    """All pages, indexed by path and by (key, language)."""

    pages: dict[str, Page] = dataclasses.field(default_factory=dict)
    #: ``articles(lang)`` as computed last, with the number of pages it was computed from.
    _articles: dict[str, tuple[int, list[Page]]] = dataclasses.field(
        default_factory=dict, repr=False, compare=False)

    def articles(self, lang: str) -> list[Page]:
        """The articles of ``lang``, newest first (a new list; sorted once per catalogue)."""
        cached = self._articles.get(lang)
        if cached is None or cached[0] != len(self.pages):
            ordered = sorted((p for p in self.pages.values() if p.is_article and p.lang == lang),
                             key=lambda p: p.sort_key)
            cached = self._articles[lang] = (len(self.pages), ordered)
        return list(cached[1])

    def get(self, key: str, lang: str) -> Page | None:
        """The page for ``key`` (a path without language suffix) in ``lang``."""
        return self.pages.get(localized_path(key, lang))

    def translation(self, page: Page, lang: str) -> Page | None:
        """``page`` in the other language ``lang``, if it exists."""
        return self.get(page.key, lang)


def split_lang(path: str) -> tuple[str, str]:
    """Return ``(key, lang)`` for a docs path: ``a/b.en.md`` → ``(a/b.md, en)``."""
    match = _LANG_SUFFIX.search(path)
    if match and match.group(1) in LANGS and match.group(1) != DEFAULT_LANG:
        return path[: match.start()] + ".md", match.group(1)
    return path, DEFAULT_LANG


def localized_path(key: str, lang: str) -> str:
    """Inverse of :func:`split_lang`: ``(a/b.md, en)`` → ``a/b.en.md``."""
    if lang == DEFAULT_LANG:
        return key
    return key[:-3] + f".{lang}.md"


@dataclasses.dataclass(frozen=True)
class DiskFile:
    """A file on disk, read only when the cache has no parse of it.

    ``fingerprint`` (e.g. ``(st_mtime_ns, st_size)``) stands in for the content
    hash in the cache key, so an unchanged file is not even read again (the
    second language build, ``mkdocs serve`` rebuilds); an edit changes it.
    """

    abs_path: str
    fingerprint: tuple

    def read(self) -> bytes:
        """The file's bytes."""
        with open(self.abs_path, "rb") as fh:
            return fh.read()


def build(
    files: Iterable[tuple[str, "bytes | DiskFile"]],
    *,
    topics: Iterable[str],
    series: Mapping[str, int],
    missing_parts: Mapping[str, Iterable[int]] | None = None,
    cache: MutableMapping[tuple, ParsedFile] | None = None,
    templates: Iterable[str] | None = None,
    other_files: Iterable[str] | None = None,
    today: _dt.date | None = None,
) -> tuple[Catalog, list[Problem]]:
    """Parse and check every ``(path, bytes)``; return the catalogue and all problems.

    Instead of its bytes a file can be given as a :class:`DiskFile`.
    ``series`` maps each declared series to its number of parts and
    ``missing_parts`` to the parts declared as not in the archive. ``cache``
    (optional) maps ``(path, content hash or DiskFile fingerprint,
    declarations)`` to the result of :func:`parse_file`: a file whose bytes
    (or fingerprint) are unchanged is not parsed again.
    ``templates`` are the files ``template:`` may name, ``other_files`` the
    paths of every other file below docs/ (images a page shows), ``today``
    the day a date lies in the future after.
    The checks across files (series positions, translations, two sources
    for one address, file names, titles, images) always run.
    """
    topics = list(topics)
    templates = tuple(sorted(templates)) if templates is not None else None
    today = today or _dt.date.today()
    catalog = Catalog()
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    declared = (tuple(topics), tuple(sorted(series.items())), templates, today)
    files = sorted(files, key=lambda item: item[0])
    problems.extend(check_names([path for path, _ in files]))
    for path, data in files:
        if isinstance(data, DiskFile):
            key = (path, ("stat", *data.fingerprint), declared)
        else:
            key = (path, hashlib.blake2b(data, digest_size=16).digest(), declared)
        parsed_file = cache.get(key) if cache is not None else None
        if parsed_file is None:
            if isinstance(data, DiskFile):
                data = data.read()
            parsed_file = parse_file(path, data, topics=topics, series=series,
                                     templates=templates, today=today)
            if cache is not None:
                cache[key] = parsed_file
        page, text, file_problems = parsed_file
        problems.extend(file_problems)
        if page is None:
            continue
        texts[path] = text
        catalog.pages[path] = page
    problems.extend(check_series(catalog, series, missing_parts or {}))
    problems.extend(check_titles(catalog))
    if other_files is not None:
        other_files = sorted(other_files)
        problems.extend(check_case(other_files))
        problems.extend(check_images(catalog, set(other_files) | set(catalog.pages)))
    for page in sorted(catalog.pages.values(), key=lambda p: p.path):
        if page.is_article and page.lang != DEFAULT_LANG:
            problems.extend(translations.problems(translation_status(catalog, page)))
    return catalog, [_with_line(p, texts) for p in problems]


#: What :func:`parse_file` returns: the page (None if the file is unreadable),
#: its decoded text, and the problems found in the file alone.
ParsedFile = tuple["Page | None", "str | None", tuple[Problem, ...]]


def parse_file(path: str, data: bytes, *, topics: list[str], series: Mapping[str, int],
               templates: Iterable[str] | None = None, today: _dt.date | None = None) -> ParsedFile:
    """Decode, split and check one file on its own (no look at any other file)."""
    problems: list[Problem] = []
    text, decode_problems = frontmatter.decode(path, data)
    problems.extend(decode_problems)
    if text is None:
        return None, None, tuple(problems)
    parsed = frontmatter.split(path, text)
    problems.extend(parsed.problems)
    key, lang = split_lang(path)
    is_article = key.startswith(ARTICLE_DIR)
    clean, field_problems = frontmatter.check(
        path, parsed.meta, is_article=is_article, lang=lang, topics=topics, series=series,
        templates=templates, today=today,
    )
    refused = {p.field for p in parsed.problems}
    if None not in refused:
        # Fields YAML could not read are reported once, by the reader, not again
        # as missing; an unreadable header (None) buries no real problem under
        # a list of missing fields: its fields are not checked at all.
        problems.extend(p for p in field_problems if p.field not in refused)
    problems.extend(frontmatter.check_body(path, parsed.body, parsed.body_line))
    if is_article and not parsed.problems and not parsed.body.strip():
        problems.append(Problem(path, None, "has front matter but no text; write the article "
                                "below the closing '---'", severity="warning"))
    page = Page(
        path=path, key=key, lang=lang, is_article=is_article,
        title=clean["title"] or key, description=clean["description"], date=clean["date"],
        topic=clean["topic"], tags=clean["tags"], series=clean["series"],
        series_part=clean["series_part"], source=clean["source"], related=clean["related"],
        related_exclude=clean["related_exclude"], translation_of=clean["translation_of"],
        body=parsed.body, meta=parsed.meta,
        theme_meta=frontmatter.checked_meta(parsed.meta, {**clean, "title": clean["title"] or key}),
    )
    return page, text, tuple(problems)


def _with_line(problem: Problem, texts: Mapping[str, str]) -> Problem:
    """``problem`` with the line of its field in the file, if it names a field but no line."""
    if problem.line is not None or problem.field is None or problem.path not in texts:
        return problem
    return dataclasses.replace(problem, line=frontmatter.field_line(texts[problem.path], problem.field))


def translation_status(catalog: Catalog, page: Page) -> translations.Status:
    """How the translated article ``page`` stands against its German original."""
    original = catalog.get(page.key, DEFAULT_LANG)
    return translations.status(page.path, page.translation_of,
                               original.path if original else None,
                               original.body if original else None)


#: The ``path`` of a problem in the site configuration rather than in a page.
CONFIG_FILE = "mkdocs.yml"


def check_series(catalog: Catalog, series: Mapping[str, int],
                 missing_parts: Mapping[str, Iterable[int]]) -> list[Problem]:
    """Two articles of one language on the same position, a claim of a part declared
    missing, or a gap: a part of a series that has articles in a language, claimed by
    no article of that language and not declared missing (reported on mkdocs.yml)."""
    problems = []
    claimed: dict[tuple[str, str, int], Page] = {}
    for page in sorted(catalog.pages.values(), key=lambda p: p.path):
        if not page.series:
            continue
        slot = (page.lang, page.series, page.series_part)
        if slot in claimed:
            problems.append(Problem(page.path, "series_part",
                                    f"{page.series_part} is already taken in series '{page.series}' "
                                    f"by {claimed[slot].path}; give each article its own position"))
        else:
            claimed[slot] = page
        if page.series_part in set(missing_parts.get(page.series, ())):
            problems.append(Problem(page.path, "series_part",
                                    f"{page.series_part} is declared as not in the archive in "
                                    f"mkdocs.yml (extra.kb.series.{page.series}.missing); remove it there"))
    problems.extend(_series_gaps(claimed, series, missing_parts))
    return problems


_LANG_NAMES = {"de": "German", "en": "English"}


def _series_gaps(claimed: Mapping[tuple[str, str, int], Page], series: Mapping[str, int],
                 missing_parts: Mapping[str, Iterable[int]]) -> list[Problem]:
    """Parts nobody claims in a language that has articles of the series, and not declared missing."""
    problems = []
    used = sorted({(lang, slug) for lang, slug, _ in claimed})
    for lang, slug in used:
        if slug not in series:
            continue
        missing = set(missing_parts.get(slug, ()))
        for part in range(1, series[slug] + 1):
            if (lang, slug, part) in claimed or part in missing:
                continue
            others = ", ".join(p.path for (lg, sl, _), p in sorted(claimed.items()) if lg == lang and sl == slug)
            problems.append(Problem(
                CONFIG_FILE, f"extra.kb.series.{slug}.parts",
                f"part {part} of {series[slug]} has no {_LANG_NAMES.get(lang, lang)} article "
                f"(the series has {others}); give an article 'series_part: {part}', declare the "
                f"part under extra.kb.series.{slug}.missing, or lower 'parts'"))
    return problems


#: A file name static-i18n 1.3.1 reads as ``<name>.<language>.md``: its last
#: dot-suffix looks like a locale (its ``RE_LOCALE``), e.g. ``asm.js.md`` or
#: ``for...of.md``. Such a page is dropped from every language but that one.
_LOCALE_SUFFIX = re.compile(r"\.([a-z]{2}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?|[a-z]{2}_[A-Z]{2})\Z")


def locale_suffix(stem: str) -> str | None:
    """The language static-i18n reads from a file name without ``.md``, if any.

    ``asm.js`` → ``js``, ``for...of`` → ``of``, ``symbol.iterator`` → None.
    """
    match = _LOCALE_SUFFIX.search(stem)
    return match[1] if match and match.start() > 0 else None


def url_key(path: str) -> str:
    """The address a page is written to, as a case-insensitive host compares it.

    ``a/b.md``, ``a/b/index.md``, ``a/b/README.md`` and ``A/B.md`` all give
    ``a/b``; the language suffix is dropped (compare within one language).
    """
    stem = split_lang(path)[0][:-3]
    if stem.rsplit("/", 1)[-1] in ("index", "README"):
        stem = stem.rpartition("/")[0]
    return stem.casefold()


def suggested_name(path: str) -> str:
    """``path`` with the dots of its file name turned into hyphens: ``asm.js.md`` → ``asm-js.md``."""
    folder, _, name = path.rpartition("/")
    stem = re.sub(r"-{2,}", "-", re.sub(r"[.\s]+", "-", name[:-3])).strip("-") or "seite"
    return (folder + "/" if folder else "") + stem.lower() + ".md"


def check_names(paths: Iterable[str]) -> list[Problem]:
    """File names that lose a page or an address, and names that are hard to link.

    Errors: a name static-i18n reads as a language suffix (the page would
    vanish), two files for one address (one would overwrite the other, or
    collide on a case-insensitive host). Warnings: spaces or capitals.
    """
    problems = []
    by_url: dict[tuple[str, str], str] = {}
    for path in sorted(paths):
        key, lang = split_lang(path)
        stem = key[:-3].rsplit("/", 1)[-1]
        locale = locale_suffix(stem)
        if locale:
            problems.append(Problem(path, None, f"the name ends in '.{locale}.md', which the i18n "
                                    "plugin reads as a language and the page would vanish; rename "
                                    f"the file to {localized_path(suggested_name(key), lang)}"))
            continue
        slot = (url_key(path), lang)
        if slot in by_url:
            problems.append(Problem(path, None, f"is published at the same address as {by_url[slot]} "
                                    "(a folder's index.md or a name differing only in case); "
                                    "one would overwrite the other: rename one of them"))
        else:
            by_url[slot] = path
        if re.search(r"\s|[A-Z]", key.rsplit("/", 1)[-1]):
            problems.append(Problem(path, None, "the file name has spaces or capitals, which make "
                                    f"awkward addresses; rename it to {localized_path(suggested_name(key), lang)}",
                                    severity="warning"))
    return problems


def check_case(paths: Iterable[str]) -> list[Problem]:
    """Two files (images, downloads) whose paths differ only in case: on a case-insensitive
    host one overwrites the other."""
    problems, seen = [], {}
    for path in paths:
        if path.casefold() in seen:
            problems.append(Problem(path, None, f"differs from {seen[path.casefold()]} only in case; "
                                    "on many hosts one would overwrite the other: rename one"))
        else:
            seen[path.casefold()] = path
    return problems


def check_titles(catalog: Catalog) -> list[Problem]:
    """Two articles of one language with the same title: a reader cannot tell them apart."""
    problems, seen = [], {}
    for page in sorted(catalog.pages.values(), key=lambda p: p.path):
        if not page.is_article:
            continue
        slot = (page.lang, page.title.casefold())
        if slot in seen:
            problems.append(Problem(page.path, "title", f"{frontmatter.show(page.title)} is also the "
                                    f"title of {seen[slot]}; give each article its own title",
                                    severity="warning"))
        else:
            seen[slot] = page.path
    return problems


_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def page_dir(path: str) -> str:
    """The folder a page's address stands for (directory URLs): ``a/b.md`` → ``a/b``, ``a/index.md`` → ``a``."""
    key = split_lang(path)[0][:-3]
    return key.rpartition("/")[0] if key.rsplit("/", 1)[-1] in ("index", "README") else key


def check_images(catalog: Catalog, files: set[str]) -> list[Problem]:
    """A raw ``<img src>`` in a page's text whose file is not in docs/ (warning).

    MkDocs checks Markdown images itself but not raw HTML; a raw relative
    ``src`` is resolved by the browser against the page's address. An
    ``<img>`` in a code block or code span is shown as code, not checked.
    """
    problems = []
    for page in sorted(catalog.pages.values(), key=lambda p: p.path):
        if "<img" not in page.body and "<IMG" not in page.body:
            continue
        for match in _IMG_SRC.finditer(mdcode.prose(page.body)):
            src = next(g for g in match.groups() if g is not None).strip()
            if not src or re.match(r"[a-z][a-z0-9+.-]*:|//|#", src, re.I):
                continue
            target = src.split("#", 1)[0].split("?", 1)[0]
            base = "" if target.startswith("/") else page_dir(page.path)
            resolved = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
            if resolved not in files:
                problems.append(Problem(page.path, None, f"shows the image {frontmatter.show(src)}, "
                                        "but there is no such file in docs/ (a raw <img> src is "
                                        "relative to the page's address)", severity="warning"))
    return problems
