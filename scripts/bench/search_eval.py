"""Search quality and cost on a built site: queries typed into the search box as a reader would.

Usage (a built site, e.g. the MDN corpus imported below ``artikel/mdn/``)::

    python -m scripts.bench.search_eval SITE QUERIES.tsv [--prefix artikel/mdn/] [--no-api] [--json OUT]

``QUERIES.tsv`` has one ``query<TAB>page|page`` per line (``#`` starts a
comment); a page is a path below ``--prefix`` without ``.md``
(``web/api/web_storage_api``), found as the URL ``/<prefix><page>/``. A query
is a hit when one of its pages is among the first three results.

:func:`evaluate` serves ``SITE`` on a loopback port (scripts/bench/browser.py,
bytes counted on the server socket) and, for each query, in a fresh browser
context (empty cache): opens the home page, waits until the network is idle,
opens the search with ``/``, types the query key by key (80 ms apart) and
waits until the box reports the final query done (``data-kb-done``). Per query
it reports:

- ``rank``: 1-based position of the first expected page in the list (None if absent);
- ``kb``: KiB the server sent from the ``/`` key until the results showed;
- ``ms``: from the last keydown to the moment the results of the full query were shown.

With ``api`` (the default) the same query also goes straight to Pagefind's JS
API (``pagefind.search(query)``, no layer of ours) in another fresh context,
without the site's stopwords (the vocabulary manifest's ``stop``: the build
leaves them out of the index, kb.pagefind_bundle, so a query with them would
find nothing):
``api_rank``, ``api_kb`` (KiB for init plus the search and the top ten
results' fragments). The summary: ``hits`` (rank ≤ 3) of ``queries``,
``top1``, ``kb_median``, ``kb_max``, ``ms_median``, and the same for the API.
The last line printed by the CLI is::

    search-eval: queries=N hits=… top1=… kb_median=… kb_max=… ms_median=… api_hits=… api_kb_median=…
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from scripts.bench import browser

TOP = 3
TYPE_DELAY_MS = 80
#: The results the UI shows (our listbox).
RESULT_LINKS = "#kb-search-list a[href]"

_WATCH_JS = """
() => {
  const box = document.querySelector('[data-kb-search]');
  const input = document.getElementById('kb-search-input');
  if (!box || !input) return false;
  const b = window.__eval = {last: 0, done: null};
  document.addEventListener('keydown', () => { b.last = performance.now(); b.done = null; }, true);
  new MutationObserver(() => {
    if (box.getAttribute('data-kb-done') === input.value && input.value) b.done = performance.now();
  }).observe(box, {attributes: true, attributeFilter: ['data-kb-done']});
  return true;
}
"""

_API_JS = """
async ([root, query]) => {
  const t0 = performance.now();
  const pf = await import(new URL('pagefind/pagefind.js', root).href);
  await pf.options({excerptLength: 30});
  await pf.init();
  const res = await pf.search(query);
  const top = await Promise.all(res.results.slice(0, 10).map(r => r.data()));
  return {urls: top.map(d => d.url), ms: performance.now() - t0};
}
"""


@dataclasses.dataclass
class Row:
    """One query's outcome, through the UI and straight through Pagefind."""

    query: str
    expected: list[str]
    rank: int | None = None
    kb: float | None = None
    ms: float | None = None
    top: list[str] = dataclasses.field(default_factory=list)
    api_rank: int | None = None
    api_kb: float | None = None
    api_top: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None


def read_queries(path: Path) -> list[tuple[str, list[str]]]:
    """``(query, [page, …])`` for every line of a ``query<TAB>page|page`` file."""
    rows = []
    for line in Path(path).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, pages = line.split("\t", 1)
        rows.append((query.strip(), [p.strip() for p in pages.split("|") if p.strip()]))
    return rows


def page_key(url: str) -> str:
    """A result URL reduced to the path that names its page: no host, query or slashes at the ends;
    dots become hyphens (an import cannot keep ``asm.js`` as a folder name)."""
    return urlsplit(url).path.strip("/").replace(".", "-").lower()


def rank_of(urls: list[str], expected: list[str], prefix: str = "") -> int | None:
    """1-based position of the first of ``urls`` that is one of the ``expected`` pages, or None."""
    wanted = {page_key(prefix.strip("/") + "/" + page if prefix.strip("/") else page) for page in expected}
    for position, url in enumerate(urls, 1):
        if page_key(url) in wanted:
            return position
    return None


def _sent(log: list, since: float, until: float | None = None) -> float:
    """KiB the server sent for requests logged in ``[since, until]``."""
    return sum(size for when, _, size in log if when >= since and (until is None or when <= until)) / 1024


