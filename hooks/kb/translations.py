"""Translation freshness: which German text an English article translates.

Pure: no MkDocs. Each English article records ``translation_of: <hash>``, the
:func:`content_hash` of its German original's body at the time the translator
last brought the translation up to date (``make translations`` writes it).
When the German body changes, the hashes differ and the translation "may be
outdated". Whitespace is normalised first, so re-wrapping or re-indenting the
German text does not count as a change; words, punctuation and links do.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re

from kb.frontmatter import Problem

#: Hex characters of the SHA-256 digest kept: 48 bits, plenty for one article's history.
HASH_LENGTH = 12

_SPACE = re.compile(r"\s+")
_TRANSLATION_LINE = re.compile(r"^translation_of:[^\n]*\n", re.M)


def normalise(body: str) -> str:
    """``body`` with every run of whitespace collapsed to one space, ends stripped."""
    return _SPACE.sub(" ", body).strip()


@functools.lru_cache(maxsize=16384)
def content_hash(body: str) -> str:
    """The content hash of a German article body (:data:`HASH_LENGTH` hex characters).

    Memoised: both language passes check every translation, and the English
    pass shows each translation's state again (the bodies are the same objects).
    """
    return hashlib.sha256(normalise(body).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclasses.dataclass(frozen=True)
class Status:
    """How one English article stands against its German original."""

    path: str  #: the English file, e.g. ``artikel/x.en.md``
    original: str | None  #: the German file, ``None`` if there is none
    recorded: str | None  #: its ``translation_of``
    current: str | None  #: the hash of the German body now

    @property
    def stale(self) -> bool:
        """True if a hash was recorded and the German text has changed since."""
        return bool(self.recorded and self.current and self.recorded != self.current)


def status(path: str, recorded: str | None, original: str | None,
           original_body: str | None) -> Status:
    """The :class:`Status` of the English article ``path`` given its German original."""
    current = content_hash(original_body) if original_body is not None else None
    return Status(path, original, recorded, current)


def problems(state: Status) -> list[Problem]:
    """What the build reports for ``state``: a notice if stale, a warning if orphaned.

    A missing ``translation_of`` is reported by :func:`kb.frontmatter.check`.
    """
    if state.original is None:
        return [Problem(state.path, None, "is an English article without a German original; "
                        "add the German article under the same name without '.en'",
                        severity="warning")]
    if state.stale:
        return [Problem(state.path, "translation_of",
                        f"'{state.recorded}' does not match docs/{state.original} "
                        f"(now '{state.current}'): the German original changed, so this "
                        "translation may be outdated; update it, then run "
                        f"`make translations CONFIRM=docs/{state.path}`",
                        severity="notice")]
    return []


def set_translation_of(text: str, value: str) -> str:
    """Return the Markdown ``text`` with ``translation_of: "value"`` in its front matter.

    Replaces an existing ``translation_of`` line or appends one at the end of
    the front matter; every other byte of the file stays as it was.
    ``text`` must start with a front matter block (``---`` … ``---``).
    """
    if not text.startswith("---"):
        raise ValueError("the file has no front matter")
    end = text.find("\n---", 3)
    if end < 0:
        raise ValueError("the front matter has no closing '---'")
    head, rest = text[: end + 1], text[end + 1:]
    line = f'translation_of: "{value}"\n'  # quoted: a hash of digits only would read as a number
    if _TRANSLATION_LINE.search(head):
        head = _TRANSLATION_LINE.sub(line, head, count=1)
    else:
        head += line
    return head + rest
