"""Quality-gate benchmark: precision and recall per check on the labelled sets, and checks per second.

Reads every benchmarks/data/quality/*.jsonl row ({"id","check","lang","text","product","label": block|clean}).
A row counts as flagged when its check raises a *blocking* flag. The baseline, measured in the same run,
is a context-free substring match of a few obvious terms per check: it shows what the gate's context
rules, normalisation and product comparison buy, and gives the speed ratio.

    .venv/bin/python benchmarks/quality_bench.py [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from shopscribe import quality

DATA = Path(__file__).parent / "data" / "quality"
TARGETS = {"compliance": ("recall ≥ 0.95, no blocking flag on clean text", 0.95, 0.0),
           "fact": ("recall ≥ 0.9, ≤ 10% false alarms", 0.9, 0.10)}
# Naive baseline: the words a reviewer would grep for, with no context, normalisation or product.
NAIVE = {
    "compliance": re.compile(r"最|第一|唯一|顶级|国家级|治疗|根治|100%|零风险|best|#1|number one|cure|treat|guarantee|risk-free",
                             re.IGNORECASE),
    "fact": re.compile(r"\d|棉|钢|铜|cotton|steel|copper|leather|wool", re.IGNORECASE),
    "injection": re.compile(r"忽略|指令|微信|http|www\.|\.com|@|ignore|instruction|off|free", re.IGNORECASE),
}


def load() -> list[dict]:
    rows = []
    for path in sorted(DATA.glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if line.strip():
                row = json.loads(line)
                row["where"] = f"{path.name}:{n}"
                rows.append(row)
    return rows


def score(pairs: list[tuple[str, bool]]) -> dict[str, float]:
    tp = sum(1 for label, hit in pairs if label == "block" and hit)
    fp = sum(1 for label, hit in pairs if label == "clean" and hit)
    fn = sum(1 for label, hit in pairs if label == "block" and not hit)
    clean = sum(1 for label, _ in pairs if label == "clean")
    return {"rows": len(pairs), "block_rows": tp + fn, "clean_rows": clean,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "false_alarm_rate": round(fp / clean, 3) if clean else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = load()
    by_check: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_check[r["check"]].append(r)
    results, misses = {}, []
    for check, items in sorted(by_check.items()):
        gate, naive = [], []
        t0 = time.perf_counter()
        for r in items:
            report = quality.check_text(r["text"], r.get("product"), lang=r["lang"], only=[check])
            hit = any(f.check == check for f in report.blocks)
            gate.append((r["label"], hit))
            if hit != (r["label"] == "block"):
                misses.append({"where": r["where"], "label": r["label"], "text": r["text"],
                               "flags": [f.to_dict() for f in report.flags]})
        gate_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for r in items:
            naive.append((r["label"], bool(NAIVE[check].search(r["text"])) if check in NAIVE else False))
        naive_s = time.perf_counter() - t0
        results[check] = {"gate": score(gate), "baseline": score(naive),
                          "gate_checks_per_s": round(len(items) / gate_s, 1),
                          "baseline_checks_per_s": round(len(items) / max(naive_s, 1e-9), 1)}
    # The whole gate (every check) on every row: the cost a generated candidate pays.
    t0 = time.perf_counter()
    for r in rows:
        quality.check_text(r["text"], r.get("product"), lang=r["lang"])
    full = len(rows) / (time.perf_counter() - t0)
    out = {"rows": len(rows), "checks": results, "full_gate_texts_per_s": round(full, 1), "misses": misses}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(rows)} labelled rows; full gate (all checks): {full:,.0f} texts/s")
    print(f"{'check':<11}{'rows':>5}{'block':>6}{'clean':>6} | {'prec':>5}{'recall':>7}{'f.alarm':>8} | "
          f"{'base prec':>9}{'recall':>7}{'f.alarm':>8} | {'checks/s':>9}{'× base':>8}")
    for check, r in results.items():
        g, b = r["gate"], r["baseline"]
        print(f"{check:<11}{g['rows']:>5}{g['block_rows']:>6}{g['clean_rows']:>6} | {g['precision']:>5.3f}"
              f"{g['recall']:>7.3f}{g['false_alarm_rate']:>8.3f} | {b['precision']:>9.3f}{b['recall']:>7.3f}"
              f"{b['false_alarm_rate']:>8.3f} | {r['gate_checks_per_s']:>9,.0f}"
              f"{r['gate_checks_per_s'] / r['baseline_checks_per_s']:>8.3f}")
        if check in TARGETS:
            what, recall, alarms = TARGETS[check]
            ok = g["recall"] >= recall and g["false_alarm_rate"] <= alarms
            print(f"  target {what}: {'met' if ok else 'NOT met'}")
    for m in misses:
        print(f"  miss {m['where']} ({m['label']}): {m['text'][:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