def ui_query(pw_browser, base: str, log: list, query: str, limit_ms: int = 20000) -> tuple[list[str], float, float | None]:
    """Type ``query`` into the search box of a fresh home page: (result URLs, KiB, ms after the last key)."""
    context = pw_browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(base + "/", wait_until="load", timeout=60000)
        page.wait_for_load_state("networkidle", timeout=30000)
        page.wait_for_function("window.kbSearch !== undefined")
        log.clear()
        mark = time.monotonic()
        page.keyboard.press("/")
        if not page.evaluate(_WATCH_JS):
            raise RuntimeError("no search box ([data-kb-search]) on the home page")
        page.keyboard.type(query, delay=TYPE_DELAY_MS)
        page.wait_for_function("() => window.__eval.done !== null", timeout=limit_ms)
        data = page.evaluate("() => window.__eval")
        urls = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
        return urls, _sent(log, mark), data["done"] - data["last"]
    finally:
        context.close()


def api_query(pw_browser, base: str, log: list, query: str) -> tuple[list[str], float]:
    """``query`` straight through Pagefind's JS API in a fresh context: (top ten URLs, KiB)."""
    context = pw_browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(base + "/", wait_until="load", timeout=60000)
        page.wait_for_load_state("networkidle", timeout=30000)
        log.clear()
        mark = time.monotonic()
        out = page.evaluate(_API_JS, [base + "/", query])
        return out["urls"], _sent(log, mark)
    finally:
        context.close()


def site_stopwords(site: Path) -> set[str]:
    """The stopwords the site's search box leaves out (folded), from its vocabulary manifest."""
    manifest = Path(site) / "search" / "vocab" / "manifest.json"
    return set(json.loads(manifest.read_text("utf-8")).get("stop", [])) if manifest.is_file() else set()


def without_stopwords(query: str, stop: set[str]) -> str:
    """``query`` without the words whose folded form is one of ``stop``."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))
    from kb import german

    return " ".join(w for w in query.split() if german.fold(w.strip(".,;:!?\"'„“")) not in stop)


def _median(values) -> float | None:
    """Median of the values that are not None (None if there are none)."""
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def summary(rows: list[Row]) -> dict:
    """Hits in the top three, medians and maxima over ``rows``."""
    kbs = [r.kb for r in rows if r.kb is not None]
    return {
        "queries": len(rows),
        "hits": sum(1 for r in rows if r.rank is not None and r.rank <= TOP),
        "top1": sum(1 for r in rows if r.rank == 1),
        "kb_median": _median(kbs),
        "kb_max": round(max(kbs), 1) if kbs else None,
        "ms_median": _median(r.ms for r in rows),
        "api_hits": sum(1 for r in rows if r.api_rank is not None and r.api_rank <= TOP),
        "api_top1": sum(1 for r in rows if r.api_rank == 1),
        "api_kb_median": _median(r.api_kb for r in rows),
    }


def evaluate(site: Path, queries: Path, prefix: str = "", api: bool = True, chromium=None) -> dict:
    """Run every query of ``queries`` on the built ``site``; return ``{"summary": …, "rows": […]}``.

    ``prefix`` is the folder of the site (below its root) the TSV's pages
    live in, e.g. ``artikel/mdn/``. One warm-up query (not counted) comes first.
    ``chromium`` is a Playwright browser to use (a test's own; one process can
    run only one Playwright sync API at a time); without it one is launched.
    """
    if chromium is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS,
                                     headless=True)
            try:
                return evaluate(site, queries, prefix, api, own)
            finally:
                own.close()
    wanted = read_queries(queries)
    stop = site_stopwords(Path(site))
    server, base, log = browser.serve(Path(site))
    rows: list[Row] = []
    try:
        try:
            ui_query(chromium, base, log, wanted[0][0])  # warm-up: the server's and the OS' caches
        except Exception:  # noqa: BLE001 - the counted run reports it
            pass
        for query, pages in wanted:
            row = Row(query, pages)
            try:
                row.top, row.kb, row.ms = ui_query(chromium, base, log, query)
                row.rank = rank_of(row.top, pages, prefix)
                if api:
                    row.api_top, row.api_kb = api_query(chromium, base, log, without_stopwords(query, stop))
                    row.api_rank = rank_of(row.api_top, pages, prefix)
            except Exception as err:  # noqa: BLE001 - a timeout is a result, not a crash
                row.error = f"{type(err).__name__}: {err}"[:300]
            rows.append(row)
    finally:
        server.shutdown()
    return {"summary": summary(rows), "rows": [dataclasses.asdict(r) for r in rows]}


def main(argv: list[str] | None = None) -> int:
    """CLI: a table per query, then the one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--prefix", default="", help="folder of the TSV's pages in the site, e.g. artikel/mdn/")
    parser.add_argument("--no-api", action="store_true", help="skip the comparison with Pagefind's JS API")
    parser.add_argument("--json", type=Path, help="also write the full result here")
    args = parser.parse_args(argv)
    result = evaluate(args.site, args.queries, args.prefix, api=not args.no_api)
    for row in result["rows"]:
        print(f"{row['query'][:34]:34} rank={row['rank']!s:4} api_rank={row['api_rank']!s:4} "
              f"kb={row['kb'] if row['kb'] is None else round(row['kb'])!s:5} "
              f"ms={row['ms'] if row['ms'] is None else round(row['ms'])!s:5}"
              + (f" {row['error']}" if row["error"] else ""))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    print("search-eval: " + " ".join(f"{k}={v}" for k, v in result["summary"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
