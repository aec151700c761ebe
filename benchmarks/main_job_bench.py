"""The main job as a new shop runs it: the bundled sample imported into a fresh home, then
`shopscribe generate --kind K --all --lang auto` with the default model and settings for every kind.

Per kind and language it reports the share of products whose kept draft passes the gate, the share that passes the
publishable rules alone (quality.publishable: echo, escape, fragment, shape, category, placeholder), how many
passing drafts still carry an echo, escape or fragment flag (must be 0), attempts per kept draft, which repair
strategy produced it, and minutes. The baseline measured in the same run is the first try: the share that passed
before any repair, so the ratio says what the repair ladder adds. A few kept drafts per kind are quoted.

    .venv/bin/python benchmarks/main_job_bench.py [--kinds description title …] [--limit N] [--model NAME]
        [--out benchmarks/results/main_job.json]

--limit N writes for the first N products of each language (N reviews for review-reply), to fit a CPU budget.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("SHOPSCRIBE_MODELS_DIR", str(REPO / ".shopscribe" / "models"))
os.environ.setdefault("SHOPSCRIBE_DATA_DIR", str(REPO / ".shopscribe" / "data"))
KINDS = ["description", "title", "bullets", "ad", "social", "email", "review-reply"]
MUST_NOT_PASS = {"echo", "escape", "fragment"}  # a passing draft with one of these is a gate failure


def shopscribe(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("shopscribe")
    run = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"shopscribe {' '.join(args)} failed ({run.returncode}): {run.stderr[-2000:]}")
    return run


def sample_skus(limit: int | None) -> list[str]:
    """The first `limit` products of each language in the sample's order (all of them without a limit)."""
    import csv

    from shopscribe.content.jobs import lang_of

    rows = list(csv.DictReader((REPO / "sample" / "products.csv").open(encoding="utf-8")))
    by_lang: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_lang[lang_of(r)].append(r["sku"])
    return [sku for skus in by_lang.values() for sku in (skus[:limit] if limit else skus)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=KINDS, choices=KINDS)
    parser.add_argument("--limit", type=int, default=None, help="products per language (reviews for review-reply)")
    parser.add_argument("--model", default=None, help="default: the settings' model (the 1.5B)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "main_job.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = dict(os.environ, SHOPSCRIBE_HOME=str(home))
        env.pop("SHOPSCRIBE_DATABASE_URL", None)
        if args.model:
            env["SHOPSCRIBE_MODEL"] = args.model
        shopscribe("init", env=env)
        for what, path in (("products", "products.csv"), ("reviews", "reviews.jsonl"), ("events", "events.csv")):
            shopscribe("import", what, str(REPO / "sample" / path), env=env)
        os.environ["SHOPSCRIBE_HOME"] = str(home)
        skus = sample_skus(args.limit)
        minutes: dict[str, float] = {}
        for kind in args.kinds:
            chosen = skus
            if kind == "review-reply" and args.limit:
                chosen = reviewed_skus(home, args.limit)
            t0 = time.perf_counter()
            picks = [a for sku in chosen for a in ("--sku", sku)]
            shopscribe("generate", "--kind", kind, *(picks if args.limit else ["--all"]), "--lang", "auto", env=env)
            minutes[kind] = round((time.perf_counter() - t0) / 60, 2)
            print(f"{kind}: {minutes[kind]} min", file=sys.stderr, flush=True)
        report = measure(args.kinds, minutes)
    report["settings"] = {"model": args.model or "default (settings.model)", "limit": args.limit,
                          "command": "generate --kind K --all --lang auto" if not args.limit else
                          f"generate --kind K --sku … (first {args.limit} per language) --lang auto"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(report)
    return 0


def reviewed_skus(home: Path, limit: int) -> list[str]:
    """Products whose reviews give `limit` replies in each language, in sample order."""
    from shopscribe.config import reset_settings
    from shopscribe.store import CustomerReview, Product, session_scope

    reset_settings()
    from sqlalchemy import select

    from shopscribe.content.jobs import lang_of

    taken: dict[str, int] = defaultdict(int)
    out: list[str] = []
    with session_scope() as s:
        for p in s.scalars(select(Product).order_by(Product.id)):
            n = len(s.scalars(select(CustomerReview.id).where(CustomerReview.product_id == p.id)).all())
            lang = lang_of({"title": p.title, "description": p.description})
            if n and taken[lang] < limit:
                taken[lang] += n
                out.append(p.sku)
    return out


def measure(kinds: list[str], minutes: dict[str, float]) -> dict:
    from sqlalchemy import select

    from shopscribe.catalog import product_record
    from shopscribe.config import reset_settings
    from shopscribe.content import gate_context
    from shopscribe.quality import check_copy
    from shopscribe.store import Draft, session_scope

    reset_settings()
    cells: dict[tuple[str, str], dict] = {}
    quotes: dict[str, list[dict]] = defaultdict(list)
    with session_scope() as s:
        for d in s.scalars(select(Draft).where(Draft.variant == 0).order_by(Draft.id)):
            if d.kind not in kinds:
                continue
            product = product_record(d.product)
            ctx = gate_context(d.kind, d.lang, channel=d.channel, product=product)
            publishable = check_copy(d.text, ctx, only=["publishable"])
            passed = bool(d.check_report.get("passed"))
            blocks = {f["check"] for f in d.check_report.get("flags", []) if f["severity"] == "block"}
            tries = d.settings.get("tries") or [{"strategy": "first", "blocks": sorted(blocks)}]
            c = cells.setdefault((d.kind, d.lang), defaultdict(int) | {"strategies": defaultdict(int),
                                                                         "blocked_by": defaultdict(int)})
            c["n"] += 1
            c["passed"] += passed
            c["publishable"] += publishable.passed
            c["first_try"] += not tries[0]["blocks"]
            c["attempts"] += d.attempts
            # Judged afresh on the stored text, warnings included: a passing draft must carry none of these at all.
            c["bad_pass"] += passed and any(f.check in MUST_NOT_PASS for f in publishable.flags)
            c["strategies"][d.settings.get("strategy", "first")] += passed
            for b in blocks:
                c["blocked_by"][b] += 1
            if passed and len(quotes[d.kind]) < 4 and d.lang not in [q["lang"] for q in quotes[d.kind]][-1:]:
                quotes[d.kind].append({"sku": product["sku"], "lang": d.lang, "strategy": d.settings.get("strategy"),
                                       "text": d.text})
            elif not passed:
                quotes[f"{d.kind} (blocked)"].append({"sku": product["sku"], "lang": d.lang, "blocks": sorted(blocks),
                                                      "tries": tries, "text": d.text})
    rows = []
    for (kind, lang), c in sorted(cells.items(), key=lambda kv: (kinds.index(kv[0][0]), kv[0][1])):
        n = c["n"]
        rows.append({"kind": kind, "lang": lang, "n": n, "passed": c["passed"], "pass_share": round(c["passed"] / n, 3),
                     "publishable_share": round(c["publishable"] / n, 3),
                     "first_try_share": round(c["first_try"] / n, 3),
                     "repair_ratio": round(c["passed"] / c["first_try"], 2) if c["first_try"] else None,
                     "attempts_per_draft": round(c["attempts"] / n, 2), "passing_with_echo_escape_fragment":
                     c["bad_pass"], "kept_by_strategy": dict(c["strategies"]), "blocked_by": dict(c["blocked_by"]),
                     "minutes_for_kind": minutes.get(kind)})
    return {"rows": rows, "quotes": dict(quotes), "minutes": minutes}


def print_table(report: dict) -> None:
    head = ["kind", "lang", "n", "passed", "pass_share", "publishable_share", "first_try_share", "repair_ratio",
            "attempts_per_draft", "passing_with_echo_escape_fragment", "kept_by_strategy", "minutes_for_kind"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in report["rows"]:
        print("| " + " | ".join(str(r[h]) for h in head) + " |")
    print(json.dumps(report["quotes"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
