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
from shopscribe.llm.hf import load_base, load_tokenizer, tokenizer_cache  # noqa: F401 - re-exported
from shopscribe.llm.models import sha256_file
from shopscribe.tune import checkpoint

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
    # One pass over the rows hardly overfits, and on a CPU dropout's random masks cost 9% of a step (profiled).
    dropout: float = 0.0
    lr: float = 2e-4
    batch_size: int = 4
    max_len: int = 640  # longer rows are skipped (cut, they would lose the answer's end)
    top_layers: int | None = None  # LoRA on the last N blocks only: the backward pass stops there (CPU time)
    seed: int = 0
    drafts: str | None = None  # "KIND.LANG": the shop's approved drafts instead of a file
    cache: bool = True  # run the frozen blocks once per row and train from their cached outputs
    dtype: str = "auto"  # bf16 autocast where the CPU multiplies bf16 natively, else float32
    checkpoint_every: int = 50
    time_budget_s: float | None = None  # stop cleanly at a checkpoint before this much training time
    restart: bool = False  # drop OUT's checkpoint instead of resuming it
    # A finished run's folder: start from its adapter instead of zeros, on a fresh schedule (a further epoch
    # reuses the trunk cache and the first epoch's work; its rank and blocks must match).
    init_from: Path | None = None


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


def _approved_pairs(kind_langs: str, limit: int | None) -> list[tuple[list[dict[str, str]], str]]:
    """(prompt, approved copy) for the approved drafts of each KIND.LANG in a comma list, or of every kind and
    language with "all": the reviewers' final text, edits included, is what the adapter learns to write."""
    import json

    from sqlalchemy import and_, or_, select

    from shopscribe.catalog import product_record
    from shopscribe.content import get_kind, prompt_for
    from shopscribe.store import Draft, DraftStatus, session_scope

    wanted: list[tuple[str, str]] | None = None
    if kind_langs.strip() != "all":
        wanted = []
        for item in kind_langs.split(","):
            kind_name, _, lang = item.strip().partition(".")
            if lang not in ("zh", "en"):
                raise UserError(f"--from-drafts takes KIND.LANG[,KIND.LANG…] or all, e.g. description.zh, not "
                                f"'{item.strip()}'")
            wanted.append((get_kind(kind_name).name, lang))
    pairs = []
    with session_scope() as s:
        query = select(Draft).where(Draft.status == DraftStatus.approved, Draft.target == "")
        if wanted is not None:
            query = query.where(or_(*(and_(Draft.kind == k, Draft.lang == lang) for k, lang in wanted)))
        for d in s.scalars(query.order_by(Draft.id).limit(limit)):
            kind = get_kind(d.kind)
            # Structured kinds are answered in JSON (the schema the pipeline asks for); the rest in plain text.
            answer = json.dumps(d.fields, ensure_ascii=False) if kind.schema else d.text
            pairs.append((prompt_for(product_record(d.product), kind.name, d.lang, channel=d.channel).messages,
                          answer))
    if not pairs:
        what = "" if wanted is None else " of " + ", ".join(f"{k}.{lang}" for k, lang in wanted)
        raise UserError(f"no approved drafts{what} to train on; approve some drafts first or give --data FILE.jsonl")
    return pairs


def encode(tokenizer: Any, messages: list[dict[str, str]], answer: str) -> tuple[list[int], list[int]]:
    """Token ids of prompt + answer + <|im_end|>, and labels that score the answer only."""
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    p = tokenizer(prompt, add_special_tokens=False).input_ids
    a = tokenizer(answer + ANSWER_END, add_special_tokens=False).input_ids
    return p + a, [IGNORE] * len(p) + a


def plan_steps(lengths: Sequence[int], batch_size: int, steps: int, seed: int) -> list[list[int]]:
    """Row indices of every step, fixed by the seed, so a resumed run sees the same batches in the same order.

    Each epoch shuffles the rows, sorts windows of 32 batches by length and cuts them into batches (rows of a
    batch are about as long, so little of a step pays for padding), then shuffles the batches.
    """
    rng = random.Random(seed)
    plan: list[list[int]] = []
    while len(plan) < steps:
        order = list(range(len(lengths)))
        rng.shuffle(order)
        window = batch_size * 32
        epoch: list[list[int]] = []
        for w in range(0, len(order), window):
            chunk = sorted(order[w:w + window], key=lambda i: lengths[i])
            epoch += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
        rng.shuffle(epoch)
        plan += epoch
    return plan[:steps]


