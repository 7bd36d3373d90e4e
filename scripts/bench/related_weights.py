"""The blend's weights on the dev half of the German MDN corpus: fit, and each signal's gain.

Reads the corpus as the related command line does (:mod:`kb.related_cli`),
computes every signal once (:func:`kb.related.signals`) and, for each dev
query page, the signal values of its candidates (:func:`kb.related.candidates`,
:func:`kb.related._features`). Then, in-process and without recomputing the
signals:

* ``--fit``: a coordinate search over the weights of :data:`kb.related.SIGNALS`
  (each weight times 0, 0.5, 0.8, 1.25, 2, with ``--fine`` more factors, or
  set to ±0.05 or ±0.1 when 0: a signal may count against; passes until
  nothing improves) on P@5 + MRR@5, starting from ``kb.related.Settings``;
* ``--cv``: 2-fold cross-validation of that search: the dev queries are
  shuffled (fixed seed) into two halves, the weights are fitted on one half
  and scored on the other, both ways (how much of a fit's gain is overfitting);
* always: P@5 / R@5 / MRR@5 of the weights (fitted or the settings'), then of
  the same weights with each signal switched off (the ablation table of
  BENCHMARKS.md), and of the text alone.

The candidate pools are the settings' (they depend a little on the link
weights), the threshold is not applied: the figures are the blend's ranking of
each pool, which is what the command line's lists are on this corpus. Tune on
dev only: the other half of the answer key is held back.

    python -m scripts.bench.related_weights [--fit] [--cv] [--set k1=3.0 w_out=0.2 …] [--cache /tmp/pools.pickle]
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import json
import operator
import pickle
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))
from scripts import shared_data  # noqa: E402

from kb import related, related_cli  # noqa: E402

WEIGHTS = tuple("w_" + name for name in related.SIGNALS)  #: the Settings field of each signal's weight


def pools(sig, gold: dict[str, set[str]], settings) -> list[tuple[list[tuple[float, ...]], list[bool], int]]:
    """Per dev query page in the corpus: its candidates' signal values, which are targets, and the target count."""
    out = []
    for q, targets in gold.items():
        i = sig.index.get(q)
        if i is None:
            out.append(([], [], len(targets)))
            continue
        cands = sorted(related.candidates(sig, i, settings) - {i})
        out.append(([related._features(sig, i, j) for j in cands],
                    [sig.docs[j].path in targets for j in cands], len(targets)))
    return out


def evaluate(data, weights: tuple[float, ...], k: int = 5) -> tuple[float, float, float]:
    """P@k, R@k and MRR@k of ranking each pool by the weighted sum (ties: candidate order)."""
    p = r = mrr = 0.0
    mul = operator.mul
    for feats, hits, n_targets in data:
        scores = [sum(map(mul, weights, f)) for f in feats]
        scored = heapq.nsmallest(k, range(len(feats)), key=lambda c: -scores[c])
        got = [hits[c] for c in scored]
        p += sum(got) / k
        r += sum(got) / n_targets
        mrr += next((1 / (rank + 1) for rank, h in enumerate(got) if h), 0.0)
    n = len(data)
    return p / n, r / n, mrr / n


FACTORS = (0.0, 0.5, 0.8, 1.25, 2.0)
FINE_FACTORS = (0.0, 0.25, 0.5, 0.7, 0.9, 1.1, 1.4, 2.0, 4.0)


def fit(data, start: dict[str, float], log=print, factors: tuple[float, ...] = FACTORS) -> dict[str, float]:
    """Coordinate search on P@5 + MRR@5 from ``start`` (the text weight stays fixed: it sets the scale)."""
    best = dict(start)

    def objective(w: dict[str, float]) -> float:
        p, _, m = evaluate(data, tuple(w[x] for x in WEIGHTS))
        return p + m

    best_value = objective(best)
    improved = True
    while improved:
        improved = False
        for name in WEIGHTS[1:]:
            values = [best[name] * factor for factor in factors] if best[name] else [0.05, -0.05, 0.1, -0.1]
            for value in values:
                trial = dict(best)
                trial[name] = round(value, 4)
                if trial[name] == best[name]:
                    continue
                value = objective(trial)
                if value > best_value + 1e-6:
                    best, best_value, improved = trial, value, True
                    log(f"  {name}={trial[name]} P@5+MRR@5={value:.4f}")
    return best


