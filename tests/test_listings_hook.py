"""The listings hook's reuse: plans across builds of one process, rendered Markdown across generated pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest
from mkdocs.structure.toc import get_toc

import listings as hook
import shared
from conftest import make_project
from kb.catalog import Catalog, Page


def art(slug, title, *, lang="de", tags=("ROI",)):
    """A catalogue article for the tests."""
    key = f"artikel/{slug}.md"
    path = key if lang == "de" else f"artikel/{slug}.{lang}.md"
    return Page(path=path, key=key, lang=lang, is_article=True, title=title, description="Über",
                date=None, topic="Autohandel", tags=list(tags), series=None, series_part=None,
                source=None, related=[], related_exclude=[], translation_of=None, body="wort " * 10,
                meta={})


KB = types.SimpleNamespace(topics={"Autohandel": types.SimpleNamespace(slug="autohandel", en="Car retail")},
                           series={})


@pytest.fixture
def build(monkeypatch):
    """Start a new build (as validation's on_config does) over the given articles; count plans."""
    monkeypatch.setattr(hook, "_PLANS", hook.generated.PlanCache())
    calls = []
    real_plan = hook.generated.plan
    monkeypatch.setattr(hook.generated, "plan",
                        lambda articles, topics, series, lang: calls.append(lang) or real_plan(articles, topics, series, lang))

    def start(*articles):
        """A fresh build state holding ``articles``; returns the list of planned languages so far."""
        catalog = Catalog(pages={a.path: a for a in articles})
        monkeypatch.setattr(shared, "STATE", shared.BuildState(lang="de", kb=KB, catalog=catalog))
        return calls

    return start


def test_a_plan_is_reused_by_the_next_build_while_its_inputs_are_equal(build):
    calls = build(art("a", "Alt"))
    first = hook._plan("de")
    build(art("a", "Alt"))  # the next build (e.g. the English one) sees equal articles
    assert hook._plan("de") is first
    assert calls == ["de"]


def test_a_changed_article_is_planned_again(build):
    calls = build(art("a", "Alt"))
    hook._plan("de")
    build(art("a", "Neu"))
    titles = [e["title"] for p in hook._plan("de").pages if p.listing
              for g in p.listing["groups"] for e in g["entries"]]
    assert calls == ["de", "de"]
    assert "Neu" in titles and "Alt" not in titles


def test_a_changed_tag_is_planned_again(build):
    calls = build(art("a", "A", tags=["ROI"]))
    hook._plan("de")
    build(art("a", "A", tags=["Xing"]))
    assert "schlagwoerter/xing.md" in [p.key for p in hook._plan("de").pages]
    assert calls == ["de", "de"]


class _FakePage:
    """What ``_render_generated`` reads and writes of an MkDocs page; ``render`` counts its calls."""

    html = "<p>{}</p>"  #: what the Markdown conversion makes of the source
    calls: list = []

    def __init__(self, markdown):
        self.markdown = markdown
        self.content = self.toc = self._title_from_render = self.present_anchor_ids = None
        self.links_to_anchors = None

    def render(self, config, files):
        """Stand-in for MkDocs' Markdown conversion."""
        self.calls.append(self)
        self.content = self.html.format(self.markdown)
        self.toc = get_toc([])
        self.present_anchor_ids = {"x"}
        self.links_to_anchors = {}


@pytest.fixture
def renders(monkeypatch):
    """A fresh build state; the list of pages whose Markdown was converted."""
    monkeypatch.setattr(shared, "STATE", shared.BuildState(lang="de"))
    monkeypatch.setattr(_FakePage, "calls", [])
    return _FakePage


def test_generated_pages_with_one_source_are_converted_once(renders):
    first, second = _FakePage("Intro"), _FakePage("Intro")
    hook._render_generated(first, None, None)
    hook._render_generated(second, None, None)
    assert renders.calls == [first]
    assert second.content == "<p>Intro</p>"
    assert second.present_anchor_ids == {"x"} and second.present_anchor_ids is not first.present_anchor_ids
    assert list(second.toc) == [] and second.toc is not first.toc
    assert second.links_to_anchors == {}


def test_a_different_source_is_converted_on_its_own(renders):
    first, second = _FakePage("Intro"), _FakePage("Andere")
    hook._render_generated(first, None, None)
    hook._render_generated(second, None, None)
    assert renders.calls == [first, second]
    assert second.content == "<p>Andere</p>"


def test_a_source_with_a_link_is_converted_for_every_page(renders, monkeypatch):
    monkeypatch.setattr(_FakePage, "html", '<p><a href="../x/">{}</a></p>')  # relative to each page
    first, second = _FakePage("[x](x.md)"), _FakePage("[x](x.md)")
    hook._render_generated(first, None, None)
    hook._render_generated(second, None, None)
    assert renders.calls == [first, second]


def test_each_build_converts_anew(renders):
    hook._render_generated(_FakePage("Intro"), None, None)
    shared.STATE = shared.BuildState(lang="en")  # validation's on_config: a new build
    hook._render_generated(_FakePage("Intro"), None, None)
    assert len(renders.calls) == 2


REBUILD = r"""
import json, pathlib, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

calls = []
def run():
    config = load_config("mkdocs.yml", site_dir="site")
    hook = sys.modules["hooks/listings.py"]  # MkDocs names a hook module by its path in mkdocs.yml
    if not hasattr(hook.generated.plan, "counted"):
        real = hook.generated.plan
        def plan(articles, topics, series, lang):
            calls.append(lang)
            return real(articles, topics, series, lang)
        plan.counted = True
        hook.generated.plan = plan
    build(config)
    return list(calls)

first = run()
unchanged = run()
path = pathlib.Path("docs/artikel/a.md")
path.write_text(path.read_text("utf-8").replace("Alter Titel", "Neuer Titel"), "utf-8")
changed = run()
html = pathlib.Path("site/themen/autohandel/index.html").read_text("utf-8")
print(json.dumps({"first": first, "unchanged": unchanged, "changed": changed,
                  "new_title": "Neuer Titel" in html, "old_title": "Alter Titel" in html}))
"""


def _article(title):
    """A German article of the topic Autohandel."""
    return f"---\ntitle: {title}\ndescription: Kurz.\ntopic: Autohandel\ntags: [ROI]\n---\n\nText.\n"


def test_rebuilds_in_one_process_plan_only_what_changed(tmp_path):
    """Three builds in one process, as under ``mkdocs serve``: i18n's two languages are
    planned once, an unchanged rebuild plans nothing, a changed German article replans German."""
    project = make_project(tmp_path, {"artikel/a.md": _article("Alter Titel"),
                                      "artikel/b.md": _article("Zweiter")})
    done = subprocess.run([sys.executable, "-c", REBUILD], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(result["first"]) == ["de", "en"]
    assert result["unchanged"] == result["first"]
    assert result["changed"] == result["first"] + ["de"]
    assert result["new_title"] and not result["old_title"]