def padded(rows: Sequence[Sequence[int]], pad: int) -> Any:
    """Right-padded (rows, width) tensor."""
    import torch

    width = max(len(r) for r in rows)
    return torch.tensor([list(r) + [pad] * (width - len(r)) for r in rows])


def batches(examples: Sequence[tuple[list[int], list[int]]], batch_size: int, steps: int, pad_id: int,
            seed: int) -> Any:
    """`steps` right-padded (ids, labels) tensor pairs in `plan_steps` order."""
    for index in plan_steps([len(ids) for ids, _ in examples], batch_size, steps, seed):
        chunk = [examples[j] for j in index]
        yield padded([ids for ids, _ in chunk], pad_id), padded([y for _, y in chunk], IGNORE)


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


def cached_loss(peft_model: Any, cache: Any, split: int, index: Sequence[int],
                examples: Sequence[tuple[list[int], list[int]]]) -> Any:
    """`answer_loss` of the rows `index`, running only the blocks from `split` up on the trunk's cached outputs.

    With a shared prefix, the prefix runs through the top blocks once (batch 1) and every row attends to its keys
    and values; the loss is the same as the whole sequence's.
    """
    import torch
    import torch.nn.functional as F  # noqa: N812

    from shopscribe.tune.trunk import PrefixKV, run_blocks

    base = peft_model.get_base_model()
    top = base.config.num_hidden_layers
    p = cache.prefix_len
    kv = None
    if p:
        recorder = PrefixKV()
        run_blocks(base, cache.prefix_states().float(), split, top, kv=recorder)
        kv = PrefixKV(recorder.recorded, batch=len(index))
    rows = cache.rows(index)
    width = max(r.shape[0] for r in rows)
    hidden = torch.zeros(len(rows), width, cache.hidden)
    for i, r in enumerate(rows):
        hidden[i, :r.shape[0]] = r.float()
    hidden = base.model.norm(run_blocks(base, hidden, split, top, past=p, kv=kv))
    labels = padded([examples[i][1][p:] for i in index], IGNORE)
    target = labels[:, 1:]
    keep = target != IGNORE
    logits = base.lm_head(hidden[:, :-1][keep])
    return F.cross_entropy(logits.float(), target[keep])


@dataclass
class TrainLog:
    """What a training loop did, step by step (across resumed runs)."""

    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)
    tokens: int = 0  # positions the CPU computed in the trained blocks, pads included
    real_tokens: int = 0  # the rows' own positions, as if each ran whole (what tokens/s is quoted in)
    answer_tokens: int = 0  # positions the loss scored
    seconds: float = 0.0  # training time, all runs together
    resumed_at: list[int] = field(default_factory=list)  # the step each resumed run started after
    stopped: str = ""  # "", "time budget"


@dataclass(frozen=True)
class StepReport:
    """One finished step, for a progress bar."""

    step: int
    steps: int
    loss: float
    tokens_per_s: float
    eta_s: float


@dataclass(frozen=True)
class Resume:
    """Where a run checkpoints, and what it must match to resume from it."""

    path: Path
    fingerprint: str
    every: int = 50


