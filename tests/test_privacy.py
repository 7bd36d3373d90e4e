"""Privacy: the built site makes the reader's browser ask no host but its own.

A static scan of every HTML, CSS, JavaScript, XML and JSON file of the real
build for anything a browser would load by itself (scripts, stylesheets,
fonts, images, icons, manifests, frames, embeds, CSS ``url()``/``@import``,
``srcset``, JS ``fetch``/``import``), plus headless Chromium on a few pages
watching every request. External links (``<a href="https://…">``) are plain
links a reader may follow, and allowed.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

#: The site's own address (mkdocs.yml ``site_url``); absolute URLs to it are not foreign.
OWN_HOST = urlsplit(os.environ.get("KB_SITE_URL") or "http://127.0.0.1:8000/").netloc

#: <link rel=…> values a browser fetches by itself.
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "prerender", "icon",
                 "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preconnect",
                 "dns-prefetch"}
#: Attributes whose URL a browser loads, per element ("*" = any element).
LOADING_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
                 "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
                 "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
                 "input": ("src",), "image": ("href",), "use": ("href", "xlink:href"),
                 "base": ("href",), "*": ("background",)}

#: Absolute URLs in Material for MkDocs 9.8.1's JavaScript bundle, each loaded
#: only under a condition this site never meets; the named test checks it.
MATERIAL_CONDITIONAL = {
    # Polyfill for browsers without ResizeObserver (none since 2020); residual, documented.
    "https://unpkg.com/resize-observer-polyfill": "old browsers only",
    # Only when a page has a Mermaid diagram: test_no_page_has_a_mermaid_diagram.
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "test_no_page_has_a_mermaid_diagram",
    # Only for a repo link marked data-md-component="source": test_repo_widget_is_inert.
    "https://api.github.com/repos/": "test_repo_widget_is_inert",
    "https://api.github.com/users/": "test_repo_widget_is_inert",
}

# Pagefind 1.5.2 (pagefind.js, pagefind-worker.js of the search bundle) parses result
# URLs with `new URL(`https://example.com${path}`)` as a dummy base and strips it
# again; nothing is fetched from it. Every search browser test runs on the `page`
# fixture, which fails on any request to another host.
PAGEFIND_URL_BASE = ("https://example.com${anchored_url}", "https://example.com${normalized}")


def is_foreign(url: str) -> bool:
    """True if the browser would fetch ``url`` from a host other than the site's own."""
    url = url.strip()
    if url.startswith("//"):
        return urlsplit("http:" + url).netloc != OWN_HOST
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob", "about", "javascript", "mailto", "tel"):
        return False
    return parts.netloc != OWN_HOST


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute (``a.png 1x, b.png 2x``)."""
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def css_references(css: str) -> list[str]:
    """Every URL a stylesheet loads: ``url(…)`` and ``@import "…"``."""
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


class _Collector(html.parser.HTMLParser):
    """Collects every URL an HTML page makes the browser load by itself."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "link" and FETCHING_RELS & set(attrs.get("rel", "").lower().split()):
            self.urls.append(attrs.get("href", ""))
        for name in LOADING_ATTRS.get(tag, ()) + LOADING_ATTRS["*"]:
            if name in attrs:
                self.urls.extend(srcset_urls(attrs[name]) if name == "srcset" else [attrs[name]])
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.urls.append(attrs.get("content", "").partition("url=")[2])
        if "style" in attrs:
            self.urls.extend(css_references(attrs["style"]))
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.urls.extend(css_references(data))


def html_references(text: str) -> list[str]:
    """Every URL an HTML page loads by itself (not plain ``<a href>`` links)."""
    collector = _Collector()
    collector.feed(text)
    return collector.urls


_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.S)
_JS_ABSOLUTE = re.compile(r"""["'`]((?:https?:)?//[a-z0-9][a-z0-9.-]*\.[a-z]{2,}[^"'`\s]*)""", re.I)
_JS_REQUEST = re.compile(r"""(?:fetch|import|importScripts|Worker|EventSource|WebSocket|sendBeacon)\s*\(\s*["'`]((?:https?:|wss?:)?//[^"'`]+)""")


def js_references(js: str) -> list[str]:
    """Absolute URLs in a script's string literals (comments dropped) and its requests."""
    code = _JS_COMMENT.sub("", js)
    return [m.group(1) for m in _JS_ABSOLUTE.finditer(code)] + [m.group(1) for m in _JS_REQUEST.finditer(code)]


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def _foreign(pairs) -> list[str]:
    return sorted({f"{path}: {url}" for path, urls in pairs for url in urls if is_foreign(url)})


# --- the scanner finds what it must (so an empty result means something) ---

def test_scanner_finds_html_loads_but_not_links():
    page = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
            '<script src="//cdn.example/x.js"></script><img srcset="a.png 1x, https://i.example/b.png 2x">'
            '<iframe src="https://www.youtube.com/embed/x"></iframe><div style="background:url(https://x.example/a.png)">'
            '<style>@import "https://y.example/a.css";</style><a href="https://example.org/">Link</a>'
            '<link rel="alternate" href="https://example.org/feed">')
    found = [u for u in html_references(page) if is_foreign(u)]
    assert found == ["https://fonts.googleapis.com/css", "//cdn.example/x.js", "https://i.example/b.png",
                     "https://www.youtube.com/embed/x", "https://x.example/a.png", "https://y.example/a.css"]


def test_scanner_finds_css_and_js_loads():
    assert css_references("a{background:url('https://x.example/a.png')} @import 'https://y.example/b.css';") == [
        "https://x.example/a.png", "https://y.example/b.css"]
    assert "https://x.example/m.js" in js_references('import("https://x.example/m.js")')
    assert "https://x.example/api" in js_references('fetch("https://x.example/api")')
    assert js_references("/* see https://x.example/licence */ let a = 1; // https://y.example") == []


