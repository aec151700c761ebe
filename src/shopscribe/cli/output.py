"""What every command shares: the consoles, --json, emit(), progress bars, the database check, file output,
and the error contract (a UserError or a usage error is one line and exit 2; under --json a JSON object)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pydantic
import typer
from rich.console import Console
from rich.markup import escape
from typer._click import exceptions as click_errors  # Typer carries its own copy of Click
from typer.core import TyperGroup

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError

console = Console(stderr=False)
err_console = Console(stderr=True)

JsonOpt = typer.Option(False, "--json", help="Print one JSON document instead of human-readable output.")
AsOpt = typer.Option("cli", "--as", help="Who is acting (recorded in the audit log).")
ExportFormat = typer.Option("jsonl", "--format", help="jsonl or csv.")
ExportOutput = typer.Option(None, "-o", "--output", help="File to write (default: stdout).")


def emit(result: Any, as_json: bool, render: Callable[[Any], None], exit_code: int = 0) -> None:
    """Print a result as JSON or through a human renderer, then exit with the contract's code."""
    if hasattr(result, "model_dump"):
        result = result.model_dump(mode="json")
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    else:
        render(result)
    raise typer.Exit(exit_code)


def say(text: str) -> None:
    """A line of user data (file names, SKUs, reasons) printed as text: `[新品]` is not markup."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def settings() -> Settings:
    """The settings, read once at the edge and handed to the room functions."""
    return get_settings()


def ensure_db() -> Settings:
    """Create the home folder and bring the schema up to date (idempotent); returns the settings."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from shopscribe.store import migrate

    s = settings()
    try:
        s.home.mkdir(parents=True, exist_ok=True)
        migrate()
    except OSError as exc:
        raise UserError(f"{exc.filename or s.home}: {exc.strerror}; check SHOPSCRIBE_HOME and SHOPSCRIBE_DATABASE_URL") from None
    except (ArgumentError, OperationalError) as exc:
        # A wrong or unreachable SHOPSCRIBE_DATABASE_URL is a configuration error (exit 2), not a crash
        # with exit 1, which would read as "some rows were rejected".
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UserError(f"database {safe_url(s.db_url)}: {reason}; check SHOPSCRIBE_DATABASE_URL") from None
    return s


def safe_url(url: str) -> str:
    """A database URL without its password, for output and logs."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"  # the raw text might hold a password


def read_text(source: str | Path) -> str:
    """A UTF-8 text file the user named (BOM allowed), or standard input for "-"; a file that cannot be read is
    the user's to fix."""
    if str(source) == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"{source}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UserError(f"{source}: not UTF-8 text") from None


def export(write: Callable[[TextIO], int], fmt: str, output: Path | None, what: str) -> None:
    """Run an exporter to stdout or to a file (its folder made), then say how many rows went where."""
    if fmt not in ("jsonl", "csv"):
        raise UserError(f"--format must be jsonl or csv, not '{fmt}'")
    if output is None:
        write(sys.stdout)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as f:
            count = write(f)
    except OSError as exc:
        raise UserError(f"{output}: cannot write ({exc.strerror}); choose another path with -o") from None
    err_console.print(f"exported {count} {what}(s) to {output}", markup=False, highlight=False, soft_wrap=True)


@contextmanager
def progress(as_json: bool, label: str, unit: str = "", *, rate: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; silent under --json or without a terminal.

    The tick takes (done, total) for a file being read (rate=False), or (done, tokens) for generation, where the
    bar shows items/s and tokens/s.
    """
    if as_json or not err_console.is_terminal:
        yield lambda _done, _n: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn()]
    columns += [TextColumn("{task.completed} " + unit), TextColumn("{task.fields[rate]}")] if rate else [TaskProgressColumn()]
    bar = Progress(*columns, TimeElapsedColumn(), console=err_console, transient=not rate)
    task = bar.add_task(label, total=None, rate="")
    t0 = time.perf_counter()

    def tick(done: int, n: int) -> None:
        if not rate:
            bar.update(task, completed=done, total=n or None)
            return
        dt = max(time.perf_counter() - t0, 1e-6)
        bar.update(task, completed=done, rate=f"{done / dt:.2f} {unit}/s, {n / dt:.1f} tok/s")

    with bar:
        yield tick


def fail(message: str, as_json: bool) -> None:
    """The error contract's one line (stderr), or its JSON object (stdout) under --json; exit 2."""
    if as_json:
        sys.stdout.write(json.dumps({"error": message, "code": 2}, ensure_ascii=False) + "\n")
    else:
        # soft_wrap: the message stays one line however narrow the terminal (or a pipe's 80 columns).
        err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(2)


class ContractGroup(TyperGroup):
    """The root command: every error a user causes ends here as one line (or a JSON object) and exit 2.

    Typer reports usage errors itself only in standalone mode, where --json cannot be honoured, so the root runs
    non-standalone and renders them, and the room functions' UserErrors, the same way.
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        as_json = "--json" in argv
        try:
            code = super().main(args=argv, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                **extra)
        except UserError as exc:
            fail(str(exc), as_json)
        except pydantic.ValidationError as exc:  # a request built from the user's options
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "request"
            fail(f"{where}: {first['msg']}", as_json)
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click_errors.UsageError as exc:
            if as_json:
                fail(exc.format_message(), True)
            exc.show()
            sys.exit(2)
        except click_errors.Abort:
            err_console.print("aborted")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