def train(peft_model: Any, examples: Sequence[tuple[list[int], list[int]]], *, steps: int, batch_size: int,
          lr: float, pad_id: int, seed: int = 0, on_step: Callable[[StepReport], None] | None = None,
          cache: Any = None, split: int = 0, bf16: bool = False, resume: Resume | None = None,
          time_budget_s: float | None = None) -> TrainLog:
    """AdamW with linear warm-up (10% of steps) and linear decay, grad-norm clip 1.0; stops on a non-finite loss.

    With `cache` (a TrunkCache) only the blocks from `split` up run. With `resume`, the state is saved every
    `resume.every` steps and on Ctrl-C, and a checkpoint that matches is picked up: the same batches follow in the
    same order, so the adapter is the one an uninterrupted run makes. With `time_budget_s` the run stops at a
    checkpoint before the budget is spent.
    """
    import torch

    torch.manual_seed(seed)
    params = [p for p in peft_model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    warm = max(1, round(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps))
    log = TrainLog()
    done = 0
    if resume is not None:
        state = checkpoint.load(resume.path, resume.fingerprint)
        if state is not None:
            done = checkpoint.restore(state, peft_model, opt, sched, log)
            log.resumed_at.append(done)
            log.stopped = ""  # why the last run stopped is not why this one will
    plan = plan_steps([len(ids) for ids, _ in examples], batch_size, steps, seed)
    prefix = cache.prefix_len if cache is not None else 0
    peft_model.train()
    started = time.monotonic()
    spent_before = log.seconds
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16)

    def save() -> None:
        if resume is not None:
            log.seconds = spent_before + time.monotonic() - started
            checkpoint.save(resume.path, resume.fingerprint, done, peft_model, opt, sched, log)

    first = done + 1
    try:
        for step in range(first, steps + 1):
            index = plan[step - 1]
            elapsed = time.monotonic() - started
            # Stop when one more step of this run's average length would pass the budget.
            if time_budget_s is not None and step > first and elapsed + elapsed / (step - first) > time_budget_s:
                log.stopped = "time budget"
                break
            with autocast:
                if cache is not None:
                    loss = cached_loss(peft_model, cache, split, index, examples)
                else:
                    chunk = [examples[j] for j in index]
                    loss = answer_loss(peft_model, padded([x for x, _ in chunk], pad_id),
                                       padded([y for _, y in chunk], IGNORE))
            if not torch.isfinite(loss):
                raise RuntimeError(f"non-finite loss at step {step}: lower --lr or check the data")
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            done = step
            lengths = [len(examples[j][0]) for j in index]
            log.losses.append(round(loss.item(), 4))
            log.grad_norms.append(round(float(norm), 4))
            log.tokens += len(index) * (max(lengths) - prefix) + prefix
            log.real_tokens += sum(lengths)
            log.answer_tokens += sum(1 for j in index for y in examples[j][1][1:] if y != IGNORE)
            if resume is not None and step % resume.every == 0:
                save()
            if on_step:
                took = time.monotonic() - started
                rate = (step - (log.resumed_at[-1] if log.resumed_at else 0)) / took
                on_step(StepReport(step, steps, loss.item(), round(log.real_tokens / (spent_before + took), 1),
                                   round((steps - step) / rate, 1)))
    except KeyboardInterrupt:
        save()  # the last finished step; the step in flight is lost, and the rerun repeats it
        raise
    save()
    log.seconds = spent_before + time.monotonic() - started
    return log


def lora_tensors(peft_model: Any) -> dict[str, Any]:
    """The trained LoRA A/B matrices as numpy arrays, keyed as PEFT saves them."""
    from peft import get_peft_model_state_dict

    return {k: v.detach().float().cpu().numpy() for k, v in get_peft_model_state_dict(peft_model).items()}


# ---- loading the base ---------------------------------------------------------------------------


# tokenizer_cache, load_tokenizer and load_base live in llm/hf.py (the sentiment reader loads the base too); imported
# here by name for the callers that know them as tune.lora's.


# ---- one run, end to end ------------------------------------------------------------------------


def default_out(home: Path, model: str) -> Path:
    from shopscribe.llm.models import short_name

    return Path(home) / "adapters" / f"{short_name(model)}-lora"


