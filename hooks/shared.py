"""What the hook modules share during one build of one language.

MkDocs loads every hook file as its own module but keeps them alive across
``mkdocs serve`` rebuilds, and mkdocs-static-i18n runs the whole build once per
language. So the state lives here, in one importable module, and
``hooks/validation.py`` resets it in ``on_config`` at the start of every build.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from mkdocs.config import base, config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from kb.catalog import Catalog, DEFAULT_LANG


class TopicConfig(base.Config):
    """One entry of ``extra.kb.topics``."""

    slug = c.Type(str)
    en = c.Type(str)


class SeriesConfig(base.Config):
    """One entry of ``extra.kb.series``."""

    title = c.DictOfItems(c.Type(str))
    description = c.DictOfItems(c.Type(str))
    parts = c.Type(int)
    missing = c.Type(dict, default={})  # part number → {de: …, en: …}; checked in load_kb_config


class KbConfig(base.Config):
    """``extra.kb`` in mkdocs.yml: the site's own declarations."""

    topics = c.DictOfItems(c.SubConfig(TopicConfig))
    series = c.DictOfItems(c.SubConfig(SeriesConfig), default={})


@dataclasses.dataclass
class BuildState:
    """Everything one build of one language knows beyond MkDocs' own objects."""

    lang: str = DEFAULT_LANG
    kb: KbConfig | None = None
    catalog: Catalog | None = None
    data: dict[str, Any] = dataclasses.field(default_factory=dict)  # per-hook results


STATE = BuildState()
#: What outlives every build of this process: MkDocs' own
#: ``"clean_directory"`` (see hooks/split.py).
PROCESS: dict[str, Any] = {}


def reset(config: MkDocsConfig) -> BuildState:
    """Start a new build: forget the last one, read the language and ``extra.kb``."""
    global STATE
    STATE = BuildState(lang=current_lang(config), kb=load_kb_config(config))
    return STATE


def current_lang(config: MkDocsConfig) -> str:
    """The language being built: the i18n plugin's current locale, else the theme's."""
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None)
    if lang:
        return lang
    return (config.theme.get("language") if config.theme else None) or DEFAULT_LANG


def load_kb_config(config: MkDocsConfig) -> KbConfig:
    """Validate ``extra.kb`` of mkdocs.yml; a problem raises naming file and field."""
    kb = KbConfig(config_file_path=config.config_file_path)
    kb.load_dict(copy.deepcopy((config.extra or {}).get("kb") or {}))  # validation mutates
    failed, warnings = kb.validate()
    if failed:
        lines = [f"mkdocs.yml: field 'extra.kb.{key}': {err}" for key, err in failed]
        raise PluginError("\n".join(lines))
    for key, series in kb.series.items():
        for part in series.missing:
            title = series.missing[part]
            if isinstance(part, bool) or not isinstance(part, int) or not 1 <= part <= series.parts:
                raise PluginError(f"mkdocs.yml: field 'extra.kb.series.{key}.missing': part "
                                  f"{part!r} is outside 1 to {series.parts}")
            if not isinstance(title, dict) or not all(isinstance(v, str) for v in title.values()):
                raise PluginError(f"mkdocs.yml: field 'extra.kb.series.{key}.missing.{part}': "
                                  "give the title per language, e.g. {de: …, en: …}")
    return kb


def localized(mapping: dict[str, str] | None, lang: str) -> str:
    """Pick ``lang`` from a ``{de: …, en: …}`` mapping, falling back to German."""
    if not mapping:
        return ""
    return mapping.get(lang) or mapping.get(DEFAULT_LANG) or next(iter(mapping.values()))


def topic_label(topic: str, lang: str) -> str:
    """The display name of a topic in ``lang``."""
    if lang == DEFAULT_LANG or STATE.kb is None:
        return topic
    return STATE.kb.topics[topic].en
