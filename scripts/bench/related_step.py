"""The related-articles step on its own: time and memory beyond the loaded catalogue.

Runs what ``hooks/related.py`` runs in ``on_files`` (``kb.related.from_pages``,
``compute``, ``as_json``, ``backlinks``) for each language over a project's
catalogue, in a fresh process, and prints JSON: seconds per language and the
memory the step added on top of the catalogue (``VmHWM`` after the step minus
``VmRSS`` before it, MiB; the high-water mark is reset first through
``/proc/self/clear_refs``), so the issue's "≤ 5 s and ≤ 1 GB" is measured for
the step itself and not for the whole build.

    python -m scripts.bench.related_step bench-out/n1000-mkdocs/corpus
"""

from __future__ import annotations

import json
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


def load_catalog(project: Path):
    """The catalogue of ``project/docs`` as hooks/validation.py builds it."""
    sys.path.insert(0, str(project / "hooks"))
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


def main(argv: list[str] | None = None) -> int:
    """Measure the step for German and English; print JSON."""
    args = argv if argv is not None else sys.argv[1:]
    project = Path(args[0]).resolve()
    cat = load_catalog(project)
    try:
        from kb import related as core
    except ImportError:
        print(json.dumps({"error": "kb.related is not in this project yet"}))
        return 0
    try:  # reset the high-water mark to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass
    before = _status("VmRSS")
    result = {"articles": {}, "seconds": {}}
    for lang in ("de", "en"):
        start = time.perf_counter()
        docs, links, _problems = core.from_pages(cat.pages.values(), lang)
        relations = core.compute(docs, lang, links)
        core.as_json(relations)
        core.backlinks(links)
        result["seconds"][lang] = round(time.perf_counter() - start, 3)
        result["articles"][lang] = len(cat.articles(lang))
    result["total_s"] = round(sum(result["seconds"].values()), 3)
    result["step_peak_mb"] = round(_status("VmHWM") - before, 1)
    result["process_peak_mb"] = round(_status("VmHWM"), 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
