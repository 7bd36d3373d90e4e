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
    "template": "Material: eigenes Template, eine Datei in overrides/",
    "hide": "Material: Navigation, Inhaltsverzeichnis … ausblenden",
    "status": "Material: Status (new, deprecated)",
    "subtitle": "Material: Untertitel",
}

#: Fields every article (a page under ``artikel/``) must have.
ARTICLE_REQUIRED = ("title", "description", "topic")

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
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


#: What reads the header: libyaml's parser when PyYAML was built with it
#: (about 9x faster than the pure-Python one), else PyYAML's own. Either way
#: the values are built by :class:`_StrictConstructor`.
_C_PARSER = yaml.cyaml.CParser if getattr(yaml, "__with_libyaml__", False) else None
_FAST_LOADER = _C_PARSER  #: None: the pure-Python parser only (tests switch libyaml off)

_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()
_DECIMAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
#: The longest value a message quotes; longer ones are cut (a 50 MB value must
#: not become a 50 MB message).
SHOW_CHARS = 80


def show(value: Any) -> str:
    """``repr(value)``, cut to :data:`SHOW_CHARS` characters for a message."""
    text = repr(value)
    return text if len(text) <= SHOW_CHARS else text[: SHOW_CHARS - 1] + "…"


class _Refused(yaml.constructor.ConstructorError):
    """A value YAML can read but the front matter does not take (a coerced number, an alias …)."""

    def __init__(self, node: yaml.Node, message: str, field: str | None = None):
        """``message`` about the value of ``node`` (of ``field``, if known), marked with its line."""
        super().__init__(None, None, message, node.start_mark)
        self.field = field


def _quote_hint(node: yaml.Node, reads_as: str) -> _Refused:
    """The error for a plain scalar YAML turns into something other than what was written."""
    text = node.value if isinstance(node.value, str) else ""
    if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != node.tag:
        return _Refused(node, f"{show(text)} carries the tag !!{node.tag.removeprefix(_TAG)} "
                              "but is not such a value; remove the tag")
    return _Refused(node, f"{show(text)} is read by YAML as {reads_as}, not as written; "
                          f"if it is text, put it in quotes: \"{text[:SHOW_CHARS]}\"")


