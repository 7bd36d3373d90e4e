"""Unit tests of kb.docs_checks: links leading out of the repository, what a build reports, the cache view."""

from __future__ import annotations

import logging
import os
import types

from kb import docs_checks


def test_a_link_out_of_the_repository_is_named(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "geheim.md"
    (repo / "docs").mkdir(parents=True)
    outside.write_text("x", "utf-8")
    os.symlink(outside, repo / "docs" / "a.md")
    found = docs_checks.links_outside(str(repo / "docs"), str(repo))
    assert len(found) == 1 and found[0].startswith("  docs/a.md: is a link to ")


def test_a_link_inside_the_repository_is_followed_and_accepted(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "shared").mkdir()
    os.symlink(repo / "shared", repo / "docs" / "shared")
    os.symlink(tmp_path, repo / "shared" / "raus")  # reached through the linked folder
    assert [m.split(":")[0] for m in docs_checks.links_outside(str(repo / "docs"), str(repo))] == \
        ["  docs/shared/raus"]


class _Problem:
    """A stand-in for kb.catalog's problem: path, severity, text."""

    def __init__(self, path, severity):
        """A problem of ``path``."""
        self.path, self.severity = path, severity

    def __str__(self):
        """As kb.catalog prints it."""
        return f"{self.path}: {self.severity}"


def test_a_build_reports_its_own_languages_warnings_and_notices():
    problems = [_Problem("a.md", "warning"), _Problem("a.en.md", "warning"), _Problem("b.md", "notice"),
                _Problem("c.md", "error")]
    assert docs_checks.to_report(problems, "de", every_lang=False) == [
        (logging.WARNING, "docs/a.md: warning"), (docs_checks.NOTICE, "docs/b.md: notice")]


def test_a_build_stopping_on_errors_reports_every_language():
    assert [m for _, m in docs_checks.to_report([_Problem("a.en.md", "warning")], "de", every_lang=True)] == \
        ["docs/a.en.md: warning"]


def test_the_cache_view_records_the_entries_a_build_used():
    used: dict = {}
    view = docs_checks.Recording({"alt": 1, "weg": 2}, used)
    assert view.get("alt") == 1 and view.get("neu") is None
    view["neu"] = 3
    assert used == {"alt": 1, "neu": 3}
