"""The first search query on a built site, in headless Chromium.

For each query: a fresh browser context (empty cache), an article page opened
and left until the network is idle, the search opened with ``/`` (Material's
shortcut, kept by our search), the query typed key by key (80 ms apart), then
left until the results and the network are still.

- ``kb``: bytes the server sent for the search (every request after the page
  was idle, plus search files fetched during page load: Material's index and
  worker, Pagefind's files), counted on the server socket, so web-worker
  requests count too. Uncompressed (the test server does not gzip; Pagefind's
  index chunks are gzipped files already).
- ``ms``: from the last keydown to the last change of the results list (its
  DOM subtree, via a MutationObserver; performance.now() in the page) before
  it stays still for a second: the time until the list shows the complete
  results of the final query. If the list did not change after the last key
  (the prefix already showed the final results), 0.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import re
import statistics
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update"]
#: German queries from the corpus vocabulary: compounds, umlauts, brands.
QUERIES = ["Kundenbindung", "Probefahrt", "Versicherungspflicht", "Reputation", "Fachmesse",
           "Sonderfinanzierung", "Blogger", "Twitter", "Händler"]
SEARCH_FILES = re.compile(r"/pagefind/|search_index\.json|/workers/search")
#: Result links: ours (ARIA listbox), Pagefind's default UI, Material's built-in search.
RESULT_LINK = ('[role="listbox"] [role="option"] a[href], [role="listbox"] a[role="option"][href], '
               '[role="option"][href], .pagefind-ui__result-link, .md-search-result__link')
TYPE_DELAY_MS = 80

#: The results list: ours (ARIA listbox) and Material's built-in search.
RESULT_LIST = '[role="listbox"], .md-search-result__list'

_OBSERVER_JS = """
([listSel]) => {
  const b = window.__bench = {last: 0, changes: []};
  document.addEventListener('keydown', () => { b.last = performance.now(); }, true);
  const list = document.querySelector(listSel);
  if (!list) return false;
  new MutationObserver(() => { b.changes.push(performance.now()); })
    .observe(list, {childList: true, subtree: true, characterData: true});
  return true;
}
"""


class _Counter:
    """A write-through file wrapper counting the bytes sent."""

    def __init__(self, raw):
        """Wrap ``raw``."""
        self.raw, self.count = raw, 0

    def write(self, data):
        """Write and count."""
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; every request logged as (time, path, bytes sent)."""

    sent: list = []

    def setup(self):
        """Count what is written to the socket."""
        super().setup()
        self.wfile = _Counter(self.wfile)

    def handle_one_request(self):
        """Serve one request and log its size."""
        before = self.wfile.count
        super().handle_one_request()
        if getattr(self, "path", None):
            self.sent.append((time.monotonic(), self.path, self.wfile.count - before))

    def log_message(self, *args):
        """Quiet."""



class _QuietServer(http.server.ThreadingHTTPServer):
    """A server that does not print the browser's aborted requests (broken pipes)."""

    def handle_error(self, request, client_address):
        """Ignore: the browser closed the connection (a cancelled fetch)."""


@dataclasses.dataclass
class QueryResult:
    """One first query on a fresh page."""

    query: str
    kb: float
    ms: float | None
    results: int
    top: str | None
    first_ms: float | None = None  #: to the first change of the list after the last key


def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; return (server, base URL, request log)."""
    log: list = []
    handler = functools.partial(type("H", (_Handler,), {"sent": log}), directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", log


def first_query(browser, base: str, log: list, path: str, query: str) -> QueryResult:
    """Open ``path`` in a fresh context, type ``query`` into the search, measure it."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(base + path, wait_until="load", timeout=60000)
        try:  # Material's search worker may still be fetching a huge index: go on after 30 s
            page.wait_for_load_state("networkidle", timeout=30000)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError
            pass
        page.wait_for_timeout(300)
        mark = time.monotonic()
        page.keyboard.press("/")
        page.wait_for_timeout(200)
        if not page.evaluate(_OBSERVER_JS, [RESULT_LIST]):
            raise RuntimeError(f"no search results list ({RESULT_LIST}) on {path}")
        page.keyboard.type(query, delay=TYPE_DELAY_MS)
        _settle(page)
        data = page.evaluate("() => window.__bench")
        final = page.evaluate(f"() => {{ const a = document.querySelector({RESULT_LINK!r});"
                              " return a ? a.href : null; }")
        count = page.evaluate(f"() => document.querySelectorAll({RESULT_LINK!r}).length")
    finally:
        context.close()
    sent = sum(size for t, p, size in log if t >= mark or SEARCH_FILES.search(p))
    after = [when for when in data["changes"] if when >= data["last"]]
    ms = (after[-1] - data["last"]) if after else 0.0
    first = (after[0] - data["last"]) if after else 0.0
    return QueryResult(query, sent / 1024, ms if count else None, count, final,
                       first if count else None)


def _settle(page, quiet_ms: int = 1000, limit_ms: int = 20000) -> None:
    """Wait until results are shown and the list has not changed for ``quiet_ms``,
    or the search says it found nothing, or ``limit_ms`` passed."""
    waited = 0
    while waited < limit_ms:
        page.wait_for_timeout(250)
        waited += 250
        data = page.evaluate("() => window.__bench")
        last_change = data["changes"][-1] if data["changes"] else data["last"]
        now = page.evaluate("() => performance.now()")
        shown = page.evaluate(f"() => document.querySelectorAll({RESULT_LINK!r}).length")
        if now - max(last_change, data["last"]) >= quiet_ms and (shown or waited >= 5000):
            return


def measure_search(site: Path, article_path: str, queries: list[str] = QUERIES) -> dict:
    """Run every query as a first query; return medians and the per-query rows."""
    from playwright.sync_api import sync_playwright

    server, base, log = serve(site)
    rows: list[QueryResult] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                try:  # warm-up, not counted
                    first_query(browser, base, log, article_path, queries[0])
                except Exception:  # noqa: BLE001 - measured (and reported) below
                    pass
                for query in queries:
                    log.clear()
                    try:
                        rows.append(first_query(browser, base, log, article_path, query))
                    except Exception as err:  # noqa: BLE001 - a timeout is a result, not a crash
                        sent = sum(size for _, _, size in log)
                        rows.append(QueryResult(query, sent / 1024, None, 0, f"error: {err}"[:200]))
            finally:
                browser.close()
    finally:
        server.shutdown()
    times = [r.ms for r in rows if r.ms is not None]
    return {
        "first_query_kb": statistics.median(r.kb for r in rows),
        "max_first_query_kb": max(r.kb for r in rows),
        "ms": statistics.median(times) if times else float("nan"),
        "first_ms": statistics.median(r.first_ms for r in rows if r.first_ms is not None) if times else float("nan"),
        "measured": len(times),
        "rows": [dataclasses.asdict(r) for r in rows],
    }


def main(argv: list[str] | None = None) -> int:
    """Measure an already built site: ``python -m scripts.bench.browser SITE /artikel/x/``."""
    import json
    import sys

    args = argv if argv is not None else sys.argv[1:]
    result = measure_search(Path(args[0]), args[1])
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
