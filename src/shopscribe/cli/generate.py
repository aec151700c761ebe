"""generate, drafts, export drafts: the content room's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from shopscribe.cli.output import (
    ExportFormat,
    ExportOutput,
    JsonOpt,
    console,
    emit,
    ensure_db,
    export,
    progress,
    settings,
)
from shopscribe.content.pipeline import MAX_ATTEMPTS

KindOpt = typer.Option(None, "--kind", help="Only drafts of this kind.")
SkuOpt = typer.Option(None, "--sku", help="Only drafts of this product.")
StatusOpt = typer.Option(None, "--status", help="draft|approved|rejected|published|retired.")


def generate(
    kind: str = typer.Option(..., "--kind", help="description|title|bullets|ad|social|email|review-reply"),
    sku: Optional[list[str]] = typer.Option(None, "--sku", help="Product SKU (repeat for several)."),
    all_products: bool = typer.Option(False, "--all", help="Every product in the catalog."),
    stale: bool = typer.Option(False, "--stale", help="The products whose approved copy of this kind a re-import "
                               "made stale: write successors for review."),
    per_variant: bool = typer.Option(False, "--per-variant", help="Copy for each variant of the products that have "
                                     "several (its own options and price), instead of one for the product."),
    lang: str = typer.Option("auto", "--lang", help="zh|en|auto (from each product's own text)."),
    variants: int = typer.Option(1, "--variants", min=1, max=8, help="Candidates kept per product."),
    pick: str = typer.Option("gate", "--pick", help="Which variant comes first: gate (the quality score) or "
                             "consensus (minimum-Bayes-risk: the passing one the others agree with most)."),
    min_chars: int = typer.Option(0, "--min-chars", min=0, help="Continue plain copy that stops shorter, to the next "
                                  "sentence end past N characters (tuned models stop early; 0: off)."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Sales channel whose limits apply (default per kind)."),
    template: Optional[str] = typer.Option(None, "--template", help="Prompt template name (default KIND.LANG)."),
    few_shot: int = typer.Option(1, "--few-shot", min=0, max=8,
                                 help="Worked examples per prompt: the most similar products' approved copy, else "
                                      "built-in examples for the category; 0 for none."),
    example_style: str = typer.Option("turns", "--example-style", help="turns (each example as a worked exchange) "
                                      "or copy (their copy alone: about a quarter fewer prompt tokens)."),
    pool: Optional[Path] = typer.Option(None, "--pool", help="Examples file (AdvertiseGen JSONL: content, summary); "
                                        "default: the shop's approved drafts of this kind and language."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Shop profile TOML (default HOME/shop.toml)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name or .gguf path (default from settings)."),
    adapter: Optional[Path] = typer.Option(None, "--adapter", help="LoRA adapter from `shopscribe tune lora` "
                                           "(default SHOPSCRIBE_ADAPTER, else the shop's own from `tune lora "
                                           "--from-drafts`; embedded backend)."),
    no_adapter: bool = typer.Option(False, "--no-adapter", help="The base model, even where the shop has an adapter."),
    fresh: bool = typer.Option(False, "--fresh", help="Start a new job instead of resuming the same request."),
    max_attempts: int = typer.Option(MAX_ATTEMPTS, "--max-attempts", min=1, max=6,
                                     help="Tries per candidate: the first, a rewrite with the flags, then a fresh "
                                          "sample and a brief prompt when a check blocks twice."),
    seed: Optional[int] = typer.Option(None, "--seed"),
    segment: Optional[str] = typer.Option(None, "--segment", help="Write the variant for this shopper segment "
                                          "(see `shopscribe recommend segments`)."),
    as_json: bool = JsonOpt,
) -> None:
    """Write drafts for products; rerunning the same command resumes an interrupted job."""
    from shopscribe import content

    s = settings()
    audience = None
    if segment:
        from shopscribe.recommend.shoppers import audience as segment_audience

        audience = segment_audience(s.home, segment)
    req = content.GenerateRequest(kind=kind, skus=list(sku or []), all_products=all_products, stale=stale, per_variant=per_variant, lang=lang,
                                  variants=variants, pick=pick, min_chars=min_chars, channel=channel, template=template, few_shot=few_shot, example_style=example_style, pool=pool,
                                  profile=profile, model=model, adapter=adapter, no_adapter=no_adapter, fresh=fresh,
                                  max_attempts=max_attempts, seed=seed, audience=audience)
    ensure_db()
    with progress(as_json, "generating", "products") as tick:
        result = content.generate(req, s, on_progress=tick)
    emit(result, as_json, render_drafts, exit_code=1 if result.failed else 0)


def changed_facts(stale: list[dict[str, Any]]) -> str:
    """A stale draft's changed facts in one line: `price 89.00 → 99.00; 颜色 白色、黑色 → 黑色`."""
    return "; ".join(f"{f['fact']} {f['old']} → {f['new'] or '(none)'}" for f in stale)


def render_drafts(out: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"drafts of {out['job']}", show_lines=True)
    for col in ("id", "sku", "kind", "lang", "passed", "text"):
        table.add_column(col, overflow="fold")
    for d in out["drafts"]:
        table.add_row(str(d["id"]), escape(d["sku"]), d["kind"], d["lang"], "yes" if d["passed"] else "[red]no[/red]",
                      escape(d["text"]))
    console.print(table)
    for d in out["drafts"]:
        if d.get("stale"):
            console.print(f"draft {d['id']} ({d['status']}) states facts that changed: {escape(changed_facts(d['stale']))}",
                          highlight=False)
    if out.get("resumed"):
        console.print(f"resumed: {out['resumed']} item(s) were already done by an earlier run")
    for f in out["failed"]:
        console.print(f"[red]failed[/red] {escape(f['sku'])}: {escape(f['reason'])}", highlight=False)
    if out.get("seconds"):
        rate = out["completion_tokens"] / out["seconds"] if out["seconds"] else 0
        console.print(f"{len(out['drafts'])} draft(s), {out['completion_tokens']} tokens in {out['seconds']} s ({rate:.1f} tok/s)")


def query(kind: str | None, sku: str | None, status: str | None, stale: bool = False) -> Any:
    from shopscribe.content import DraftQuery

    return DraftQuery(kind=kind, sku=sku, status=status, stale=stale)


def export_drafts(fmt: str = ExportFormat, output: Optional[Path] = ExportOutput, kind: Optional[str] = KindOpt,
                  sku: Optional[str] = SkuOpt, status: Optional[str] = StatusOpt) -> None:
    """Write drafts with their check reports, one per line (jsonl) or row (csv), for publishing or review."""
    from shopscribe.content import export_drafts as write_drafts

    q = query(kind, sku, status)
    ensure_db()
    export(lambda out: write_drafts(out, fmt, q), fmt, output, "draft")


def register(app: typer.Typer, export_app: typer.Typer) -> None:
    app.command()(generate)
    export_app.command("drafts")(export_drafts)
