"""The CLI in-process (Typer's CliRunner): exit codes, stdout and stderr as a user's shell sees them, without a
new interpreter per call. Crash and resume tests still run the real `shopscribe` in a subprocess."""

from __future__ import annotations

import os
from typing import NamedTuple

from typer.testing import CliRunner

from shopscribe.cli import app
from shopscribe.config import reset_settings
from shopscribe.store import dispose_engines


# Folders every test home shares (assembled models, fetched data sets): a fresh shell still has them.
SHARED = ("SHOPSCRIBE_MODELS_DIR", "SHOPSCRIBE_DATA_DIR")


class Ran(NamedTuple):
    returncode: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        return self.returncode


def shopscribe(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, clean: bool = False) -> Ran:
    """Run `shopscribe ARGS` here. `env` adds settings for this call only; `clean` first drops every SHOPSCRIBE_
    variable but the SHARED folders (a fresh shell)."""
    changes: dict[str, str | None] = {}
    if clean:
        changes = {k: None for k in os.environ if k.startswith("SHOPSCRIBE_") and k not in SHARED}
    changes.update(env or {})
    reset_settings()  # settings are read once per process; each call here is a new process for them
    try:
        # catch_exceptions=False: a traceback is a failed test, never an exit code to compare.
        result = CliRunner().invoke(app, list(args), input=stdin, env=changes, catch_exceptions=False)
    finally:
        reset_settings()
        dispose_engines()
    return Ran(result.exit_code, result.stdout, result.stderr)
