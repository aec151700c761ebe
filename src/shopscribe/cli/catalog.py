"""init, import, export products, products: the catalog room's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from shopscribe.cli.generate import changed_facts
from shopscribe.cli.output import ExportFormat, ExportOutput, JsonOpt, console, emit, ensure_db, export, progress, safe_url, say

import_app = typer.Typer(no_args_is_help=True, help="Import products, reviews or shopper events (CSV, JSONL or XLSX).")
ImportPath = typer.Argument(..., help="A .csv, .jsonl or .xlsx file.", show_default=False)


def init(as_json: bool = JsonOpt) -> None:
    """Create the home folder and the database schema."""
    s = ensure_db()
    result = {"home": str(s.home.resolve()), "database": safe_url(s.db_url)}
    emit(result, as_json, lambda r: console.print(f"initialised {r['home']} (database {r['database']})"))


def _import(kind: str, path: Path, as_json: bool, withdraw_stale: bool = False, successors: bool = False) -> None:
    from shopscribe.catalog import import_file
    from shopscribe.content import mark_stale

    s = ensure_db()
    with progress(as_json, f"importing {path.name}", rate=False) as tick:
        report = import_file(path, kind, on_progress=tick, actor="cli",
                             pseudonym_key=s.pseudonym_key.get_secret_value())
    stale = mark_stale(report.changed, actor="cli").drafts
    withdrawn: list[int] = []
    if withdraw_stale and stale:
        from shopscribe.publish import WithdrawRequest, withdraw

        withdrawn = withdraw(WithdrawRequest(draft_ids=[d.id for d in stale], reason="a fact changed on re-import",
                                             actor="cli"), s).withdrawn
    written = []
    if successors and stale:
        from shopscribe import content

        for kind_name in sorted({d.kind for d in stale}):
            with progress(as_json, f"writing successors ({kind_name})", "products") as tick:
                job = content.generate(content.GenerateRequest(kind=kind_name, stale=True, fresh=True), s,
                                       on_progress=tick)
            written.append({"kind": kind_name, "job": job.job, "drafts": [d["id"] for d in job.drafts],
                            "failed": job.failed})
    out = report.model_dump(mode="json") | {"stale": [d.model_dump() for d in stale], "withdrawn": withdrawn,
                                            "successors": written}
    emit(out, as_json, _render_import, exit_code=0 if report.ok else 1)


def _render_import(r: dict[str, Any]) -> None:
    from rich.table import Table

    encoding = f", {r['encoding']}" if r.get("encoding") else ""
    say(f"{r['file']} ({r['format']}{encoding}): {r['kind']}")
    line = f"inserted {r['inserted']}, updated {r['updated']}, unchanged {r['unchanged']}, rejected {len(r['rejected'])}"
    if r.get("skipped"):
        line += f", skipped {r['skipped']} (rows without product data)"
    console.print(line, highlight=False)
    if r["rejected"]:
        table = Table(title="rejected rows", title_justify="left")
        table.add_column("line", justify="right")
        table.add_column("sku")
        table.add_column("reason", overflow="fold")
        for rej in r["rejected"]:
            table.add_row(str(rej["line"]), escape(rej["sku"] or ""), escape(rej["reason"]))
        console.print(table)
    for d in r.get("stale", []):
        gone = " — withdrawn" if d["id"] in r["withdrawn"] else ""
        say(f"stale: draft {d['id']} ({d['sku']} {d['kind']}, {d['status']}) states {changed_facts(d['stale'])}{gone}")
    for w in r.get("successors", []):
        say(f"successors ({w['kind']}): drafts {', '.join(map(str, w['drafts'])) or 'none'} wait for review")
    if r.get("stale") and not r["withdrawn"] and not r.get("successors"):
        say("live copy stays live until its successor is approved: shopscribe generate --stale --kind KIND; "
            "if an old fact is now false, take it down with shopscribe drafts withdraw ID")


@import_app.command("products")
def import_products(
    path: Path = ImportPath,
    withdraw_stale: bool = typer.Option(False, "--withdraw-stale", help="Copy that states a fact this file changes "
                                        "is false now: retire it and take it down at once."),
    successors: bool = typer.Option(False, "--write-successors", help="Write new drafts for review in place of the "
                                    "copy this file made stale (loads the model)."),
    as_json: bool = JsonOpt,
) -> None:
    """Import products; the later row of a SKU wins and an unchanged row counts as unchanged. Approved and
    published copy that states a fact the file changes is marked stale."""
    _import("products", path, as_json, withdraw_stale, successors)


@import_app.command("reviews")
def import_reviews(path: Path = ImportPath, as_json: bool = JsonOpt) -> None:
    """Import customer reviews of known products; personal data is redacted and authors pseudonymised."""
    _import("reviews", path, as_json)


@import_app.command("events")
def import_events(path: Path = ImportPath, as_json: bool = JsonOpt) -> None:
    """Import shopper events (view, click, cart, purchase); users are pseudonymised."""
    _import("events", path, as_json)


def export_products(fmt: str = ExportFormat, output: Optional[Path] = ExportOutput) -> None:
    """Write every product, one per line: sku, title, brand, category, price, currency, description, attributes."""
    from shopscribe.catalog import export_products as write_products

    ensure_db()
    export(lambda out: write_products(out, fmt), fmt, output, "product")


def products(
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show at most this many (in SKU order)."),
    as_json: bool = JsonOpt,
) -> None:
    """List the catalog: sku, title, brand, category, price and number of reviews."""
    from shopscribe.catalog import list_products

    ensure_db()
    emit({"products": list_products(limit=limit)}, as_json, _render_products)


def _render_products(r: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(r['products'])} product(s)", title_justify="left")
    for col, justify in (("sku", "left"), ("title", "left"), ("brand", "left"), ("category", "left"),
                         ("price", "right"), ("reviews", "right")):
        table.add_column(col, justify=justify, overflow="fold")
    for p in r["products"]:
        price = f"{p['price']} {p['currency'] or ''}".strip() if p["price"] is not None else ""
        cells = (p["sku"], p["title"], p["brand"] or "", p["category"] or "", price, str(p["reviews"]))
        table.add_row(*(escape(c) for c in cells))
    console.print(table)


def register(app: typer.Typer, export_app: typer.Typer) -> None:
    app.command()(init)
    app.add_typer(import_app, name="import")
    app.command("products")(products)
    export_app.command("products")(export_products)