def bf16_is_fast() -> bool:
    """Whether this CPU multiplies bf16 natively (AVX-512 BF16 or AMX): there bf16 matmuls run about 2.6× the fp32
    rate (measured on the 2-core AMD EPYC: 400 against 151 GFLOPS); elsewhere they are emulated and slower."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def parse_duration(text: str, option: str = "--time-budget") -> float:
    """Seconds in '2h', '90m', '1h30m', '45s', '14d' or a plain number of seconds; a UserError otherwise."""
    import re

    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.fullmatch(r"(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?",
                         text)
    if not text or parts is None:
        raise UserError(f"{option} '{text}' is not a duration; write e.g. 2h, 90m, 1h30m, 600s or 14d")
    d, h, m, sec = (float(x) if x else 0.0 for x in parts.groups())
    return d * 86400 + h * 3600 + m * 60 + sec


def run_fingerprint(spec: LoraSpec, examples: Sequence[tuple[list[int], list[int]]], model_id: str,
                    bf16: bool) -> str:
    """What decides the adapter: model, rows (as token ids), LoRA shape, schedule, dtype, cache or not."""
    import hashlib

    keep = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(spec).items()
            if k not in ("out", "time_budget_s", "checkpoint_every", "restart", "data", "drafts", "dtype", "init_from")}
    if spec.init_from:  # by content: the same folder retrained is another start (absent otherwise: old runs resume)
        keep["init_sha256"] = sha256_file(init_weights(spec.init_from))
    digest = hashlib.sha256(json.dumps({**keep, "model_id": model_id, "bf16": bf16}, sort_keys=True).encode())
    for ids, labels in examples:
        digest.update(json.dumps([ids, labels]).encode())
    return digest.hexdigest()[:20]


def init_weights(run_dir: Path) -> Path:
    """The PEFT weights a finished `tune lora` run left in its folder; UserError when there are none."""
    path = Path(run_dir) / "peft" / "adapter_model.safetensors"
    if not path.is_file():
        raise UserError(f"--init-from {run_dir}: no finished adapter there (expected {path}); "
                        "give the folder of a finished `shopscribe tune lora` run")
    return path


def load_init(peft_model: Any, run_dir: Path, rank: int, top_layers: int | None) -> None:
    """Start from a finished run's adapter: same rank and the same blocks, or a UserError saying which differs."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    weights = init_weights(run_dir)
    cfg = json.loads((weights.parent / "adapter_config.json").read_text(encoding="utf-8"))
    n_layers = peft_model.get_base_model().config.num_hidden_layers
    blocks = list(range(n_layers - top_layers, n_layers)) if top_layers and top_layers < n_layers else None
    theirs = cfg.get("layers_to_transform")
    theirs = [theirs] if isinstance(theirs, int) else theirs
    if cfg.get("r") != rank or (theirs or None) != blocks:
        raise UserError(f"--init-from {run_dir}: that adapter has rank {cfg.get('r')} on "
                        f"{'blocks ' + str(theirs) if theirs else 'every block'}; this run asks rank {rank} on "
                        f"{'blocks ' + str(blocks) if blocks else 'every block'}; give the same --rank and --top-layers")
    result = set_peft_model_state_dict(peft_model, load_file(str(weights)))
    if getattr(result, "unexpected_keys", None):
        raise UserError(f"--init-from {run_dir}: {len(result.unexpected_keys)} weights do not fit this model "
                        f"(first: {result.unexpected_keys[0]})")


