"""insights categories: predicted categories for products without one, accepted by a person before they are written."""

from __future__ import annotations

import typer


def register(insights_app: typer.Typer) -> None:
    """Adds the categories commands to `shopscribe insights`."""
