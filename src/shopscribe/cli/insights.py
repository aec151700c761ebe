"""insights train / run / show (and categories, in cli/categories.py) and eval sentiment: what reviews say."""

from __future__ import annotations

import typer

insights_app = typer.Typer(no_args_is_help=True, help="Review insights: sentiment, aspects, keywords, strengths and "
                           "complaints per product; categories for products without one.")


def register(app: typer.Typer) -> None:
    from shopscribe.cli import categories

    categories.register(insights_app)
    app.add_typer(insights_app, name="insights")