def halves(data, seed: int = 0) -> tuple[list, list]:
    """The query pools shuffled with ``seed`` and cut into two halves (for :func:`cross_validate`)."""
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    cut = len(order) // 2
    return [data[k] for k in order[:cut]], [data[k] for k in order[cut:]]


def cross_validate(data, start: dict[str, float], factors: tuple[float, ...] = FACTORS,
                   log=print) -> list[tuple[str, dict[str, float], tuple[float, float, float], tuple[float, float, float]]]:
    """2-fold cross-validation of :func:`fit`: per direction (label, fitted weights, start's figures, fit's figures) on the held-out half."""
    first, second = halves(data)
    rows = []
    for label, train, test in (("fit on half 1, scored on half 2", first, second),
                               ("fit on half 2, scored on half 1", second, first)):
        weights = fit(train, start, log=lambda line: None, factors=factors)
        rows.append((label, weights, evaluate(test, tuple(start[x] for x in WEIGHTS)),
                     evaluate(test, tuple(weights[x] for x in WEIGHTS))))
        log(f"{label}: " + " ".join(f"{name}={weights[name]:g}" for name in WEIGHTS if weights[name]))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, compute the signals once, fit or evaluate, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help="search the weights (coordinate search)")
    parser.add_argument("--fine", action="store_true", help="with --fit: more and finer factors per step")
    parser.add_argument("--cv", action="store_true", help="2-fold cross-validation of the fit on dev")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help="settings to start from")
    parser.add_argument("--json", type=Path, help="write the weights and figures here")
    parser.add_argument("--cache", type=Path,
                        help="keep the pools here and reuse them (only while the text settings stay the same)")
    args = parser.parse_args(argv)
    mdn, corpus = shared_data.mdn_dir(), shared_data.mdn_corpus()
    if corpus is None:
        print("related-weights: shared/eval/mdn-de/corpus.tar.gz not found (set KB_SHARED)", file=sys.stderr)
        return 1
    overrides = {}
    for item in args.set:
        name, value = item.split("=", 1)
        overrides[name] = type(getattr(related.Settings(), name))(value)
    settings = related.Settings(**overrides)
    gold = {q: set(t) for q, t in json.loads((mdn / "dev_gold.json").read_text(encoding="utf-8")).items()}
    started = time.perf_counter()
    if args.cache and args.cache.exists():
        data = pickle.loads(args.cache.read_bytes())
    else:
        cat = related_cli.load(corpus)
        docs, links, _ = related.from_pages(cat.pages.values(), "de")
        sig = related.signals(docs, "de", links, settings)
        data = pools(sig, gold, settings)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(data))
    print(f"related-weights: signals and pools in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    weights = {name: getattr(settings, name) for name in WEIGHTS}
    if args.cv:
        print("| 2-fold CV (held-out half) | start P@5 | start MRR@5 | fitted P@5 | fitted R@5 | fitted MRR@5 |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, _, (p0, _, m0), (p, r, m) in cross_validate(
                data, weights, FINE_FACTORS if args.fine else FACTORS, log=lambda line: print(line, file=sys.stderr)):
            print(f"| {label} | {p0:.3f} | {m0:.3f} | {p:.3f} | {r:.3f} | {m:.3f} |")
    if args.fit:
        weights = fit(data, weights, log=lambda line: print(line, file=sys.stderr),
                      factors=FINE_FACTORS if args.fine else FACTORS)
    rows = [("all", weights)]
    rows += [(f"without {name[2:]}", {**weights, name: 0.0}) for name in WEIGHTS[1:] if weights[name]]
    rows.append(("text only", {name: (weights[name] if name == "w_text" else 0.0) for name in WEIGHTS}))
    table = []
    print("| signals | weight | P@5 | R@5 | MRR@5 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, w in rows:
        p, r, m = evaluate(data, tuple(w[x] for x in WEIGHTS))
        name = "w_" + label.split()[-1]
        shown = f"{weights[name]:g}" if label.startswith("without") else ""
        print(f"| {label} | {shown} | {p:.3f} | {r:.3f} | {m:.3f} |")
        table.append({"row": label, "p5": p, "r5": r, "mrr5": m})
    print("weights: " + " ".join(f"{name}={weights[name]:g}" for name in WEIGHTS))
    if args.json:
        args.json.write_text(json.dumps({"weights": weights, "table": table,
                                         "settings": dataclasses.asdict(settings)}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
