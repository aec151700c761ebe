"""Thompson sampling against a fixed 50/50 split on simulated traffic with known conversion rates, over the same
draws (each impression's outcome under either arm is drawn once and shared), plus the allocation endpoint's
latency on 127.0.0.1.

    python benchmarks/bandit_sim.py [--impressions 10000] [--runs 20] [--rates 0.04 0.05] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def simulate(rates: list[float], impressions: int, seed: int) -> dict[str, float]:
    from shopscribe.experiments import allocation

    rng = np.random.default_rng(seed)
    outcomes = rng.random((impressions, len(rates))) < np.asarray(rates)  # the same world for both policies
    best = max(rates)
    regret = {}
    for policy in ("fixed", "thompson"):
        conv, imp = [0] * len(rates), [0] * len(rates)
        pick_rng = np.random.default_rng(seed + 1)
        lost = 0.0
        for t in range(impressions):
            arm = t % len(rates) if policy == "fixed" else allocation.thompson(conv, imp, pick_rng)
            imp[arm] += 1
            conv[arm] += int(outcomes[t, arm])
            lost += best - rates[arm]
        regret[policy] = lost
    return regret


def endpoint_latency(requests: int) -> dict[str, float]:
    import httpx

    from bench_home import fresh_home
    from shopscribe.config import get_settings
    from shopscribe.experiments import CreateRequest, create
    from shopscribe.store import Draft, Product, session_scope
    from shopscribe.web import create_app
    from web_server import serving

    with fresh_home():
        with session_scope() as s:
            p = Product(sku="TEE-1", title="T", price=Decimal("1"), currency="CNY", attributes={})
            s.add(p)
            s.flush()
            ds = [Draft(product_id=p.id, kind="description", lang="zh", text=t, model="m", variant=i)
                  for i, t in enumerate(("A", "B"))]
            s.add_all(ds)
            s.flush()
            for d in ds:
                d.status = "approved"
            ids = [d.id for d in ds]
        exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=ids, policy="thompson"))
        with serving(create_app(get_settings())) as root, httpx.Client(base_url=root) as c:
            c.get(f"/api/v1/experiments/{exp}/variant", params={"user": "warm"})
            times = []
            for i in range(requests):
                t0 = time.perf_counter()
                assert c.get(f"/api/v1/experiments/{exp}/variant", params={"user": f"shopper-{i}"}).status_code == 200
                times.append(time.perf_counter() - t0)
    times.sort()
    return {"requests": requests, "p50_ms": round(statistics.median(times) * 1000, 1),
            "p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impressions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rates", nargs="+", type=float, default=[0.04, 0.05])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = [simulate(args.rates, args.impressions, seed) for seed in range(args.runs)]
    fixed = statistics.mean(r["fixed"] for r in runs)
    ts = statistics.mean(r["thompson"] for r in runs)
    out = {"machine": f"{os.cpu_count()} CPUs", "rates": args.rates, "impressions": args.impressions,
           "runs": args.runs, "regret_fixed": round(fixed, 2), "regret_thompson": round(ts, 2),
           "ratio": round(ts / fixed, 3), "allocation": endpoint_latency(args.requests)}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        a = out["allocation"]
        print(f"rates {args.rates}, {args.impressions} impressions, {args.runs} runs: cumulative regret fixed "
              f"{out['regret_fixed']}, Thompson {out['regret_thompson']} ({out['ratio']}× fixed)")
        print(f"allocation endpoint, {a['requests']} new shoppers: p50 {a['p50_ms']} ms, p99 {a['p99_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
