"""AdvertiseGen on dev: zero-shot vs retrieval few-shot vs LoRA for the embedded models, on this machine's CPU.

Usage (after `make model-small`; the 1.5B needs `make model-large`):
  SHOPSCRIBE_THREADS=2 python benchmarks/advertisegen.py --rows 200 --models qwen2.5-coder-0.5b \
      --configs zero few lora lora+mbr lora+len [--adapter qwen2.5-coder-0.5b=PATH.gguf] [--mbr 8] [--min-chars 80] \
      [--out benchmarks/results/advertisegen.json]

  python benchmarks/advertisegen.py --report --rows 200 --models qwen2.5-coder-0.5b qwen2.5-coder-1.5b

Each (model, config) writes its predictions under --work and resumes from them if interrupted. --report generates
nothing: it rescores the saved predictions of the first --rows rows and adds, for every setup, paired-bootstrap 95 %
intervals of its difference from the same model's zero-shot run on the same rows. `lora` uses
--adapter MODEL=PATH when given, else trains one on train.jsonl first (`shopscribe tune lora` with the --train-*
schedule below). Prints a markdown table with ratios against the same model's zero-shot row measured in this
run, and the published ChatGLM-6B row; results accumulate in --out keyed by model and config.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

from shopscribe.config import get_settings
from shopscribe.tune import CHATGLM_6B, Decoding, EvalRequest, LoraSpec, evaluate_generation, train_lora
from shopscribe.catalog.advertisegen import default_data_dir

# Setups: zero-shot, k retrieved train examples, a LoRA adapter, and both together; "+mbr" samples --mbr
# candidates per row (temperature 0.7) and keeps the one the others agree with most, instead of greedy decoding;
# "+len" continues copy that stopped shorter than --min-chars to the next sentence end (content.lengthen);
# "fewcopy" shows the k examples' copy alone instead of k worked exchanges (prompts.EXAMPLE_STYLES "copy").
CONFIGS = {"zero": "zero-shot", "few": "{k}-shot (BM25, train pool)", "lora": "LoRA",
           "fewcopy": "{k}-shot, copy only (BM25, train pool)", "few+lora": "{k}-shot + LoRA",
           "fewcopy+lora": "{k}-shot, copy only + LoRA", "zero+mbr": "zero-shot + MBR", "lora+mbr": "LoRA + MBR",
           "few+mbr": "{k}-shot + MBR", "few+lora+mbr": "{k}-shot + LoRA + MBR",
           "lora+len": "LoRA, continued to {m} chars", "lora+mbr+len": "LoRA + MBR, continued to {m} chars"}
METRICS = ("bleu4", "sacrebleu", "rouge1", "rouge2", "rougeL", "distinct2", "fact_consistency", "compliance_rate",
           "avg_chars")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200, help="first N rows of dev")
    ap.add_argument("--models", nargs="+", default=["qwen2.5-coder-0.5b"])
    ap.add_argument("--configs", nargs="+", default=["zero", "few", "lora"], choices=list(CONFIGS))
    ap.add_argument("--few-shot", type=int, default=3)
    ap.add_argument("--mbr", type=int, default=8, help="candidates per row of the +mbr setups")
    ap.add_argument("--min-chars", type=int, default=None,
                    help="the +len setups continue copy shorter than this (default: the 10th percentile of the "
                         "train copy's length, so nothing is chosen on dev)")
    # Every setup of the run decodes with these; a run with other values needs its own --work and --out.
    ap.add_argument("--repeat-penalty", type=float, default=Decoding.repeat_penalty,
                    help="taxes every token already written (1.0: off)")
    ap.add_argument("--dry", type=float, default=0.0, help="llama.cpp's DRY multiplier: taxes a phrase coming "
                    "round again instead (0: off)")
    ap.add_argument("--adapter", action="append", default=[], help="MODEL=PATH of a GGUF LoRA adapter")
    ap.add_argument("--train-rows", type=int, default=256)
    ap.add_argument("--train-steps", type=int, default=32)
    ap.add_argument("--train-batch", type=int, default=4)
    ap.add_argument("--train-lr", type=float, default=5e-4)
    ap.add_argument("--train-top-layers", type=int, default=None)
    ap.add_argument("--concurrency", type=int, default=None)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    # Committed, so an evaluation goes on where the last session stopped and every reported row can be rescored.
    ap.add_argument("--work", type=Path, default=Path("benchmarks/results/advertisegen-dev"))
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/advertisegen.json"))
    ap.add_argument("--report", action="store_true", help="rescore saved predictions; generate nothing")
    a = ap.parse_args()
    if a.report:
        return report(a)

    dev, train = a.data_dir / "dev.jsonl", a.data_dir / "train.jsonl"
    adapters = dict(item.split("=", 1) for item in a.adapter)
    settings = get_settings()
    results = json.loads(a.out.read_text(encoding="utf-8")) if a.out.is_file() else {}
    machine = {"cpu": _cpu_name(), "cpus": os.cpu_count(), "threads": settings.threads, "slots": settings.slots,
               "concurrency": a.concurrency or settings.concurrency, "python": platform.python_version()}
    min_chars = a.min_chars or train_length_floor(train)
    for model in a.models:
        for config in a.configs:
            started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            adapter, training = None, None
            if "lora" in config:
                adapter = adapters.get(model)
                if adapter is None:
                    out = a.work / f"{model}-lora"
                    print(f"training a LoRA adapter for {model} into {out}", file=sys.stderr, flush=True)
                    training = train_lora(LoraSpec(data=train, model=model, out=out, limit=a.train_rows,
                                                   max_steps=a.train_steps, batch_size=a.train_batch, lr=a.train_lr,
                                                   top_layers=a.train_top_layers),
                                          on_progress=lambda m: print(m, file=sys.stderr, flush=True))
                    training = {k: v for k, v in training.items() if k not in ("losses", "grad_norms")}
                    adapter = training["adapter"]
            few = "few" in config
            req = EvalRequest(data=dev, limit=a.rows, model=model, few_shot=a.few_shot if few else 0,
                              pool=train if few else None, adapter=Path(adapter) if adapter else None,
                              predictions_out=a.work / f"{model}-{config}-dev.jsonl",
                              decoding=decoding(config, a.mbr, min_chars, a.repeat_penalty, a.dry),
                              concurrency=a.concurrency,
                              example_style="copy" if config.startswith("fewcopy") else "turns")
            print(f"{model} {config}: {a.rows} dev rows", file=sys.stderr, flush=True)
            r = evaluate_generation(req)
            entry = {k: r[k] for k in ("rows", "scored", "model", "adapter", "few_shot", "pool", "template",
                                       "decoding", "engine", "metrics", "speed", "failed")}
            entry.update(started=started, machine=machine, training=training or results.get(f"{model}/{config}",
                                                                                          {}).get("training"))
            results[f"{model}/{config}"] = entry
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return 0


def train_length_floor(train: Path, percentile: float = 0.10) -> int:
    """The length (characters) that a tenth of the train copy falls short of: the +len setups' floor."""
    from shopscribe.catalog.advertisegen import read_rows

    lengths = sorted(len(r.summary) for r in read_rows(train))
    return lengths[int(percentile * len(lengths))]


