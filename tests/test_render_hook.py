"""Unit tests of hooks/render.py's decisions (inline or forked, what is carried back), without a build."""

from __future__ import annotations

import types

import pytest
from mkdocs.exceptions import PluginError

import render as hook
import shared
from kb import forked


class _File:
    """A stand-in for a MkDocs File with its page."""

    def __init__(self, src_uri):
        """A file at ``src_uri`` whose page records that its anchors were checked."""
        self.src_uri = src_uri
        self.page = types.SimpleNamespace(file=self, validated=False)
        self.page.validate_anchor_links = lambda files, log_level: setattr(self.page, "validated", True)


class _Files:
    """A stand-in for MkDocs' Files: documentation pages, remove, append."""

    def __init__(self, names):
        """Files at ``names``, in that order."""
        self.files = [_File(n) for n in names]

    def documentation_pages(self, inclusion=None):
        """Every file (all are pages here)."""
        return list(self.files)

    def remove(self, file):
        """Take ``file`` out."""
        self.files.remove(file)

    def append(self, file):
        """Put ``file`` back at the end."""
        self.files.append(file)


class _Job:
    """A finished child with a fixed result."""

    def __init__(self, result=None, error=None):
        """A job that returns ``result`` or raises ``error``."""
        self.result, self.error, self.started, self.killed = result, error, 0.0, False

    def collect(self):
        """The fixed result (no log records), or the error."""
        if self.error:
            raise self.error
        return self.result, []

    def kill(self):
        """Note that the build stopped the child."""
        self.killed = True


GENERATED = ["archiv.md", "schlagwoerter/a.md"]


@pytest.fixture
def build(monkeypatch):
    """A build of German with two generated pages after two others; the hook in build mode."""
    state = shared.BuildState(lang="de")
    state.data["listings"] = {"pages": {name: object() for name in GENERATED}}
    state.data["seo"] = {"pages": [("index", "c", [])]}
    monkeypatch.setattr(shared, "STATE", state)
    monkeypatch.delenv("KB_RENDER_INLINE", raising=False)
    monkeypatch.setattr(hook, "_COMMAND", "build")
    monkeypatch.setattr(hook, "_DIRTY", False)
    monkeypatch.setattr(hook, "_NAV", object())
    monkeypatch.setattr(hook, "_PENDING", None)
    rendered_here: list[str] = []

    def render_here(build_module, page, config, doc_files, nav, env):
        """Record a page the parent renders, and leave its language switcher as i18n would."""
        rendered_here.append(page.file.src_uri)
        config.extra.alternate = f"{page.file.src_uri}'s"

    monkeypatch.setattr(hook, "_build", render_here)
    config = types.SimpleNamespace(extra=types.SimpleNamespace(alternate="articles'"),
                                   validation=types.SimpleNamespace(links=types.SimpleNamespace(anchors=30)))
    return types.SimpleNamespace(state=state, files=_Files(["index.md", "artikel/x.md", *GENERATED]),
                                 config=config, rendered_here=rendered_here)


def test_a_build_forks():
    hook.on_startup("build", False)
    assert not hook.inline()


@pytest.mark.parametrize("command, dirty", [("serve", False), ("serve", True), ("build", True)])
def test_serve_and_dirty_builds_render_inline(command, dirty):
    hook.on_startup(command, dirty)
    assert hook.inline()


def test_the_environment_switch_renders_inline(monkeypatch):
    hook.on_startup("build", False)
    monkeypatch.setenv("KB_RENDER_INLINE", "1")
    assert hook.inline()


def test_without_fork_every_page_stays_in_the_loop(build, monkeypatch):
    monkeypatch.setattr(forked, "split", lambda count: None)
    hook.on_env(None, build.config, build.files)
    assert [f.src_uri for f in build.files.files] == ["index.md", "artikel/x.md", *GENERATED]
    assert hook._PENDING is None


