"""Quality-gate benchmark: precision, recall and blocking false alarms per check, batch, language and family.

Rows come from benchmarks/data/quality/*.jsonl (batch "tuned": written by earlier sessions, the rules were tuned
on them) and benchmarks/data/quality/firstsight/<batch>.jsonl (independent batches; each row names its batch,
family and who wrote it). A row counts as flagged when its check raises a *blocking* flag. Every group is scored
three ways where the gate has a learned stage: the rules alone, the learned stage alone and both (the gate as it
runs). The baseline, measured in the same run, is a context-free substring match of a few obvious terms per check.
The speed section times the whole gate on draft-sized texts with the learned stages on and off.

Held-out batches (HELD_OUT) are read only when named in --batch: code never reads them by accident.

    .venv/bin/python benchmarks/quality_bench.py [--batch tuned,fs1] [--json] [--no-speed]
    .venv/bin/python benchmarks/quality_bench.py --ordinary [--json]   # ordinary shop copy blocked
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from shopscribe import quality
from shopscribe.quality import compliance, facts

DATA = Path(__file__).parent / "data" / "quality"
FIRST_SIGHT = DATA / "firstsight"
HELD_OUT = ("fs25",)  # fs24 was held out until scored once (2026-12-08, sixteenth session, at its end); fs23 (2026-12-08, sixteenth session, first thing), fs22 (2026-12-08, fifteenth session, at its end), fs21 (2026-12-08, fifteenth session, first thing), fs20 (2026-12-07, fourteenth session, at its end), fs19 (2026-12-07, fourteenth session, first thing), fs18 (2026-12-07, thirteenth session), fs17 (2026-12-07, twelfth session), fs16 (2026-12-07, eleventh session), fs15 (2026-12-07, tenth session), fs14 (2026-12-07, ninth session), fs13 (2026-12-07, eighth session), fs12 (2026-12-06), fs11, fs10, fs9, fs8, fs7, fs6, fs5, fs4 before it (all measured 2026-12-06)
TARGETS = {"compliance": ("recall ≥ 0.95, ≤ 0.02 blocking false alarms", 0.95, 0.02),
           "fact": ("recall ≥ 0.95, ≤ 0.05 false alarms", 0.95, 0.05)}
# A draft's generation time on these 2 cores (docs/benchmarks.md, generation throughput): the gate's cost is
# judged against it (target: the gate adds ≤ 20 %).
DRAFT_S = {"qwen2.5-coder-0.5b": 3.0, "qwen2.5-coder-1.5b": 10.0}
# Naive baseline: the words a reviewer would grep for, with no context, normalisation or product.
NAIVE = {
    "compliance": re.compile(r"最|第一|唯一|顶级|国家级|治疗|根治|100%|零风险|best|#1|number one|cure|treat|guarantee|risk-free",
                             re.IGNORECASE),
    "fact": re.compile(r"\d|棉|钢|铜|cotton|steel|copper|leather|wool", re.IGNORECASE),
    "injection": re.compile(r"忽略|指令|微信|http|www\.|\.com|@|ignore|instruction|off|free", re.IGNORECASE),
}


def _read(path: Path, defaults: dict[str, str]) -> list[dict]:
    rows = []
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        if line.strip():
            row = {**defaults, **json.loads(line)}
            row["where"] = f"{path.relative_to(DATA)}:{n}"
            rows.append(row)
    return rows


def batches_present() -> list[str]:
    names = ["tuned"] if any(DATA.glob("*.jsonl")) else []
    return names + sorted(p.stem for p in FIRST_SIGHT.glob("*.jsonl"))


def load(batches: list[str] | None = None) -> list[dict]:
    """Rows of the named batches (default: every batch present except the held-out ones)."""
    wanted = batches if batches is not None else [b for b in batches_present() if b not in HELD_OUT]
    rows: list[dict] = []
    if "tuned" in wanted:
        for path in sorted(DATA.glob("*.jsonl")):
            rows += _read(path, {"batch": "tuned", "written_by": "earlier sessions", "family": "-"})
    for name in wanted:  # a training batch (train/tr4.jsonl) only when named: it is trained on, not a first sight
        for folder in (FIRST_SIGHT, DATA / "train") if name != "tuned" else ():
            if (folder / f"{name}.jsonl").exists():
                rows += _read(folder / f"{name}.jsonl", {"batch": name, "family": "-"})
    return rows


def score(pairs: list[tuple[str, bool]]) -> dict[str, float]:
    tp = sum(1 for label, hit in pairs if label == "block" and hit)
    fp = sum(1 for label, hit in pairs if label == "clean" and hit)
    fn = sum(1 for label, hit in pairs if label == "block" and not hit)
    clean = sum(1 for label, _ in pairs if label == "clean")
    return {"rows": len(pairs), "block_rows": tp + fn, "clean_rows": clean, "caught": tp, "false_alarms": fp,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "false_alarm_rate": round(fp / clean, 3) if clean else 0.0}


# ---- the ways a check is run ----------------------------------------------------------------

Mode = Callable[[dict], list[quality.Flag]]


def _ctx(r: dict, **kw) -> quality.GateContext:
    return quality.GateContext(product=r.get("product"), lang=r["lang"], **kw)


def modes(check: str) -> dict[str, Mode]:
    """'gate' is the check as the gate runs it; 'rules' and 'learned' are its two stages where it has both."""
    def gate(r: dict) -> list[quality.Flag]:
        return quality.check_text(r["text"], r.get("product"), lang=r["lang"], only=[check]).flags

    out: dict[str, Mode] = {"gate": gate}
    if check == "compliance" and hasattr(compliance, "rule_flags"):
        out["rules"] = lambda r: compliance.rule_flags(r["text"], _ctx(r))
        out["learned"] = lambda r: compliance.learned_flags(r["text"], _ctx(r))
    if check == "fact" and hasattr(facts, "judge_flags"):
        out["rules"] = lambda r: facts.check(r["text"], _ctx(r, support_judge=False))
        out["learned"] = lambda r: facts.judge_flags(r["text"], _ctx(r, support_judge=True))
        out["gate"] = lambda r: facts.check(r["text"], _ctx(r, support_judge=True))
    return out


def evaluate(rows: list[dict]) -> tuple[dict, list[dict]]:
    by_check: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_check[r["check"]].append(r)
    results: dict = {}
    misses: list[dict] = []
    for check, items in sorted(by_check.items()):
        runs = modes(check)
        hits: dict[str, list[bool]] = {}
        speed: dict[str, float] = {}
        for name, run in runs.items():
            t0 = time.perf_counter()
            flags = [run(r) for r in items]
            speed[name] = round(len(items) / max(time.perf_counter() - t0, 1e-9), 1)
            hits[name] = [any(f.check == check and f.severity == "block" for f in fl) for fl in flags]
            if name == "gate":
                for r, fl, hit in zip(items, flags, hits[name]):
                    if hit != (r["label"] == "block"):
                        misses.append({"where": r["where"], "batch": r["batch"], "family": r["family"],
                                       "label": r["label"], "text": r["text"], "flags": [f.to_dict() for f in fl]})
        hits["baseline"] = [bool(NAIVE[check].search(r["text"])) if check in NAIVE else False for r in items]
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for i, r in enumerate(items):
            keys = [(r["batch"], "all", "all"), (r["batch"], r["lang"], "all")]
            if r["family"] != "-":
                keys += [(r["batch"], "all", r["family"]), (r["batch"], r["lang"], r["family"])]
            for key in keys:
                groups[key].append(i)
        table = []
        for (batch, lang, family), idx in sorted(groups.items()):
            entry = {"batch": batch, "lang": lang, "family": family}
            for name, h in hits.items():
                entry[name] = score([(items[i]["label"], h[i]) for i in idx])
            table.append(entry)
        results[check] = {"groups": table, "checks_per_s": speed}
    return results, misses


# ---- speed ----------------------------------------------------------------------------------

def drafts_of(rows: list[dict], per: int = 4) -> list[tuple[str, dict | None, str]]:
    """Draft-sized texts: `per` consecutive rows of one language and product joined into one paragraph."""
    by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        if r["check"] in ("compliance", "fact"):
            by_key[(r["lang"], json.dumps(r.get("product"), sort_keys=True, ensure_ascii=False))].append(r)
    out = []
    for (lang, _), rs in by_key.items():
        for i in range(0, len(rs), per):
            chunk = rs[i:i + per]
            sep = "" if lang == "zh" else " "
            out.append((sep.join(r["text"] for r in chunk), chunk[0].get("product"), lang))
    return out


def time_gate(drafts: list[tuple[str, dict | None, str]], **kw) -> float:
    """Seconds per draft for the whole gate (every check)."""
    if hasattr(compliance, "learned_flags"):
        from shopscribe.quality import meaning

        meaning.clear_cache()
    t0 = time.perf_counter()
    for text, product, lang in drafts:
        quality.check_copy(text, quality.GateContext(product=product, lang=lang, **kw))
    return (time.perf_counter() - t0) / max(len(drafts), 1)


def speed(rows: list[dict], most: int = 80) -> dict:
    drafts = drafts_of(rows)
    drafts = drafts[::max(1, len(drafts) // most)][:most]  # an even sample keeps the run short on 2 cores
    learned = hasattr(compliance, "learned_flags")
    out: dict = {"drafts": len(drafts), "mean_chars": round(sum(len(t) for t, _, _ in drafts) / max(len(drafts), 1))}
    if learned:
        time_gate(drafts[:5], learned=True, support_judge=True)  # load the model once, outside the timing
        off = time_gate(drafts, learned=False, support_judge=False)
        on = time_gate(drafts, learned=True, support_judge=False)
        judge = time_gate(drafts, learned=True, support_judge=True)
        out.update({"gate_s_per_draft_rules_only": round(off, 4), "gate_s_per_draft_learned": round(on, 4),
                    "gate_s_per_draft_learned_and_judge": round(judge, 4),
                    "added_s_per_draft_learned": round(on - off, 4),
                    "added_s_per_draft_judge": round(judge - on, 4)})
        gate_s = on
    else:
        gate_s = time_gate(drafts)
        out["gate_s_per_draft"] = round(gate_s, 4)
    out["gate_share_of_draft_time"] = {m: round(gate_s / s, 4) for m, s in DRAFT_S.items()}
    return out


# ---- output ---------------------------------------------------------------------------------

def _fmt(s: dict) -> str:
    return f"{s['precision']:>5.3f} {s['recall']:>5.3f} {s['false_alarm_rate']:>5.3f}"


def print_table(out: dict) -> None:
    print(f"{out['rows']} labelled rows in batches {', '.join(out['batches'])}")
    for check, res in out["checks"].items():
        names = [n for n in ("rules", "learned", "gate", "baseline") if n in res["groups"][0]]
        print(f"\n{check}: checks/s {res['checks_per_s']}")
        print(f"{'batch':<7}{'lang':<5}{'family':<18}{'rows':>5}{'blk':>5}{'cln':>5} | "
              + " | ".join(f"{n + ' P R FA':<17}" for n in names))
        for g in res["groups"]:
            s = g["gate"]
            print(f"{g['batch']:<7}{g['lang']:<5}{g['family']:<18}{s['rows']:>5}{s['block_rows']:>5}{s['clean_rows']:>5}"
                  " | " + " | ".join(f"{_fmt(g[n]):<17}" for n in names))
            if check in TARGETS and g["lang"] == "all" and g["family"] == "all":
                what, recall, alarms = TARGETS[check]
                ok = s["recall"] >= recall and s["false_alarm_rate"] <= alarms
                print(f"  target {what} on {g['batch']}: {'met' if ok else 'NOT met'}")
    print("\nspeed:", json.dumps(out["speed"], ensure_ascii=False))
    for m in out["misses"]:
        print(f"  miss {m['where']} [{m['family']}] ({m['label']}): {m['text'][:70]}")


# Ordinary copy, the most of what a shop writes: how much of it the compliance check blocks. The labelled sets are hard
# rows by design, so a threshold set on them alone can block plain lines ("New drop today!", 脑筋急转弯100题); this
# measures that. AdvertiseGen train references 1501-2500 are shop copy never trained on (the heads and the reader take
# the first 1,500 as clean copy); dev is never read here.
ORDINARY_ADGEN = (1500, 2500)


def ordinary_sets() -> dict[str, list[dict]]:
    from shopscribe.catalog.advertisegen import default_data_dir, read_rows

    out = {}
    for name in ("tr3", "tr6"):
        out[f"{name} ordinary copy"] = [r for r in load([name]) if r["check"] == "compliance" and r["label"] == "clean"
                                        and str(r.get("note", "")).startswith("ordinary copy")]
    first, last = ORDINARY_ADGEN
    refs = read_rows(default_data_dir() / "train.jsonl", limit=last)[first:]
    out[f"AdvertiseGen train references {first + 1}-{last}"] = [
        {"text": row.summary, "lang": "zh", "product": None, "where": f"advertisegen/train.jsonl:{first + 1 + i}"}
        for i, row in enumerate(refs)]
    return out


def ordinary() -> dict[str, dict]:
    """Per set of ordinary copy: rows, rows the compliance check blocks (gate, rules, learned stage), and which."""
    out = {}
    runs = modes("compliance")
    for name, rows in ordinary_sets().items():
        hits = {m: [r for r in rows if any(f.severity == "block" for f in run(r))] for m, run in runs.items()}
        out[name] = {"rows": len(rows), **{f"blocked_{m}": len(h) for m, h in hits.items()},
                     "blocked": [{"where": r["where"], "text": r["text"][:120]} for r in hits["gate"]]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", help="comma-separated batches (tuned, fs1, ...); held-out ones only when named")
    parser.add_argument("--no-speed", action="store_true", help="skip the seconds-per-draft measurement")
    parser.add_argument("--ordinary", action="store_true",
                        help="only: how much ordinary shop copy the compliance check blocks (about 10 minutes)")
    args = parser.parse_args()
    if args.ordinary:
        found = ordinary()
        if args.json:
            print(json.dumps(found, ensure_ascii=False, indent=1))
        for name, r in found.items():
            print(f"{name}: {r['rows']} rows, blocked by the gate {r['blocked_gate']} (rules {r['blocked_rules']}, "
                  f"learned stage {r['blocked_learned']})", file=sys.stderr if args.json else sys.stdout)
        return 0
    batches = args.batch.split(",") if args.batch else None
    rows = load(batches)
    results, misses = evaluate(rows)
    out = {"rows": len(rows), "batches": sorted({r["batch"] for r in rows}), "checks": results,
           "speed": {} if args.no_speed else speed(rows), "misses": misses}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print_table(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
