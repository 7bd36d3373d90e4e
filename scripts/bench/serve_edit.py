"""Preview benchmark: edit → visible under a real ``mkdocs serve``, ours beside plain Material.

    python -m scripts.bench.serve_edit --articles 1000 --repeats 5

Generates the bench corpus (scripts/bench/corpus.py), starts ``mkdocs serve
--dirty`` on our config (what ``make serve`` runs: hooks/incremental.py) and
plain ``mkdocs serve`` on ``mkdocs-plain.yml`` (plain Material, no hooks: a
full rebuild per save), and measures for each kind of edit the seconds from
the saved file to the served page showing it:

* ``body``: a sentence appended to an article, until its page shows it;
* ``title``: the article's title changed, until its page shows the new one;
* ``new``: a new article (a copy with its own title), until its page answers 200;
* ``delete``: that new article deleted again, until its page answers 404.

MkDocs' server holds every request while a rebuild runs, so a page that
shows the edit was served by the finished rebuild: the figure includes the
file watcher's delay, as a browser's reload does. Median of ``--repeats``
per kind; the last line is::

    serve_edit: articles=N body_s=… title_s=… new_s=… delete_s=… plain_body_s=… …

Run it under the shared lock (``make bench`` does): ``flock /tmp/kb-bench.lock …``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from scripts.bench import corpus

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("body", "title", "new", "delete")
#: Seconds one rebuild may take before the run gives up.
TIMEOUT = 900


def apply(docs: Path, edit: dict) -> None:
    """Apply one edit below ``docs``.

    ``{"op": "append", "path": p, "text": t}`` appends a paragraph,
    ``{"op": "title", "path": p, "suffix": s}`` appends ``s`` to the title,
    ``{"op": "copy", "from": a, "to": b}`` adds a page, ``{"op": "delete", "path": p}``
    removes one, ``{"op": "rename", "from": a, "to": b}`` moves one.
    """
    op = edit["op"]
    if op == "append":
        path = docs / edit["path"]
        path.write_text(path.read_text("utf-8") + f"\n\n{edit['text']}\n", "utf-8")
    elif op == "title":
        path = docs / edit["path"]
        text, count = re.subn(r'^title: ("?)(.*?)("?)$', lambda m: f"title: {m[1]}{m[2]}{edit['suffix']}{m[3]}",
                              path.read_text("utf-8"), count=1, flags=re.M)
        if count != 1:
            raise ValueError(f"no title in {path}")
        path.write_text(text, "utf-8")
    elif op == "copy":
        shutil.copyfile(docs / edit["from"], docs / edit["to"])
    elif op == "delete":
        (docs / edit["path"]).unlink()
    elif op == "rename":
        (docs / edit["from"]).rename(docs / edit["to"])
    else:
        raise ValueError(f"unknown edit {op!r}")


def _get(url: str) -> tuple[int, str]:
    """HTTP status and body of ``url`` ((0, "") while nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return 0, ""


def _wait(check, started: float) -> float:
    """Seconds from ``started`` until ``check()`` holds (polled every 50 ms)."""
    while not check():
        if time.perf_counter() - started > TIMEOUT:
            raise TimeoutError("the edit did not show")
        time.sleep(0.05)
    return time.perf_counter() - started


def _free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _articles(docs: Path) -> list[str]:
    """German articles outside any series, by file name."""
    return sorted(p.name for p in (docs / "artikel").glob("*.md")
                  if not p.name.endswith(".en.md") and "\nseries:" not in p.read_text("utf-8"))


def measure(project: Path, config: str, dirty: bool, repeats: int) -> dict[str, list[float]]:
    """Serve ``project`` with ``config``; time each kind of edit ``repeats`` times."""
    docs = project / yaml.load((project / config).read_text("utf-8"), Loader=yaml.BaseLoader).get("docs_dir", "docs")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "mkdocs", "serve", "-f", config, "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(args + (["--dirty"] if dirty else []), cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    try:
        started = time.perf_counter()
        first = _wait(lambda: _get(base + "/")[0] == 200, started)
        print(f"serve_edit: {config}{' --dirty' if dirty else ''}: first build {first:.1f} s", flush=True)
        names = _articles(docs)
        for number in range(repeats):
            body, title, model = names[3 * number], names[3 * number + 1], names[3 * number + 2]
            new = f"vorschau-neu-{number}-{'ours' if dirty else 'plain'}.md"
            url = lambda name: f"{base}/artikel/{name[:-3]}/"  # noqa: E731 - one-line helper
            tag = "plain" if not dirty else "ours"  # the variants may share the article files
            sentence = f"Ein Satz aus Runde {number} der Vorschau-Messung ({tag})."
            suffix = f" (Runde {number}, {tag})"
            steps = [
                ("body", {"op": "append", "path": f"artikel/{body}", "text": sentence},
                 lambda: sentence in _get(url(body))[1]),
                ("title", {"op": "title", "path": f"artikel/{title}", "suffix": suffix},
                 lambda: suffix in _get(url(title))[1]),
                ("new", {"op": "copy", "from": f"artikel/{model}", "to": f"artikel/{new}"},
                 lambda: _get(url(new))[0] == 200),
                ("delete", {"op": "delete", "path": f"artikel/{new}"},
                 lambda: _get(url(new))[0] == 404),
            ]
            for kind, edit, check in steps:
                time.sleep(1.0)  # the watcher settles after the previous rebuild
                if check():
                    raise RuntimeError(f"{kind}: the page shows the edit before it was made")
                apply(docs, edit)
                seconds = _wait(check, time.perf_counter())
                times[kind].append(round(seconds, 3))
                print(f"serve_edit: {config} {kind} {number + 1}: {seconds:.2f} s "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def main(argv: list[str] | None = None) -> int:
    """Measure ours and plain Material on a fresh corpus; print the ``serve_edit:`` line."""
    parser = argparse.ArgumentParser(description="Preview: edit to visible under mkdocs serve.")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--plain-repeats", type=int, default=None, help="plain Material's (default: --repeats)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)
    project = args.out / f"serve-n{args.articles}" / "corpus"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    corpus.write_project(project, args.articles, args.seed)
    ours = measure(project, "mkdocs.yml", True, args.repeats)
    plain = measure(project, "mkdocs-plain.yml", False,
                    args.repeats if args.plain_repeats is None else args.plain_repeats)
    figures = {"articles": args.articles}
    figures.update({f"{kind}_s": round(statistics.median(ours[kind]), 2) for kind in KINDS})
    figures.update({f"plain_{kind}_s": round(statistics.median(plain[kind]), 2) for kind in KINDS})
    report = {"figures": figures, "ours": ours, "plain": plain, "load": os.getloadavg()}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"serve-edit-{args.articles}.json").write_text(json.dumps(report, indent=1), "utf-8")
    print("serve_edit: " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