_ALIAS = ("repeats a value with a YAML alias (*name); anchors and aliases are not allowed "
          "in front matter: write the value out")


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, refusing what would lose or change a value.

    - an alias (``*name``) or merge key (``<<``): refused, so a small header
      cannot expand into a huge value ("billion laughs");
    - a field written twice: refused (YAML keeps the second one silently);
    - a number not written as a plain decimal (``0777``, ``010``, ``0x1F``,
      ``1_000``, ``24:07``, any float such as ``1.10``), a truth value other
      than ``true``/``false`` (``yes``, ``off``): refused with the quotes that
      keep it as text;
    - an impossible date (``2012-02-31``) or any value a PyYAML constructor
      cannot build (``!!int abc``, ``!!timestamp gestern``): refused with its line,
      never a ``ValueError``.
    """

    def construct_object(self, node, deep=False):
        """Build ``node`` once; a node met a second time is an alias."""
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node, _ALIAS)
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, IndexError, KeyError) as exc:
            raise _Refused(node, f"{show(node.value if isinstance(node.value, str) else '')} cannot be "
                                 f"read as {node.tag.removeprefix(_TAG)} ({type(exc).__name__}); "
                                 "remove the tag or put the value in quotes") from None

    def flatten_mapping(self, node):
        """Refuse merge keys (``<<: *base``) and keys written twice."""
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            self.check_key(key_node, seen)

    @staticmethod
    def check_key(key_node: yaml.Node, seen: dict[str, int]) -> None:
        """Refuse a merge key, or a key already in ``seen`` (key → line), which it joins."""
        if key_node.tag == _TAG + "merge":
            raise _Refused(key_node, "uses a YAML merge key (<<); write the fields out")
        if isinstance(key_node, yaml.ScalarNode):
            line = key_node.start_mark.line + 2
            if key_node.value in seen:
                raise _Refused(key_node, f"is written twice (lines {seen[key_node.value]} and "
                                         f"{line}); YAML would keep only the second: keep one",
                               field=key_node.value)
            seen[key_node.value] = line

    def construct_yaml_int(self, node):
        """A plain decimal integer; any other spelling YAML reads as a number is refused."""
        value = self.construct_scalar(node)
        if _DECIMAL_INT.match(value):
            return int(value)
        raise _quote_hint(node, "a number")

    def construct_yaml_float(self, node):
        """Refused: no field takes a fraction, and YAML would rewrite it (``1.10`` → 1.1)."""
        raise _quote_hint(node, "a number")

    def construct_yaml_bool(self, node):
        """``true``/``false`` only; ``yes``, ``on``, ``No`` … are refused."""
        value = self.construct_scalar(node)
        if value in ("true", "false"):
            return value == "true"
        raise _quote_hint(node, "a truth value")

    def construct_yaml_timestamp(self, node):
        """A real calendar date (``YYYY-MM-DD``, optionally with a time)."""
        value = self.construct_scalar(node)
        match = _ISO_DATE.match(value)
        try:
            if match:
                return _dt.date(int(match[1]), int(match[2]), int(match[3]))
            return super().construct_yaml_timestamp(node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise _Refused(node, f"{show(value)} is not a calendar date; write a real date "
                                 "as YYYY-MM-DD") from None


for _tag, _method in (("int", "construct_yaml_int"), ("float", "construct_yaml_float"),
                      ("bool", "construct_yaml_bool"), ("timestamp", "construct_yaml_timestamp")):
    _StrictConstructor.add_constructor(_TAG + _tag, getattr(_StrictConstructor, _method))


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                yaml.composer.Composer, _StrictConstructor, yaml.resolver.Resolver):
    """The pure-Python parser with the strict constructor."""

    def __init__(self, stream):
        """Read ``stream`` (a str)."""
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _StrictConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


if _C_PARSER is not None:
    class _CLoader(_C_PARSER, yaml.resolver.Resolver):
        """libyaml's parser and composer (values are built by :class:`_PyLoader`)."""

        def __init__(self, stream):
            """Read ``stream`` (a str)."""
            _C_PARSER.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    _CLoader = None


_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*?))?[ ]*\Z")
_SIMPLE_ITEM = re.compile(r"([ ]*)-[ ]+(.*?)[ ]*\Z")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"\Z')
_SINGLE_QUOTED = re.compile(r"'([^']*)'\Z")
_FLOW_ITEM = re.compile(r"""[ ]*("[^"\\]*"|'[^']*'|[^,\[\]{}"' ][^,\[\]{}]*?)[ ]*(,|\Z)""")
#: Characters outside the simple subset: YAML's non-printable ones, tabs, and
#: the ones it treats as line breaks besides "\n" (\r, NEL, U+2028/9), BOM.
_NOT_SIMPLE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
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
        if _DECIMAL_INT.match(text):
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
    decimal number or a real YYYY-MM-DD date is left to :func:`load_fields`'
    strict loader, which reads it or reports it (never to plain PyYAML). So
    the fast path only ever returns what the strict loader returns for the
    same text (tested). Most headers are simple; resolving and building
    PyYAML's nodes for them is the costly part of reading 10,000 files.
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


