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
    from shopscribe.store import migrate

    settings = get_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    migrate()


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

    return make_url(url).render_as_string(hide_password=True)


# ---- catalog: import / export / products ----------------------------------------------------

# ---- models -----------------------------------------------------------------------------------

# ---- generate ---------------------------------------------------------------------------------

# ---- check ------------------------------------------------------------------------------------

# ---- eval / tune ------------------------------------------------------------------------------


def main() -> None:
    # Typer reports its own usage errors with exit 2; errors a user causes in our code arrive
    # as UserError and get one line, never a traceback.
    try:
        app()
    except UserError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
