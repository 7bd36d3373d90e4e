"""Integration: the live preview and failed builds.

``mkdocs serve`` rebuilds in one process: it loads the config afresh and
calls ``mkdocs.commands.build.build`` again. The scripts below do exactly
that in a fresh Python process, so module state left by one build (static-i18n's
replaced ``clean_directory``, MkDocs' duplicate filter) is seen by the next.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, make_project

FAIL_EN_HOOK = '''"""Test hook: stop the English pass while the file fail-en exists."""
import os
from mkdocs.exceptions import PluginError


def on_files(files, config):
    """Raise in the English pass of the build."""
    if os.path.exists("fail-en") and config.plugins["i18n"].current_language == "en":
        raise PluginError("fail-en: the English pass stopped on purpose")
    return files
'''

REBUILDS = '''
import logging, os, sys
from mkdocs import utils
from mkdocs.commands import build as build_module
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

# as `mkdocs serve` sets up its logging
build_module.log.addFilter(utils.DuplicateFilter())
errors = []
class Keep(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.ERROR:
            errors.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(Keep())
logging.getLogger("mkdocs").setLevel(logging.INFO)

def rebuild():
    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    try:
        build_module.build(config)
    except Abort:
        pass
    return config

for step in sys.argv[2:]:
    if step.startswith("rm:"):
        os.remove(step[3:])
    else:
        rebuild()
        print("BUILD", repr(errors[-1] if errors else ""))
        errors.clear()
'''


def article(title: str, **fields) -> str:
    """A valid article with ``fields`` added."""
    meta = {"title": title, "description": "D.", "topic": "Autohandel", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n\nText.\n"


def rebuilds(project: Path, site: Path, *steps: str) -> list[str]:
    """Run the builds and file removals ``steps`` in one process; the error each build logged last."""
    result = subprocess.run([sys.executable, "-c", REBUILDS, str(site), *steps], cwd=project,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert "Traceback" not in result.stderr, result.stderr
    return [line[6:] for line in result.stdout.splitlines() if line.startswith("BUILD ")]


def test_a_rebuild_cleans_the_site_again_after_an_english_pass_error(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "  - hooks/incremental.py\n", "  - hooks/incremental.py\n  - hooks/fail_en.py\n")
    project = make_project(tmp_path, {"artikel/weg.md": article("Weg"), "artikel/bleibt.md": article("Bleibt")},
                           config_text=config)
    (project / "hooks" / "fail_en.py").write_text(FAIL_EN_HOOK, "utf-8")
    (project / "fail-en").write_text("", "utf-8")
    site = tmp_path / "site"
    logged = rebuilds(project, site, "build", "rm:fail-en", "rm:docs/artikel/weg.md", "build")
    assert "English pass stopped on purpose" in logged[0]
    assert logged[1] == "''"
    assert (site / "artikel" / "bleibt" / "index.html").is_file()
    assert not (site / "artikel" / "weg").exists()  # the deleted page is gone from the preview


def test_every_rebuild_names_the_file_and_field_again(tmp_path):
    project = make_project(tmp_path, {"artikel/datum.md": article("Datum", date="2012-02-31")})
    logged = rebuilds(project, tmp_path / "site", "build", "build", "build")
    assert len(logged) == 3
    for message in logged:
        assert "docs/artikel/datum.md:5: field 'date'" in message


def make(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run this repository's Makefile in ``project`` with the ready venv (not set up again)."""
    venv = ROOT / ".venv"
    return subprocess.run(["make", "-f", str(ROOT / "Makefile"), f"VENV={venv}", "-o", f"{venv}/bin/.installed",
                           *args], cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def test_make_build_keeps_the_previous_site_when_a_build_fails(tmp_path):
    project = make_project(tmp_path, {"artikel/gut.md": article("Gut")})
    env = {"KB_SITE_URL": "https://example.org/"}
    first = make(project, "build", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    page = project / "site" / "artikel" / "gut" / "index.html"
    assert "https://example.org/artikel/gut/" in page.read_text("utf-8")
    (project / "docs" / "artikel" / "gut.md").write_text(article("Gut", date="2012-02-31"), "utf-8")
    second = make(project, "build", env=env)
    assert second.returncode != 0 and "field 'date'" in second.stderr
    assert page.is_file()  # the published site is untouched
    assert not (project / "site.old").exists()


def test_make_build_needs_the_public_address(tmp_path):
    project = make_project(tmp_path, {"artikel/gut.md": article("Gut")})
    result = make(project, "build", env={"KB_SITE_URL": ""})
    assert result.returncode != 0 and "set KB_SITE_URL" in result.stderr
    assert not (project / "site").exists()


def test_the_strict_builds_of_audit_and_screenshots_fail_on_a_warning(tmp_path):
    """``--quiet`` hides warnings from the count ``--strict`` fails on; no strict build may use it."""
    commands = [line for line in (ROOT / "Makefile").read_text("utf-8").splitlines() if "mkdocs build" in line]
    commands.append((ROOT / "scripts" / "screenshots.py").read_text("utf-8"))
    assert all("--strict" in c and "--quiet" not in c and " -q" not in c for c in commands if "--strict" in c)
    project = make_project(tmp_path, {"artikel/zukunft.md": article("Zukunft", date="2099-01-01")})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(tmp_path / "site")], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0 and "lies in the future" in result.stderr
