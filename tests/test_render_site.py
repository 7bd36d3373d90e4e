"""hooks/render.py in real builds: forked output equals inline output; the child's log and failures reach the parent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_build

INLINE = {"KB_RENDER_INLINE": "1"}

#: A hook for the tests: on the generated archive page it warns, raises or exits,
#: as KB_TEST_ACTION says, and says whether it runs in the build's own process.
PROBE = '''
import os
import time
import shared
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("kb.probe")
MAIN = os.getpid()


def on_page_context(context, page, config, nav):
    """Act on the German archive page (a page hooks/listings.py generates)."""
    generated = page.file.src_uri in shared.STATE.data["listings"]["pages"]
    if os.environ.get("KB_TEST_ACTION") == "slow" and generated:
        if os.getpid() != MAIN:
            time.sleep(0.1)  # a child slowed down by a busy machine
        else:
            log.warning("%s rendered by the build process", page.file.src_uri)
        return context
    if page.file.src_uri != "archiv.md" or page.file.src_uri not in shared.STATE.data["listings"]["pages"]:
        return context
    action = os.environ.get("KB_TEST_ACTION")
    if action == "warn":
        log.warning("probe on %s, in a child: %s", page.file.src_uri, os.getpid() != MAIN)
    elif action == "raise":
        raise RuntimeError("probe failure")
    elif action == "exit":
        os._exit(7)
    return context


@event_priority(150)  # before hooks/render.py takes back the pages the child has not begun
def on_post_build(config):
    """Let the child render every page (or fail) first, when the test acts on one of them."""
    if os.environ.get("KB_TEST_ACTION") in ("warn", "raise", "exit"):
        import multiprocessing

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(
                p.name.startswith("kb-render") for p in multiprocessing.active_children()):
            time.sleep(0.02)
'''


def _tree(site: Path) -> dict[str, bytes]:
    """Every file below ``site`` with its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _assert_same(forked: Path, inline: Path) -> None:
    """The two sites have the same files with the same bytes."""
    a, b = _tree(forked), _tree(inline)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"forked and inline builds differ: {differing[:10]}"


@pytest.fixture
def probe_project(tmp_path) -> Path:
    """This project (no articles) with the probe hook registered after ours."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "  - hooks/render.py\n", "  - hooks/render.py\n  - hooks/probe.py\n")
    project = make_project(tmp_path, config_text=config)
    (project / "hooks" / "probe.py").write_text(PROBE, "utf-8")
    return project


def test_the_hook_is_registered():
    assert "  - hooks/render.py\n" in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_forked_build_of_the_real_site_equals_the_inline_build(built_site, tmp_path):
    result = run_build(ROOT, tmp_path / "inline", env=INLINE)
    assert result.returncode == 0, result.stderr
    _assert_same(built_site, tmp_path / "inline")


def test_forked_build_of_a_paginated_corpus_equals_the_inline_build(tmp_path):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts.bench import corpus

    project = tmp_path / "corpus"
    corpus.write_project(project, 60, seed=5)
    forked, inline = run_build(project, tmp_path / "f"), run_build(project, tmp_path / "i", env=INLINE)
    assert forked.returncode == 0, forked.stderr
    assert inline.returncode == 0, inline.stderr
    assert (tmp_path / "f" / "archiv" / "seite-3" / "index.html").is_file()  # paginated listings
    _assert_same(tmp_path / "f", tmp_path / "i")


def test_generated_pages_render_in_a_child_process(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", strict=False, env={"KB_TEST_ACTION": "warn"})
    assert result.returncode == 0, result.stderr
    assert "probe on archiv.md, in a child: True" in result.stderr


def test_pages_a_slow_child_has_not_begun_are_rendered_by_the_build_with_the_same_output(probe_project,
                                                                                         tmp_path):
    slow = {"KB_TEST_ACTION": "slow"}
    forked = run_build(probe_project, tmp_path / "f", strict=False, env=slow)
    inline = run_build(probe_project, tmp_path / "i", strict=False, env={**slow, **INLINE})
    assert forked.returncode == 0 and inline.returncode == 0, forked.stderr + inline.stderr
    taken = re.findall(r"kb: (\S+) rendered by the build process", forked.stderr)
    every = re.findall(r"kb: (\S+) rendered by the build process", inline.stderr)
    assert 0 < len(taken) < len(every), forked.stderr  # the build took some back, the child did the rest
    _assert_same(tmp_path / "f", tmp_path / "i")


def test_inline_switch_renders_in_the_build_process(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", strict=False,
                       env={"KB_TEST_ACTION": "warn", **INLINE})
    assert result.returncode == 0, result.stderr
    assert "probe on archiv.md, in a child: False" in result.stderr


def test_a_childs_warning_is_printed_once(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", strict=False, env={"KB_TEST_ACTION": "warn"})
    assert len(re.findall(r"WARNING\s+-\s+kb: probe on archiv.md", result.stderr)) == 1, result.stderr


def test_a_childs_warning_fails_a_strict_build(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", env={"KB_TEST_ACTION": "warn"})
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_an_error_in_the_child_names_the_page(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", env={"KB_TEST_ACTION": "raise"})
    assert result.returncode != 0
    assert "render: rendering docs/archiv.md (de) in the forked process failed: " \
           "RuntimeError: probe failure" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_crashed_child_names_the_page_and_exit_code(probe_project, tmp_path):
    result = run_build(probe_project, tmp_path / "site", env={"KB_TEST_ACTION": "exit"})
    assert result.returncode != 0
    assert re.search(r"render: rendering docs/archiv\.md \(de\) in the forked process failed: "
                     r"the process ended without a result \(exit code 7\)", result.stderr), result.stderr
