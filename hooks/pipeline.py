"""The build pipeline in one place: every stage, the MkDocs event that drives it, and when.

MkDocs calls the hooks of ``mkdocs.yml`` per event, in the order of their
priority (higher first; 0 when a hook sets none; mkdocs-static-i18n's own
handlers sit at -100 for ``on_files`` and ``on_post_build`` and at 50 for
``on_page_context``). static-i18n runs the whole pipeline once per language,
German first; ``mkdocs serve`` runs it again after every save.

Stages, in the order one language's build runs them:

1. **Read and validate** (``on_config``, ``on_files``): ``quiet`` keeps
   static-i18n's INFO lines out of the output, ``split`` picks the
   language of a one-language build, ``validation`` resets the shared state
   (:mod:`shared`) and reads every Markdown file into the catalogue
   (:mod:`kb.catalog`); a contributor's mistake stops the build here.
2. **Derive** (``on_files`` to ``on_env``), each from the catalogue:

   * related lists and backlinks: ``related.on_files`` starts
     :func:`kb.related.compute` as a background task (under ``serve``: computes
     it) and ``related.on_env`` collects them into ``STATE.data["related"]``
     and ``["backlinks"]``;
   * listing plans (topics, series, archive, tags, home, feeds):
     ``listings.on_files`` adds the pages :func:`kb.generated.plan` plans;
   * which page exists in which language, and the per-page sitemaps' plan:
     ``seo.on_files`` (:mod:`kb.seo_files`);
   * search records: ``search.on_page_content`` streams each converted article
     to the language's search task (:mod:`kb.search_index`: :mod:`kb.search`
     records, Pagefind), which writes the index by the last language's
     ``search.on_post_build``.

   Both tasks run through :mod:`kb.background`, the one way work leaves the
   build thread: a fresh interpreter per task (no fork), below the build's
   priority, one result format and one error (a ``PluginError`` naming the
   stage); ``on_shutdown``, ``on_build_error`` and the next build's first
   ``search.on_pre_build`` end whatever a failed build left running.
3. **Render** (``on_page_context`` per page, then ``on_post_build``): each
   hook turns its derived data into one context key that one partial under
   ``overrides/partials/kb/`` renders: ``kb_related``/``kb_backlinks``
   (related), ``kb_series`` (series), ``kb_article``/``kb_listing``/``kb_home``
   (listings), ``kb_translation`` (translations), ``kb_seo`` (seo),
   ``kb_search`` (search). Every word these show comes from the one table
   of UI strings per language, :mod:`kb.texts` (templates with words of
   their own read it through ``texts.on_env``'s Jinja globals), and every
   address from :mod:`kb.urls`. Every page, the generated listing pages too,
   renders in MkDocs' own loop in the build process. ``on_post_build``
   writes the feeds, ``robots.txt`` and the sitemaps (:mod:`kb.seo_files`)
   in the build process, after the language's pages, and the search bundle.

Under ``mkdocs serve --dirty`` (``make serve``) the same stages run on every
save; ``incremental`` (:mod:`kb.buildcache`) reuses each page's Markdown
conversion when what it read is unchanged, and lets MkDocs' loop render only
the pages whose template context (their own data, what the hooks put in
their context, the nav, the config and templates: :mod:`kb.pagekey`) changed. Its
``on_post_build`` removes the output of deleted or renamed pages after the
last language.

Example: page X's "Verwandte Beiträge" block is computed in stage 2 by
``related.on_files`` (priority 50, see :data:`PRIORITIES`), collected in
``related.on_env`` and rendered in stage 3 by ``related.on_page_context`` into
``kb_related``, which ``overrides/partials/kb/related.html`` draws.

:data:`PRIORITIES` is the one table of the event priorities our hooks set;
every hook reads its priority from it (:func:`priority`), and a test checks that
the table and the hooks agree.
"""

from __future__ import annotations

#: ``"hook.event": (priority, why)`` for every hook event that is not at the default 0.
PRIORITIES: dict[str, tuple[int, str]] = {
    # on_config: set-up and resets, before static-i18n (-100) applies the language.
    "quiet.on_config": (120, "before anything logs: split (110) and static-i18n's on_config (-100)"),
    "split.on_config": (110, "before validation (100) reads the language and i18n (-100) applies it"),
    "validation.on_config": (100, "first of ours: every other hook reads the state reset here"),
    "edit_links.on_config": (90, "after validation's reset"),
    "incremental.on_config": (80, "after validation's reset; the outer build marks its start"),
    "listings.on_config": (50, "after validation's reset (100), before i18n (-100)"),
    # on_files: the catalogue first, then what is derived from it.
    "validation.on_files": (100, "before every other on_files, and before i18n (-100) drops the other language"),
    "related.on_files": (50, "after validation (100) built the catalogue, before i18n (-100)"),
    "listings.on_files": (-110, "after i18n's on_files (-100): it would drop in-memory content"),
    "seo.on_files": (-120, "after i18n (-100) paired the translations and listings (-110) generated pages"),
    # on_page_markdown: the checked front matter replaces MkDocs' own reading of it.
    "validation.on_page_markdown": (100, "before any other hook or the theme reads page.meta"),
    # on_nav / on_env: the --dirty path sees the final files and each page's context.
    "incremental.on_nav": (-300, "last: every file is final (the --dirty path reads every page)"),
    "incremental.on_env": (-300, "last on_env: each page's context as MkDocs' loop will make it"),
    # on_page_content: the search record is the page's text as every other hook left it.
    "search.on_page_content": (-50, "after the other hooks' on_page_content (seo marks links; nothing changes the text)"),
    # on_page_context: after i18n's (50).
    "listings.on_page_context": (-10, "after the plugins' own page context (i18n: 50)"),
    "seo.on_page_context": (-50, "after i18n (50) and the other hooks filled their context"),
    # on_post_build: before static-i18n's (-100), which builds the next language.
    "seo.on_post_build": (10, "the language's pages are written; before i18n (-100) builds the next language"),
    "incremental.on_post_build": (-200, "after i18n (-100) built the other languages: the whole site is written"),
}


def priority(name: str) -> int:
    """The priority of ``"hook.event"`` from :data:`PRIORITIES`; a name not in it is an error."""
    return PRIORITIES[name][0]
