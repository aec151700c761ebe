"""The CLI in-process (Typer's CliRunner): exit codes, stdout and stderr as a user's shell sees them, without a
new interpreter per call. Crash and resume tests still run the real `shopscribe` in a subprocess."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from shopscribe.cli import app


def shopscribe(*args: str, stdin: str | None = None) -> Result:
    # catch_exceptions=False: a traceback is a failed test, never an exit code to compare.
    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)
