"""The related step's benchmark (scripts/bench/related_step.py) on a 30-article corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts.bench import corpus  # noqa: E402


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A 30-article corpus (seed 11)."""
    out = tmp_path_factory.mktemp("corpus") / "project"
    corpus.write_project(out, 30, seed=11)
    return out


def _run(*args) -> list[dict]:
    """The JSON lines ``python -m scripts.bench.related_step ARGS`` prints."""
    proc = subprocess.run([sys.executable, "-m", "scripts.bench.related_step", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_one_run_measures_both_languages_and_the_background_task_path(project):
    [result] = _run(project, "--convert", "0")
    assert result["articles"]["de"] == 30 and result["articles"]["en"] > 0
    assert set(result["seconds"]) == set(result["cpu_s"]) == {"de", "en"}
    assert result["build_s"]["total"] == pytest.approx(result["build_s"]["de"] + result["build_s"]["en"], abs=0.002)


def test_runs_give_medians_and_the_growth_between_projects(project):
    first, second, last = _run("--runs", "1", project, project)
    assert first["runs"] == second["runs"] == 1
    assert first["wall_s"] == first["wall_each"][0] and first["cpu_s"] == first["cpu_each"][0]
    assert set(last["growth"]) >= {"wall_s", "cpu_s"}