def decoding(config: str, mbr: int, min_chars: int, repeat_penalty: float, dry: float) -> Decoding:
    """Greedy, or --mbr sampled candidates chosen by consensus; +len continues copy shorter than min_chars."""
    floor = min_chars if "+len" in config else 0
    chosen = Decoding.mbr(mbr, min_chars=floor) if "+mbr" in config else Decoding(min_chars=floor)
    return dataclasses.replace(chosen, repeat_penalty=repeat_penalty, dry=dry)


def _saved(path: Path, keys: list[str]) -> list[dict]:
    """The saved predictions of these rows, in row order (the last record of a key wins, as on resume)."""
    by_key = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:  # a torn last line of a stopped run
                continue
            by_key[rec["key"]] = rec
    return [by_key[k] for k in keys if k in by_key]


def report(a: argparse.Namespace) -> int:
    """Rescore the first --rows rows of every saved run and compare each setup with zero-shot, row by row."""
    from shopscribe.catalog.advertisegen import read_rows
    from shopscribe.tune.compare import compare_records
    from shopscribe.tune.evaluate import score, speed

    keys = [r.key for r in read_rows(a.data_dir / "dev.jsonl", a.rows)]
    results = json.loads(a.out.read_text(encoding="utf-8")) if a.out.is_file() else {}
    for model in a.models:
        zero = _saved(a.work / f"{model}-zero-dev.jsonl", keys)
        for config in CONFIGS:
            recs = _saved(a.work / f"{model}-{config}-dev.jsonl", keys)
            key = f"{model}/{config}"
            if len(recs) < len(keys):  # a table compares setups on the same rows only
                if recs:
                    print(f"{key}: {len(recs)} of the first {len(keys)} rows saved; left out of this table",
                          file=sys.stderr)
                results.pop(key, None)
                continue
            # A run stopped before it wrote its summary still has its records' own settings.
            first = recs[0]
            entry = results.setdefault(key, {
                "model": model, "adapter": first.get("adapter"), "few_shot": first.get("few_shot", 0),
                "template": first.get("template"), "decoding": first.get("settings"), "failed": []})
            entry.update(rows=len(keys), scored=len(recs), metrics={k: round(v, 2) for k, v in score(recs).items()},
                         speed={**speed(recs), "load_s": entry.get("speed", {}).get("load_s")})
            entry["ci95"] = spread(recs)
            print(f"{key} on {len(recs)} rows: " + "; ".join(
                f"{m} {lo:.2f}–{hi:.2f} (ChatGLM-6B {CHATGLM_6B[m]:.2f})" for m, (lo, hi) in entry["ci95"].items()),
                file=sys.stderr)
            if config != "zero" and zero:
                entry["vs_zero"] = [d.to_dict() for d in compare_records(zero, recs)]
                paired = len({r["key"] for r in zero} & {r["key"] for r in recs})  # compare_records pairs by key
                print(f"{key} − {model}/zero on {paired} rows: " + "; ".join(
                    f"{d['metric']} {d['diff']:+.2f} [{d['ci95'][0]:+.2f}, {d['ci95'][1]:+.2f}]"
                    for d in entry["vs_zero"]), file=sys.stderr)
    a.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return 0


