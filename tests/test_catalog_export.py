"""Export writes every product with the contract's keys, and what it writes imports back unchanged (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import delete

from catalog_files import write_csv
from conftest import SAMPLE
from shopscribe.catalog import export_products, import_file, list_products
from shopscribe.errors import UserError
from shopscribe.store import Product, session_scope

KEYS = ["sku", "title", "brand", "category", "price", "currency", "description", "attributes"]
ROWS = [
    ["sku", "title", "brand", "category", "price", "currency", "description", "attributes"],
    ["B-1", "真丝连衣裙", "素锦", "服装", "1,299", "CNY", "<p>19姆米桑蚕丝。</p><p>V领，收腰。</p>", '{"材质": "桑蚕丝", "尺码": "S/M/L"}'],
    ["A-1", "Mug, \"large\"", "", "", "", "", "Line one\nLine two", ""],
]


def _export(fmt: str) -> str:
    out = io.StringIO()
    export_products(out, fmt)
    return out.getvalue()


def test_jsonl_export_has_one_product_per_line_with_the_contract_keys(db_home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", ROWS), "products")
    lines = [json.loads(line) for line in _export("jsonl").splitlines()]
    assert lines == [
        {"sku": "A-1", "title": 'Mug, "large"', "brand": None, "category": None, "price": None, "currency": None,
         "description": "Line one\nLine two", "attributes": {}},
        {"sku": "B-1", "title": "真丝连衣裙", "brand": "素锦", "category": "服装", "price": "1299.00", "currency": "CNY",
         "description": "19姆米桑蚕丝。\nV领，收腰。", "attributes": {"材质": "桑蚕丝", "尺码": "S/M/L"}},
    ]
    assert all(list(line) == KEYS for line in lines)


def test_csv_export_has_the_contract_header_and_attributes_as_json(db_home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", ROWS), "products")
    rows = list(csv.reader(io.StringIO(_export("csv"))))
    assert rows[0] == KEYS
    assert rows[2] == ["B-1", "真丝连衣裙", "素锦", "服装", "1299.00", "CNY", "19姆米桑蚕丝。\nV领，收腰。", '{"材质": "桑蚕丝", "尺码": "S/M/L"}']


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv"), ("jsonl", ".jsonl")])
def test_exported_file_imports_back_as_all_unchanged(db_home, tmp_path, fmt, suffix):
    import_file(SAMPLE / "products.csv", "products")
    path = tmp_path / f"export{suffix}"
    path.write_text(_export(fmt), encoding="utf-8")
    report = import_file(path, "products")
    assert (report.inserted, report.updated, report.unchanged, report.rejected) == (0, 0, 30, [])


def test_sample_catalog_round_trips_into_an_empty_database(db_home, tmp_path):
    import_file(SAMPLE / "products.csv", "products")
    first = _export("jsonl")
    path = tmp_path / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    with session_scope() as s:
        s.execute(delete(Product))
    assert import_file(path, "products").inserted == 30
    assert _export("jsonl") == first


def test_listing_counts_reviews_per_product(db_home, tmp_path):
    import_file(SAMPLE / "products.csv", "products")
    import_file(SAMPLE / "reviews.jsonl", "reviews")
    listing = {p["sku"]: p for p in list_products()}
    assert listing["CL-001"] == {"sku": "CL-001", "title": "纯棉圆领短袖T恤 男女同款", "brand": "棉语", "category": "服装",
                                 "price": "89.00", "currency": "CNY", "reviews": 4}
    assert sum(p["reviews"] for p in listing.values()) == 81


def test_unknown_export_format_is_a_usage_error(home):
    with pytest.raises(UserError, match="unknown export format 'xml': use jsonl or csv"):
        export_products(io.StringIO(), "xml")


def test_sample_reviews_and_events_reimport_unchanged(db_home):
    # Stored times come back naive from SQLite and zone-aware from PostgreSQL; both must compare equal to the file.
    import_file(SAMPLE / "products.csv", "products")
    first = [import_file(SAMPLE / "reviews.jsonl", "reviews"), import_file(SAMPLE / "events.csv", "events")]
    again = [import_file(SAMPLE / "reviews.jsonl", "reviews"), import_file(SAMPLE / "events.csv", "events")]
    assert [(r.inserted, r.unchanged) for r in first] == [(81, 0), (400, 0)]
    assert [(r.inserted, r.updated, r.unchanged) for r in again] == [(0, 0, 81), (0, 0, 400)]
