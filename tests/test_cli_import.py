"""The import, export and products commands as a user runs them: JSON shapes, exit codes, messages without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_files import write_text
from cli import Ran, shopscribe
from conftest import SAMPLE

SHOPSCRIBE = Path(sys.executable).parent / "shopscribe"
EXPORT_KEYS = ["sku", "title", "brand", "category", "price", "currency", "description", "attributes"]


@pytest.fixture
def cli(tmp_path):
    """Run `shopscribe` in-process with its own empty home, as from a fresh shell."""

    def run(*args: str, **settings: str) -> Ran:
        extra = {f"SHOPSCRIBE_{k.upper()}": v for k, v in settings.items()}
        return shopscribe(*args, env={"SHOPSCRIBE_HOME": str(tmp_path / "home"), **extra}, clean=True)

    return run


def test_the_installed_console_script_runs_a_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPSCRIBE_") or k == "SHOPSCRIBE_MODELS_DIR"}
    env["SHOPSCRIBE_HOME"] = str(tmp_path / "home")
    result = subprocess.run([str(SHOPSCRIBE), "import", "products", str(SAMPLE / "products.csv"), "--json"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["inserted"] == 30


BAD_FILE = "sku,title,price\nA-1,Kettle,10\nB-1,Teapot,abc\n"


def test_import_json_reports_counts_and_exits_0(cli):
    result = cli("import", "products", str(SAMPLE / "products.csv"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("file", "inserted", "updated", "unchanged", "rejected")} == {
        "file": str(SAMPLE / "products.csv"), "inserted": 30, "updated": 0, "unchanged": 0, "rejected": []}


def test_import_with_rejected_rows_lists_them_and_exits_1(cli, tmp_path):
    result = cli("import", "products", str(write_text(tmp_path / "p.csv", BAD_FILE)), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["inserted"], report["rejected"]) == (1, [
        {"line": 3, "sku": "B-1", "reason": "price 'abc' is not a number: write it like 399, ¥1,299.00, 19.99 元 or USD 19.99"}])


def test_import_human_output_names_counts_and_rejected_lines(cli, tmp_path):
    result = cli("import", "products", str(write_text(tmp_path / "p.csv", BAD_FILE)))
    assert result.returncode == 1
    assert "inserted 1, updated 0, unchanged 0, rejected 1" in result.stdout
    assert "price 'abc' is not a number" in result.stdout


def test_second_import_reports_all_unchanged(cli):
    cli("import", "products", str(SAMPLE / "products.csv"), "--json")
    report = json.loads(cli("import", "products", str(SAMPLE / "products.csv"), "--json").stdout)
    assert (report["inserted"], report["updated"], report["unchanged"]) == (0, 0, 30)


@pytest.mark.parametrize("kind, name, count", [("reviews", "reviews.jsonl", 81), ("events", "events.csv", 400)])
def test_sample_reviews_and_events_import_with_nothing_rejected(cli, kind, name, count):
    cli("import", "products", str(SAMPLE / "products.csv"))
    result = cli("import", kind, str(SAMPLE / name), "--json")
    assert (result.returncode, json.loads(result.stdout)["inserted"], json.loads(result.stdout)["rejected"]) == (0, count, [])


@pytest.mark.parametrize("name, message", [
    ("missing.csv", "missing.csv: no such file"),
    ("catalog.json", "catalog.json: a .json file is not supported; write one JSON object per line and name it .jsonl"),
    ("catalog.pdf", "catalog.pdf: unknown file type '.pdf'; use .csv, .jsonl or .xlsx"),
])
def test_unusable_file_exits_2_with_one_line_and_no_traceback(cli, tmp_path, name, message):
    path = tmp_path / name
    if name != "missing.csv":
        path.write_text("{}", encoding="utf-8")
    result = cli("import", "products", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"error: {tmp_path / message}"
    as_json = cli("import", "products", str(path), "--json")
    assert (as_json.returncode, as_json.stderr) == (2, "")
    assert json.loads(as_json.stdout) == {"error": str(tmp_path / message), "code": 2}


def test_file_without_sku_column_exits_2_naming_the_headers(cli, tmp_path):
    path = write_text(tmp_path / "p.csv", "title,price\nKettle,10\n")
    result = cli("import", "products", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: {path}: no column for sku (sku / variant sku / 商品编码")
    assert "Traceback" not in result.stderr


def test_unknown_import_kind_is_a_usage_error(cli, tmp_path):
    result = cli("import", "orders", str(SAMPLE / "products.csv"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_writes_every_product_with_the_contract_keys(cli, fmt):
    cli("import", "products", str(SAMPLE / "products.csv"))
    result = cli("export", "products", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(list(r) == EXPORT_KEYS for r in records)
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert list(rows[0]) == EXPORT_KEYS
        records = [r | {"attributes": json.loads(r["attributes"])} for r in rows]
    assert len(records) == 30
    first = records[0]
    assert (first["sku"], first["price"], first["currency"], first["attributes"]["容量"]) == ("BT-001", "69.00", "CNY", "120ml")


def test_export_to_a_file_with_o(cli, tmp_path):
    cli("import", "products", str(SAMPLE / "products.csv"))
    out = tmp_path / "catalog.jsonl"
    result = cli("export", "products", "-o", str(out))
    assert (result.returncode, result.stderr.strip()) == (0, f"exported 30 product(s) to {out}")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 30


def test_export_with_unknown_format_exits_2(cli):
    result = cli("export", "products", "--format", "xml")
    assert (result.returncode, result.stderr.strip()) == (2, "error: --format must be jsonl or csv, not 'xml'")


def test_products_lists_the_catalog_as_a_table(cli):
    cli("import", "products", str(SAMPLE / "products.csv"))
    result = cli("products", "--limit", "3")
    assert result.returncode == 0
    assert ["BT-001", "BT-002", "BT-003"] == [sku for sku in ("BT-001", "BT-002", "BT-003", "BT-004") if sku in result.stdout]
    assert "3 product(s)" in result.stdout


def test_products_json_lists_sku_price_and_review_count(cli):
    cli("import", "products", str(SAMPLE / "products.csv"))
    cli("import", "reviews", str(SAMPLE / "reviews.jsonl"))
    products = json.loads(cli("products", "--json").stdout)["products"]
    assert len(products) == 30
    assert products[-1] == {"sku": "TEA-002", "title": "云南普洱熟茶饼 357g", "brand": "山间茶舍", "category": "茶叶",
                            "price": "268.00", "currency": "CNY", "reviews": 2}


def test_products_table_prints_bracketed_titles_as_text(cli, tmp_path):
    cli("import", "products", str(write_text(tmp_path / "p.csv", "sku,title\nN-1,[新品] 保温杯\n")))
    assert "[新品] 保温杯" in cli("products").stdout


def test_rejected_rows_print_bracketed_skus_as_text(cli, tmp_path):
    result = cli("import", "products", str(write_text(tmp_path / "p.csv", "sku,price\n[L]-1,abc\n")))
    assert "[L]-1" in result.stdout


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg://shop:secret@127.0.0.1:1/shop",
     'error: database postgresql+psycopg://shop:***@127.0.0.1:1/shop: connection failed: connection to server at "127.0.0.1", '
     "port 1 failed: Connection refused; check SHOPSCRIBE_DATABASE_URL"),
    ("nosuchdb://shop", "error: database nosuchdb://shop: Can't load plugin: sqlalchemy.dialects:nosuchdb; "
                        "check SHOPSCRIBE_DATABASE_URL"),
])
def test_unusable_database_url_exits_2_with_one_line_and_no_password(cli, url, message):
    # Exit 1 would tell a script "some rows were rejected"; a configuration error is 2.
    result = cli("import", "products", str(SAMPLE / "products.csv"), database_url=url)
    assert (result.returncode, result.stderr.strip()) == (2, message)


def test_home_that_cannot_be_created_exits_2(cli, tmp_path):
    blocker = write_text(tmp_path / "a-file", "")
    result = cli("products", home=str(blocker / "home"))
    assert (result.returncode, result.stderr.strip()) == (
        2, f"error: {blocker / 'home'}: Not a directory; check SHOPSCRIBE_HOME and SHOPSCRIBE_DATABASE_URL")
