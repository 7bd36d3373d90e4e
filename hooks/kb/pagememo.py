"""Convert each distinct Markdown source of the generated pages once per build.

A generated listing page's Markdown is an intro sentence at most, plus what
the ``page_markdown`` events appended (the glossary's abbreviations), so most
of them share one source. MkDocs builds a new Markdown instance with every
extension for each page (about a millisecond); :func:`render_once` renders
the first page with a given source that way and lets the others reuse its
result. A result that depends on the page's place (a link or image, whose URL
MkDocs makes relative, or headings for a table of contents) is never reused.
No MkDocs import: it works on any page object with MkDocs' ``Page`` attributes.
"""

from __future__ import annotations


def render_once(page, config, files, memo: dict) -> None:
    """``Page.render`` of ``page`` through ``memo`` (source → result; one dict per build)."""
    hit = memo.get(page.markdown)
    if hit is None:
        type(page).render(page, config, files)  # the page class's own render (MkDocs or ProperDocs)
        if "<a" not in page.content and "<img" not in page.content and not page.toc.items:
            memo[page.markdown] = (page.content, page._title_from_render, type(page.toc),
                                   frozenset(page.present_anchor_ids), page.links_to_anchors is not None)
        return
    page.content, page._title_from_render, toc_type, anchors, links = hit
    page.toc = toc_type([])
    page.present_anchor_ids = set(anchors)
    if links:  # set by render (at log levels above DEBUG): no links here, so none to anchors
        page.links_to_anchors = {}
