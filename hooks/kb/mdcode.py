"""Where the code is in a Markdown text: fenced blocks and code spans, and the prose around them.

Shared by the bulk import (:mod:`kb.importer`, which rewrites links in the prose
only) and the catalogue's check of raw ``<img>`` tags (:mod:`kb.catalog`: an
``<img>`` shown as code is no image).
"""

from __future__ import annotations

import re

#: The opening (or closing) line of a fenced code block.
FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
#: A code span, within one line: Python-Markdown reads inline markup per block, and
#: a list item is a block of its own, so a stray backtick never pairs across items.
CODE_SPAN = re.compile(r"(`+)([^\n]+?)(?<!`)\1(?!`)")


def pieces(text: str) -> list[tuple[bool, str]]:
    """``text`` as ``(is_code, chunk)`` pieces: fenced blocks are code, the rest prose."""
    found: list[tuple[bool, str]] = []
    lines = text.splitlines(keepends=True)
    buf: list[str] = []
    fence: str | None = None
    for line in lines:
        match = FENCE.match(line)
        if fence is None and match:
            if buf:
                found.append((False, "".join(buf)))
            buf, fence = [line], match.group(1)
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)) \
                and line.strip().strip(fence[0]) == "":
            buf.append(line)
            found.append((True, "".join(buf)))
            buf, fence = [], None
        else:
            buf.append(line)
    if buf:
        found.append((fence is not None, "".join(buf)))
    return found


def map_prose(text: str, func) -> str:
    """Apply ``func`` to the prose of ``text``: fenced blocks and code spans stay as they are.

    Code spans are masked (``\\x00<n>\\x00``) while ``func`` runs, so a link
    whose text holds code (``[`Document`](document.md)``) is still one link.
    """
    out = []
    for is_code, chunk in pieces(text):
        if is_code:
            out.append(chunk)
            continue
        spans: list[str] = []

        def mask(match: re.Match) -> str:
            """A placeholder for one code span."""
            spans.append(match.group(0))
            return f"\x00{len(spans) - 1}\x00"

        done = func(CODE_SPAN.sub(mask, chunk))
        out.append(re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], done))
    return "".join(out)


def prose(text: str) -> str:
    """``text`` without its fenced code blocks and code spans (the prose only, joined)."""
    return "".join(CODE_SPAN.sub(" ", chunk) for is_code, chunk in pieces(text) if not is_code)
