"""The shopscribe command line: a root that registers one module of thin Typer commands per room.

Human-readable output by default, one JSON document with --json.
Exit codes: 0 success; 1 finished but some inputs were rejected or checks failed; 2 usage/config error
(one line on stderr, or {"error": "...", "code": 2} on stdout under --json; never a traceback).
"""

from __future__ import annotations

import typer

from shopscribe.cli import (catalog, experiments, generate, insights, models, publish, quality, recommend, review, tune,
                            users, web)
from shopscribe.cli.output import ContractGroup

app = typer.Typer(
    cls=ContractGroup, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Marketing copy for e-commerce shops.",
)
export_app = typer.Typer(no_args_is_help=True, help="Export the catalog or drafts.")


@app.callback()
def _root() -> None:
    """Marketing copy for e-commerce shops: import a catalog, generate, check and export copy."""


catalog.register(app, export_app)
models.register(app)
generate.register(app, export_app)
review.register(app)
publish.register(app)
experiments.register(app)
users.register(app)
quality.register(app)
tune.register(app)
recommend.register(app)
insights.register(app)
web.register(app)
app.add_typer(export_app, name="export")


def main() -> None:
    app()
