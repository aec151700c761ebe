"""A throwaway SHOPSCRIBE_HOME with a migrated SQLite database, for one benchmark run."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def fresh_home() -> Iterator[Path]:
    from shopscribe.config import reset_settings
    from shopscribe.store import dispose_engines, migrate

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.environ["SHOPSCRIBE_HOME"] = str(home)
        os.environ.pop("SHOPSCRIBE_DATABASE_URL", None)
        reset_settings()
        migrate()
        try:
            yield home
        finally:
            dispose_engines()
            reset_settings()
