"""Unit tests of the related hook's background computation (hooks/related.py, kb.related_lists), without a build."""

from __future__ import annotations

import types

import pytest
from mkdocs.exceptions import PluginError

import related as hook
import shared
from kb import related_lists


class _Page:
    """A stand-in for kb.catalog.Page."""

    def __init__(self, path, title, body="", related=(), lang="de"):
        self.path, self.lang, self.body, self.is_article = path, lang, body, True
        self.title, self.description, self.tags, self.topic = title, "", [], "Autohandel"
        self.series, self.date = None, None
        self.related, self.related_exclude = list(related), []


PAGES = [
    _Page("artikel/a.md", "Versicherungspflicht im Autohaus", "Die Versicherung und die Pflicht. [B](b.md)"),
    _Page("artikel/b.md", "Versicherung für Händler", "Händler brauchen eine Versicherung.",
          related=["artikel/nix.md"]),
    _Page("artikel/c.md", "Kaffeetassen im Verkaufsraum", "Kaffee für Kunden im Autohaus."),
]


@pytest.fixture
def state(monkeypatch):
    """A fresh build state holding the stand-in catalogue; the hook in build mode."""
    catalog = types.SimpleNamespace(pages={p.path: p for p in PAGES})
    monkeypatch.setattr(shared, "STATE", shared.BuildState(lang="de", catalog=catalog))
    monkeypatch.setattr(hook, "_COMMAND", "build")
    return shared.STATE


def test_background_result_equals_inline_result(state):
    assert related_lists.start(PAGES, "de").result() == related_lists.relations_for(PAGES, "de")


def test_on_env_fills_the_data_on_files_started(state):
    hook.on_files(None, None)
    assert state.data["related"] == {}  # still computing
    hook.on_env(None, None, types.SimpleNamespace(documentation_pages=lambda: []))
    related, backlinks, _ = related_lists.relations_for(PAGES, "de")
    assert state.data["related"] == related and state.data["backlinks"] == backlinks


def test_override_warning_is_logged_when_collected(state, caplog):
    hook.on_files(None, None)
    hook.on_env(None, None, types.SimpleNamespace(documentation_pages=lambda: []))
    assert any("artikel/b.md" in r.getMessage() and "'related'" in r.getMessage() for r in caplog.records)


def test_a_later_hooks_data_is_kept(state):
    hook.on_files(None, None)
    state.data["related"] = {"artikel/a.md": []}  # another hook replaced it meanwhile
    hook.on_env(None, None, types.SimpleNamespace(documentation_pages=lambda: []))
    assert state.data["related"] == {"artikel/a.md": []}


def test_serve_computes_inline(state, monkeypatch):
    monkeypatch.setattr(hook, "_COMMAND", "serve")
    hook.on_files(None, None)
    assert hook._PENDING is None
    assert state.data["related"] == related_lists.relations_for(PAGES, "de")[0]


def test_a_failing_computation_is_a_plugin_error_with_the_childs_message(state):
    state.catalog.pages["artikel/kaputt.md"] = _Page("artikel/kaputt.md", None, "Kein Titel.")
    hook.on_files(None, None)
    with pytest.raises(PluginError, match=r"related \(de\).*TypeError: .*expected str instance"):
        hook.on_env(None, None, types.SimpleNamespace(documentation_pages=lambda: []))


def test_shutdown_ends_a_running_computation(state):
    hook.on_files(None, None)
    proc = hook._PENDING._task._proc
    hook.on_shutdown()
    assert hook._PENDING is None and proc.poll() is not None