def _compose(raw: str) -> yaml.Node | None:
    """The node tree of ``raw``; libyaml's when available.

    On a syntax error the text is parsed again by the pure-Python parser, so
    the message and line a contributor sees do not depend on how PyYAML was
    built (libyaml words its errors differently).
    """
    if _FAST_LOADER is not None and _CLoader is not None:
        loader = _CLoader(raw)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    loader = _PyLoader(raw)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_problem(path: str, exc: yaml.YAMLError, field: str | None = None) -> Problem:
    """A problem for a YAML error, at its line (+1 for the opening ``---``)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, _Refused):
        return Problem(path, exc.field or field, reason, line=line)
    return Problem(path, field, f"front matter is not valid YAML ({reason[:200]}); "
                   "check quotes and indentation", line=line)


def load_fields(path: str, raw: str) -> tuple[Any, list[Problem]]:
    """``raw`` read as YAML with :class:`_StrictConstructor`: (value, problems).

    A top-level mapping is built field by field, so a field whose value is
    refused is reported by name and left out while the others are kept. Never
    raises for any input text.
    """
    simple = _simple_yaml(raw)
    if simple is not None:
        return simple, []
    try:
        node = _compose(raw)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    except RecursionError:
        return None, [Problem(path, None, "front matter is nested too deeply; write plain "
                              "'field: value' lines", line=2)]
    if node is None:
        return None, []
    builder = _StrictConstructor()
    try:
        if not isinstance(node, yaml.MappingNode):
            return builder.construct_document(node), []
        meta: dict[Any, Any] = {}
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            field = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            try:
                builder.check_key(key_node, seen)
                key = builder.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    raise _Refused(key_node, f"{show(key)} is not a field name; field names are words "
                                             "such as 'title'")
                meta[key] = builder.construct_object(value_node, deep=True)
            except yaml.YAMLError as exc:
                problem = _yaml_problem(path, exc, field)
                if getattr(exc, "problem", None) == _ALIAS:  # the repeated node may lie in another field
                    problem = dataclasses.replace(problem, line=value_node.start_mark.line + 2)
                problems.append(problem)
            except RecursionError:
                problems.append(Problem(path, field, "is nested too deeply",
                                        line=value_node.start_mark.line + 2))
        return meta, problems
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    except RecursionError:
        return None, [Problem(path, None, "front matter is nested too deeply", line=2)]


def split(path: str, text: str) -> Parsed:
    """Split ``text`` into YAML front matter and body; YAML errors name the line and field.

    Fields whose values are refused are left out of ``meta`` (and reported);
    the other fields are kept, so their checks still run.
    """
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
    meta, problems = load_fields(path, raw)
    if meta is None and not problems:
        meta = {}
    if meta is None:
        return Parsed(path, {}, body, problems, body_line)
    if not isinstance(meta, dict):
        return Parsed(path, {}, body, [
            Problem(path, None, "front matter must be a mapping of 'field: value' lines", line=2)
        ], body_line)
    return Parsed(path, meta, body, problems, body_line)


def field_line(text: str, field: str) -> int | None:
    """Return the 1-based line of ``field:`` in the front matter of ``text``."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.startswith(("---", "...")):
            return None
        if line.startswith(f"{field}:"):
            return number
    return None


#: Characters no text field may contain: control characters (other than tab
#: and line break), which no HTML or XML page can carry, and lone surrogates
#: (a ``"\ud800"`` escape), which cannot even be written as UTF-8.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
#: Invisible bidirectional controls: legal, but they reorder what a reader sees.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: A title longer than this is a warning (a summary belongs in ``description``).
MAX_TITLE = 200
#: The most tags an article may have: every tag is a page and a link on each
#: page of the article's listings.
MAX_TAGS = 30
#: Material's ``hide:`` values.
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
#: Material's ``status:`` values (no ``extra.status`` of its own is declared).
STATUS_VALUES = ("new", "deprecated")
#: Fields Material reads that this site does not support, with the reason.
REFUSED_FIELDS = {
    "icon": "page icons are not used on this site (Material reads the value as a file path); remove it",
    "search": "the site's search (hooks/search.py) has no per-page options; remove it",
}
_TEMPLATE = re.compile(r"[a-z0-9][a-z0-9_-]*\.html\Z")


def _kind(value: Any) -> str:
    """What YAML made of a value, in words, for a message."""
    if isinstance(value, bool):
        return "a truth value"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int):
        return "a number"
    return f"a {type(value).__name__}"


def _text(path: str, field: str, value: Any, problems: list[Problem], *, required: bool) -> str | None:
    """A text field: any text, escaped wherever it is written; only unwritable characters are refused."""
    if value is None:
        if required:
            problems.append(Problem(path, field, "is missing; add it to the front matter"))
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a plain decimal (the loader refuses every other spelling)
    if not isinstance(value, str):
        problems.append(Problem(path, field, f"{show(value)} is not text (YAML reads it as "
                                f"{_kind(value)}); write it as text, in quotes if need be"))
        return None
    value = value.strip()
    if not value:
        if required:
            problems.append(Problem(path, field, "is empty; write it out"))
        return None
    bad = _UNWRITABLE.search(value)
    if bad:
        problems.append(Problem(path, field, f"{show(value)} contains the character "
                                f"U+{ord(bad[0]):04X}, which no page can show; remove it"))
        return None
    if _BIDI.search(value):
        problems.append(Problem(path, field, f"{show(value)} contains an invisible bidirectional "
                                "control character (U+202E …) that reorders the text; remove it",
                                severity="warning"))
    return value


