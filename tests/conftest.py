"""Shared fixtures: the pure cores on sys.path, site builds into temp dirs, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def run_build(project: Path, site_dir: Path, *, strict: bool = True, tool: str = "mkdocs",
              env: dict | None = None) -> subprocess.CompletedProcess:
    """Build ``project`` into ``site_dir`` in a fresh process; return the finished process."""
    args = [sys.executable, "-m", tool, "build", "--site-dir", str(site_dir)]
    if strict:
        args.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=full_env)


def make_project(tmp: Path, pages: dict[str, str | bytes] | None = None, *,
                 keep_docs: bool = False, config_text: str | None = None,
                 stamp_translations: bool = True) -> Path:
    """A copy of this project in ``tmp``: its config, hooks and overrides, and ``pages``.

    ``pages`` maps paths below docs/ to file contents. Without ``keep_docs`` the
    real articles are left out, so a test controls exactly which pages exist;
    the editorial pages the nav names are kept, but an editorial page whose text
    links to a real article keeps only its front matter (see ``_stub_article_links``).
    With ``stamp_translations`` an English article in ``pages`` without
    ``translation_of`` gets the current one (as ``make translations`` would), so
    a strict build does not warn about it; tests of that warning pass False.
    """
    project = tmp / "project"
    project.mkdir()
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "mkdocs.yml").write_text(config_text or (ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    if keep_docs:
        shutil.copytree(ROOT / "docs", project / "docs")
    else:
        shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("artikel"))
        (project / "docs" / "artikel").mkdir()
        _stub_article_links(project / "docs")
    for rel, content in (pages or {}).items():
        path = project / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    if stamp_translations:
        _stamp_translations(project / "docs", [rel for rel, c in (pages or {}).items() if isinstance(c, str)])
    return project


def _stamp_translations(docs: Path, rels: list[str]) -> None:
    """Record ``translation_of`` in the English articles among ``rels`` that lack it."""
    from kb import catalog, frontmatter, translations

    for rel in rels:
        key, lang = catalog.split_lang(rel)
        original = docs / key
        if lang == catalog.DEFAULT_LANG or not key.startswith(catalog.ARTICLE_DIR) or not original.is_file():
            continue
        path = docs / rel
        text = path.read_text("utf-8")
        if "\ntranslation_of:" in text or not text.startswith("---"):
            continue
        body = frontmatter.split(key, original.read_text("utf-8")).body
        path.write_text(translations.set_translation_of(text, translations.content_hash(body)), "utf-8")


def _stub_article_links(docs: Path) -> None:
    """Cut the body of every page that links to ``artikel/``: the articles are not there.

    The home and about pages link to the real articles; without them a strict
    build would fail on the dead links. Their front matter (title, template)
    stays, so the nav and the home template still work.
    """
    for path in docs.rglob("*.md"):
        text = path.read_text("utf-8")
        if "](artikel/" not in text and "](../artikel/" not in text:
            continue
        head = re.match(r"\A---\n.*?\n---\n", text, re.S)
        path.write_text((head.group(0) if head else "") + "\nStub.\n", "utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with ``--strict``."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def serve_dir(directory: Path):
    """Serve ``directory`` on a free loopback port in a thread; return (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The real site served over HTTP on localhost."""
    server, url = serve_dir(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that fails the test on any request to another host."""
    context = browser.new_context(locale="de-DE")
    pg = context.new_page()
    foreign: list[str] = []

    def check(request):
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            foreign.append(request.url)

    pg.on("request", check)
    yield pg
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def stop_serve(proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Stop ``mkdocs serve`` as Ctrl-C does; kill it when it has not ended after ``timeout``
    seconds. True when it ended by itself."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
