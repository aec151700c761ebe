"""Shared fixtures: a fresh shopscribe home per test, SQLite and a real PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from shopscribe.config import reset_settings
from shopscribe.store import dispose_engines, migrate

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample"
PG_ENV = "SHOPSCRIBE_TEST_PG_URL"
# Models are assembled once (make model-small) into the project's home; every test home shares them.
os.environ.setdefault("SHOPSCRIBE_MODELS_DIR", str(REPO / ".shopscribe" / "models"))
os.environ.setdefault("SHOPSCRIBE_DATA_DIR", str(REPO / ".shopscribe" / "data"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty SHOPSCRIBE_HOME with a migrated SQLite database."""
    h = tmp_path / "home"
    monkeypatch.setenv("SHOPSCRIBE_HOME", str(h))
    monkeypatch.delenv("SHOPSCRIBE_DATABASE_URL", raising=False)
    reset_settings()
    h.mkdir()
    migrate()
    yield h
    dispose_engines()
    reset_settings()


def pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.fail(
            f"{PG_ENV} is not set: run the tests with `make test`, which starts a PostgreSQL server "
            "(scripts/postgres.sh start DIR PORT prints the URL to export)."
        )
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty database on the test PostgreSQL server; dropped afterwards."""
    admin = pg_admin_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.rsplit("/", 1)[0] + "/" + name
    yield url
    dispose_engines()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db_home(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database of each kind behind SHOPSCRIBE_DATABASE_URL; yields the URL."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("SHOPSCRIBE_HOME", str(h))
    if request.param == "sqlite":
        url = f"sqlite:///{h / 'shopscribe.db'}"
        monkeypatch.setenv("SHOPSCRIBE_DATABASE_URL", url)
        reset_settings()
        migrate()
        yield url
    else:
        url = request.getfixturevalue("pg_url")
        monkeypatch.setenv("SHOPSCRIBE_DATABASE_URL", url)
        reset_settings()
        migrate()
        yield url
    dispose_engines()
    reset_settings()
