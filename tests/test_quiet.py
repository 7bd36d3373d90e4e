"""The build's output: static-i18n's INFO lines go, warnings and errors of every logger stay."""

from __future__ import annotations

import importlib.util
import logging

import pytest

from conftest import HOOKS, ROOT, make_project, run_build
from kb import quiet

I18N = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"


def test_i18n_info_is_dropped():
    assert not quiet.keep(logging.INFO, I18N)


@pytest.mark.parametrize("level", [logging.WARNING, logging.ERROR, 25])  # 25: the kb NOTICE level
def test_i18n_above_info_is_kept(level):
    assert quiet.keep(level, I18N)


def test_other_loggers_keep_their_info():
    assert quiet.keep(logging.INFO, "mkdocs.commands.build")


def test_a_similar_name_is_not_quietened():
    assert quiet.keep(logging.INFO, "mkdocs.plugins.mkdocs_static_i18n_fork")


def _hook():
    """hooks/quiet.py, loaded as MkDocs loads a hook."""
    spec = importlib.util.spec_from_file_location("kb_quiet_hook", HOOKS / "quiet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_keeps_i18n_warnings(caplog):
    logging.getLogger(I18N)
    _hook().on_config({})
    with caplog.at_level(logging.DEBUG):
        logging.getLogger(I18N).info("Overriding 'en' config 'theme.palette' with '[…]'")
        logging.getLogger(I18N).warning("a real problem")
    assert [r.getMessage() for r in caplog.records] == ["a real problem"]


def test_hook_installs_one_filter_however_often_it_runs():
    hook = _hook()
    for _ in range(3):
        hook.on_config({})
    assert sum(isinstance(f, quiet.QuietFilter) for f in logging.getLogger(I18N).filters) == 1


def test_build_output_is_what_a_contributor_needs(tmp_path):
    """A full build of both languages prints MkDocs' lines only: no static-i18n INFO line."""
    result = run_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert not [line for line in lines if "mkdocs_static_i18n" in line], lines
    assert any("Documentation built in" in line for line in lines)
    assert all(len(line) < 200 for line in lines), lines


def test_build_still_shows_warnings(tmp_path):
    """A broken link is still a warning in the output (and fails --strict)."""
    page = "---\ntitle: Kaputt\n---\n\n[weg](gibt-es-nicht.md)\n"
    project = make_project(tmp_path, {"kaputt.md": page})
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "WARNING" in result.stderr and "gibt-es-nicht.md" in result.stderr
