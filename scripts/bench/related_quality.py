"""Related articles on real German text: quality, wall time and peak memory of the command line.

Unpacks the German MDN corpus of ``shared/eval/mdn-de`` into the temp folder
once (:mod:`scripts.shared_data`), runs the related command line on all of it
in a fresh process, as a user would::

    PYTHONPATH=hooks python -m kb.related_cli CORPUS --top 5 > out.json

scores ``out.json`` with the corpus' own ``score.py`` on the dev half of the
answer key and prints one line, e.g.::

    related-quality: pages=14593 P@5=0.331 R@5=0.435 MRR@5=0.615 wall_s=161.23 cpu_s=150.1 peak_rss_mb=842 load=6.63

``wall_s`` is the command line's wall time, ``cpu_s`` its user + system
CPU time (what a busy machine inflates less) and ``peak_rss_mb`` its peak
memory (the larger of the command line's ``ru_maxrss`` and the summed PSS of it
and its worker processes; CPU is ``ru_utime`` + ``ru_stime`` of it and its workers). With ``--runs N`` it
runs N times and prints the medians. ``--json FILE`` also writes the figures
as JSON. Budgets (issue 13): P@5 ≥ 0.36, MRR@5 ≥ 0.65, wall ≤ 30 s, peak
≤ 1 GB. Exit code 1 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
from scripts import shared_data  # noqa: E402

_SCORE = re.compile(r"queries=(\d+) covered=(\d+) P@5=([\d.]+) R@5=([\d.]+) MRR@5=([\d.]+)")


def _tree_pss_kib(pid: int) -> int:
    """The proportional set size (KiB) of process ``pid`` and all its descendants, 0 where gone.

    PSS shares the copy-on-write pages of forked workers out among them, so
    the sum is the memory the whole tree holds (the RSS of each would count
    the shared pages twice).
    """
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            total += next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        return total
    return total + sum(_tree_pss_kib(c) for c in children)


def run_cli(corpus: Path, out: Path, top: int = 5, hooks: Path = ROOT / "hooks",
            extra: list[str] | None = None, env: dict | None = None) -> tuple[float, float, float]:
    """Run the related command line on ``corpus`` into ``out``; (wall seconds, peak memory MiB, CPU seconds).

    ``env``: variables set for the command line beside the build's own (e.g. ``PYTHONHASHSEED``).

    Peak memory: the largest of the command line's own peak RSS and the
    peak summed PSS of it and its worker processes (sampled every 0.2 s).
    CPU: user + system of the command line and its workers.
    """
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(hooks)}
    args = [sys.executable, "-m", "kb.related_cli", str(corpus), "--top", str(top), *(extra or [])]
    started = time.perf_counter()
    peak_pss = [0]
    done = threading.Event()

    def sample(pid: int) -> None:
        """Record the tree's peak PSS until the command line ends."""
        while not done.wait(0.2):
            peak_pss[0] = max(peak_pss[0], _tree_pss_kib(pid))

    with open(out, "wb") as fh:
        proc = subprocess.Popen(args, stdout=fh, env=env)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"related_cli failed with exit code {proc.returncode}")
    return wall, max(usage.ru_maxrss, peak_pss[0]) / 1024, usage.ru_utime + usage.ru_stime


def score(predictions: Path, mdn: Path) -> dict:
    """P@5, R@5 and MRR@5 of ``predictions`` on the dev half, from the corpus' ``score.py``."""
    done = subprocess.run([sys.executable, str(mdn / "score.py"), str(predictions)],
                          capture_output=True, text=True, check=True)
    m = _SCORE.search(done.stdout)
    if not m:
        raise SystemExit(f"score.py said: {done.stdout}{done.stderr}")
    return {"queries": int(m[1]), "covered": int(m[2]), "p5": float(m[3]),
            "r5": float(m[4]), "mrr5": float(m[5])}


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run, score and print the result line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="timed runs (medians are printed)")
    parser.add_argument("--hooks", type=Path, default=ROOT / "hooks", help="hooks folder to take kb from")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", type=Path, help="keep the last run's predictions here")
    args = parser.parse_args(argv)
    mdn, corpus = shared_data.mdn_dir(), shared_data.mdn_corpus()
    if corpus is None:
        print("related-quality: shared/eval/mdn-de/corpus.tar.gz not found (set KB_SHARED)", file=sys.stderr)
        return 1
    pages = sum(1 for _ in corpus.rglob("*.md"))
    walls, peaks, cpus, figures = [], [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "related.json"
        for _ in range(args.runs):
            wall, peak, cpu = run_cli(corpus, out, hooks=args.hooks)
            walls.append(wall)
            peaks.append(peak)
            cpus.append(cpu)
        figures = score(out, mdn)
        if args.keep:
            args.keep.write_bytes(out.read_bytes())
    result = {"pages": pages, **figures, "wall_s": round(statistics.median(walls), 2),
              "walls": [round(w, 2) for w in walls], "cpu_s": round(statistics.median(cpus), 2),
              "peak_rss_mb": round(max(peaks)),
              "load": os.getloadavg()[0]}
    print(f"related-quality: pages={pages} P@5={figures['p5']:.3f} R@5={figures['r5']:.3f} "
          f"MRR@5={figures['mrr5']:.3f} wall_s={result['wall_s']} cpu_s={result['cpu_s']} "
          f"peak_rss_mb={result['peak_rss_mb']} "
          f"load={result['load']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
