"""Hook: every page's template renders without the blank lines of its block tags.

Material's templates and ours put each ``{% if %}``/``{% for %}`` on a line
of its own, indented; rendered, each leaves an indented blank line behind:
about 2.5 KB of an MDN article page of 30 (tests/test_whitespace.py and
BENCHMARKS.md). Jinja's ``trim_blocks`` (drop the newline after a block tag)
and ``lstrip_blocks`` (drop the indentation before one) remove them when the
templates compile, so it costs nothing per page. The page's own content
(the Markdown converted to HTML, ``<pre>`` blocks included) is a value the
templates insert and is never touched; a build of this site with and
without it gives the same text, the same tags and attributes (whitespace
aside) and the same scripts.

Runs first in ``on_env`` (priority 100), before anything compiles a template
(``hooks/render.py`` forks its child at -200 with this environment).
"""

from __future__ import annotations

from mkdocs.plugins import event_priority


@event_priority(100)
def on_env(env, config, files):
    """Switch on ``trim_blocks`` and ``lstrip_blocks``; forget templates compiled without them."""
    env.trim_blocks = True
    env.lstrip_blocks = True
    if env.cache is not None:
        env.cache.clear()
    return env
