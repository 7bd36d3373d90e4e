"""``make bench ARTICLES=N``: build a generated corpus as plain Material and as ours.

One run: generate the corpus (scripts/bench/corpus.py), ``--warmup`` (1)
untimed builds of each variant, then ``--rounds`` rounds that build plain Material and ours
alternately (the order flips every round), each a fresh ``mkdocs build
--strict`` process. Then the first search query in headless Chromium on both
built sites. Prints a table and, as its last line, exactly::

    bench: articles=N build_s=… plain_build_s=… overhead=… related_s=… search_index_s=… \
peak_rss_mb=… site_mb=… per_article_kb=… search_first_query_kb=… search_ms=…

On the generated corpus the line ends with ``serve_edit_body_s= serve_edit_title_s=
serve_edit_new_s= serve_edit_delete_s=`` and the same with ``plain_`` (plain
Material): the preview's edit → visible seconds under ``mkdocs serve``, median
of ``--serve-repeats`` (scripts/bench/serve_edit.py; ``--serve-repeats 0`` skips them).

Figures: build_s / plain_build_s are medians over the rounds; overhead their
ratio; related_s / search_index_s the median over the rounds of the wall time
spent inside every event of hooks/related.py / hooks/search.py (both
languages; timed by the bench's wrapper, scripts/bench/timing_hook.py: neither
hook reports a total of its own; see :func:`hook_seconds`); peak_rss_mb the
largest single process of any of our builds (Pagefind included); site_mb the
size of our built site (MiB); per_article_kb the median size of an article's
index.html (KiB, both languages); search_* from scripts/bench/browser.py.
Everything, including each query and each round, is also written to
``bench-out/bench-N.json``.

``--corpus mdn`` (``make bench CORPUS=mdn``) builds the German MDN instead
(scripts/bench/mdn.py: unpacked and imported with ``make import``'s code into
``--work``, outside the repository; ``--articles`` is ignored) and adds to
the last line::

    … cpu_ratio=… warnings=… lost_pages=… plain_lost_pages=… page_kb_median=… plain_page_kb_median=… \
search_hits=… search_queries=… search_first_query_kb_max=…

Both variants are built without ``--strict`` there (the MDN text as imported
warns: pages sharing a title, a page without text); ``warnings`` counts our
last build's WARNING lines. cpu_ratio is ours over plain's median CPU seconds
(user + system of the build and every process it waited for); lost_pages the article pages
missing from our site (every Markdown file below docs/artikel/ should give
one ``index.html``); page_kb_median the median article page (KiB; the same
figure as per_article_kb). The search figures come from
``scripts/bench/search_eval.py`` (the shared queries typed into the box:
top-3 hits, first-query KiB median and maximum, ms after the last key);
without the shared query list they are ``nan`` and the bench says so. The
report goes to ``bench-out/bench-mdn-<tool>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from pathlib import Path

from scripts.bench import browser, corpus, mdn, search_eval, serve_edit
from scripts.bench.measure import BuildResult, run_build, tree_bytes

ROOT = Path(__file__).resolve().parents[2]


def build(project: Path, variant: str, site: Path, tool: str, out: Path, tag: str,
          strict: bool = True) -> tuple[BuildResult, list]:
    """One build (``--strict`` unless ``strict`` is False) of ``variant`` ("plain" or "ours")
    into ``site``; return result, timings."""
    config = {"plain": "mkdocs-plain.yml", "ours": "mkdocs-timed.yml"}[variant]
    timings = out / f"timings-{tag}.json"
    timings.unlink(missing_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_BENCH_TIMINGS": str(timings),
           "PYTHONDONTWRITEBYTECODE": "1"}
    args = [sys.executable, "-m", tool, "build", *(["--strict"] if strict else []), "-f", config, "-d", str(site)]
    result = run_build(args, project, env, out / f"build-{tag}.log")
    if result.returncode != 0:
        sys.stderr.write(result.log[-6000:])
        raise SystemExit(f"bench: the {variant} build failed (log: {out / f'build-{tag}.log'})")
    data = json.loads(timings.read_text("utf-8")) if timings.exists() else {}
    rows = data.get("events", [])
    result.log += "".join(f"\nbench-debug {m['logger']} [{m['lang']}]: {m['message']}"
                          for m in data.get("messages", []))
    return result, rows


#: kb.search's own debug line (hooks/search.py): where its build-thread time goes.
SEARCH_DEBUG = re.compile(r"bench-debug \S*kb\.search \[\w+\]: (?:kb: )?(\w+): (\d+) articles; records ([0-9.]+) s "
                          r"while rendering, waited ([0-9.]+) s for Pagefind")


def hook_seconds(hook: str, rows: list) -> float:
    """Wall seconds spent inside every event of ``hook`` in one build (both languages).

    This is the time the hook adds to the build thread: for the search hook the
    Pagefind work that overlaps rendering on the other core is not in it, only
    the wait for Pagefind to finish at the end of each language.
    """
    return sum(r["seconds"] for r in rows if r["hook"] == hook)


def search_detail(log: str) -> dict:
    """kb.search's own split of its time, per language, if the hook logged it."""
    return {m[0]: {"articles": int(m[1]), "records_s": float(m[2]), "waited_for_pagefind_s": float(m[3])}
            for m in SEARCH_DEBUG.findall(log)}


