"""Front matter: read a Markdown file's bytes, parse its YAML header, check it.

Pure: no MkDocs. Everything a contributor can get wrong in a page's header is
reported as a :class:`Problem` naming file, field, value and the fix, so that
one run reports all of them at once.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from typing import Any, Iterable, Mapping

import yaml

#: Fields an article or page may carry, with a one-line meaning (the same
#: list CONTRIBUTING.md documents).
KNOWN_FIELDS: dict[str, str] = {
    "title": "Titel (Pflicht)",
    "description": "Zusammenfassung in ein bis zwei Sätzen (Pflicht für Beiträge)",
    "date": "Erscheinungsdatum YYYY-MM-DD, nur wenn die Quelle es nennt",
    "topic": "Thema: genau eines der festen Themen (Pflicht für Beiträge)",
    "tags": "Schlagwörter (Liste)",
    "series": "Kurzname einer in mkdocs.yml erklärten Serie",
    "series_part": "Position in der Serie (1, 2, …)",
    "source": "Dateiname der Quelle in shared/seeds",
    "related": "Beiträge, die immer als verwandt erscheinen (Pfade unter docs/)",
    "related_exclude": "Beiträge, die nie als verwandt erscheinen (Pfade unter docs/)",
    "translation_of": "Nur englische Beiträge: Prüfsumme des übersetzten deutschen Textes",
    # Material for MkDocs' own page options.
    "template": "Material: eigenes Template",
    "hide": "Material: Navigation, Inhaltsverzeichnis … ausblenden",
    "search": "Material: Suchoptionen",
    "icon": "Material: Symbol",
    "status": "Material: Status",
    "subtitle": "Material: Untertitel",
}

#: Fields every article (a page under ``artikel/``) must have.
ARTICLE_REQUIRED = ("title", "description", "topic")

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
#: The placeholder ``make new`` writes; a page still carrying it is unfinished.
TODO_MARKER = "TODO"
_TODO_LINE = re.compile(r"^[ \t>*-]*TODO\b", re.M)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one file."""

    path: str
    field: str | None
    message: str
    line: int | None = None
    #: "error" stops the build; "warning" is fatal under --strict; "notice" is
    #: shown but never fails a build (a translation that may be outdated).
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.field is None:
            return f"{where}: {self.message}"
        return f"{where}: field '{self.field}': {self.message}"


@dataclasses.dataclass
class Parsed:
    """A Markdown file split into its front matter and its body."""

    path: str
    meta: dict[str, Any]
    body: str
    problems: list[Problem]
    body_line: int = 1  #: the line of the file the body starts on


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode ``data`` as UTF-8 (a BOM is dropped); a problem names the byte offset."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                None,
                f"is not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); "
                "save the file as UTF-8",
                line=line,
            )
        ]
    return text.replace("\r\n", "\n"), []


#: libyaml's loader when PyYAML was built with it (about 9x faster than the
#: pure-Python one on our front matter), else the pure-Python SafeLoader.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None


_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*?))?[ ]*\Z")
_SIMPLE_ITEM = re.compile(r"([ ]*)-[ ]+(.*?)[ ]*\Z")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"\Z')
_SINGLE_QUOTED = re.compile(r"'([^']*)'\Z")
_FLOW_ITEM = re.compile(r"""[ ]*("[^"\\]*"|'[^']*'|[^,\[\]{}"' ][^,\[\]{}]*?)[ ]*(,|\Z)""")
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
#: Characters outside the simple subset: YAML's non-printable ones, tabs, and
#: the ones it treats as line breaks besides "\n" (\r, NEL, U+2028/9), BOM.
_NOT_SIMPLE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


class _NotSimple(Exception):
    """The header uses YAML beyond :func:`_simple_yaml`'s subset."""


def _simple_scalar(text: str, flow: bool) -> Any:
    """One scalar of the simple subset, valued exactly as PyYAML's SafeLoader values it."""
    if text.startswith('"'):
        match = _DOUBLE_QUOTED.match(text)
    elif text.startswith("'"):
        match = _SINGLE_QUOTED.match(text)
    else:
        if (not text or text[0] in _PLAIN_START or text[-1] == ":" or ": " in text or " #" in text
                or flow and any(ch in text for ch in ",[]{}")):
            raise _NotSimple
        if _DECIMAL.match(text):
            return int(text)
        date = _ISO_DATE.match(text)
        if date:
            try:
                return _dt.date(int(date[1]), int(date[2]), int(date[3]))
            except ValueError:
                raise _NotSimple from None
        if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != _STR_TAG:
            raise _NotSimple
        return text
    if match is None:
        raise _NotSimple
    return match[1]


