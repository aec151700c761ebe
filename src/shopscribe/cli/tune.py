"""eval generation, eval prompts, tune lora: measuring copy and tuning the model."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db, err_console, progress, settings

eval_app = typer.Typer(no_args_is_help=True, help="Measure generated copy: AdvertiseGen metrics, prompt comparisons.")
tune_app = typer.Typer(no_args_is_help=True, help="Fine-tune the embedded model (LoRA → GGUF adapter).")

EvalData = typer.Option(..., "--data", help="AdvertiseGen-format JSONL: {\"content\": \"类型#上衣*…\", \"summary\": …}.")


@eval_app.command("generation")
def eval_generation(
    data: Path = EvalData,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N rows."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name or .gguf path (default from settings)."),
    few_shot: int = typer.Option(0, "--few-shot", min=0, max=8, help="Retrieved examples per prompt (0: zero-shot)."),
    pool: Optional[Path] = typer.Option(None, "--pool", help="Few-shot pool (default: train.jsonl beside --data)."),
    example_style: str = typer.Option("turns", "--example-style", help="turns (each example as a worked exchange) "
                                      "or copy (their copy alone: about a quarter fewer prompt tokens)."),
    adapter: Optional[Path] = typer.Option(None, "--adapter", help="GGUF LoRA adapter (from `shopscribe tune lora`)."),
    template: Optional[str] = typer.Option(None, "--template", help="Prompt template (default description.zh)."),
    predictions_out: Optional[Path] = typer.Option(None, "--predictions-out",
                                                   help="Predictions JSONL; an existing one is resumed."),
    max_attempts: int = typer.Option(1, "--max-attempts", min=1, max=6, help="Pipeline tries per row (1: no rewrite)."),
    seed: int = typer.Option(0, "--seed"),
    mbr: int = typer.Option(1, "--mbr", min=1, max=16, help="Minimum-Bayes-risk: sample N candidates (temperature "
                            "0.7) and keep the one the others agree with most (chrF); 1: greedy."),
    min_chars: int = typer.Option(0, "--min-chars", min=0, help="Continue copy that stops shorter, to the next "
                                  "sentence end past N characters (0: the model's own length)."),
    repeat_penalty: float = typer.Option(1.1, "--repeat-penalty", min=1.0, max=2.0,
                                         help="Taxes every token already in the copy (1.0: off)."),
    dry: float = typer.Option(0.0, "--dry", min=0.0, max=4.0, help="DRY: taxes a phrase coming round again, not a "
                              "word used twice (embedded engine; 0.8 with --repeat-penalty 1.0; 0: off)."),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, max=16, help="Rows decoded at once."),
    as_json: bool = JsonOpt,
) -> None:
    """Generate descriptions from AdvertiseGen attributes and score them against the references."""
    from shopscribe.tune import Decoding, EvalRequest, evaluate_generation

    decoding = (Decoding.mbr(mbr, seed, max_attempts, min_chars) if mbr > 1
                else Decoding(seed=seed, max_attempts=max_attempts, min_chars=min_chars))
    decoding = dataclasses.replace(decoding, repeat_penalty=repeat_penalty, dry=dry)
    req = EvalRequest(data=data, limit=limit, model=model, few_shot=few_shot, pool=pool, adapter=adapter,
                      template=template, predictions_out=predictions_out, decoding=decoding,
                      concurrency=concurrency, example_style=example_style)
    try:
        with progress(as_json, "evaluating", "rows") as tick:
            result = evaluate_generation(req, on_progress=tick, settings=settings())
    except KeyboardInterrupt:
        err_console.print("interrupted: the predictions so far are saved; rerun the same command to resume")
        raise typer.Exit(130) from None
    emit(result, as_json, _render_eval, exit_code=1 if result["failed"] else 0)


def _render_eval(r: dict[str, Any]) -> None:
    from rich.table import Table

    m, s, a = r["metrics"], r["speed"], r["anchor_chatglm_6b"]
    setup = f"model {r['model']}" + (f" + {r['adapter']}" if r["adapter"] else "")
    setup += f", {r['few_shot']}-shot" if r["few_shot"] else ", zero-shot"
    console.print(f"{r['data']}: {r['scored']} of {r['rows']} rows scored ({r['generated']} generated, "
                  f"{r['resumed']} resumed); {setup}; template {r['template']}", highlight=False)
    table = Table("metric", "value", "ChatGLM-6B")
    for key, label in (("bleu4", "BLEU-4"), ("sacrebleu", "sacreBLEU zh"), ("rouge1", "ROUGE-1"),
                       ("rouge2", "ROUGE-2"), ("rougeL", "ROUGE-L"), ("distinct1", "distinct-1"),
                       ("distinct2", "distinct-2"), ("fact_consistency", "fact consistency %"),
                       ("compliance_rate", "compliance %"), ("avg_chars", "avg length (chars)")):
        table.add_row(label, f"{m.get(key, 0):.2f}", f"{a[key]:.2f}" if key in a else "")
    console.print(table)
    console.print(f"decoding {r['decoding']}; {s['tokens_per_s']} tok/s, {s['minutes_per_100_rows']} min per 100 rows "
                  f"(threads {r['engine']['threads']}, concurrency {r['engine']['concurrency']}); "
                  f"predictions in {r['predictions']}", highlight=False)
    for f in r["failed"]:
        console.print(f"[red]failed[/red] {f['key']}: {f['reason']}")


@eval_app.command("prompts")
def eval_prompts(
    templates: tuple[str, str] = typer.Option(..., "--templates", help="Two template names: A B."),
    data: Path = EvalData,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N rows."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name or .gguf path (default from settings)."),
    few_shot: int = typer.Option(0, "--few-shot", min=0, max=8),
    resamples: int = typer.Option(1000, "--resamples", min=100, help="Bootstrap resamples."),
    predictions_dir: Optional[Path] = typer.Option(None, "--predictions-dir", help="Where both predictions files go."),
    as_json: bool = JsonOpt,
) -> None:
    """Run the same rows through templates A and B; report B − A per metric with paired-bootstrap 95% CIs."""
    from shopscribe.tune import compare_templates

    with progress(as_json, "comparing", "rows") as tick:
        result = compare_templates(data, templates, limit=limit, model=model, few_shot=few_shot,
                                   predictions_dir=predictions_dir, resamples=resamples, on_progress=tick,
                                   settings=settings())
    failed = result["a"]["failed"] or result["b"]["failed"]
    emit(result, as_json, _render_compare, exit_code=1 if failed else 0)


def _render_compare(r: dict[str, Any]) -> None:
    from rich.table import Table

    t = r["templates"]
    table = Table(title=f"B − A on {r['rows']} rows: A = {t['a']}, B = {t['b']}", title_justify="left")
    for col in ("metric", "A", "B", "B − A", "95% CI"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    for d in r["differences"]:
        table.add_row(d["metric"], f"{d['a']:.2f}", f"{d['b']:.2f}", f"{d['diff']:+.2f}",
                      f"[{d['ci95'][0]:+.2f}, {d['ci95'][1]:+.2f}]")
    console.print(table)


@tune_app.command("lora")
def tune_lora(
    data: Optional[Path] = typer.Option(None, "--data", help="AdvertiseGen-format JSONL: {\"content\": \"类型#上衣*…\", "
                                        "\"summary\": …} (train.jsonl, or the shop's own copy)."),
    from_drafts: Optional[str] = typer.Option(None, "--from-drafts", help="KIND.LANG: train on the shop's approved "
                                              "drafts of that kind, e.g. description.zh."),
    model: str = typer.Option("qwen2.5-coder-0.5b", "--model", help="Base model name or .gguf path."),
    epochs: float = typer.Option(1.0, "--epochs", min=0.01),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", min=1, help="Stop after this many steps."),
    rank: int = typer.Option(16, "--rank", min=1, max=256),
    alpha: float = typer.Option(32.0, "--alpha", min=0.0),
    dropout: float = typer.Option(0.0, "--dropout", min=0.0, max=0.9, help="LoRA dropout."),
    # The defaults are the measured CPU schedule (docs/benchmarks.md "A whole epoch on the CPU").
    lr: float = typer.Option(3e-4, "--lr", min=0.0),
    batch_size: int = typer.Option(8, "--batch-size", min=1),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N rows."),
    top_layers: int = typer.Option(12, "--top-layers", min=0, help="LoRA on the last N blocks only; the blocks below "
                                   "run once per row into the trunk cache (0: every block, no cache)."),
    max_len: int = typer.Option(640, "--max-len", min=32, help="Skip rows longer than this many tokens."),
    seed: int = typer.Option(0, "--seed"),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default HOME/adapters/MODEL-lora)."),
    time_budget: Optional[str] = typer.Option(None, "--time-budget", help="Stop cleanly at a checkpoint before this "
                                              "much training time (2h, 90m, 1h30m) and write a usable adapter; the "
                                              "same command later goes on from there."),
    checkpoint_every: int = typer.Option(50, "--checkpoint-every", min=1, help="Save the run's state every N steps."),
    restart: bool = typer.Option(False, "--restart", help="Drop OUT's checkpoint and start over."),
    init_from: Optional[Path] = typer.Option(None, "--init-from", help="A finished run's folder: start from its "
                                             "adapter on a fresh schedule (another epoch; same --rank and --top-layers)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Run the frozen blocks every step instead of once per row."),
    dtype: str = typer.Option("auto", "--dtype", help="auto (bf16 where the CPU has native bf16), float32, bfloat16."),
    as_json: bool = JsonOpt,
) -> None:
    """LoRA-train the model on AdvertiseGen-format rows or approved drafts; writes OUT/adapter.gguf (for --adapter)
    and OUT/train.json. Interrupted (Ctrl-C, a crash, --time-budget), the same command resumes from OUT's last
    checkpoint with the same data order."""
    from shopscribe.tune import LoraSpec, train_lora
    from shopscribe.tune.lora import parse_duration

    if from_drafts:
        ensure_db()
    spec = LoraSpec(data=data, drafts=from_drafts, model=model, out=out, limit=limit, epochs=epochs, max_steps=max_steps,
                    rank=rank, alpha=alpha, dropout=dropout, lr=lr, batch_size=batch_size, max_len=max_len,
                    top_layers=top_layers or None,
                    seed=seed, cache=not no_cache, dtype=dtype, checkpoint_every=checkpoint_every,
                    time_budget_s=parse_duration(time_budget) if time_budget else None, restart=restart,
                    init_from=init_from)
    say = (lambda _m: None) if as_json else (lambda m: err_console.print(m, highlight=False))
    try:
        with training_bar(as_json) as (on_cache, on_step):
            record = train_lora(spec, on_progress=say, settings=settings(), on_step=on_step, on_cache=on_cache)
    except KeyboardInterrupt:
        err_console.print("interrupted: the last checkpoint is saved; rerun the same command to resume")
        raise typer.Exit(130) from None
    emit({k: v for k, v in record.items() if k not in ("losses", "grad_norms")}, as_json, _render_lora)


def _render_lora(r: dict[str, Any]) -> None:
    done = "" if r["finished"] else f" (stopped at step {r['steps_done']} of {r['steps']}: {r['stopped'] or 'early'}; " \
                                     "rerun the same command to go on)"
    console.print(f"wrote {r['adapter']} ({r['adapter_bytes'] / 1e6:.1f} MB, {r['lora_pairs']} LoRA pairs): "
                  f"{r['steps_done']} steps on {r['rows_used']} rows in {r['train_s']} s, {r['row_tokens_per_s']} "
                  f"tokens/s, loss {r['loss_first5_mean']} → {r['loss_last5_mean']}{done}", highlight=False)


@tune_app.command("caches")
def tune_caches(
    remove: Optional[list[str]] = typer.Option(None, "--remove", help="Delete this cache (repeat for several)."),
    unused_for: Optional[str] = typer.Option(None, "--unused-for", help="Delete the caches no run has built or "
                                             "read for this long (e.g. 14d, 12h)."),
    as_json: bool = JsonOpt,
) -> None:
    """The trunk caches `tune lora` keeps under HOME/cache/trunk (about 1 GB per set of rows), and their removal."""
    from shopscribe.tune.lora import parse_duration
    from shopscribe.tune.trunk import list_caches, remove_caches

    root = settings().home / "cache" / "trunk"
    removed = None
    if remove or unused_for:
        gone = remove_caches(root, keys=remove or [],
                             unused_for_s=parse_duration(unused_for, "--unused-for") if unused_for else None)
        removed = [c.to_dict() for c in gone]
    caches = [c.to_dict() for c in list_caches(root)]
    emit({"root": str(root), "caches": caches, "removed": removed}, as_json, _render_caches)


def _render_caches(r: dict[str, Any]) -> None:
    from rich.table import Table

    for c in r["removed"] or []:
        console.print(f"removed {c['key']} ({c['bytes'] / 1e9:.2f} GB, last used {c['last_used']})", highlight=False)
    if not r["caches"]:
        console.print(f"no trunk caches in {r['root']}", highlight=False)
        return
    table = Table("key", "rows", "frozen blocks", "dtype", "model", "finished", "GB", "last used")
    for c in r["caches"]:
        table.add_row(c["key"], str(c["rows"] or "?"), str(c["split"] or "?"), c["dtype"] or "?",
                      (c["model_sha256"] or "?")[:12], "yes" if c["finished"] else "no", f"{c['bytes'] / 1e9:.2f}",
                      c["last_used"])
    console.print(table)


@contextmanager
def training_bar(as_json: bool) -> Iterator[tuple[Callable[[int, int], None], Callable[[Any], None]]]:
    """Two bars on stderr: the trunk cache (batches) and training (steps, loss, tokens/s, ETA); silent under --json
    or without a terminal."""
    if as_json or not err_console.is_terminal:
        yield (lambda _d, _n: None), (lambda _r: None)
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TextColumn("{task.fields[info]}"),
                   TimeElapsedColumn(), console=err_console)
    tasks: dict[str, Any] = {}

    def on_cache(done: int, total: int) -> None:
        if "cache" not in tasks:
            tasks["cache"] = bar.add_task("trunk cache", total=total, info="batches")
        bar.update(tasks["cache"], completed=done)

    def on_step(r: Any) -> None:
        if "train" not in tasks:
            tasks["train"] = bar.add_task("training", total=r.steps, info="")
        eta = f"{int(r.eta_s // 3600)}:{int(r.eta_s % 3600 // 60):02d}:{int(r.eta_s % 60):02d}"
        bar.update(tasks["train"], completed=r.step,
                   info=f"step {r.step}/{r.steps} loss {r.loss:.3f} {r.tokens_per_s:.0f} tok/s ETA {eta}")

    with bar:
        yield on_cache, on_step


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
    app.add_typer(tune_app, name="tune")
