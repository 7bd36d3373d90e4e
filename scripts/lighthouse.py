"""Lighthouse audit of the built site: the pages, the thresholds, a runner.

``make audit`` runs all four categories (mobile defaults) and fails under the
thresholds; ``tests/test_lighthouse.py`` runs the deterministic three
(accessibility, best practices, SEO) from pytest. Lighthouse itself is the
npm package pinned in ``tests/audit/package.json`` (installed by ``make
audit-deps``) driving Debian's chromium (``CHROME_PATH``).

Usage: python scripts/lighthouse.py SITE_DIR [--categories a,b] [--port N] [--runs N]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT_DIR = ROOT / "tests" / "audit"
RUNNER = AUDIT_DIR / "run-lighthouse.mjs"
LIGHTHOUSE_BIN = AUDIT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"

#: Minimum score per category (0–100).
THRESHOLDS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
#: The categories that give the same result on every run (CI checks these).
DETERMINISTIC = ("accessibility", "best-practices", "seo")
#: The topic page the issue names.
TOPIC_PAGE = "themen/autohandel/"


def pick_article(docs: Path) -> str:
    """The slug of the longest German article that also exists in English (the hardest page)."""
    candidates = [p for p in sorted((docs / "artikel").glob("*.md"))
                  if not p.name.endswith(".en.md") and p.with_name(p.stem + ".en.md").exists()]
    if not candidates:
        raise SystemExit("no article with an English version in docs/artikel")
    return max(candidates, key=lambda p: (p.stat().st_size, p.name)).stem


def audit_paths(docs: Path = ROOT / "docs") -> list[str]:
    """Home, the topic page and an article, German then English (URLs below the site root)."""
    german = ["", TOPIC_PAGE, f"artikel/{pick_article(docs)}/"]
    return german + [f"en/{path}" for path in german]


#: Served gzip-compressed, as every static host does (an uncompressed
#: Material stylesheet would dominate the simulated mobile network).
COMPRESSED = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files like a production host: gzip for text, quiet log."""

    def send_head(self):
        """Serve a gzip body for text files when the client accepts it."""
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(url_path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the parent sends the redirect to "…/"
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        """Keep the output to the scores."""


class _Server(http.server.ThreadingHTTPServer):
    """A threading server that does not print a traceback when a browser drops a request."""

    def handle_error(self, request, client_address):
        """Ignore clients that went away (Chromium cancels requests on navigation)."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(site: Path, port: int = 0):
    """Serve ``site`` on loopback in a thread; return ``(server, base_url)``."""
    handler = functools.partial(_Handler, directory=str(site))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run(base_url: str, paths: list[str], categories: tuple[str, ...]) -> dict:
    """Run Lighthouse on ``base_url + path`` for each path; ``{path: {scores, failing}}``."""
    if not LIGHTHOUSE_BIN.exists():
        raise RuntimeError("Lighthouse is not installed: run `make audit-deps`")
    urls = [base_url + path for path in paths]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    done = subprocess.run(["node", str(RUNNER), ",".join(categories), *urls], cwd=AUDIT_DIR,
                          capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed:\n{done.stderr[-3000:]}")
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    return {path: raw[base_url + path] for path in paths}


def run_median(base_url: str, paths: list[str], categories: tuple[str, ...], runs: int) -> dict:
    """:func:`run` ``runs`` times; per page and category the median score (performance is noisy)."""
    rounds = [run(base_url, paths, categories) for _ in range(max(1, runs))]
    merged = {}
    for path in paths:
        scores = {c: statistics.median_low([r[path]["scores"].get(c) or 0 for r in rounds])
                  for c in categories}
        failing = [f for r in rounds for f in r[path]["failing"]]
        unique = list({(f["category"], f["id"]): f for f in failing}.values())
        errors = [r[path]["runtimeError"] for r in rounds if r[path].get("runtimeError")]
        merged[path] = {"scores": scores, "failing": unique, "runtimeError": errors[0] if errors else None}
    return merged


def shortfalls(results: dict, thresholds: dict[str, int] = THRESHOLDS) -> list[str]:
    """One line per page and category under its threshold, naming the failing audits."""
    lines = []
    for path, result in results.items():
        if result.get("runtimeError"):
            lines.append(f"/{path}: Lighthouse error: {result['runtimeError']}")
        for category, score in result["scores"].items():
            if score is None or score < thresholds.get(category, 0):
                audits = ", ".join(f["id"] for f in result["failing"] if f["category"] == category)
                lines.append(f"/{path}: {category} {score} < {thresholds[category]} ({audits})")
    return lines


def markdown_table(results: dict, categories: tuple[str, ...]) -> str:
    """The scores as a Markdown table (for BENCHMARKS.md)."""
    head = "| Page | " + " | ".join(categories) + " |\n|---|" + "---:|" * len(categories) + "\n"
    rows = "".join(f"| `/{path}` | " + " | ".join(str(r["scores"].get(c)) for c in categories) + " |\n"
                   for path, r in results.items())
    return head + rows


def main(argv: list[str] | None = None) -> int:
    """CLI for ``make audit``: serve the built site, run Lighthouse, fail under the thresholds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir …)")
    parser.add_argument("--categories", default=",".join(("performance",) + DETERMINISTIC))
    parser.add_argument("--port", type=int, default=0, help="serve on this port (match KB_SITE_URL)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts")
    args = parser.parse_args(argv)
    categories = tuple(args.categories.split(","))
    server, base = serve(args.site, args.port)
    try:
        results = run_median(base, audit_paths(), categories, args.runs)
    finally:
        server.shutdown()
    print(markdown_table(results, categories))
    problems = shortfalls(results)
    for line in problems:
        print("FAIL " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
