"""Integration: a real ``mkdocs serve --dirty`` (``make serve``) shows each kind of edit everywhere.

One server for the module on a copy of the real site; each test edits its
own article, so the tests do not depend on each other's order.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import free_port, make_project, stop_serve

#: Seconds a change may take to show (a rebuild of the small real site takes a few).
DEADLINE = 120


def _get(url: str) -> tuple[int, str]:
    """HTTP status and body of ``url`` ((0, "") when nothing answers yet)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return 0, ""


def _wait_for(check, what: str):
    """Poll ``check()`` until it returns something true; fail after :data:`DEADLINE` seconds."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"not shown within {DEADLINE} s: {what}")


def _related(html: str) -> str:
    """The "Verwandte Beiträge" block of a page ("" if it has none)."""
    match = re.search(r'<aside class="kb-related".*?</aside>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``(project, base URL)`` of ``mkdocs serve --dirty`` on a copy of the real site."""
    tmp = tmp_path_factory.mktemp("serve")
    project = make_project(tmp, keep_docs=True)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _get(base + "/")[0] == 200, "the first build")
        yield project, base
    finally:
        stop_serve(proc)


def _edit_title(path, suffix: str) -> str:
    """Append ``suffix`` to the page's ``title:``; return the new title."""
    text = path.read_text("utf-8")
    old = re.search(r"^title: (.*)$", text, re.M).group(1)
    path.write_text(text.replace(f"title: {old}", f"title: {old}{suffix}", 1), "utf-8")
    return old + suffix


def test_a_body_edit_shows_on_the_page(served):
    """A paragraph added to an article is on its page after the rebuild."""
    project, base = served
    path = project / "docs" / "artikel" / "marketing-vs-social-media.md"
    path.write_text(path.read_text("utf-8") + "\n\nEin Satz, den die Vorschau zeigen muss.\n", "utf-8")
    _wait_for(lambda: "Ein Satz, den die Vorschau zeigen muss." in _get(base + "/artikel/marketing-vs-social-media/")[1],
              "the new paragraph")


def test_a_title_edit_shows_in_listings_and_related_blocks(served):
    """A changed title shows on the page, in its topic's listing and in the related blocks that list it."""
    project, base = served
    url = "/artikel/social-media-fuer-autohaeuser/"
    others = ["/artikel/marketing-vs-social-media/", "/artikel/social-media-in-der-b2b-kommunikation/",
              "/artikel/bmw-interview-ankuendigung/", "/artikel/bmw-interview-teil-1/"]
    listing = [o for o in others if url.split("/")[-2] in _related(_get(base + o)[1])]
    assert listing, "some article lists it among its related articles"
    title = _edit_title(project / "docs" / "artikel" / "social-media-fuer-autohaeuser.md", " – überarbeitet")
    _wait_for(lambda: f"{title}</h1>" in _get(base + url)[1], "the new title on the page")
    assert title in _get(base + "/themen/autohandel/")[1]
    for other in listing:
        assert title in _related(_get(base + other)[1]), other


def test_a_new_article_is_served_and_listed(served):
    """A new article has its page and is listed on its topic's page."""
    project, base = served
    folder = project / "docs" / "artikel"
    shutil.copyfile(folder / "social-media-in-der-b2b-kommunikation.md", folder / "neu-in-der-vorschau.md")
    title = _edit_title(folder / "neu-in-der-vorschau.md", " (neu in der Vorschau)")
    _wait_for(lambda: _get(base + "/artikel/neu-in-der-vorschau/")[0] == 200, "the new page")
    assert title in _get(base + "/themen/b2b-kommunikation/")[1]


def test_a_deleted_article_answers_404_and_leaves_the_listing(served):
    """An article deleted after it was served answers 404 and is gone from its topic's page."""
    project, base = served
    folder = project / "docs" / "artikel"
    page = folder / "kurzlebig.md"
    shutil.copyfile(folder / "social-media-fuer-autohaeuser.md", page)
    title = _edit_title(page, " (kurzlebig)")
    _wait_for(lambda: title in _get(base + "/themen/autohandel/")[1], "the short-lived article")
    page.unlink()
    _wait_for(lambda: _get(base + "/artikel/kurzlebig/")[0] == 404, "the 404")
    assert title not in _get(base + "/themen/autohandel/")[1]