def _simple_yaml(raw: str) -> dict | None:
    """The front matter as :func:`yaml.safe_load` reads it, if it is simple, else None.

    Simple: one ``field: value`` per line (no blank lines, comments or
    repeated fields), values plain or quoted scalars without escapes, flow
    lists ``[a, "b"]`` or block lists of such scalars. Plain scalars are typed
    by PyYAML's own resolver; whatever it would make other than a string, a
    decimal number or a YYYY-MM-DD date is left to PyYAML. Most headers are
    simple; building PyYAML's node tree for them is the costly part of
    reading a thousand files.
    """
    if not raw or _NOT_SIMPLE.search(raw):
        return None
    lines = raw.split("\n")
    if lines[-1] == "":
        lines.pop()
    meta: dict[str, Any] = {}
    try:
        index = 0
        while index < len(lines):
            match = _SIMPLE_LINE.match(lines[index])
            index += 1
            if match is None:
                raise _NotSimple
            key, text = match[1], match[2]
            if key in meta or _RESOLVER.resolve(yaml.ScalarNode, key, (True, False)) != _STR_TAG:
                raise _NotSimple
            if text is None:
                items, indent = [], None
                while index < len(lines) and (item := _SIMPLE_ITEM.match(lines[index])):
                    if indent is not None and item[1] != indent:
                        raise _NotSimple
                    indent = item[1]
                    items.append(_simple_scalar(item[2], flow=False))
                    index += 1
                meta[key] = items if items else None
            elif text.startswith("["):
                if not text.endswith("]"):
                    raise _NotSimple
                inner, items, pos = text[1:-1], [], 0
                if inner.strip():
                    while pos < len(inner):
                        item = _FLOW_ITEM.match(inner, pos)
                        if item is None or item.end() == pos or (item[2] == "," and item.end() == len(inner)):
                            raise _NotSimple
                        items.append(_simple_scalar(item[1], flow=True))
                        pos = item.end()
                elif inner:
                    raise _NotSimple
                meta[key] = items
            else:
                meta[key] = _simple_scalar(text, flow=False)
    except _NotSimple:
        return None
    return meta


