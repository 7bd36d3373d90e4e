"""Integration: under ``mkdocs serve`` the index and vocabulary are written into the served site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import free_port, make_project, stop_serve

PAGE = """---
title: Kurznachrichten
description: Twitter im Autohaus.
topic: Autohandel
tags: [Twitter]
---

Twitter eignet sich für schnelle Hinweise.
"""


def _get(url: str) -> int:
    """HTTP status of ``url`` (0 when nothing answers yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


def test_serve_writes_the_index_into_the_served_site(tmp_path):
    """Also: stopped with Ctrl+C (SIGINT) as a user stops it, serve leaves no ``mkdocs_*``
    build folder behind in the temp directory (SIGTERM would leave 4 MB per run)."""
    project = make_project(tmp_path, {"artikel/kurz.md": PAGE})
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while _get(base + "/") != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _get(base + "/pagefind/pagefind-entry.json") == 200
        assert _get(base + "/en/pagefind/pagefind-entry.json") == 200
        assert _get(base + "/search/vocab/manifest.json") == 200
        assert _get(base + "/search/records.jsonl") == 200
        assert list(temp.glob("mkdocs_*")), "serve builds into a mkdocs_* folder of TMPDIR"
    finally:
        assert stop_serve(proc), "mkdocs serve did not stop on Ctrl-C"
    assert not list(temp.glob("mkdocs_*"))
