"""The GitHub workflows run what a developer runs, and invent no URL."""

from __future__ import annotations

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name):
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    # YAML 1.1 reads the key `on:` as True.
    return data, data.get("on", data.get(True))


def _steps(job):
    return [step.get("run", "") for step in job["steps"]]


def test_ci_runs_the_ci_entry_point_on_every_pull_request():
    data, triggers = _load("ci.yml")
    assert "pull_request" in triggers and "push" in triggers
    [job] = data["jobs"].values()
    assert "bash .ci/run" in _steps(job)
    assert "3.11" in str(job.get("container", "")) or any(
        step.get("with", {}).get("python-version") == "3.11" for step in job["steps"])


def test_deploy_builds_strictly_from_main_and_publishes_site():
    data, triggers = _load("deploy.yml")
    assert triggers["push"]["branches"] == ["main"]
    build = data["jobs"]["build"]
    [make] = [step for step in build["steps"] if step.get("run") == "make build"]
    assert make["env"]["KB_REPO_URL"].startswith("${{ github.")
    assert "steps.pages.outputs.base_url" in make["env"]["KB_SITE_URL"]
    uses = [step.get("uses", "") for job in data["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_make_build_is_strict():
    assert "mkdocs build --strict" in (ROOT / "Makefile").read_text("utf-8")


def test_pull_request_template_has_a_german_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    assert text.count("- [ ]") >= 5
    assert "make translations" in text and "make new" in text
