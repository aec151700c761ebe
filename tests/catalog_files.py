"""Catalog test files: write real CSV/JSONL/XLSX inputs into a folder and read back what the store holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from shopscribe.catalog import iter_products


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    """A CSV file written by the csv module (so quoting is right) in the given encoding."""
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """A file holding exactly `text`: for inputs whose malformation the csv module would repair."""
    path.write_bytes(text.encode(encoding))
    return path


def write_jsonl(path: Path, objects: list[Any]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def stored_products() -> dict[str, dict[str, Any]]:
    """Every stored product as the exporter writes it, by SKU."""
    return {p["sku"]: p for p in iter_products()}


def stored_bytes(home: Path) -> bytes:
    """Every byte of the SQLite database files in a home (main file, WAL and journal)."""
    return b"".join(p.read_bytes() for p in sorted(home.glob("shopscribe.db*")))
