"""Bulk import: a folder of Markdown files becomes articles of the knowledge base.

Pure: :func:`plan` takes the source files as ``{relative path: text}`` and
returns the files to write (``{docs path: text}``) with a report; the command
line (``kb.import_cli``, ``make import``) reads and writes the disk.

What an imported file gets:

* front matter with ``title`` as written in the source (else its first
  heading, else its file name), ``description`` (the first paragraph as plain
  text, typographic quotes „…“, at most :data:`DESCRIPTION_CHARS` characters)
  and ``topic``; other fields of the source (``slug`` …) are dropped and
  reported;
* its body unchanged, except link targets of renamed files, and links a
  reader could not follow on this site: a relative link to a file that is not
  in the folder, or an absolute link (``/de/docs/…``, a path of the site the
  text came from) becomes its link text, an image its alt text (the words
  stay); every one is reported;
* the folder's other files (images …) are copied beside the articles
  (:attr:`Plan.assets`), so links to them keep working;
* a file name MkDocs and mkdocs-static-i18n keep: ``asm.js.md`` would be read
  as the page ``asm`` in the language ``js`` and vanish from the site
  (:func:`locale_suffix`), so the dots of such a name become hyphens
  (``asm-js.md``); ``x/index.md`` beside ``x.md`` would share its URL, so it
  becomes ``x/index-2.md``. Every link to a renamed file is rewritten.

Nothing existing is ever overwritten: a target that exists already stops the
import before anything is written (:class:`Plan.conflicts`).
"""

from __future__ import annotations

import dataclasses
import html
import json
import posixpath
import re
from typing import Iterable, Mapping

import yaml

from kb import mdcode
from kb.catalog import locale_suffix, url_key

#: Longest description; a longer first paragraph is cut at a word and ends in "…".
DESCRIPTION_CHARS = 200

#: What the validator refuses as markup in a description (``kb.frontmatter._MARKUP``).
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
#: An inline link or image ``[text](target "title")``; group 1 is ``!`` for an image.
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^)\s]+)((?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*)\)")
_REF_DEF = re.compile(r"^([ ]{0,3}\[[^\]]+\]:[ \t]*)(\S+)(.*)$", re.M)
#: A use of a reference link: ``[text][label]``, ``[label][]`` or ``[label]`` (not a link or definition).
_REF_USE = re.compile(r"(?<![\]!])\[([^\[\]]+)\](?:\[([^\[\]]*)\]|(?![(:\[]))")
#: Markdown emphasis markers around words (``**x**``, ``_x_``), for the plain-text description.
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1")
#: Lines that do not start a paragraph: headings, lists, quotes, tables, HTML,
#: admonitions, definition lines, rules, reference definitions.
_NOT_PARAGRAPH = re.compile(r"^(?:#|[-*+][ \t]|\d+[.)][ \t]|>|\||<|!!!|\?\?\?|:|[ \t]{4}|\t|-{3,}|\*{3,}|_{3,}|\[[^\]]+\]:)")


@dataclasses.dataclass
class Plan:
    """What an import would write, and what it changed or could not do."""

    files: dict[str, str] = dataclasses.field(default_factory=dict)  #: docs path → Markdown
    assets: dict[str, str] = dataclasses.field(default_factory=dict)  #: docs path → source path (copied)
    renamed: dict[str, str] = dataclasses.field(default_factory=dict)  #: source path → docs path
    changes: list[str] = dataclasses.field(default_factory=list)  #: one line per change, for stderr
    skipped: list[str] = dataclasses.field(default_factory=list)  #: source files not imported, with why
    conflicts: list[str] = dataclasses.field(default_factory=list)  #: docs paths that exist already


def safe_stem(stem: str) -> str:
    """``stem`` with every run of dots a hyphen when i18n would read a locale in it."""
    if locale_suffix(stem) is None:
        return stem
    return re.sub(r"\.+", "-", stem).strip("-") or "seite"


def split_front(text: str) -> tuple[dict | None, str, str | None]:
    """``(front matter, body, problem)``; the front matter is ``{}`` when there is none."""
    match = _FRONT.match(text)
    if not match:
        return {}, text, None
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        return None, text, f"front matter is not valid YAML ({str(exc).splitlines()[0]})"
    if not isinstance(meta, dict):
        return None, text, "front matter is not a mapping of fields"
    return meta, text[match.end():], None