def test_relative_and_own_urls_are_not_foreign():
    assert not is_foreign("../assets/a.css")
    assert not is_foreign("data:image/png;base64,AAAA")
    assert not is_foreign(f"http://{OWN_HOST}/sitemap.xml")
    assert is_foreign("https://fonts.gstatic.com/x.woff2")


# --- the real build ---

def test_html_loads_nothing_from_other_hosts(built_site):
    pairs = [(p.relative_to(built_site), html_references(p.read_text("utf-8"))) for p in _files(built_site, ".html")]
    assert sum(len(urls) for _, urls in pairs) > 0, "scanner saw no loaded URL at all"
    assert _foreign(pairs) == []


def test_css_loads_nothing_from_other_hosts(built_site):
    files = _files(built_site, ".css")
    assert files
    assert _foreign((p.relative_to(built_site), css_references(p.read_text("utf-8"))) for p in files) == []


#: The markup search/dialog.js (hooks/search.py) puts into the page, as a JSON string.
_INNER_HTML = re.compile(r'\.innerHTML = ("(?:[^"\\]|\\.)*");')


def script_references(js: str) -> list[str]:
    """What a script loads: :func:`js_references` of its code, and :func:`html_references`
    of markup it inserts (``x.innerHTML = "…"``: an SVG's ``xmlns`` there is a name, not a load)."""
    markup = [json.loads(m.group(1)) for m in _INNER_HTML.finditer(js)]
    return js_references(_INNER_HTML.sub(".innerHTML = '';", js)) + [
        url for html in markup for url in html_references(html)]


def test_scanner_finds_loads_in_markup_a_script_inserts():
    js = 'box.innerHTML = "<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg><img src=\\"https://x.example/a.png\\">";'
    assert script_references(js) == ["https://x.example/a.png"]


def test_js_references_no_other_host_except_material_conditionals(built_site):
    files = _files(built_site, ".js", ".mjs")
    assert files
    found = _foreign((p.relative_to(built_site), script_references(p.read_text("utf-8", errors="replace")))
                     for p in files)
    unexplained = [f for f in found if not any(url in f for url in MATERIAL_CONDITIONAL)
                   and not ("pagefind/" in f.split(": ")[0] and f.endswith(PAGEFIND_URL_BASE))]
    assert unexplained == []


def test_xml_has_no_foreign_stylesheet(built_site):
    pi = re.compile(r"<\?xml-stylesheet[^>]*href=[\"']([^\"']+)")
    pairs = [(p.relative_to(built_site), pi.findall(p.read_text("utf-8"))) for p in _files(built_site, ".xml")]
    assert _foreign(pairs) == []


def test_json_manifests_load_nothing_from_other_hosts(built_site):
    def urls(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("src", "icons", "start_url", "scope") and isinstance(value, str):
                    yield value
                yield from urls(value)
        elif isinstance(node, list):
            for item in node:
                yield from urls(item)

    files = [p for p in _files(built_site, ".json", ".webmanifest")]
    pairs = [(p.relative_to(built_site), list(urls(json.loads(p.read_text("utf-8"))))) for p in files]
    assert _foreign(pairs) == []


def test_no_page_has_a_mermaid_diagram(built_site):
    """Material would load Mermaid from unpkg.com for one."""
    assert not [p for p in _files(built_site, ".html") if 'class="mermaid"' in p.read_text("utf-8")]


def test_repo_widget_is_inert(built_site):
    """Material asks api.github.com about a repo link marked data-md-component="source"."""
    assert not [p for p in _files(built_site, ".html") if 'data-md-component="source"' in p.read_text("utf-8")]


def test_fonts_are_the_systems(built_site):
    """theme.font is false: no web font is referenced at all."""
    css = "".join(p.read_text("utf-8") for p in _files(built_site, ".css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
    assert not _files(built_site, ".woff", ".woff2", ".ttf")


# --- in the browser ---

BROWSER_PAGES = ["", "en/", "ueber/", "glossar/", "archiv/"]


@pytest.mark.browser
@pytest.mark.parametrize("rel", BROWSER_PAGES)
def test_browser_requests_only_the_site_itself(page, site_url, rel):
    """The `page` fixture fails the test on any request that left 127.0.0.1."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(f"{site_url}/{rel}", wait_until="networkidle")
    assert any(url.endswith(".css") for url in seen), "the page loaded no stylesheet at all"


@pytest.mark.browser
def test_browser_article_requests_only_the_site_itself(page, site_url, built_site):
    """An article page, opened in both languages, with the search opened too."""
    articles = sorted(p.parent.name for p in (built_site / "artikel").glob("*/index.html"))
    assert articles
    for rel in (f"artikel/{articles[0]}/", f"en/artikel/{articles[0]}/"):
        page.goto(f"{site_url}/{rel}", wait_until="networkidle")
        page.keyboard.press("/")
        page.wait_for_timeout(300)


@pytest.mark.browser
def test_repository_link_asks_github_nothing(page, tmp_path):
    """With KB_REPO_URL set (as on GitHub Pages), the header's repo link stays a plain link."""
    from conftest import make_project, run_build, serve_dir

    project = make_project(tmp_path)
    site = tmp_path / "site"
    result = run_build(project, site, env={"KB_REPO_URL": "https://github.com/example/wissensbasis"})
    assert result.returncode == 0, result.stderr
    server, url = serve_dir(site)
    try:
        page.goto(f"{url}/ueber/", wait_until="networkidle")
        assert page.locator('a.md-source[href="https://github.com/example/wissensbasis"]').count() >= 1
    finally:
        server.shutdown()