def _load_yaml(raw: str) -> Any:
    """``yaml.safe_load(raw)``: a simple header read directly, else through libyaml when available.

    On an error the text is parsed again with the pure-Python SafeLoader, so the
    message and line a contributor sees do not depend on how PyYAML was built
    (libyaml words its errors differently).
    """
    simple = _simple_yaml(raw)
    if simple is not None:
        return simple
    if _FAST_LOADER is not None:
        try:
            return yaml.load(raw, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(raw)


def split(path: str, text: str) -> Parsed:
    """Split ``text`` into YAML front matter and body; YAML errors name the line."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            return Parsed(path, {}, text, [
                Problem(path, None, "front matter starts with '---' but has no closing '---'", line=1)
            ])
        return Parsed(path, {}, text, [])
    raw = match.group(1) or ""
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    try:
        meta = _load_yaml(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for '---', +1 for 1-based
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Parsed(path, {}, body, [
            Problem(path, None, f"front matter is not valid YAML ({reason}); "
                    "check quotes and indentation", line=line)
        ], body_line)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return Parsed(path, {}, body, [
            Problem(path, None, "front matter must be a mapping of 'field: value' lines", line=2)
        ], body_line)
    return Parsed(path, meta, body, [], body_line)


def field_line(text: str, field: str) -> int | None:
    """Return the 1-based line of ``field:`` in the front matter of ``text``."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.startswith(("---", "...")):
            return None
        if line.startswith(f"{field}:"):
            return number
    return None


def has_markup(value: str) -> bool:
    """True if ``value`` contains an HTML tag or character reference."""
    return bool(_MARKUP.search(value))


def _text(path: str, field: str, value: Any, problems: list[Problem], *, required: bool) -> str | None:
    if value is None:
        if required:
            problems.append(Problem(path, field, "is missing; add it to the front matter"))
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.append(Problem(path, field, f"{value!r} is not text; write it as a string"))
        return None
    value = value.strip()
    if not value:
        if required:
            problems.append(Problem(path, field, "is empty; write it out"))
        return None
    if has_markup(value):
        problems.append(Problem(path, field, f"{value!r} contains HTML markup; "
                                "write plain text (no <tags> or &entities;)"))
        return None
    return value


def _paths(path: str, field: str, value: Any, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(path, field, f"{value!r} is not a list of paths; "
                                "write e.g. [artikel/beispiel.md]"))
        return []
    return [v.strip() for v in value]


def parse_date(path: str, value: Any, problems: list[Problem]) -> _dt.date | None:
    """Check ``date``: a real calendar date written YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if _DATE.match(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    problems.append(Problem(path, "date", f"'{text}' is not a date (use YYYY-MM-DD)"))
    return None


def check(
    path: str,
    meta: Mapping[str, Any],
    *,
    is_article: bool,
    lang: str,
    topics: Iterable[str],
    series: Mapping[str, int],
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate ``meta`` of the file ``path`` and return (clean values, problems).

    ``topics`` are the allowed topic names, ``series`` maps each declared series
    slug to its number of parts. Unknown fields are warnings (typo guard).
    """
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    topics = list(topics)

    for name in meta:
        if name not in KNOWN_FIELDS:
            close = [k for k in KNOWN_FIELDS if _close(str(name), k)]
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(path, str(name), f"is not a known field{hint}", severity="warning"))

    clean["title"] = _text(path, "title", meta.get("title"), problems, required=True)
    clean["description"] = _text(path, "description", meta.get("description"), problems,
                                 required=is_article)
    if clean["description"] and '"' in clean["description"]:
        # Material writes the description unescaped into <meta content="…">.
        problems.append(Problem(path, "description", f"{clean['description']!r} contains a "
                                'straight double quote ("); write typographic quotes „…“ '
                                "(English: “…”) instead"))
        clean["description"] = None
    for name in ("title", "description"):
        if clean[name] and clean[name].startswith(TODO_MARKER):
            problems.append(Problem(path, name, f"{clean[name]!r} is still the placeholder "
                                    "of `make new`; write it out", severity="warning"))
    if meta.get("subtitle") is not None:  # Material shows it in the navigation
        _text(path, "subtitle", meta.get("subtitle"), problems, required=False)
    clean["date"] = parse_date(path, meta.get("date"), problems)

    topic = meta.get("topic")
    if topic is None:
        if is_article:
            problems.append(Problem(path, "topic", f"is missing; use one of: {', '.join(topics)}"))
        clean["topic"] = None
    elif topic not in topics:
        problems.append(Problem(path, "topic", f"'{topic}' is not a topic; use one of: {', '.join(topics)}"))
        clean["topic"] = None
    else:
        clean["topic"] = topic

    tags = meta.get("tags")
    clean["tags"] = []
    if tags is not None:
        if not isinstance(tags, list):
            problems.append(Problem(path, "tags", f"{tags!r} is not a list; write e.g. [ROI, Facebook]"))
        else:
            for tag in tags:
                value = _text(path, "tags", tag, problems, required=False)
                if value and value not in clean["tags"]:
                    clean["tags"].append(value)

    slug = meta.get("series")
    part = meta.get("series_part")
    clean["series"] = clean["series_part"] = None
    if slug is not None:
        if slug not in series:
            known = ", ".join(sorted(series)) or "none declared"
            problems.append(Problem(path, "series", f"'{slug}' is not a declared series "
                                    f"(declared in mkdocs.yml extra.kb.series: {known})"))
        elif part is None:
            problems.append(Problem(path, "series_part", f"is missing; give the position in "
                                    f"'{slug}' (1 to {series[slug]})"))
        elif isinstance(part, bool) or not isinstance(part, int) or not 1 <= part <= series[slug]:
            problems.append(Problem(path, "series_part", f"{part!r} is outside the series "
                                    f"'{slug}' (1 to {series[slug]})"))
        else:
            clean["series"], clean["series_part"] = slug, part
    elif part is not None:
        problems.append(Problem(path, "series_part", "is set but 'series' is missing"))

    source = meta.get("source")
    clean["source"] = _text(path, "source", source, problems, required=False) if source is not None else None
    clean["related"] = _paths(path, "related", meta.get("related"), problems)
    clean["related_exclude"] = _paths(path, "related_exclude", meta.get("related_exclude"), problems)

    translation = meta.get("translation_of")
    clean["translation_of"] = None
    if translation is not None:
        if lang == "de":
            problems.append(Problem(path, "translation_of", "only belongs in an English "
                                    "translation (*.en.md)", severity="warning"))
        elif not isinstance(translation, str) or not re.fullmatch(r"[0-9a-f]{8,64}", translation):
            problems.append(Problem(path, "translation_of", f"{translation!r} is not a content "
                                    "hash; run `make translations` to record it"))
        else:
            clean["translation_of"] = translation
    elif lang != "de" and is_article:
        problems.append(Problem(path, "translation_of", "is missing; once the translation is up "
                                "to date with its German original, run `make translations` to "
                                "record it", severity="warning"))
    return clean, problems


def check_body(path: str, body: str, body_line: int) -> list[Problem]:
    """Warn about placeholder lines (``TODO …``) ``make new`` left in the body.

    ``body_line`` is the file line the body starts on, so the problem names it.
    """
    problems = []
    if TODO_MARKER not in body:  # the common case: no need to scan every line
        return problems
    for match in _TODO_LINE.finditer(body):
        line = body_line + body.count("\n", 0, match.start())
        problems.append(Problem(path, None, "still contains a 'TODO' placeholder line; "
                                "write the text", line=line, severity="warning"))
    return problems


def _close(a: str, b: str) -> bool:
    """True if ``a`` is one edit (or one swap) away from ``b``: a typo guard."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
