"""Benchmark of the related-articles step (kb.related) on synthetic German articles.

    PYTHONPATH=hooks python benchmarks/related_bench.py [N ...] [--runs 3]

For each N (default 1000 and 10000) it generates N articles from the
vocabulary of the five seed texts (Zipf-distributed words, 50 topical word
clusters, tags, three topics, series of three, a few links each), then runs
``kb.related.from_pages`` + ``kb.related.compute`` in a fresh process per run
(cold caches) and reports the median wall time and the peak resident memory.
Not part of the test suite. ``synthetic_pages(n)`` is reusable.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
sys.path.insert(0, str(ROOT / "hooks"))

from kb import german, related  # noqa: E402


class Page:
    """The fields of a kb.catalog.Page that kb.related reads."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def vocabulary() -> list[str]:
    """The words of the seed texts, most frequent first."""
    from collections import Counter
    counts: Counter = Counter()
    for seed in sorted(SEEDS.glob("*.txt")):
        counts.update(t for t in german.tokenize(seed.read_text("utf-8")) if t.isalpha() and len(t) > 1)
    return [w for w, _ in counts.most_common()]


def synthetic_pages(n: int, seed: int = 1, words: int = 400) -> list[Page]:
    """``n`` German articles of about ``words`` words, deterministic for ``seed``."""
    rng = random.Random(seed)
    vocab = vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(vocab))]  # Zipf
    clusters = [rng.sample(vocab[50:], 60) for _ in range(50)]
    topics = ["Konzernkommunikation", "B2B-Kommunikation", "Autohandel"]
    pages = []
    for i in range(n):
        cluster = clusters[i % len(clusters)]
        body_words = rng.choices(vocab, weights, k=int(words * 0.7)) + rng.choices(cluster, k=int(words * 0.3))
        rng.shuffle(body_words)
        links = " ".join(f"[siehe](a{rng.randrange(n)}.md)" for _ in range(rng.randrange(4)))
        pages.append(Page(
            path=f"artikel/a{i}.md", lang="de", is_article=True,
            title=" ".join(rng.sample(cluster, 5)), description=" ".join(rng.sample(cluster, 10)),
            tags=rng.sample(cluster, 3), topic=topics[i % 3],
            series=f"serie-{i // 3}" if i % 50 < 3 else None, date=None,
            related=[], related_exclude=[],
            body=" ".join(body_words) + "\n\n" + links,
        ))
    return pages


def run_once(n: int) -> dict:
    """Generate ``n`` articles, time ``from_pages`` + ``compute`` once; peak RSS in MB."""
    pages = synthetic_pages(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    docs, links, _ = related.from_pages(pages, "de")
    result = related.compute(docs, "de", links)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lengths = [len(v) for v in result.values()]
    return {"n": n, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak / 1024, "rss_before_mb": before / 1024,
            "mean_entries": sum(lengths) / max(len(lengths), 1)}


def main() -> None:
    """Run each size ``--runs`` times in fresh processes; print the medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(run_once(args.once)))
        return
    medians, cpus = {}, {}
    for n in args.sizes:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--once", str(n)], capture_output=True,
                                 text=True, check=True)
            runs.append(json.loads(out.stdout))
        medians[n] = statistics.median(r["seconds"] for r in runs)
        cpus[n] = statistics.median(r["cpu_seconds"] for r in runs)
        print(f"{n:>6} articles: median wall {medians[n]:.2f} s "
              f"({', '.join('%.2f' % r['seconds'] for r in runs)}), median CPU {cpus[n]:.2f} s "
              f"({', '.join('%.2f' % r['cpu_seconds'] for r in runs)}), peak RSS "
              f"{max(r['peak_rss_mb'] for r in runs):.0f} MB (whole process incl. the generated corpus; "
              f"{max(r['rss_before_mb'] for r in runs):.0f} MB before the step), "
              f"{runs[0]['mean_entries']:.1f} entries per article")
    if len(args.sizes) == 2:
        a, b = args.sizes
        print(f"ratio {a}->{b}: wall {medians[b] / medians[a]:.1f}x, CPU {cpus[b] / cpus[a]:.1f}x")
    print(f"load average: {' '.join('%.2f' % x for x in os.getloadavg())} (on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
