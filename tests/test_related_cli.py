"""The related command line as a tool: `make related` output, --help, progress on stderr, relative keys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HOOKS, ROOT

ENV = {**os.environ, "PYTHONPATH": str(HOOKS)}


@pytest.fixture()
def folder(tmp_path) -> Path:
    """Three Markdown files, two about the same thing, one in a subfolder."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("---\ntitle: Versicherungspflicht\n---\nDie Versicherungspflicht.\n", "utf-8")
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: Pflicht\n---\nEine Versicherung ist Pflicht.\n", "utf-8")
    (tmp_path / "c.md").write_text("Kaffee schmeckt.\n", "utf-8")
    return tmp_path


def _cli(*args, cwd=None):
    """Run the command line; the finished process."""
    return subprocess.run([sys.executable, "-m", "kb.related_cli", *map(str, args)],
                          capture_output=True, text=True, env=ENV, cwd=cwd, check=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_related_writes_nothing_but_json_to_stdout(folder):
    venv = Path(sys.executable).parent.parent
    done = subprocess.run(["make", "--no-print-directory", "-o", f"{venv}/bin/.installed", "related",
                           f"VENV={venv}", f"DIR={folder}", "TOP=2"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    data = json.loads(done.stdout)
    assert sorted(data) == ["a.md", "c.md", "sub/b.md"]


def test_help_documents_lang_and_top():
    text = _cli("--help").stdout
    assert "--top K" in text and "--lang" in text and "relative to DIR" in text


def test_progress_goes_to_stderr_and_stdout_stays_json(folder):
    done = _cli(folder)
    assert json.loads(done.stdout)
    assert "related: read 3 files" in done.stderr


def test_quiet_prints_no_progress(folder):
    assert _cli(folder, "--quiet").stderr == ""


def test_keys_are_relative_to_dir_however_it_is_given(folder):
    absolute = json.loads(_cli(folder, "--quiet").stdout)
    relative = json.loads(_cli(folder.name, "--quiet", cwd=folder.parent).stdout)
    assert absolute == relative
    assert [r["path"] for r in absolute["a.md"]] == ["sub/b.md"]


def test_lang_compares_only_that_languages_files(folder):
    (folder / "a.en.md").write_text("---\ntitle: Insurance\n---\nInsurance duty.\n", "utf-8")
    (folder / "d.en.md").write_text("---\ntitle: Duty\n---\nAn insurance duty.\n", "utf-8")
    data = json.loads(_cli(folder, "--lang", "en", "--quiet").stdout)
    assert sorted(data) == ["a.en.md", "d.en.md"]