def per_hook(rows_per_round: list[list]) -> dict[str, float]:
    """Median over rounds of each hook's total seconds (for the profile table)."""
    hooks = sorted({r["hook"] for rows in rows_per_round for r in rows})
    return {h: round(statistics.median(sum(r["seconds"] for r in rows if r["hook"] == h)
                                       for rows in rows_per_round), 3) for h in hooks}


def related_step(project: Path) -> dict:
    """The related step alone in a fresh process (scripts/bench/related_step.py)."""
    proc = subprocess.run([sys.executable, "-m", "scripts.bench.related_step", str(project)],
                          cwd=ROOT, capture_output=True, text=True)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (proc.stderr or proc.stdout)[-2000:]}


def article_sizes(site: Path) -> list[int]:
    """Sizes of every article page's index.html, both languages (articles may sit in subfolders)."""
    return [p.stat().st_size for pages in mdn.built_pages(site).values() for p in pages]


def warning_count(log: str) -> int:
    """Lines MkDocs logged as WARNING (each a failure under --strict)."""
    return sum(1 for line in log.splitlines() if line.startswith("WARNING"))


def mdn_search(site: Path) -> dict | None:
    """The shared MDN queries typed into our site's search box (None without the query list).

    :func:`scripts.bench.search_eval.evaluate` returns ``{"summary": {"hits", "queries",
    "kb_median", "kb_max", "ms_median", …}, "rows": […]}``.
    """
    queries = mdn.shared_file(*mdn.MDN_QUERIES)
    if queries is None:
        return None
    return search_eval.evaluate(site, queries, prefix=mdn.DEST + "/", api=False)


