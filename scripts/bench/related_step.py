"""The related-articles step on its own: time and memory beyond the loaded catalogue.

Runs what ``hooks/related.py`` runs (``kb.related.from_pages``, ``compute``,
``as_json``, ``backlinks``) for each language over a project's catalogue, in a
fresh process, and prints JSON: wall and CPU seconds per language and the
memory the step added on top of the catalogue (``VmHWM`` after the step minus
``VmRSS`` before it, MiB; the high-water mark is reset first through
``/proc/self/clear_refs``), so the issue's "≤ 5 s and ≤ 1 GB" is measured for
the step itself and not for the whole build.

    python -m scripts.bench.related_step bench-out/n1000-mkdocs/corpus

In the build the hook starts the computation as a background task in
``on_files`` and collects it in ``on_env``, while MkDocs converts the pages'
Markdown. ``--convert S`` measures that path too: per language
``kb.related_lists.start`` (each page's fields as a dict, pickling the call, starting the
task's interpreter), ``S`` seconds of waiting (standing in for the
conversion), then ``result()`` (waiting for the rest and receiving the
result): ``build_s`` is what the build thread spends in those two, i.e. the
step's cost in a build whose conversion phase lasts ``S``.

With ``--runs N`` (or several projects) each measurement runs N times, each in
a fresh process, and a summary gives the medians, the largest step memory and
the growth from the first project to the last:

    python -m scripts.bench.related_step --runs 3 --convert 20 corpus-1k corpus-10k

``--hooks DIR`` takes the hooks from ``DIR`` instead of the project's own
``hooks/`` (to compare two versions of the code on the same corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _status(field: str) -> float:
    """A ``kB`` field of /proc/self/status in MiB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def load_catalog(project: Path, hooks: Path | None = None):
    """The catalogue of ``project/docs`` as hooks/validation.py builds it."""
    sys.path.insert(0, str(hooks or project / "hooks"))
    from mkdocs.utils import yaml_load

    from kb import catalog

    with open(project / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml_load(fh)
    kb = config["extra"]["kb"]
    series = kb.get("series") or {}
    docs = project / "docs"
    files = [(p.relative_to(docs).as_posix(), p.read_bytes())
             for p in sorted(docs.rglob("*.md")) if "_snippets" not in p.parts]
    cat, _ = catalog.build(files, topics=list(kb["topics"]),
                           series={k: v["parts"] for k, v in series.items()},
                           missing_parts={k: list(v.get("missing") or {}) for k, v in series.items()})
    return cat


def measure(project: Path, hooks: Path | None = None, convert: float | None = None) -> dict:
    """One measurement of the step in this process (see the module docstring)."""
    cat = load_catalog(project, hooks)
    try:
        from kb import related as core
    except ImportError:
        return {"error": "kb.related is not in this project yet"}
    try:  # reset the high-water mark to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass
    before = _status("VmRSS")
    result = {"articles": {}, "seconds": {}, "cpu_s": {}}
    for lang in ("de", "en"):
        start, cpu = time.perf_counter(), time.process_time()
        docs, links, _problems = core.from_pages(cat.pages.values(), lang)
        relations = core.compute(docs, lang, links)
        core.as_json(relations)
        core.backlinks(links)
        result["seconds"][lang] = round(time.perf_counter() - start, 3)
        result["cpu_s"][lang] = round(time.process_time() - cpu, 3)
        result["articles"][lang] = len(cat.articles(lang))
    result["total_s"] = round(sum(result["seconds"].values()), 3)
    result["total_cpu_s"] = round(sum(result["cpu_s"].values()), 3)
    result["step_peak_mb"] = round(_status("VmHWM") - before, 1)
    result["process_peak_mb"] = round(_status("VmHWM"), 1)
    if convert is not None:
        result["build_s"] = in_build(cat, convert)
    return result


def in_build(cat, convert: float) -> dict:
    """Seconds the build thread spends in the background step per language (start + collect)."""
    from kb import related_lists  # hooks/kb (its directory is on sys.path)

    out = {}
    for lang in ("de", "en"):
        pages = list(cat.pages.values())
        start = time.perf_counter()
        pending = related_lists.start(pages, lang)
        started = time.perf_counter() - start
        time.sleep(convert)
        start = time.perf_counter()
        pending.result()
        collected = time.perf_counter() - start
        out[lang] = round(started + collected, 3)
        out[f"{lang}_start"] = round(started, 3)
    out["total"] = round(out["de"] + out["en"], 3)
    return out


def _fresh(project: Path, hooks: Path | None, convert: float | None) -> dict:
    """:func:`measure` in a fresh Python process."""
    args = [sys.executable, "-m", "scripts.bench.related_step", str(project)]
    if hooks:
        args += ["--hooks", str(hooks)]
    if convert is not None:
        args += ["--convert", str(convert)]
    proc = subprocess.run(args, cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (proc.stderr or proc.stdout)[-2000:]}


def summary(project: Path, runs: list[dict]) -> dict:
    """Medians over ``runs`` of one project."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"project": str(project), "error": runs[0].get("error")}
    out = {"project": str(project), "articles": ok[0]["articles"], "runs": len(ok),
           "wall_s": round(statistics.median(r["total_s"] for r in ok), 3),
           "cpu_s": round(statistics.median(r["total_cpu_s"] for r in ok), 3),
           "wall_each": [r["total_s"] for r in ok], "cpu_each": [r["total_cpu_s"] for r in ok],
           "step_peak_mb": max(r["step_peak_mb"] for r in ok)}
    if all("total" in r.get("build_s", {}) for r in ok):
        out["build_s"] = round(statistics.median(r["build_s"]["total"] for r in ok), 3)
        out["build_each"] = [r["build_s"]["total"] for r in ok]
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure the step for German and English; print JSON (one line per run, or a summary)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="fresh processes per project (default 1: in this one)")
    parser.add_argument("--hooks", type=Path, help="take hooks/ from here instead of the project")
    parser.add_argument("--convert", type=float, help="also measure the background-task path with this conversion phase (s)")
    args = parser.parse_args(argv)
    hooks = args.hooks.resolve() if args.hooks else None
    if len(args.projects) == 1 and args.runs == 1:
        print(json.dumps(measure(args.projects[0].resolve(), hooks, args.convert)))
        return 0
    summaries = []
    for project in args.projects:
        runs = [_fresh(project.resolve(), hooks, args.convert) for _ in range(args.runs)]
        summaries.append(summary(project, runs))
        print(json.dumps(summaries[-1]), flush=True)
    first, last = summaries[0], summaries[-1]
    if len(summaries) > 1 and "error" not in first and "error" not in last:
        growth = {k: round(last[k] / first[k], 1) for k in ("wall_s", "cpu_s", "build_s")
                  if first.get(k) and last.get(k)}
        print(json.dumps({"growth": growth, "loadavg": [round(x, 2) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