def _paths(path: str, field: str, value: Any, problems: list[Problem]) -> list[str]:
    """A list of paths below docs/ (one path alone is taken as a list of one)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(path, field, f"{show(value)} is not a list of paths; "
                                "write e.g. [artikel/beispiel.md]"))
        return []
    return [v.strip() for v in value]


def _choice(path: str, field: str, value: Any, allowed: Iterable[str], problems: list[Problem]) -> str | None:
    """One text value out of ``allowed``."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        problems.append(Problem(path, field, f"{show(value)} is not one of: {', '.join(allowed)}"))
        return None
    return value


def parse_date(path: str, value: Any, problems: list[Problem]) -> _dt.date | None:
    """Check ``date``: a real calendar date written YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is not None and _DATE.match(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    shown = f"'{text}'" if text is not None else show(value)
    problems.append(Problem(path, "date", f"{shown} is not a date (use YYYY-MM-DD)"))
    return None


def check(
    path: str,
    meta: Mapping[str, Any],
    *,
    is_article: bool,
    lang: str,
    topics: Iterable[str],
    series: Mapping[str, int],
    templates: Iterable[str] | None = None,
    today: _dt.date | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate ``meta`` of the file ``path`` and return (clean values, problems).

    ``topics`` are the allowed topic names, ``series`` maps each declared series
    slug to its number of parts, ``templates`` (if given) are the template
    files ``template:`` may name. The type of every field is checked before
    its value is used. Unknown fields are warnings (typo guard).
    """
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    topics = list(topics)

    for name in meta:
        if name in REFUSED_FIELDS:
            problems.append(Problem(path, name, REFUSED_FIELDS[name]))
        elif name not in KNOWN_FIELDS:
            close = [k for k in KNOWN_FIELDS if _close(str(name), k)]
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(path, str(name)[:SHOW_CHARS], f"is not a known field{hint}",
                                    severity="warning"))

    clean["title"] = _text(path, "title", meta.get("title"), problems, required=True)
    if clean["title"] and len(clean["title"]) > MAX_TITLE:
        problems.append(Problem(path, "title", f"has {len(clean['title'])} characters; keep a title "
                                f"under {MAX_TITLE} and put the rest into 'description'",
                                severity="warning"))
    clean["description"] = _text(path, "description", meta.get("description"), problems,
                                 required=is_article)
    for name in ("title", "description"):
        if clean[name] and clean[name].startswith(TODO_MARKER):
            problems.append(Problem(path, name, f"{show(clean[name])} is still the placeholder "
                                    "of `make new`; write it out", severity="warning"))
    clean["subtitle"] = _text(path, "subtitle", meta.get("subtitle"), problems, required=False)
    clean["date"] = parse_date(path, meta.get("date"), problems)
    if clean["date"] and clean["date"] > (today or _dt.date.today()):
        problems.append(Problem(path, "date", f"{clean['date'].isoformat()} lies in the future; "
                                "give the date the source names", severity="warning"))

    topic = meta.get("topic")
    clean["topic"] = None
    if topic is None:
        if is_article:
            problems.append(Problem(path, "topic", f"is missing; use one of: {', '.join(topics)}"))
    elif not isinstance(topic, str) or topic not in topics:
        problems.append(Problem(path, "topic", f"{show(topic)} is not a topic; use one of: {', '.join(topics)}"))
    else:
        clean["topic"] = topic

    tags = meta.get("tags")
    clean["tags"] = []
    if tags is not None:
        if not isinstance(tags, list):
            problems.append(Problem(path, "tags", f"{show(tags)} is not a list; write e.g. [ROI, Facebook]"))
        elif len(tags) > MAX_TAGS:
            problems.append(Problem(path, "tags", f"has {len(tags)} tags; an article takes at most "
                                    f"{MAX_TAGS}: keep the ones a reader would look for"))
        else:
            for tag in tags:
                value = _text(path, "tags", tag, problems, required=False)
                if value and value not in clean["tags"]:
                    clean["tags"].append(value)

    slug = meta.get("series")
    part = meta.get("series_part")
    clean["series"] = clean["series_part"] = None
    if slug is not None:
        if not isinstance(slug, str) or slug not in series:
            known = ", ".join(sorted(series)) or "none declared"
            problems.append(Problem(path, "series", f"{show(slug)} is not a declared series "
                                    f"(declared in mkdocs.yml extra.kb.series: {known})"))
        elif part is None:
            problems.append(Problem(path, "series_part", f"is missing; give the position in "
                                    f"'{slug}' (1 to {series[slug]})"))
        elif isinstance(part, bool) or not isinstance(part, int) or not 1 <= part <= series[slug]:
            problems.append(Problem(path, "series_part", f"{show(part)} is outside the series "
                                    f"'{slug}' (1 to {series[slug]})"))
        else:
            clean["series"], clean["series_part"] = slug, part
    elif part is not None:
        problems.append(Problem(path, "series_part", "is set but 'series' is missing"))

    clean["source"] = _text(path, "source", meta.get("source"), problems, required=False)
    clean["related"] = _paths(path, "related", meta.get("related"), problems)
    clean["related_exclude"] = _paths(path, "related_exclude", meta.get("related_exclude"), problems)
    if path in clean["related"]:
        problems.append(Problem(path, "related", f"names the article itself ({path}); remove it",
                                severity="warning"))

    translation = meta.get("translation_of")
    clean["translation_of"] = None
    if translation is not None:
        if lang == "de":
            problems.append(Problem(path, "translation_of", "only belongs in an English "
                                    "translation (*.en.md)", severity="warning"))
        elif not isinstance(translation, str) or not re.fullmatch(r"[0-9a-f]{8,64}", translation):
            problems.append(Problem(path, "translation_of", f"{show(translation)} is not a content "
                                    "hash; run `make translations` to record it"))
        else:
            clean["translation_of"] = translation
    elif lang != "de" and is_article:
        problems.append(Problem(path, "translation_of", "is missing; once the translation is up "
                                "to date with its German original, run `make translations` to "
                                "record it", severity="warning"))

    clean.update(_material_fields(path, meta, templates, problems))
    return clean, problems


