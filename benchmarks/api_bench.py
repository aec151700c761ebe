"""Review workspace under a bounded load on 127.0.0.1: requests/s and p50/p99 latency of the queue page and the
check endpoint, against /api/v1/me (token lookup only) measured in the same run as the baseline.

    python benchmarks/api_bench.py [--products 30] [--requests 300] [--concurrency 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def seed(products: int) -> None:
    from shopscribe.store import Draft, Product, session_scope

    flags = [{"check": "compliance", "severity": "block", "start": 0, "end": 2, "text": "最佳", "message": "《广告法》第九条"}]
    with session_scope() as s:
        for i in range(products):
            p = Product(sku=f"P-{i:03d}", title=f"纯棉圆领T恤 {i}", category="服装", price=Decimal("89"),
                        currency="CNY", attributes={"材质": "100%棉", "颜色": "白色、黑色"})
            s.add(p)
            s.flush()
            for v in range(2):
                s.add(Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=v,
                            text="最佳纯棉圆领T恤，白色、黑色两色可选，柔软透气。",
                            check_report={"passed": v == 1, "score": 0.25 if v == 0 else 1.0,
                                          "flags": flags if v == 0 else []}, model="m"))


def load(call, n: int, concurrency: int) -> dict:
    times: list[float] = []

    def one(_i: int) -> None:
        t0 = time.perf_counter()
        r = call()
        assert r.status_code == 200, r.text[:200]
        times.append(time.perf_counter() - t0)

    call()  # warm up
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(n)))
    wall = time.perf_counter() - t0
    times.sort()
    return {"requests": n, "rps": round(n / wall, 1), "p50_ms": round(statistics.median(times) * 1000, 1),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import httpx

    from bench_home import fresh_home
    from shopscribe.config import get_settings
    from shopscribe.review import CreateUserRequest, create_user
    from shopscribe.web import create_app
    from web_server import serving

    with fresh_home():
        seed(args.products)
        token = create_user(CreateUserRequest(name="lin", role="reviewer", password="bench password")).token
        api = {"Authorization": f"Bearer {token}"}
        with serving(create_app(get_settings())) as root:
            browser = httpx.Client(base_url=root)
            csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text).group(1)
            browser.post("/login", data={"name": "lin", "password": "bench password", "csrf": csrf})
            cookie = browser.cookies["shopscribe_session"]
            client = httpx.Client(base_url=root, limits=httpx.Limits(max_connections=args.concurrency))
            body = {"text": "最佳纯棉圆领T恤，白色、黑色两色可选，柔软透气。", "lang": "zh", "kind": "description",
                    "product": {"title": "纯棉圆领T恤", "attributes": {"材质": "100%棉", "颜色": "白色、黑色"}}}
            results = {
                "baseline /api/v1/me": load(lambda: client.get("/api/v1/me", headers=api), args.requests, args.concurrency),
                f"queue page ({args.products} products, {2 * args.products} drafts)": load(
                    lambda: client.get("/review", cookies={"shopscribe_session": cookie}), args.requests, args.concurrency),
                "POST /api/v1/check": load(lambda: client.post("/api/v1/check", json=body, headers=api),
                                           args.requests, args.concurrency),
            }
    base = results["baseline /api/v1/me"]["rps"]
    for r in results.values():
        r["rps_vs_baseline"] = round(r["rps"] / base, 3)
    out = {"machine": f"{os.cpu_count()} CPUs", "concurrency": args.concurrency, "results": results}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for name, r in results.items():
            print(f"{name:45} {r['rps']:7.1f} req/s ({r['rps_vs_baseline']}× baseline)  p50 {r['p50_ms']} ms  "
                  f"p99 {r['p99_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
