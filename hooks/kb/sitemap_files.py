"""Writing the per-page sitemaps to disk, in the build or as a process of its own.

:mod:`hooks/seo.py` calls :func:`write_sitemaps` in the build (``mkdocs serve``,
or when the writer process could not start) and runs this file as a script
(``python -I -S sitemap_files.py SITE PLAN``) to write them beside the build.
It imports the standard library only, so that process starts in milliseconds.

It writes sitemaps only, never a page file: an empty file made ahead of
MkDocs would be left blank by a build that fails before it writes the page.
"""

from __future__ import annotations

import json
import os
import sys

#: The same as :data:`kb.forked.NICENESS`.
NICENESS = 10


def write_sitemaps(site: str, texts: list[tuple[str, str]]) -> None:
    """Write each ``(page URL, text)`` as ``sitemap.xml`` into the page's folder (made if missing)."""
    for url, text in texts:
        folder = os.path.join(site, url)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "sitemap.xml"), "w", encoding="utf-8") as out:
            out.write(text)


def main(argv: list[str]) -> None:
    """The writer process, below the build's CPU priority (the same step as
    :func:`kb.forked.background`, which this standard-library-only script cannot import).

    The JSON file ``argv[1]`` (deleted once read) holds ``{"sitemaps": [[url, text], …]}``,
    written into the site folder ``argv[0]``.
    """
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass
    site, plan = argv
    with open(plan, encoding="utf-8") as fh:
        todo = json.load(fh)
    os.unlink(plan)
    write_sitemaps(site, todo["sitemaps"])


if __name__ == "__main__":
    main(sys.argv[1:])