def test_the_child_gets_the_generated_pages_and_the_loop_loses_them(build, monkeypatch):
    started = {}

    def start(target, render_build, pages, config, doc_files, nav, env, lengths, split, name):
        """Record what the child would get."""
        started.update(pages=[p.file.src_uri for p in pages], docs=len(doc_files), lengths=lengths,
                       first=split.front())
        return _Job()

    monkeypatch.setattr(forked, "start", start)
    hook.on_env(None, build.config, build.files)
    assert started == {"pages": GENERATED, "docs": 4, "lengths": {("seo", "pages"): 1}, "first": 0}
    assert [f.src_uri for f in build.files.files] == ["index.md", "artikel/x.md"]


def _fork_with(build, monkeypatch, job, child_takes=len(GENERATED)):
    """Run on_env with ``job`` as the child, which has begun ``child_takes`` of the pages."""
    monkeypatch.setattr(forked, "start", lambda *a, **k: job)
    hook.on_env(None, build.config, build.files)
    for _ in range(child_takes):
        assert hook._PENDING.split.front() is not None


def test_post_build_carries_back_state_files_and_anchor_checks(build, monkeypatch):
    job = _Job(result=({("seo", "pages"): [("archiv/", "c2", ["x"])]}, {"alternate": "archive's"}))
    _fork_with(build, monkeypatch, job)
    hook.on_post_build(build.config)
    assert build.rendered_here == []  # the child had begun every page
    assert build.state.data["seo"]["pages"] == [("index", "c", []), ("archiv/", "c2", ["x"])]
    assert build.config.extra.alternate == "archive's"  # the last page of the loop was the child's
    assert sorted(f.src_uri for f in build.files.files) == sorted(["index.md", "artikel/x.md", *GENERATED])
    assert all(f.page.validated for f in build.files.files if f.src_uri in GENERATED)


def test_the_last_pages_state_stays_when_the_loop_rendered_it(build, monkeypatch):
    build.files.files.append(_File("ueber.md"))
    _fork_with(build, monkeypatch, _Job(result=({}, {"alternate": "archive's"})))
    hook.on_post_build(build.config)
    assert build.config.extra.alternate == "articles'"


def test_a_failed_child_is_a_plugin_error_naming_the_page(build, monkeypatch):
    _fork_with(build, monkeypatch, _Job(error=forked.Failed("RuntimeError: boom", "schlagwoerter/a.md")))
    with pytest.raises(PluginError, match=r"docs/schlagwoerter/a\.md \(de\).*RuntimeError: boom"):
        hook.on_post_build(build.config)


def test_a_failed_build_stops_the_child(build, monkeypatch):
    job = _Job()
    _fork_with(build, monkeypatch, job)
    hook.on_build_error(RuntimeError("elsewhere"))
    assert job.killed and hook._PENDING is None


def test_the_build_renders_the_pages_the_child_has_not_begun_from_the_back(build, monkeypatch):
    _fork_with(build, monkeypatch, _Job(result=({}, None)), child_takes=0)
    hook.on_post_build(build.config)
    assert build.rendered_here == list(reversed(GENERATED))
    assert build.config.extra.alternate == "schlagwoerter/a.md's"  # as the last page of the list left it
    assert all(f.page.validated for f in build.files.files if f.src_uri in GENERATED)


def test_the_child_and_the_build_never_render_the_same_page(build, monkeypatch):
    _fork_with(build, monkeypatch, _Job(result=({}, None)), child_takes=1)
    hook.on_post_build(build.config)
    assert build.rendered_here == ["schlagwoerter/a.md"]


def test_pages_rendered_here_leave_the_loops_last_state_alone(build, monkeypatch):
    build.files.files.append(_File("ueber.md"))
    _fork_with(build, monkeypatch, _Job(result=({}, None)), child_takes=0)
    hook.on_post_build(build.config)
    assert build.rendered_here == list(reversed(GENERATED))
    assert build.config.extra.alternate == "articles'"  # MkDocs' loop rendered ueber.md last


def test_a_page_failing_here_stops_the_child(build, monkeypatch):
    job = _Job(result=({}, None))
    _fork_with(build, monkeypatch, job, child_takes=0)

    def fail(*args):
        """A page whose template breaks."""
        raise RuntimeError("template")

    monkeypatch.setattr(hook, "_build", fail)
    with pytest.raises(RuntimeError, match="template"):
        hook.on_post_build(build.config)
    assert job.killed