def spread(records: list[dict]) -> dict[str, list[float]]:
    """Bootstrap 95 % intervals of the row-averaged BLEU-4 and ROUGE-L: how far the published single figures
    (ChatGLM-6B's) may be from ours by the luck of the rows."""
    from shopscribe.tune.compare import bootstrap
    from shopscribe.tune.evaluate import row_scores

    rows = row_scores(records)
    out = {}
    for m in ("bleu4", "rougeL"):
        values = [r[m] for r in rows]
        _, low, high = bootstrap(len(values), lambda idx, v=values: sum(v[i] for i in idx) / len(idx))
        out[m] = [round(low, 2), round(high, 2)]
    return out


def table(results: dict) -> str:
    """Markdown rows: each run, its ratio to the same model's zero-shot BLEU-4 / ROUGE-L, and the anchor."""
    head = ("| model | setup | rows | BLEU-4 | sacreBLEU zh | ROUGE-1 | ROUGE-2 | ROUGE-L | distinct-2 | fact % "
            "| compliance % | avg chars | tok/s | min / 100 rows | BLEU-4 / ROUGE-L vs zero-shot |")
    lines = [head, "|" + "---|" * 15]
    order = list(CONFIGS)
    for key, r in sorted(results.items(), key=lambda kv: (kv[0].split("/")[0], order.index(kv[0].split("/")[1]))):
        model, config = key.split("/")
        m, s = r["metrics"], r["speed"]
        base = results.get(f"{model}/zero", {}).get("metrics")
        ratio = (f"{m['bleu4'] / base['bleu4']:.2f}× / {m['rougeL'] / base['rougeL']:.2f}×"
                 if base and base["bleu4"] and base["rougeL"] and config != "zero" else "1.00× / 1.00×"
                 if config == "zero" else "")
        dec = r.get("decoding") or {}
        setup = CONFIGS[config].format(k=r["few_shot"], m=dec.get("min_chars", ""))
        if dec.get("repeat_penalty", Decoding.repeat_penalty) != Decoding.repeat_penalty:
            setup += f", repeat penalty {dec['repeat_penalty']:g}"
        if dec.get("dry"):
            setup += f", DRY {dec['dry']:g}"
        lines.append(f"| {model} | {setup} | {r['scored']} | " + " | ".join(f"{m[k]:.2f}" for k in METRICS[:-1])
                     + f" | {m['avg_chars']:.0f} | {s['tokens_per_s']:.1f} | {s['minutes_per_100_rows']:.1f} | {ratio} |")
    a = CHATGLM_6B
    lines.append(f"| ChatGLM-6B fine-tuned (published) | all of train | 1070 | {a['bleu4']:.2f} | | {a['rouge1']:.2f} "
                 f"| {a['rouge2']:.2f} | {a['rougeL']:.2f} | | | | | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
