"""The glossary's abbreviations: which definitions a page needs.

Plain data in, plain data out; :mod:`hooks/glossary.py` appends the result to
each page's Markdown for Python-Markdown's ``abbr`` extension.
"""

from __future__ import annotations

import re

#: An abbreviation definition of Python-Markdown's ``abbr``: ``*[TERM]: text``.
_DEFINITION = re.compile(r"^\*\[([^\]]+)\]:")


def definitions(snippet: str) -> list[tuple[str, str]]:
    """``(term, definition line)`` for every ``*[TERM]: …`` line of the snippet."""
    out = []
    for line in snippet.splitlines():
        match = _DEFINITION.match(line)
        if match:
            out.append((match.group(1), line))
    return out


def used_definitions(markdown: str, defs: list[tuple[str, str]]) -> str:
    """The definition lines of the terms ``markdown`` contains (as a substring).

    Python-Markdown's ``abbr`` walks every element of a page once it has any
    definition; a term the page does not contain would only cost that walk.
    A substring test finds every word the extension could mark, so the page
    comes out the same.
    """
    return "\n".join(line for term, line in defs if term in markdown)