def _material_fields(path: str, meta: Mapping[str, Any], templates: Iterable[str] | None,
                     problems: list[Problem]) -> dict[str, Any]:
    """Material's own page fields this site supports: ``template``, ``hide``, ``status``."""
    clean: dict[str, Any] = {"template": None, "hide": [], "status": None}
    template = meta.get("template")
    if template is not None:
        names = sorted(templates) if templates is not None else None
        if not isinstance(template, str) or not _TEMPLATE.match(template):
            problems.append(Problem(path, "template", f"{show(template)} is not a template file name "
                                    "such as home.html (a file in overrides/)"))
        elif names is not None and template not in names:
            problems.append(Problem(path, "template", f"'{template}' is not a template in overrides/ "
                                    f"(there: {', '.join(names)})"))
        else:
            clean["template"] = template
    hide = meta.get("hide")
    if hide is not None:
        if not isinstance(hide, list):
            problems.append(Problem(path, "hide", f"{show(hide)} is not a list; write e.g. [toc]"))
        else:
            clean["hide"] = [v for v in (_choice(path, "hide", item, HIDE_VALUES, problems)
                                         for item in hide) if v]
    if meta.get("status") is not None:
        clean["status"] = _choice(path, "status", meta.get("status"), STATUS_VALUES, problems)
    return clean


def checked_meta(meta: Mapping[str, Any], clean: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter the theme may see: only known fields, each as checked.

    Material reads ``page.meta`` itself (title, description, subtitle, hide,
    status, template, …). Replacing it with this mapping means no unknown or
    refused field and no unchecked value ever reaches a template.
    """
    out: dict[str, Any] = {}
    for name in meta:
        if name in KNOWN_FIELDS and name not in REFUSED_FIELDS and clean.get(name) not in (None, []):
            out[name] = clean[name]
    return out


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
