"""LoRA fine-tuning of the embedded Qwen model on (attributes → copy) rows, written as a GGUF LoRA adapter.

transformers loads the Q4_K_M GGUF (dequantised to fp32), peft adds LoRA, and training sees exactly the
prompt the content pipeline sends, so the adapter serves through `get_generator(adapters=[...])` unchanged.
Pitfalls from the reference GPU run (shared/recipes/lora-gpu): right padding without an attention mask
(the padding mask gave NaN gradients there; a causal model never lets real tokens see later pads), and
answers ending in `<|im_end|>`, the chat turn end generation stops on.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from shopscribe.config import Settings
from shopscribe.errors import UserError

IGNORE = -100
TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
ANSWER_END = "<|im_end|>"


@dataclass(frozen=True)
class LoraSpec:
    """A training run: data, base model, LoRA shape and schedule."""

    data: Path | None = None  # AdvertiseGen-format rows (content, summary)
    model: str = "qwen2.5-coder-0.5b"
    out: Path | None = None
    limit: int | None = None  # first N rows of the data
    epochs: float = 1.0
    max_steps: int | None = None
    rank: int = 16
    alpha: float = 32.0
    dropout: float = 0.05
    lr: float = 2e-4
    batch_size: int = 4
    max_len: int = 640  # longer rows are skipped (cut, they would lose the answer's end)
    top_layers: int | None = None  # LoRA on the last N blocks only: the backward pass stops there (CPU time)
    seed: int = 0
    drafts: str | None = None  # "KIND.LANG": the shop's approved drafts instead of a file


# ---- prompts and token ids ----------------------------------------------------------------------


def pipeline_messages(product: dict[str, Any], kind: str = "description", lang: str = "zh") -> list[dict[str, str]]:
    """The chat messages content.write sends for this product (no examples, default channel and voice)."""
    from shopscribe.content import prompt_for

    return prompt_for(product, kind, lang).messages


def training_pairs(spec: LoraSpec) -> tuple[list[tuple[list[dict[str, str]], str]], str]:
    """(prompt messages, answer) pairs to train on, and where they came from; checked before any model loads.

    From a file: each row's attributes through the pipeline's prompt, its summary as the answer (the dev split is
    refused). From drafts: each approved draft's product through prompt_for, the approved copy as the answer.
    """
    from shopscribe.catalog.advertisegen import read_rows
    from shopscribe.prompts.fewshot import refuse_dev

    if (spec.data is None) == (spec.drafts is None):
        raise UserError("give either --data FILE.jsonl or --from-drafts KIND.LANG")
    if spec.data is not None:
        refuse_dev(spec.data, "for training")
        rows = read_rows(spec.data, spec.limit)
        return [(pipeline_messages(r.product()), r.summary) for r in rows], str(spec.data)
    return _approved_pairs(spec.drafts, spec.limit), f"approved {spec.drafts} drafts"


def _approved_pairs(kind_lang: str, limit: int | None) -> list[tuple[list[dict[str, str]], str]]:
    import json

    from sqlalchemy import select

    from shopscribe.catalog import product_record
    from shopscribe.content import get_kind, prompt_for
    from shopscribe.store import Draft, DraftStatus, session_scope

    kind_name, _, lang = kind_lang.partition(".")
    if lang not in ("zh", "en"):
        raise UserError(f"--from-drafts takes KIND.LANG, e.g. description.zh, not '{kind_lang}'")
    kind = get_kind(kind_name)
    pairs = []
    with session_scope() as s:
        query = (select(Draft).where(Draft.kind == kind.name, Draft.lang == lang, Draft.status == DraftStatus.approved,
                                     Draft.target == "").order_by(Draft.id).limit(limit))
        for d in s.scalars(query):
            # Structured kinds are answered in JSON (the schema the pipeline asks for); the rest in plain text.
            answer = json.dumps(d.fields, ensure_ascii=False) if kind.schema else d.text
            pairs.append((prompt_for(product_record(d.product), kind.name, lang, channel=d.channel).messages, answer))
    if not pairs:
        raise UserError(f"no approved {kind.name} drafts in {lang} to train on; approve some drafts first or give "
                        "--data FILE.jsonl")
    return pairs


def encode(tokenizer: Any, messages: list[dict[str, str]], answer: str) -> tuple[list[int], list[int]]:
    """Token ids of prompt + answer + <|im_end|>, and labels that score the answer only."""
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    p = tokenizer(prompt, add_special_tokens=False).input_ids
    a = tokenizer(answer + ANSWER_END, add_special_tokens=False).input_ids
    return p + a, [IGNORE] * len(p) + a


def batches(examples: Sequence[tuple[list[int], list[int]]], batch_size: int, steps: int, pad_id: int,
            seed: int) -> Any:
    """`steps` right-padded (ids, labels) tensor pairs, reshuffling each epoch with a fixed seed."""
    import torch

    rng = random.Random(seed)
    step = 0
    while step < steps:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for i in range(0, len(order), batch_size):
            if step >= steps:
                return
            chunk = [examples[j] for j in order[i:i + batch_size]]
            width = max(len(ids) for ids, _ in chunk)
            ids = torch.tensor([x + [pad_id] * (width - len(x)) for x, _ in chunk])
            labels = torch.tensor([y + [IGNORE] * (width - len(y)) for _, y in chunk])
            yield ids, labels
            step += 1


# ---- model --------------------------------------------------------------------------------------


def attach_lora(model: Any, rank: int, alpha: float, dropout: float, top_layers: int | None = None) -> Any:
    """The model wrapped with LoRA on every attention and MLP projection (of the last `top_layers` blocks)."""
    from peft import LoraConfig, get_peft_model

    n_layers = model.config.num_hidden_layers
    layers = list(range(n_layers - top_layers, n_layers)) if top_layers and top_layers < n_layers else None
    cfg = LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=dropout, task_type="CAUSAL_LM",
                     target_modules=list(TARGET_MODULES), layers_to_transform=layers,
                     layers_pattern="layers" if layers else None)
    return get_peft_model(model, cfg)


def answer_loss(peft_model: Any, ids: Any, labels: Any) -> Any:
    """Mean next-token cross-entropy over the answer tokens.

    The same loss as the model's own `labels=` loss, but the vocabulary projection (151,936 × 896 for the
    0.5B) runs only on answer positions instead of every prompt position: a third of a CPU step saved.
    """
    import torch.nn.functional as F  # noqa: N812

    base = peft_model.get_base_model()
    hidden = base.model(input_ids=ids).last_hidden_state  # no attention mask: right padding, see module doc
    target = labels[:, 1:]
    keep = target != IGNORE
    logits = base.lm_head(hidden[:, :-1][keep])
    return F.cross_entropy(logits.float(), target[keep])


@dataclass
class TrainLog:
    """What a training loop did, step by step."""

    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)
    tokens: int = 0  # batch positions, pads included: what the CPU computed
    answer_tokens: int = 0  # positions the loss scored
    seconds: float = 0.0


def train(peft_model: Any, examples: Sequence[tuple[list[int], list[int]]], *, steps: int, batch_size: int,
          lr: float, pad_id: int, seed: int = 0,
          on_step: Callable[[int, int, float], None] | None = None) -> TrainLog:
    """AdamW with linear warm-up (10% of steps) and linear decay, grad-norm clip 1.0; stops on a non-finite loss."""
    import torch

    torch.manual_seed(seed)
    params = [p for p in peft_model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    warm = max(1, round(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps))
    log = TrainLog()
    peft_model.train()
    started = time.monotonic()
    for step, (ids, labels) in enumerate(batches(examples, batch_size, steps, pad_id, seed), start=1):
        loss = answer_loss(peft_model, ids, labels)
        if not torch.isfinite(loss):
            raise RuntimeError(f"non-finite loss at step {step}: lower --lr or check the data")
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        log.losses.append(round(loss.item(), 4))
        log.grad_norms.append(round(float(norm), 4))
        log.tokens += int(ids.numel())
        log.answer_tokens += int((labels[:, 1:] != IGNORE).sum())
        if on_step:
            on_step(step, steps, loss.item())
    log.seconds = time.monotonic() - started
    return log


def lora_tensors(peft_model: Any) -> dict[str, Any]:
    """The trained LoRA A/B matrices as numpy arrays, keyed as PEFT saves them."""
    from peft import get_peft_model_state_dict

    return {k: v.detach().float().cpu().numpy() for k, v in get_peft_model_state_dict(peft_model).items()}


# ---- loading the base ---------------------------------------------------------------------------


def tokenizer_cache(gguf_path: Path) -> Path:
    """Where the tokenizer of a GGUF is kept: beside the model files, so every home reuses it."""
    return gguf_path.parent / "tokenizers" / gguf_path.stem


def load_tokenizer(gguf_path: Path, cache_dir: Path) -> Any:
    """The tokenizer inside the GGUF; saved once as a plain tokenizer folder, because rebuilding it from the GGUF
    vocabulary takes about 25 s and loading the folder under a second."""
    from transformers import AutoTokenizer

    if (cache_dir / "tokenizer_config.json").is_file():
        return AutoTokenizer.from_pretrained(str(cache_dir))
    tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(str(cache_dir))
    return tok


def load_base(gguf_path: Path) -> Any:
    """The GGUF model dequantised to fp32 (CPUs here have no fast bf16)."""
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32)


# ---- one run, end to end ------------------------------------------------------------------------


def default_out(home: Path, model: str) -> Path:
    return Path(home) / "adapters" / f"{Path(model).stem if model.endswith('.gguf') else model}-lora"


def train_lora(spec: LoraSpec, on_progress: Callable[[str], None] | None = None,
               settings: Settings | None = None) -> dict[str, Any]:
    """Read and encode the rows, train, save the PEFT adapter and its GGUF form, and record what ran in
    OUT/train.json. Returns that record. `settings` come from the caller; without them, from the environment."""
    from shopscribe.config import get_settings
    from shopscribe.llm import models
    from shopscribe.tune.gguf_lora import AdapterError, write_gguf_lora

    say = on_progress or (lambda _msg: None)
    settings = settings or get_settings()
    if spec.rank < 1 or spec.batch_size < 1 or spec.epochs <= 0 or (spec.max_steps is not None and spec.max_steps < 1):
        raise UserError("--rank, --batch-size, --epochs and --max-steps must be positive")
    taught, source = training_pairs(spec)
    gguf_path = models.path_for(spec.model, settings)
    out = Path(spec.out) if spec.out else default_out(settings.home, spec.model)
    out.mkdir(parents=True, exist_ok=True)

    import peft
    import torch
    import transformers

    torch.set_num_threads(settings.threads)
    t0 = time.monotonic()
    tok = load_tokenizer(gguf_path, tokenizer_cache(gguf_path))
    examples, skipped = [], 0
    for messages, answer in taught:
        ids, labels = encode(tok, messages, answer)
        if len(ids) > spec.max_len:
            skipped += 1
            continue
        examples.append((ids, labels))
    if not examples:
        raise UserError(f"{source}: every row is longer than --max-len {spec.max_len} tokens; raise --max-len")
    steps = math.ceil(len(examples) / spec.batch_size * spec.epochs)
    if spec.max_steps is not None:
        steps = min(steps, spec.max_steps)
    say(f"{len(examples)} rows encoded ({skipped} over {spec.max_len} tokens skipped); loading {gguf_path.name}")
    model = load_base(gguf_path)
    load_s = time.monotonic() - t0
    pm = attach_lora(model, spec.rank, spec.alpha, spec.dropout, spec.top_layers)
    trainable = sum(p.numel() for p in pm.parameters() if p.requires_grad)
    say(f"training {steps} steps of {spec.batch_size} rows, {trainable / 1e6:.2f}M LoRA parameters")
    log = train(pm, examples, steps=steps, batch_size=spec.batch_size, lr=spec.lr,
                pad_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id, seed=spec.seed,
                on_step=lambda s, n, loss: say(f"step {s}/{n} loss {loss:.3f}"))
    pm.save_pretrained(str(out / "peft"))
    adapter = out / "adapter.gguf"
    try:
        pairs = write_gguf_lora(lora_tensors(pm), pm.peft_config["default"].to_dict(), adapter, base=gguf_path)
    except AdapterError as exc:
        raise UserError(f"cannot write {adapter}: {exc}") from None
    first, last = log.losses[: min(5, len(log.losses))], log.losses[-min(5, len(log.losses)):]
    record = {
        "adapter": str(adapter), "adapter_bytes": adapter.stat().st_size, "lora_pairs": pairs,
        "base_model": spec.model, "base_file": str(gguf_path), "data": source,
        "rows_read": len(taught), "rows_used": len(examples), "rows_skipped_too_long": skipped,
        "spec": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(spec).items()},
        "steps": steps, "epochs_done": round(steps * spec.batch_size / len(examples), 3),
        "trainable_params": trainable, "batch_tokens": log.tokens, "answer_tokens": log.answer_tokens,
        "loss_first5_mean": round(sum(first) / len(first), 4), "loss_last5_mean": round(sum(last) / len(last), 4),
        "losses": log.losses, "grad_norms": log.grad_norms,
        "load_s": round(load_s, 1), "train_s": round(log.seconds, 1),
        "s_per_step": round(log.seconds / steps, 2), "batch_tokens_per_s": round(log.tokens / log.seconds, 1),
        "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(), "device": "cpu",
                    "dtype": "float32"},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__},
    }
    (out / "train.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return record
