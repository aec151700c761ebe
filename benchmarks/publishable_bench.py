"""Publishable-copy checks (quality.publishable): precision, recall and blocking false alarms per family, language
and batch on rows written without reading the checks (benchmarks/data/quality/publishable/, see its README), and
what the rest of the gate (without them) already caught of the same rows: the baseline measured in the same run.

A row counts as caught when a publishability flag of its own family blocks it (for recall), and as a false alarm
when a clean row gets any publishability flag. fs1 is the development batch, fs2 the held-out one.

    .venv/bin/python benchmarks/publishable_bench.py [--batch fs1 fs2] [--json] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from shopscribe.content import gate_context
from shopscribe.quality import check_copy

DATA = Path(__file__).parent / "data" / "quality" / "publishable"
BASELINE = ["language", "fields", "compliance", "injection", "fact"]  # the gate as it was before these checks


def rows(batches: list[str]) -> list[dict]:
    out = []
    for batch in batches:
        path = DATA / f"{batch}.jsonl"
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if line.strip():
                out.append(json.loads(line) | {"where": f"{path.name}:{n}"})
    return out


def rate(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", nargs="+", default=["fs1", "fs2"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    found: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    t_checks = t_base = 0.0
    data = rows(args.batch)
    for r in data:
        ctx = gate_context(r["kind"], r["lang"], product=r.get("product"))
        t0 = time.perf_counter()
        ours = check_copy(r["text"], ctx, only=["publishable"]).blocks
        t_checks += time.perf_counter() - t0
        t0 = time.perf_counter()
        base = check_copy(r["text"], ctx, only=BASELINE).blocks
        t_base += time.perf_counter() - t0
        for key in ((r["batch"], r["family"], r["lang"]), (r["batch"], "all", r["lang"])):
            cell = found[key]
            if r["label"] == "block":
                cell["block"] += 1
                cell["caught"] += any(f.check == r["family"] for f in ours)
                cell["base_caught"] += bool(base)
            else:
                cell["clean"] += 1
                cell["false"] += bool(ours)
                cell["base_false"] += bool(base)
        wrong = (r["label"] == "block") != any(f.check == r["family"] for f in ours) or (r["label"] == "clean" and ours)
        if wrong:
            misses.append({"where": r["where"], "family": r["family"], "label": r["label"], "text": r["text"][:90],
                           "flags": [(f.check, f.text) for f in ours]})
    table = []
    for (batch, family, lang), c in sorted(found.items()):
        table.append({"batch": batch, "family": family, "lang": lang, "block": c["block"], "clean": c["clean"],
                      "recall": rate(c["caught"], c["block"]), "false_alarms": rate(c["false"], c["clean"]),
                      "baseline_recall": rate(c["base_caught"], c["block"]),
                      "baseline_false_alarms": rate(c["base_false"], c["clean"])})
    out = {"rows": len(data), "table": table, "checks_per_s": round(len(data) / t_checks, 1),
           "baseline_checks_per_s": round(len(data) / t_base, 1), "misses": misses}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(data)} rows; publishability checks {out['checks_per_s']:,.0f} texts/s "
          f"(the rest of the gate: {out['baseline_checks_per_s']:,.0f} texts/s)")
    print(f"{'batch':<5} {'family':<12}{'lang':<5}{'block':>6}{'clean':>6} | {'recall':>7}{'f.alarm':>8} | "
          f"{'base rec':>8}{'base f.a':>9}")
    for t in table:
        print(f"{t['batch']:<5} {t['family']:<12}{t['lang']:<5}{t['block']:>6}{t['clean']:>6} | {t['recall']:>7.3f}"
              f"{t['false_alarms']:>8.3f} | {t['baseline_recall']:>8.3f}{t['baseline_false_alarms']:>9.3f}")
    if args.misses:
        for m in misses:
            print(f"  {m['where']} {m['family']} {m['label']}: {m['text']}  {m['flags']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