def peak_memory_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def train_lora(spec: LoraSpec, on_progress: Callable[[str], None] | None = None,
               settings: Settings | None = None, on_step: Callable[[StepReport], None] | None = None,
               on_cache: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Read and encode the rows, cache the frozen blocks' outputs, train (resuming a matching checkpoint in OUT),
    save the PEFT adapter and its GGUF form, and record what ran in OUT/train.json. Returns that record.
    `settings` come from the caller; without them, from the environment."""
    from shopscribe.config import get_settings
    from shopscribe.llm import models, shop_adapter_dir
    from shopscribe.tune import trunk
    from shopscribe.tune.gguf_lora import AdapterError, write_gguf_lora

    say = on_progress or (lambda _msg: None)
    settings = settings or get_settings()
    if spec.rank < 1 or spec.batch_size < 1 or spec.epochs <= 0 or (spec.max_steps is not None and spec.max_steps < 1):
        raise UserError("--rank, --batch-size, --epochs and --max-steps must be positive")
    if spec.dtype not in ("auto", "float32", "bfloat16"):
        raise UserError(f"--dtype is auto, float32 or bfloat16, not '{spec.dtype}'")
    taught, source = training_pairs(spec)
    gguf_path = models.path_for(spec.model, settings)
    out = Path(spec.out) if spec.out else (shop_adapter_dir(settings.home, spec.model) if spec.drafts
                                           else default_out(settings.home, spec.model))
    if spec.init_from:
        if Path(spec.init_from).resolve() == out.resolve():
            raise UserError("--init-from must be another folder than --out: this run would overwrite the adapter "
                            "it starts from")
        init_weights(spec.init_from)  # a missing adapter is said before the model loads
    out.mkdir(parents=True, exist_ok=True)

    import peft
    import torch
    import transformers

    torch.set_num_threads(settings.threads)
    bf16 = spec.dtype == "bfloat16" or (spec.dtype == "auto" and bf16_is_fast())
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
    model_id = trunk.model_identity(gguf_path)
    resume = Resume(out / "checkpoint.pt", run_fingerprint(spec, examples, model_id, bf16), spec.checkpoint_every)
    if spec.restart and resume.path.exists():
        resume.path.unlink()
    checkpoint.load(resume.path, resume.fingerprint)  # another run's checkpoint is refused before the model loads
    say(f"{len(examples)} rows encoded ({skipped} over {spec.max_len} tokens skipped); loading {gguf_path.name}")
    model = load_base(gguf_path)
    load_s = time.monotonic() - t0
    if bf16:  # frozen weights kept in bf16: autocast no longer converts them on every pass (the adapter stays fp32)
        model.to(torch.bfloat16)
    n_layers = model.config.num_hidden_layers
    split = n_layers - spec.top_layers if spec.top_layers and spec.top_layers < n_layers else 0
    cache, built = None, None
    if spec.cache and split:
        say(f"running blocks 1–{split} of {n_layers} once per row (the trunk cache)")
        cache, built = trunk.build_cache(model, examples, split, settings.home / "cache" / "trunk", model_id=model_id,
                                         dtype="bfloat16" if bf16 else "float32", on_batch=on_cache)
        say(f"trunk cache {built.key}: {'reused' if built.reused else f'built in {built.seconds} s'}, "
            f"{built.nbytes / 1e9:.2f} GB, shared prefix {cache.prefix_len} tokens")
    pm = attach_lora(model, spec.rank, spec.alpha, spec.dropout, spec.top_layers)
    if spec.init_from:
        load_init(pm, spec.init_from, spec.rank, spec.top_layers)
        say(f"starting from the adapter in {spec.init_from}")
    trainable = sum(p.numel() for p in pm.parameters() if p.requires_grad)
    say(f"training {steps} steps of {spec.batch_size} rows, {trainable / 1e6:.2f}M LoRA parameters"
        f"{', bf16' if bf16 else ''}")
    log = train(pm, examples, steps=steps, batch_size=spec.batch_size, lr=spec.lr,
                pad_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id, seed=spec.seed,
                on_step=on_step, cache=cache, split=split, bf16=bf16, resume=resume,
                time_budget_s=spec.time_budget_s)
    pm.save_pretrained(str(out / "peft"))
    adapter = out / "adapter.gguf"
    try:
        pairs = write_gguf_lora(lora_tensors(pm), pm.peft_config["default"].to_dict(), adapter, base=gguf_path)
    except AdapterError as exc:
        raise UserError(f"cannot write {adapter}: {exc}") from None
    done = len(log.losses)
    first, last = log.losses[: min(5, done)] or [0.0], log.losses[-min(5, done):] or [0.0]
    record = {
        "adapter": str(adapter), "adapter_bytes": adapter.stat().st_size, "lora_pairs": pairs,
        "base_model": spec.model, "base_file": str(gguf_path), "data": source,
        "rows_read": len(taught), "rows_used": len(examples), "rows_skipped_too_long": skipped,
        "spec": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(spec).items()},
        "steps": steps, "steps_done": done, "finished": done == steps, "stopped": log.stopped,
        "resumed_at": log.resumed_at, "epochs_done": round(done * spec.batch_size / len(examples), 3),
        "trainable_params": trainable, "batch_tokens": log.tokens, "row_tokens": log.real_tokens,
        "answer_tokens": log.answer_tokens,
        "loss_first5_mean": round(sum(first) / len(first), 4), "loss_last5_mean": round(sum(last) / len(last), 4),
        "losses": log.losses, "grad_norms": log.grad_norms,
        "load_s": round(load_s, 1), "train_s": round(log.seconds, 1),
        "s_per_step": round(log.seconds / done, 2) if done else 0.0,
        "row_tokens_per_s": round(log.real_tokens / log.seconds, 1) if log.seconds else 0.0,
        "batch_tokens_per_s": round(log.tokens / log.seconds, 1) if log.seconds else 0.0,
        "trunk_cache": None if built is None else {
            "key": built.key, "reused": built.reused, "build_s": built.seconds, "tokens": built.tokens,
            "bytes": built.nbytes, "split": split, "prefix_tokens": cache.prefix_len},
        "peak_memory_mb": peak_memory_mb(),
        "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(), "device": "cpu",
                    "dtype": "bfloat16 autocast" if bf16 else "float32"},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__},
    }
    (out / "train.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return record
