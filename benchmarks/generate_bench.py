"""Generation throughput: the engine's raw aggregate tok/s at 1, 2, 4 and 8 parallel slots, and the
pipeline's tok/s and products/minute on the same prompts, in the same run.

The raw figure is the ceiling: the same description prompts sent straight to the embedded engine, all at
once, no checks. The pipeline figure is `content.run_job` over the same products (parsing, quality gate,
rewrites, storage). Target (issue #11): pipeline ≥ 0.95 × the engine's best aggregate tok/s.

    .venv/bin/python benchmarks/generate_bench.py [--models qwen2.5-coder-0.5b qwen2.5-coder-1.5b]
        [--products 8] [--slots 1 2 4 8] [--max-tokens 120] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("SHOPSCRIBE_MODELS_DIR", str(REPO / ".shopscribe" / "models"))

from shopscribe.catalog import import_file, product_record  # noqa: E402
from shopscribe.config import Settings, reset_settings  # noqa: E402
from shopscribe.content import JobSpec, ThreadExecutor, Writer, run_job  # noqa: E402
from shopscribe.content.jobs import lang_of  # noqa: E402
from shopscribe.content.kinds import get_kind  # noqa: E402
from shopscribe.llm import GenerationRequest  # noqa: E402
from shopscribe.llm.embedded import EmbeddedGenerator, unload  # noqa: E402
from shopscribe.prompts import build_prompt  # noqa: E402
from shopscribe.store import Product, migrate, session_scope  # noqa: E402


def sample_products(limit: int) -> list[dict]:
    """The first `limit` sample products (not the injection one), read through the real importer."""
    with session_scope() as s:
        rows = s.query(Product).order_by(Product.sku).all()
        products = [product_record(p) for p in rows if p.sku != "INJ-001"]
    return products[:limit]


def raw_engine(model: str, slots: int, products: list[dict], max_tokens: int) -> dict:
    """Every product's description prompt sent to the engine at once; aggregate completion tok/s."""
    settings = Settings(slots=slots)
    gen = EmbeddedGenerator(model=model, settings=settings)
    kind = get_kind("description")
    requests = []
    for i, p in enumerate(products):
        lang = lang_of(p)
        limit = kind.limits(kind.channel_for(lang, None))["text"]
        prompt = build_prompt("description", lang, p, context={"limit_hint": limit.hint(lang), "channel_name": ""})
        requests.append(GenerationRequest(messages=prompt.messages, max_tokens=max_tokens, temperature=0.7, seed=100 + i))
    gen.generate(GenerationRequest(messages=[{"role": "user", "content": "hi"}], max_tokens=4, seed=1))  # load, warm
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        done = list(pool.map(gen.generate, requests))
    wall = time.perf_counter() - t0
    tokens = sum(c.completion_tokens for c in done)
    unload()
    return {"slots": slots, "completion_tokens": tokens, "seconds": round(wall, 2), "tok_per_s": round(tokens / wall, 2)}


def pipeline(model: str, slots: int, max_tokens: int, limit: int) -> dict:
    """run_job over the same products with `slots` products in flight."""
    settings = Settings(slots=slots, concurrency=slots)
    gen = EmbeddedGenerator(model=model, settings=settings)
    gen.generate(GenerationRequest(messages=[{"role": "user", "content": "hi"}], max_tokens=4, seed=1))
    skus = [p["sku"] for p in sample_products(limit)]
    t0 = time.perf_counter()
    result = run_job(JobSpec(kind="description", lang="auto", skus=skus, seed=100, max_attempts=2), Writer(gen),
                     executor=ThreadExecutor(slots), fresh=True)
    wall = time.perf_counter() - t0
    unload()
    passed = sum(1 for d in result.drafts if d["passed"])
    return {"slots": slots, "products": len(skus), "failed": len(result.failed), "passed": passed,
            "completion_tokens": result.completion_tokens, "seconds": round(wall, 2),
            "tok_per_s": round(result.completion_tokens / wall, 2),
            "products_per_min": round(60 * len(skus) / wall, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"])
    parser.add_argument("--products", type=int, default=8)
    parser.add_argument("--slots", nargs="+", type=int, default=[1, 2, 4, 8])
    parser.add_argument("--max-tokens", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["SHOPSCRIBE_HOME"] = home
        os.environ.pop("SHOPSCRIBE_DATABASE_URL", None)
        reset_settings()
        migrate()
        import_file(REPO / "sample" / "products.csv", "products")
        products = sample_products(args.products)
        report = {"machine": f"{os.cpu_count()} cores", "threads": Settings().threads, "products": len(products),
                  "max_tokens": args.max_tokens, "models": {}}
        for model in args.models:
            raw = [raw_engine(model, s, products, args.max_tokens) for s in args.slots]
            best = max(raw, key=lambda r: r["tok_per_s"])
            pipe = pipeline(model, best["slots"], args.max_tokens, args.products)
            report["models"][model] = {"raw": raw, "pipeline": pipe,
                                       "pipeline_vs_best_raw": round(pipe["tok_per_s"] / best["tok_per_s"], 3),
                                       "best_vs_one_slot": round(best["tok_per_s"] / raw[0]["tok_per_s"], 3)}
            if not args.json:
                print(f"\n{model}  ({len(products)} products, {args.max_tokens} max tokens, threads {report['threads']})")
                for r in raw:
                    print(f"  engine {r['slots']} slot(s): {r['tok_per_s']:6.2f} tok/s  "
                          f"({r['tok_per_s'] / raw[0]['tok_per_s']:.2f}× one slot)")
                print(f"  pipeline at {pipe['slots']} slot(s): {pipe['tok_per_s']:6.2f} tok/s, "
                      f"{pipe['products_per_min']:.2f} products/min, {pipe['passed']}/{pipe['products']} passed the gate")
                print(f"  pipeline / best engine: {report['models'][model]['pipeline_vs_best_raw']:.3f}")
    if args.json:
        print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