def machine() -> dict:
    """What the figures were measured on."""
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip()
        except OSError:
            return "?"
    return {"nproc": os.cpu_count(), "python": platform.python_version(),
            "chromium": out("/usr/bin/chromium --version 2>/dev/null"),
            "mem": out("free -h | sed -n 2p"), "load": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and the final ``bench:`` line."""
    parser = argparse.ArgumentParser(description="Benchmark the build at N articles.")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed builds of each variant first")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tool", default="mkdocs", help="mkdocs or properdocs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--corpus", choices=("generated", "mdn"), default="generated",
                        help="generated (--articles N) or mdn (the German MDN from the shared folder)")
    parser.add_argument("--serve-repeats", type=int, default=5,
                        help="generated corpus: edits of each kind timed under mkdocs serve "
                             "(scripts/bench/serve_edit.py), ours and plain; 0 skips them")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-bench-mdn"),
                        help="--corpus mdn: where the corpus is unpacked, imported and built")
    args = parser.parse_args(argv)
    if args.corpus == "mdn":
        out = args.work / args.tool
        out.mkdir(parents=True, exist_ok=True)
        project = out / "corpus"
        summary = mdn.write_project(project)
        n = mdn.expected_pages(project)["de"]
    else:
        n, out = args.articles, args.out / f"n{args.articles}-{args.tool}"
        out.mkdir(parents=True, exist_ok=True)
        project = out / "corpus"
        summary = corpus.write_project(project, n, args.seed)
    print(f"bench: corpus {summary}", flush=True)
    # The MDN text as imported warns (pages with the same title, one page without text):
    # built without --strict, its warnings counted in the figures instead.
    strict = args.corpus != "mdn"
    sites = {"plain": out / "site-plain", "ours": out / "site-ours"}

    for number in range(args.warmup):
        for variant in ("plain", "ours"):
            result, _ = build(project, variant, sites[variant], args.tool, out, f"warmup{number}-{variant}", strict)
            print(f"bench: warm-up {variant}: {result.seconds:.1f} s", flush=True)
    runs: dict[str, list] = {"plain": [], "ours": []}
    for number in range(args.rounds):
        order = ("plain", "ours") if number % 2 == 0 else ("ours", "plain")
        for variant in order:
            result, rows = build(project, variant, sites[variant], args.tool, out, f"{variant}-{number}", strict)
            runs[variant].append((result, rows))
            print(f"bench: round {number + 1} {variant}: {result.seconds:.1f} s "
                  f"(CPU {result.cpu_s:.1f} s, load {os.getloadavg()[0]:.1f}), "
                  f"peak {result.peak_rss_mb:.0f} MiB {result.peak_by_process}, "
                  f"CPU s {result.cpu_by_process}", flush=True)

    ours = [r for r, _ in runs["ours"]]
    build_s = statistics.median(r.seconds for r in ours)
    plain_s = statistics.median(r.seconds for r, _ in runs["plain"])
    related = [hook_seconds("related", rows) for _, rows in runs["ours"]]
    search = [hook_seconds("search", rows) for _, rows in runs["ours"]]
    sizes = article_sizes(sites["ours"])
    figures = {
        "articles": n,
        "build_s": round(build_s, 2),
        "plain_build_s": round(plain_s, 2),
        "overhead": round(build_s / plain_s, 3),
        "related_s": round(statistics.median(related), 3),
        "search_index_s": round(statistics.median(search), 3),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in ours)),
        "site_mb": round(tree_bytes(sites["ours"]) / 2**20, 1),
        "per_article_kb": round(statistics.median(sizes) / 1024, 1) if sizes else float("nan"),
        "search_first_query_kb": float("nan"),
        "search_ms": float("nan"),
    }
    report = {"figures": figures, "corpus": summary, "machine": machine(), "tool": args.tool,
              "cpu_s": {v: round(statistics.median(r.cpu_s for r, _ in runs[v]), 2) for v in runs},
              "rounds": {v: [{"seconds": round(r.seconds, 2), "cpu_s": round(r.cpu_s, 2), "peak_rss_mb": round(r.peak_rss_mb),
                              "peak_by_process": r.peak_by_process, "cpu_by_process": r.cpu_by_process}
                             for r, _ in runs[v]] for v in runs},
              "related_step": related_step(project) if args.corpus == "generated" else "not run on mdn",
              "hook_seconds": per_hook([rows for _, rows in runs["ours"]]),
              "search_detail": [search_detail(r.log) for r, _ in runs["ours"]],
              "plain_peak_rss_mb": round(max(r.peak_rss_mb for r, _ in runs["plain"])),
              "plain_site_mb": round(tree_bytes(sites["plain"]) / 2**20, 1),
              "plain_per_article_kb": round(statistics.median(article_sizes(sites["plain"])) / 1024, 1)}
    if args.corpus == "mdn":
        plain_sizes = article_sizes(sites["plain"])
        figures.update({
            "cpu_ratio": round(report["cpu_s"]["ours"] / report["cpu_s"]["plain"], 3),
            "warnings": warning_count(runs["ours"][-1][0].log),
            "lost_pages": mdn.lost_pages(project, sites["ours"]),
            "plain_lost_pages": mdn.lost_pages(project, sites["plain"]),
            "page_kb_median": figures["per_article_kb"],
            "plain_page_kb_median": round(statistics.median(plain_sizes) / 1024, 1),
            "search_hits": float("nan"), "search_queries": float("nan"),
            "search_first_query_kb_max": float("nan"),
        })
    name = "mdn" if args.corpus == "mdn" else str(n)
    args.out.mkdir(parents=True, exist_ok=True)
    report_path = args.out / f"bench-{name}-{args.tool}.json"
    report_path.write_text(json.dumps(report, indent=1, default=str), "utf-8")  # builds kept if the browser fails
    if not args.no_browser and args.corpus == "mdn":
        found = mdn_search(sites["ours"])
        if found is None:
            print("bench: search not measured: the shared query list "
                  "(eval/mdn-de/suchanfragen.tsv) is not on this machine", flush=True)
        else:
            report["search_ours"] = found
            result = found["summary"]
            print(f"bench: search ours: {result}", flush=True)
            figures.update({"search_first_query_kb": result["kb_median"], "search_ms": result["ms_median"],
                            "search_hits": result["hits"], "search_queries": result["queries"],
                            "search_first_query_kb_max": result["kb_max"]})
    elif not args.no_browser:
        first_article = min(p.parent.name for p in sites["ours"].glob("artikel/*/index.html"))
        path = f"/artikel/{first_article}/"
        for variant in ("ours", "plain"):
            report[f"search_{variant}"] = browser.measure_search(sites[variant], path)
            print(f"bench: search {variant}: {report[f'search_{variant}']['first_query_kb']:.0f} KiB, "
                  f"{report[f'search_{variant}']['ms']:.0f} ms "
                  f"({report[f'search_{variant}']['measured']} queries timed)", flush=True)
        figures["search_first_query_kb"] = round(report["search_ours"]["first_query_kb"], 1)
        figures["search_ms"] = round(report["search_ours"]["ms"], 1)
    if args.serve_repeats > 0 and args.corpus == "generated":
        # Last: the edits change the corpus the builds above read.
        for variant, config, dirty in (("ours", "mkdocs.yml", True), ("plain", "mkdocs-plain.yml", False)):
            times = serve_edit.measure(project, config, dirty, args.serve_repeats)
            report[f"serve_edit_{variant}"] = times
            prefix = "" if variant == "ours" else "plain_"
            figures.update({f"{prefix}serve_edit_{kind}_s": round(statistics.median(times[kind]), 2)
                            for kind in serve_edit.KINDS})
    report_path.write_text(json.dumps(report, indent=1, default=str), "utf-8")
    print(f"bench: per-hook seconds (median of rounds, both languages): {report['hook_seconds']}")
    print(f"bench: related step alone: {report['related_step']}")
    print(f"bench: search hook's own split (last round): {report['search_detail'][-1]}")
    cpu = report["cpu_s"]
    print(f"bench: CPU seconds (median): ours {cpu['ours']} plain {cpu['plain']} "
          f"cpu_overhead={cpu['ours'] / cpu['plain']:.3f} (less sensitive to other users' load)")
    print(f"bench: plain Material: peak {report['plain_peak_rss_mb']} MiB, site {report['plain_site_mb']} MiB, "
          f"article {report['plain_per_article_kb']} KiB")
    print("bench: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
