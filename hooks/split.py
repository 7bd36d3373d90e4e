"""Hook: build one language on its own, byte for byte as the full build writes it.

``KB_ONLY_LOCALE=en mkdocs build`` builds only the English pages (at ``/en/``)
and ``KB_ONLY_LOCALE=de`` only the German ones (at ``/``), so CI can build the
languages in parallel jobs into separate directories and merge them with
``python -m scripts.split_build merge`` (which also joins the two sitemaps).

Why not static-i18n's own ``build_only_locale``: it makes the chosen language
the default one, so English would land at ``/`` and, with the suffix
structure, every German file without an ``.en.md`` twin would be built as an
English page. Here the languages stay as declared (German default); the hook
only chooses which language the process builds:

- ``on_config`` (priority 110, before ``hooks/validation.py`` resets the shared
  state and before i18n's own ``on_config`` at -100) starts the process in the
  chosen language instead of the default one;
- static-i18n builds the other languages from its ``on_post_build`` by calling
  ``mkdocs.commands.build.build``; that name is replaced in i18n's module by a
  wrapper that skips them.

Without the variable the hook only guards MkDocs against static-i18n
1.3.1's error path: its ``on_post_build`` replaces
``mkdocs.utils.clean_directory`` with a no-op while it builds the other
languages and puts it back without ``try/finally`` (plugin.py lines
257–280). After an error in the English pass ``mkdocs serve`` would never
clean its output again (pages deleted later stayed online); ``on_config``
puts the real function back at the start of every outer build.
"""

from __future__ import annotations

import os

from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

import shared

log = get_plugin_logger("kb.split")
ENV = "KB_ONLY_LOCALE"


def only_locale() -> str | None:
    """The language this process builds alone, or None for a full build."""
    return os.environ.get(ENV) or None


# MkDocs' own clean_directory, kept in shared.PROCESS: this module is loaded
# afresh for every serve rebuild, possibly after i18n replaced the function.
if utils.clean_directory.__module__ == "mkdocs.utils":
    shared.PROCESS.setdefault("clean_directory", utils.clean_directory)


def restore_clean_directory(config) -> None:
    """Put MkDocs' ``clean_directory`` back unless static-i18n is building its other languages."""
    plugin = config.plugins.get("i18n")
    if getattr(plugin, "building", False):
        return  # the inner builds of one run: i18n's no-op is wanted there
    original = shared.PROCESS.get("clean_directory")
    if original is not None and utils.clean_directory is not original:
        log.debug("static-i18n left mkdocs.utils.clean_directory replaced (an earlier build failed); restored")
        utils.clean_directory = original


@event_priority(110)  # before validation (100) reads the language and i18n (-100) applies it
def on_config(config):
    """Start the build in the chosen language and keep i18n from building the others."""
    restore_clean_directory(config)
    locale = only_locale()
    if locale is None:
        return config
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError(f"{ENV}={locale} needs the i18n plugin in mkdocs.yml")
    if locale not in plugin.all_languages:
        raise PluginError(f"{ENV}={locale!r} is not a language of mkdocs.yml "
                          f"(plugins.i18n.languages: {', '.join(plugin.all_languages)})")
    if plugin.current_language is None:  # first build of this process
        plugin.current_language = locale
        _skip_other_languages()
        log.info(f"building '{locale}' only ({ENV})")
    return config


def _skip_other_languages() -> None:
    """Replace the build function i18n calls for the other languages with a no-op."""
    from mkdocs_static_i18n import plugin as i18n_module

    if getattr(i18n_module.build, "kb_split", False):
        return

    def skip(config, dirty=False):  # noqa: ARG001 - signature of mkdocs' build()
        """The chosen language was built by the main build; the others are not wanted."""

    skip.kb_split = True
    i18n_module.build = skip
