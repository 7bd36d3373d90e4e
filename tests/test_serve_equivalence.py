"""Equivalence: the site ``mkdocs serve`` writes (plain and ``--dirty``, and ProperDocs' serve)
is the site a clean build writes, file by file, after an edit.

Each case starts a real server on a copy of the real site with its own TMPDIR
(MkDocs and ProperDocs serve from a ``mkdtemp`` folder there), edits one article's title,
waits until the server has rebuilt, then builds the edited copy with the same
tool and the server's address as ``site_url`` and compares both folders.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import free_port, make_project, run_build, stop_serve

#: Seconds the first build or a rebuild of the real site may take.
DEADLINE = 240
#: The article whose title each case edits.
ARTICLE = "docs/artikel/marketing-vs-social-media.md"


def _wait_for_line(log: Path, text: str, count: int) -> None:
    """Wait until ``text`` occurs ``count`` times in ``log``; fail after :data:`DEADLINE` s."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if log.exists() and log.read_text("utf-8", "replace").count(text) >= count:
            return
        time.sleep(0.3)
    pytest.fail(f"{text!r} not seen {count}× within {DEADLINE} s:\n{log.read_text('utf-8', 'replace')[-3000:]}")


def _files(root: Path) -> set[str]:
    """Every file below ``root``, relative to it."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("tool, flags", [("mkdocs", []), ("mkdocs", ["--dirty"]), ("properdocs", ["--dirty"])],
                         ids=["mkdocs-serve", "mkdocs-serve-dirty", "properdocs-serve-dirty"])
def test_the_served_site_equals_a_clean_build_after_an_edit(tmp_path, tool, flags):
    """After a title edit, every file of the served site equals a clean build's, and no file more."""
    project = make_project(tmp_path, keep_docs=True)
    temp, log = tmp_path / "servetmp", tmp_path / "serve.log"
    temp.mkdir()
    port = free_port()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", tool, "serve", *flags, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)})
    try:
        _wait_for_line(log, "Serving on", 1)
        article = project / ARTICLE
        text = article.read_text("utf-8")
        title = re.search(r"^title: (.*)$", text, re.M).group(1)
        article.write_text(text.replace(f"title: {title}", f"title: {title} (bearbeitet)", 1), "utf-8")
        _wait_for_line(log, "Reloading browsers", 1)
        [served] = [p for p in temp.iterdir() if p.name.startswith(f"{tool}_")]
        built = tmp_path / "built"
        result = run_build(project, built, tool=tool, env={"KB_SITE_URL": f"http://127.0.0.1:{port}/"})
        assert result.returncode == 0, result.stderr
        assert "(bearbeitet)" in (served / "artikel/marketing-vs-social-media/index.html").read_text("utf-8")
        assert sorted(_files(served) - _files(built)) == [], "served but not built"
        assert sorted(_files(built) - _files(served)) == [], "built but not served"
        differing = [name for name in sorted(_files(built))
                     if not filecmp.cmp(served / name, built / name, shallow=False)]
        assert differing == []
    finally:
        stop_serve(proc)