def first_paragraph(body: str) -> str | None:
    """The first prose paragraph of ``body`` (its lines joined), if it has one."""
    for is_code, chunk in mdcode.pieces(body):
        if is_code:
            continue
        for block in re.split(r"\n[ \t]*\n", chunk):
            lines = [line for line in block.splitlines() if line.strip()]
            if lines and not _NOT_PARAGRAPH.match(lines[0]):
                return " ".join(line.strip() for line in lines)
    return None


def typographic_quotes(text: str) -> str:
    """Straight double quotes as German quotes: ``"x"`` → ``„x“``; a lone one becomes ``“``."""
    text = re.sub(r'"([^"]*)"', "„\\1“", text)
    return text.replace('"', "“")


def plain_text(markdown: str) -> str:
    """One paragraph of Markdown as plain text: link texts, code without backticks, no tags.

    What the validator would read as markup (``<video>``, ``&amp;``) loses its
    angle brackets or ampersand: a description is plain text.
    """
    text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), markdown)
    text = mdcode.CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    text = _EMPHASIS.sub(r"\2", text)
    text = html.unescape(text)
    text = re.sub(r"<(/?[A-Za-z!?][^<>]*)>", r"\1", text)
    text = re.sub(r"&(?=#\d+;|#x[0-9A-Fa-f]+;|[A-Za-z]+;)", "& ", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "< ", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut at the last whole word within ``limit`` characters, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def describe(body: str, title: str) -> tuple[str, bool]:
    """The description of an article and whether it came from the text (else the title)."""
    paragraph = first_paragraph(body)
    text = plain_text(paragraph) if paragraph else ""
    if not text:
        return typographic_quotes(title.replace("<", "").replace(">", "")), False
    return shorten(typographic_quotes(text)), True


def _title(meta: dict, body: str, path: str) -> tuple[str, str | None]:
    """The title as written, and a note where it did not come from ``title:``."""
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip(), None
    heading = _HEADING.search(body)
    if heading:
        return heading.group(1).strip(), "title taken from the first heading"
    stem = posixpath.basename(path)[:-3]
    return stem, "title taken from the file name"


def _yaml_string(value: str) -> str:
    """``value`` as a one-line double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _targets(sources: Iterable[str], dest: str, existing: set[str]) -> tuple[dict[str, str], list[str]]:
    """Source path → docs path for every file, with the renames that keep each page reachable."""
    mapping: dict[str, str] = {}
    notes: list[str] = []
    taken_urls: dict[str, str] = {url_key(p): p for p in existing if p.endswith(".md")}
    ordered = sorted(sources, key=lambda p: (posixpath.basename(p) in ("index.md", "README.md"), p))
    for src in ordered:
        folder, name = posixpath.split(src)
        stem = safe_stem(name[:-3])
        if stem != name[:-3]:
            notes.append(f"{src}: renamed to {stem}.md (mkdocs-static-i18n would read "
                         f"'.{locale_suffix(name[:-3])}' as a language and drop the page)")
        candidate, number = stem, 1
        first_owner = None
        while True:
            target = posixpath.join(dest, folder, candidate + ".md")
            owner = taken_urls.get(url_key(target))
            if owner is None or target in existing:
                break
            first_owner = first_owner or owner
            number += 1
            candidate = f"{stem}-{number}"
        if candidate != stem:
            notes.append(f"{src}: renamed to {candidate}.md (its URL would be that of docs/{first_owner})")
        mapping[src] = target
        taken_urls[url_key(target)] = target
    return mapping, notes


def _rewrite_links(body: str, src: str, mapping: Mapping[str, str], target: str,
                   notes: list[str], assets: frozenset[str] = frozenset()) -> str:
    """``body`` with relative links to imported files pointing at their new paths.

    A relative link to a file that is neither imported (``mapping``) nor
    copied (``assets``), and an absolute path, become the link's text, an
    image its alt text (reported in ``notes``); external links and anchors stay.
    """
    src_dir = posixpath.dirname(src)
    new_dir = posixpath.dirname(target)

    def resolve(href: str) -> tuple[str | None, str]:
        """``(new href or None if the target is missing, fragment)``; unchanged hrefs come back as is."""
        raw = href[1:-1] if href.startswith("<") else href
        path, hash_, frag = raw.partition("#")
        if not path or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", path) or path.startswith("//"):
            return href, ""
        if path.startswith("/"):
            return None, ""
        joined = posixpath.normpath(posixpath.join(src_dir, path.split("?")[0]))
        if joined in assets:
            return href, ""
        if joined not in mapping:
            return None, ""
        new = posixpath.relpath(mapping[joined], new_dir)
        return (new + hash_ + frag) if new != path else href, ""

    def link(match: re.Match) -> str:
        """One inline link, rewritten."""
        new, _ = resolve(match.group(3))
        if new is None:
            kind = "image" if match.group(1) else "link"
            what = "absolute path" if match.group(3).lstrip("<").startswith("/") else "not in the folder"
            notes.append(f"{src}: {kind} to {match.group(3)} ({what}) became its text")
            return match.group(2)
        if new == match.group(3):
            return match.group(0)
        return f"{match.group(1)}[{match.group(2)}]({new}{match.group(4)})"

    dead: set[str] = set()  #: labels (case-folded) of reference definitions no reader could follow

    def ref(match: re.Match) -> str:
        """One reference definition, rewritten; a dead one is dropped (its uses become text)."""
        new, _ = resolve(match.group(2))
        if new is None:
            label = match.group(1).strip()[1:].rsplit("]", 1)[0]
            dead.add(label.casefold())
            notes.append(f"{src}: reference link [{label}] to {match.group(2)} dropped, its uses became their text")
            return ""
        return match.group(1) + new + match.group(3)

    def use(match: re.Match) -> str:
        """``[text][label]``, ``[label][]`` or ``[label]`` of a dead label: the text alone."""
        label = match.group(2) or match.group(1)
        return match.group(1) if label.casefold() in dead else match.group(0)

    body = mdcode.map_prose(body, lambda chunk: _REF_DEF.sub(ref, _LINK.sub(link, chunk)))
    if not dead:
        return body
    return mdcode.map_prose(body, lambda chunk: _REF_USE.sub(use, chunk))


def plan(sources: Mapping[str, str], *, topic: str, dest: str = "artikel",
         existing: Iterable[str] = (), assets: Iterable[str] = ()) -> Plan:
    """The import of ``sources`` (``{path relative to SRC: text}`` of the Markdown files) into ``dest``.

    ``assets`` are the folder's other files (paths relative to SRC), copied
    beside the articles. ``existing`` are the docs paths already there: none
    is overwritten (each becomes a :attr:`Plan.conflicts` entry), and none
    loses its URL to an imported file.
    """
    dest = dest.strip("/")
    result = Plan()
    existing = set(existing)
    assets = frozenset(assets)
    for path in sorted(assets):
        target = posixpath.join(dest, path)
        if target in existing:
            result.conflicts.append(target)
        else:
            result.assets[target] = path
    pages = {p: t for p, t in sources.items() if p.endswith(".md")}
    for path in sorted(set(sources) - set(pages)):
        result.skipped.append(f"{path}: not a Markdown file (.md)")
    parsed: dict[str, tuple[dict, str]] = {}
    for path, text in sorted(pages.items()):
        meta, body, problem = split_front(text.replace("\r\n", "\n"))
        if problem:
            result.skipped.append(f"{path}: {problem}")
            continue
        parsed[path] = (meta, body)
    titles: dict[str, list[str]] = {}  #: title (case-folded) → the files that carry it
    mapping, notes = _targets(parsed, dest, existing)
    result.changes.extend(notes)
    dropped: dict[str, list[str]] = {}  #: front matter field → the files it was dropped from
    for src, (meta, body) in parsed.items():
        target = mapping[src]
        if target in existing:
            result.conflicts.append(target)
            continue
        title, note = _title(meta, body, src)
        if note:
            result.changes.append(f"{src}: {note}")
        for field in meta:
            if field != "title":
                dropped.setdefault(str(field), []).append(src)
        titles.setdefault(title.casefold(), []).append(src)
        if not body.strip():
            result.changes.append(f"{src}: has no text below the front matter (the build warns)")
        description, from_text = describe(body, title)
        if not from_text:
            result.changes.append(f"{src}: no paragraph of text; description is the title")
        new_body = _rewrite_links(body, src, mapping, target, result.changes, assets)
        result.files[target] = (f"---\ntitle: {_yaml_string(title)}\n"
                                f"description: {_yaml_string(description)}\n"
                                f"topic: {_yaml_string(topic)}\n---\n" + new_body)
        if posixpath.basename(target) != posixpath.basename(src):
            result.renamed[src] = target
    for paths in titles.values():
        if len(paths) > 1:
            result.changes.append(f"{', '.join(paths)}: same title, kept as written (the build warns: "
                                  f"a reader cannot tell them apart)")
    for field, paths in sorted(dropped.items()):
        where = paths[0] if len(paths) == 1 else f"{len(paths)} files ({paths[0]} …)"
        result.changes.append(f"front matter field '{field}' dropped (not a field of the "
                              f"knowledge base) in {where}")
    return result
