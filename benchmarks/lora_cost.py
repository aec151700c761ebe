"""What a CPU LoRA step costs now, against `tune lora` before the trunk cache, on the same rows and machine.

Usage (after `make model-small`; on an otherwise idle CPU):
  python benchmarks/lora_cost.py [--rows 64 --steps 4 --batch 8 --top-layers 12] [--out benchmarks/results/lora_cost.json]

Each variant runs in its own process (so peak memory is its own) on the first --rows rows of train.jsonl with the
pipeline's prompt, LoRA r=16 on the last --top-layers blocks, --steps steps of --batch rows:
  before   the training loop of commit BASELINE (fp32, every block forward each step, random batches), the code
           `tune lora` ran before the trunk cache;
  bf16     today's loop without the cache (bf16 weights and autocast, length-bucketed batches);
  cache    today's default: the frozen blocks once per row into the trunk cache (its build timed), the shared prompt
           prefix once per step, bf16.
It prints seconds per step, row tokens per second, and the projected cost of one epoch of all 5,001 train rows
(cache build included), with each variant's ratio to `before`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

BASELINE = "5e0c46b"  # the last commit before the trunk cache
TRAIN_ROWS = 5001


def _old_lora() -> types.ModuleType:
    """The tune/lora.py of BASELINE, loaded as a module of its own."""
    source = subprocess.run(["git", "show", f"{BASELINE}:src/shopscribe/tune/lora.py"], check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("lora_before")
    sys.modules["lora_before"] = module  # dataclasses look their module up there
    exec(compile(source, f"{BASELINE}:lora.py", "exec"), module.__dict__)  # noqa: S102 - our own file at a commit
    return module


def run_variant(variant: str, a: argparse.Namespace) -> dict:
    import torch

    from shopscribe.catalog.advertisegen import default_data_dir
    from shopscribe.config import get_settings
    from shopscribe.llm import models
    from shopscribe.tune import lora, trunk

    settings = get_settings()
    torch.set_num_threads(settings.threads)
    gguf = models.path_for(a.model, settings)
    tok = lora.load_tokenizer(gguf, lora.tokenizer_cache(gguf))
    pairs, _ = lora.training_pairs(lora.LoraSpec(data=default_data_dir() / "train.jsonl", limit=a.rows))
    examples = [lora.encode(tok, m, ans) for m, ans in pairs]
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    model = lora.load_base(gguf)
    n_layers = model.config.num_hidden_layers
    split = n_layers - a.top_layers
    build_s, cache = 0.0, None
    if variant == "before":
        old = _old_lora()
        pm = old.attach_lora(model, 16, 32.0, 0.05, a.top_layers)
        started = time.monotonic()
        log = old.train(pm, examples, steps=a.steps, batch_size=a.batch, lr=2e-4, pad_id=pad, seed=0)
        train_s = time.monotonic() - started
        computed = log.tokens
    else:
        model.to(torch.bfloat16)
        if variant == "cache":
            with tempfile.TemporaryDirectory() as root:
                cache, built = trunk.build_cache(model, examples, split, Path(root), model_id="bench",
                                                 dtype="bfloat16")
                cache.states = cache.states.copy()  # the folder goes away; keep the states in memory
                build_s = built.seconds
        pm = lora.attach_lora(model, 16, 32.0, 0.0, a.top_layers)
        log = lora.train(pm, examples, steps=a.steps, batch_size=a.batch, lr=2e-4, pad_id=pad, seed=0, cache=cache,
                         split=split, bf16=True)
        train_s = log.seconds
        computed = log.tokens
    rows_seen = a.steps * a.batch
    row_tokens = sum(len(ids) for ids, _ in examples) / len(examples) * rows_seen
    per_row_train = train_s / rows_seen
    per_row_build = build_s / len(examples)
    return {
        "variant": variant, "steps": a.steps, "batch": a.batch, "rows": len(examples), "split": split,
        "s_per_step": round(train_s / a.steps, 2), "cache_build_s": round(build_s, 1),
        "computed_tokens_per_step": round(computed / a.steps), "row_tokens_per_s": round(row_tokens / train_s, 1),
        "epoch_5001_rows_min": round((per_row_train + per_row_build) * TRAIN_ROWS / 60, 1),
        "peak_memory_mb": lora.peak_memory_mb(),
        "loss_first": log.losses[0],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--rows", type=int, default=64)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--top-layers", type=int, default=12)
    ap.add_argument("--variants", nargs="+", default=["before", "bf16", "cache"])
    ap.add_argument("--variant", help=argparse.SUPPRESS)  # a child process runs one variant
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/lora_cost.json"))
    a = ap.parse_args()
    if a.variant:
        print(json.dumps(run_variant(a.variant, a)))
        return 0
    results = []
    for variant in a.variants:
        print(f"{variant} …", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--variant", variant, "--model", a.model, "--rows", str(a.rows),
               "--steps", str(a.steps), "--batch", str(a.batch), "--top-layers", str(a.top_layers)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = next((r for r in results if r["variant"] == "before"), None)
    print("| variant | s / step | row tokens/s | cache build (s, 64 rows) | 1 epoch of 5,001 rows (min) | peak MB "
          "| speed vs before |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        ratio = f"{base['epoch_5001_rows_min'] / r['epoch_5001_rows_min']:.2f}×" if base else ""
        print(f"| {r['variant']} | {r['s_per_step']} | {r['row_tokens_per_s']} | {r['cache_build_s']} | "
              f"{r['epoch_5001_rows_min']} | {r['peak_memory_mb']:.0f} | {ratio} |")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"model": a.model, "rows": a.rows, "steps": a.steps, "batch": a.batch,
                                 "top_layers": a.top_layers, "baseline_commit": BASELINE, "cpus": os.cpu_count(),
                                 "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
