"""Compiled Jinja templates kept in memory across the builds of one process.

MkDocs makes a new Jinja environment for every build, so each language build
static-i18n runs (and each ``mkdocs serve`` rebuild) would compile every
template (Material's and ours) again. :func:`attach` gives an environment the
process's cache for its configuration. No MkDocs: Jinja only.
"""

from __future__ import annotations

import jinja2


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory.

    Jinja checks each entry against the checksum of the template's source, so
    an edited template is compiled anew; entries are kept per environment
    configuration (:func:`env_signature`).
    """

    def __init__(self) -> None:
        """An empty cache."""
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        """Fill ``bucket`` from memory if the template was compiled before."""
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        """Keep a freshly compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


#: One :class:`TemplateCodeCache` per environment configuration, for the process.
CACHES: dict[tuple, TemplateCodeCache] = {}


def env_signature(env: jinja2.Environment) -> tuple:
    """The settings of ``env`` that change how a template compiles."""
    return (tuple(sorted(env.extensions)), repr(env.autoescape), env.optimized, env.trim_blocks,
            env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, repr(env.finalize))


def attach(env: jinja2.Environment) -> jinja2.Environment:
    """Give ``env`` the process's cache for its configuration (unless it has a cache already),
    and stop it from checking every template file's modification time again on each use.

    MkDocs makes a new environment for each build and renders every page with
    it; without ``auto_reload`` each ``include`` of each page would ``stat``
    its template (some 40 per page). A template edited under ``mkdocs serve``
    is read anew by the next build's environment.
    """
    env.auto_reload = False
    if env.bytecode_cache is None:
        env.bytecode_cache = CACHES.setdefault(env_signature(env), TemplateCodeCache())
    return env
