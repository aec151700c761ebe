"""Evaluate generation on AdvertiseGen-format rows: write descriptions through the standard pipeline, save them
resumably, and score them (BLEU-4, ROUGE, distinct-n, fact consistency, compliance, length, speed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopscribe.config import Settings
from shopscribe.errors import UserError
from shopscribe.prompts import EXAMPLE_STYLES, template_id
from shopscribe.llm.models import sha256_file
from shopscribe.tune import metrics
from shopscribe.catalog.advertisegen import AdgenRow

KIND, LANG = "description", "zh"
# ChatGLM-6B fine-tuned on all of AdvertiseGen train, scored on all 1,070 dev rows (its README).
CHATGLM_6B = {"bleu4": 8.10, "rouge1": 31.12, "rouge2": 7.11, "rougeL": 24.97}


@dataclass(frozen=True)
class Decoding:
    """Decoding settings for an evaluation. Greedy by default, so a rerun gives the same text."""

    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0
    # Greedy decoding repeats phrases; 1.1 is the setting the reference GPU run found helpful.
    repeat_penalty: float = 1.1
    # DRY (llm.GenerationRequest.dry), usually with repeat_penalty 1.0: loops stop without taxing common words.
    dry: float = 0.0
    # One attempt scores the model itself; more let the pipeline's rewrite loop repair blocked copy.
    max_attempts: int = 1
    # Minimum-Bayes-risk: sample this many candidates and keep the one the others agree with most (pick consensus).
    candidates: int = 1
    pick: str = "gate"
    # Copy that stops shorter is continued to the next sentence end past this many characters (content.lengthen).
    min_chars: int = 0

    @classmethod
    def mbr(cls, candidates: int, seed: int = 0, max_attempts: int = 1, min_chars: int = 0) -> Decoding:
        """Sampled candidates (temperature 0.7, top-p 0.9: diverse, still on topic) chosen by consensus."""
        return cls(temperature=0.7, top_p=0.9, seed=seed, max_attempts=max_attempts, candidates=candidates,
                   pick="consensus", min_chars=min_chars)


@dataclass(frozen=True)
class EvalSpec:
    """What produces a prediction. Rows written under another spec are never mixed into one predictions file."""

    model: str
    few_shot: int = 0
    pool: str | None = None
    adapter: str | None = None
    template: str | None = None
    decoding: Decoding = field(default_factory=Decoding)
    example_style: str = "turns"  # how the few-shot examples enter the prompt (prompts.EXAMPLE_STYLES)
    # Where a shop's own templates live (HOME/prompts); not part of the fingerprint, the template's source is.
    templates_dir: Path | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["templates_dir"]
        # Settings added later are left out at their defaults, so earlier predictions files keep their fingerprint.
        for key, default in (("candidates", 1), ("pick", "gate"), ("min_chars", 0), ("dry", 0.0)):
            if data["decoding"][key] == default:
                del data["decoding"][key]
        if data["example_style"] == "turns":
            del data["example_style"]
        return data

    @property
    def fingerprint(self) -> str:
        data = self.to_dict()
        if self.adapter:  # the same path retrained is another adapter
            data["adapter_sha256"] = sha256_file(Path(self.adapter))
        if self.template:  # the same name edited is another template
            data["template_id"] = template_id(self.template, LANG, self.templates_dir)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# ---- predictions file ---------------------------------------------------------------------------


def read_predictions(path: Path, fingerprint: str, *, repair: bool = True) -> dict[str, dict[str, Any]]:
    """Records already in a predictions file, by row key. A torn last line (a crash mid-write) is skipped, and with
    `repair` (only under the writer's lock) cut from the file so appending can go on; anything else malformed, or
    written under other settings, is a UserError."""
    path = Path(path)
    if not path.exists():
        return {}
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        if repair:
            with path.open("r+b") as fh:
                fh.truncate(cut)
        raw = raw[:cut]
    done: dict[str, dict[str, Any]] = {}
    for line_no, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {line_no}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{where}: not valid JSON ({exc.msg}); this is not a predictions file from "
                            "`shopscribe eval generation`: delete it or choose another --predictions-out") from None
        if not isinstance(rec, dict) or "key" not in rec or "prediction" not in rec:
            raise UserError(f"{where}: not a prediction record (needs 'key' and 'prediction'); delete the file or "
                            "choose another --predictions-out")
        if rec.get("spec") != fingerprint:
            raise UserError(f"{where}: written with other settings (model, adapter, few-shot, template or decoding "
                            f"{rec.get('spec')} ≠ {fingerprint}); choose another --predictions-out or delete the file")
        done[rec["key"]] = rec
    return done


def default_predictions_path(home: Path, data: Path, spec: EvalSpec) -> Path:
    """HOME/eval/<data stem>-<spec fingerprint>.jsonl: the same command resumes into the same file."""
    return Path(home) / "eval" / f"{Path(data).stem}-{spec.fingerprint}.jsonl"


def _lock(fh: Any, path: Path) -> None:
    """Hold an exclusive lock on the predictions file: two runs appending to one file would duplicate rows."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks, one run at a time is the user's to keep
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise UserError(f"{path} is being written by another evaluation run; wait for it to finish or choose "
                        "another --predictions-out") from None


# ---- generation ---------------------------------------------------------------------------------


@dataclass
class GenerationRun:
    """The predictions of a run in row order, which rows came from an earlier run, and which failed."""

    records: list[dict[str, Any]]
    generated: int
    resumed: int
    failed: list[dict[str, str]]
    seconds: float  # wall time of this run's generation (model load excluded)


def generate_predictions(
    rows: Sequence[AdgenRow],
    generator: Any,
    spec: EvalSpec,
    out_path: Path,
    *,
    pool: Any = None,
    concurrency: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> GenerationRun:
    """Write a description for every row not yet in out_path, appending one JSON record per row as it finishes.

    Rows run `concurrency` at a time (the engine decodes them in parallel slots). Each record's `elapsed_s` is
    the wall time since the previous record of the same run, so their sum is the generation wall time even
    across interrupted and resumed runs.
    """
    from shopscribe.content import write
    from shopscribe.llm import GenerationError

    fingerprint = spec.fingerprint
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fh = out_path.open("a", encoding="utf-8")
    try:
        _lock(fh, out_path)
        done = read_predictions(out_path, fingerprint)
    except BaseException:
        fh.close()
        raise
    todo = [r for r in rows if r.key not in done]
    stop = threading.Event()
    failed: list[dict[str, str]] = []
    fresh: dict[str, dict[str, Any]] = {}
    started = last = time.monotonic()
    tokens = 0

    def one(row: AdgenRow) -> dict[str, Any]:
        product = row.product()
        examples = pool.examples(product, spec.few_shot, exclude_texts=[row.summary]) if pool and spec.few_shot else []
        t0 = time.monotonic()
        written = write(product, KIND, LANG, generator, examples=examples, template=spec.template,
                        templates_dir=spec.templates_dir, temperature=spec.decoding.temperature,
                        top_p=spec.decoding.top_p, seed=spec.decoding.seed, repeat_penalty=spec.decoding.repeat_penalty,
                        dry=spec.decoding.dry or None,
                        max_attempts=spec.decoding.max_attempts, cancel=stop, variants=spec.decoding.candidates,
                        pick=spec.decoding.pick, min_chars=spec.decoding.min_chars or None,
                        example_style=spec.example_style)
        best = written.candidates[0]
        sampled = {"candidates": [c.text for c in written.candidates]} if len(written.candidates) > 1 else {}
        return {"key": row.key, "content": row.content, "reference": row.summary, "prediction": best.text, **sampled,
                "passed": best.passed, "attempts": best.attempts, "few_shot": len(examples),
                "model": written.model, "adapter": spec.adapter, "template": written.prompt.template,
                "prompt_hash": written.prompt.hash, "settings": {**written.settings,
                                                                 "repeat_penalty": spec.decoding.repeat_penalty,
                                                                 **({"dry": spec.decoding.dry} if spec.decoding.dry
                                                                    else {})},
                "prompt_tokens": best.prompt_tokens, "completion_tokens": best.completion_tokens,
                "latency_s": round(time.monotonic() - t0, 3), "spec": fingerprint}

    pool_exec = ThreadPoolExecutor(max(1, concurrency))
    try:
        with fh:
            futures = {pool_exec.submit(one, row): row for row in todo}
            for fut in as_completed(futures):
                row = futures[fut]
                try:
                    rec = fut.result()
                except GenerationError as exc:
                    failed.append({"key": row.key, "reason": str(exc)})
                    continue
                now = time.monotonic()
                rec["elapsed_s"] = round(now - last, 3)
                last = now
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                fh.flush()
                fresh[row.key] = rec
                tokens += rec["completion_tokens"]
                if on_progress:
                    on_progress(len(fresh), tokens)
    except BaseException:
        # Interrupted (Ctrl-C): stop the rows in flight instead of finishing every queued one; what is written
        # stays, and a rerun resumes from it.
        stop.set()
        pool_exec.shutdown(wait=True, cancel_futures=True)
        raise
    pool_exec.shutdown(wait=True)
    by_key = {**done, **fresh}
    records = [by_key[r.key] for r in rows if r.key in by_key]
    return GenerationRun(records, len(fresh), len([r for r in rows if r.key in done]), failed,
                         time.monotonic() - started)


# ---- scoring ------------------------------------------------------------------------------------


def check_passes(prediction: str, content: str) -> tuple[bool, bool]:
    """(no blocking fact flag against the row's attributes, no blocking compliance flag) for one prediction."""
    from shopscribe import quality
    from shopscribe.catalog.advertisegen import parse_content, product_from_pairs

    product = product_from_pairs(parse_content(content))
    fact = quality.check_text(prediction, product, lang=LANG, only=["fact"])
    law = quality.check_text(prediction, None, lang=LANG, only=["compliance"])
    return (not any(f.check == "fact" for f in fact.blocks), not any(f.check == "compliance" for f in law.blocks))


def row_scores(records: Sequence[dict[str, Any]]) -> list[dict[str, float]]:
    """Per-row figures for paired comparisons: BLEU-4, ROUGE-1/2/L, length, fact and compliance pass (0/100)."""
    out = []
    for rec in records:
        s = metrics.row_score(rec["reference"], rec["prediction"], LANG).as_dict()
        fact_ok, law_ok = check_passes(rec["prediction"], rec["content"])
        s["fact_consistency"], s["compliance_rate"] = 100.0 * fact_ok, 100.0 * law_ok
        out.append(s)
    return out


def score(records: Sequence[dict[str, Any]]) -> dict[str, float]:
    """The run's metrics on the 0–100 scale (fact consistency and compliance as % of rows), avg length in chars."""
    if not records:
        return {}
    refs = [r["reference"] for r in records]
    preds = [r["prediction"] for r in records]
    out = metrics.overlap_scores(refs, preds, LANG)
    checks = [check_passes(r["prediction"], r["content"]) for r in records]
    out["fact_consistency"] = 100.0 * sum(f for f, _ in checks) / len(checks)
    out["compliance_rate"] = 100.0 * sum(c for _, c in checks) / len(checks)
    return out


def speed(records: Sequence[dict[str, Any]]) -> dict[str, float | int]:
    """Tokens/s and minutes per 100 rows from the records' own timings (valid across resumed runs)."""
    wall = sum(float(r.get("elapsed_s", 0.0)) for r in records)
    toks = sum(int(r.get("completion_tokens", 0)) for r in records)
    n = len(records)
    return {"rows": n, "completion_tokens": toks, "seconds": round(wall, 1),
            "tokens_per_s": round(toks / wall, 2) if wall else 0.0,
            "minutes_per_100_rows": round(wall / n * 100 / 60, 2) if n and wall else 0.0}


# ---- one evaluation, end to end -----------------------------------------------------------------


@dataclass
class EvalRequest:
    """Everything `shopscribe eval generation` asks for."""

    data: Path
    limit: int | None = None
    model: str | None = None
    few_shot: int = 0
    pool: Path | None = None
    adapter: Path | None = None
    template: str | None = None
    predictions_out: Path | None = None
    decoding: Decoding = field(default_factory=Decoding)
    concurrency: int | None = None
    example_style: str = "turns"


def default_pool(data: Path) -> Path:
    """train.jsonl beside the evaluated file, else in the default AdvertiseGen directory."""
    from shopscribe.catalog.advertisegen import default_data_dir

    beside = Path(data).parent / "train.jsonl"
    return beside if beside.is_file() else default_data_dir() / "train.jsonl"


def evaluate_generation(req: EvalRequest, on_progress: Callable[[int, int], None] | None = None,
                        settings: Settings | None = None) -> dict[str, Any]:
    """Generate (resuming into the predictions file), then score; the result is the CLI's JSON document."""
    return evaluate_records(req, on_progress, settings)[0]


def evaluate_records(req: EvalRequest, on_progress: Callable[[int, int], None] | None = None,
                     settings: Settings | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`evaluate_generation`'s result and the prediction records it scored, in row order. `settings` come from the
    caller (the CLI reads them once); without them, from the environment."""
    from shopscribe.catalog.advertisegen import read_rows
    from shopscribe.config import get_settings
    from shopscribe.llm import get_generator, require_adapter
    from shopscribe.prompts.fewshot import pool_from_advertisegen

    settings = settings or get_settings()
    if req.example_style not in EXAMPLE_STYLES:
        raise UserError(f"--example-style is one of {', '.join(EXAMPLE_STYLES)}, not '{req.example_style}'")
    rows = read_rows(req.data, req.limit)
    model = req.model or settings.model
    pool = None
    pool_path = None
    if req.few_shot:
        pool_path = Path(req.pool) if req.pool else default_pool(req.data)
        pool = pool_from_advertisegen(pool_path)
    if req.adapter is not None:
        require_adapter(req.adapter)
    spec = EvalSpec(model=model, few_shot=req.few_shot, pool=str(pool_path) if pool_path else None,
                    adapter=str(Path(req.adapter).resolve()) if req.adapter else None,
                    template=req.template, decoding=req.decoding, templates_dir=settings.prompts_dir,
                    example_style=req.example_style)
    out_path = Path(req.predictions_out) if req.predictions_out else default_predictions_path(settings.home, req.data, spec)
    # Check the predictions file before the model loads: a wrong file, or one another run is writing, is the
    # user's to fix and cheap to report. generate_predictions takes the lock again for the whole run.
    read_predictions(out_path, spec.fingerprint, repair=False)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("a", encoding="utf-8") as probe:
        _lock(probe, out_path)
    t0 = time.monotonic()
    generator = get_generator(settings, model=model, adapters=[str(req.adapter)] if req.adapter else None)
    load_s = time.monotonic() - t0
    try:
        run = generate_predictions(rows, generator, spec, out_path, pool=pool,
                                   concurrency=req.concurrency or settings.concurrency, on_progress=on_progress)
    finally:
        generator.close()
    result: dict[str, Any] = {
        "data": str(req.data), "rows": len(rows), "scored": len(run.records), "generated": run.generated,
        "resumed": run.resumed, "failed": run.failed, "predictions": str(out_path),
        "model": model, "adapter": spec.adapter, "few_shot": req.few_shot, "pool": spec.pool,
        "example_style": req.example_style,
        "template": run.records[0]["template"] if run.records else req.template,
        "decoding": dataclasses.asdict(req.decoding),
        "engine": {"threads": settings.threads, "slots": settings.slots,
                   "concurrency": req.concurrency or settings.concurrency, "cpus": os.cpu_count()},
        "metrics": {k: round(v, 2) for k, v in score(run.records).items()},
        "speed": {**speed(run.records), "load_s": round(load_s, 1)},
        "anchor_chatglm_6b": CHATGLM_6B,
    }
    return result, run.records
