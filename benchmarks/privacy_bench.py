"""Privacy benchmark: recall and false redactions of `redact_pii` on labelled review sentences, and reviews/s.

Reads benchmarks/data/privacy/sentences.jsonl ({"text", "lang", "spans": [[start, end, kind]], "author"?, "batch"}).
A labelled span is recalled when the found spans cover every character of it (the placeholder's kind does not
matter: the data is gone). A false redaction is a character found outside every labelled span; a sentence with
one counts once. The speed baseline, measured in the same run on the same sentences, is the same function
limited to e-mail, phone and ID numbers (the rules the catalog had before names, addresses and chat ids).

Each row has a "batch" (1: written before the rules and scored before tuning; 2: written after tuning) and a
"written_by". Order and tracking numbers are deliberately not labelled: they name an order, not a person.

    .venv/bin/python benchmarks/privacy_bench.py [--batch 2] [--data FILE] [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from shopscribe.catalog.personal import KINDS, find_personal
from shopscribe.catalog.privacy import redact_pii

DATA = Path(__file__).parent / "data" / "privacy" / "sentences.jsonl"
BASELINE_KINDS = ("email", "phone", "id")


def load(path: Path, batch: str | None) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [r for r in rows if batch is None or str(r.get("batch")) == batch]


def score(rows: list[dict], kinds: tuple[str, ...] | None = None) -> dict:
    spans = defaultdict(lambda: [0, 0])            # (lang, kind) -> [recalled, labelled]
    false = defaultdict(lambda: [0, 0, 0, 0])      # lang -> [false chars, sentences with one, sentences, negatives hit]
    negatives = defaultdict(int)
    misses, false_hits, unstable = [], [], []
    for row in rows:
        text, lang = row["text"], row["lang"]
        names = [row["author"]] if row.get("author") else []
        found = find_personal(text, names, kinds)
        covered = set()
        for s in found:
            covered.update(range(s.start, s.end))
        labelled = set()
        for start, end, kind in row["spans"]:
            labelled.update(range(start, end))
            if kinds is not None and kind not in kinds and not (kind == "wechat" and "phone" in kinds and text[start:end].isdigit()):
                continue
            hit = all(i in covered for i in range(start, end))
            spans[lang, kind][0] += hit
            spans[lang, kind][1] += 1
            if not hit:
                misses.append(f"{lang} {kind}: {text[start:end]!r} in {text!r}")
        outside = covered - labelled
        f = false[lang]
        f[0] += len(outside)
        f[1] += bool(outside)
        f[2] += 1
        if not row["spans"]:
            negatives[lang] += 1
            f[3] += bool(outside)
        if outside:
            false_hits.append(f"{lang}: {''.join(text[i] for i in sorted(outside))!r} in {text!r}")
        once = redact_pii(text, lang, names, kinds)
        if redact_pii(once, lang, names, kinds) != once:
            unstable.append(text)
    recall = {}
    for lang in sorted({r["lang"] for r in rows}):
        for kind in KINDS:
            if (lang, kind) in spans:
                hit, total = spans[lang, kind]
                recall[f"{lang}/{kind}"] = {"recalled": hit, "labelled": total, "recall": round(hit / total, 3)}
        hit = sum(v[0] for (lg, _), v in spans.items() if lg == lang)
        total = sum(v[1] for (lg, _), v in spans.items() if lg == lang)
        recall[f"{lang}/all"] = {"recalled": hit, "labelled": total, "recall": round(hit / total, 3) if total else 0.0}
    falses = {lang: {"false_chars": f[0], "sentences_with_false": f[1], "sentences": f[2],
                     "negatives_hit": f[3], "negatives": negatives[lang]} for lang, f in sorted(false.items())}
    return {"recall": recall, "false": falses, "not_idempotent": len(unstable),
            "misses": misses, "false_hits": false_hits, "unstable": unstable}


def speed(rows: list[dict], kinds: tuple[str, ...] | None, seconds: float = 2.0) -> float:
    work = [(r["text"], r["lang"], [r["author"]] if r.get("author") else []) for r in rows]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, lang, names in work:
            redact_pii(text, lang, names, kinds)
        done += len(work)
    return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--batch", help="score one batch of the set (its 'batch' field)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list each miss and false redaction")
    args = parser.parse_args()
    rows = load(args.data, args.batch)
    if not rows:
        print(f"no sentences in {args.data}" + (f" for batch {args.batch}" if args.batch else ""), file=sys.stderr)
        return 1
    result = score(rows)
    baseline = score(rows, BASELINE_KINDS)
    full_rate, base_rate = speed(rows, None), speed(rows, BASELINE_KINDS)
    out = {"sentences": len(rows), "batch": args.batch or "all", "recall": result["recall"], "false": result["false"],
           "not_idempotent": result["not_idempotent"],
           "baseline_recall": {k: v for k, v in baseline["recall"].items() if k.endswith("/all")},
           "baseline_false": baseline["false"],
           "reviews_per_s": round(full_rate), "baseline_reviews_per_s": round(base_rate),
           "speed_vs_baseline": round(full_rate / base_rate, 2)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(rows)} sentences, batch {out['batch']}\n")
    print("| language/kind | recalled | labelled | recall |\n|---|---|---|---|")
    for key, v in result["recall"].items():
        print(f"| {key} | {v['recalled']} | {v['labelled']} | {v['recall']:.3f} |")
    print("\n| language | false chars | sentences with a false redaction | hard negatives hit |\n|---|---|---|---|")
    for lang, v in result["false"].items():
        print(f"| {lang} | {v['false_chars']} | {v['sentences_with_false']} / {v['sentences']} | {v['negatives_hit']} / {v['negatives']} |")
    print("\nbaseline (e-mail, phone, ID only): " + ", ".join(
        f"{k} recall {v['recall']:.3f} ({v['recalled']}/{v['labelled']} of those kinds)" for k, v in out["baseline_recall"].items()))
    print(f"not idempotent: {result['not_idempotent']}")
    print(f"reviews/s: {full_rate:,.0f} (baseline {base_rate:,.0f}, × {out['speed_vs_baseline']})")
    if args.show:
        for title, items in (("misses", result["misses"]), ("false redactions", result["false_hits"]),
                             ("not idempotent", result["unstable"])):
            print(f"\n{title}:")
            for item in items:
                print("  " + item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
