"""Listing and exporting stored drafts from the command line: what a reviewer or a channel import reads."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from cli import Ran, shopscribe
from shopscribe.store import Draft, Product, session_scope

REPORT = {"passed": False, "score": 0.25, "flags": [
    {"check": "compliance", "severity": "block", "start": 0, "end": 2, "text": "最佳", "message": "《广告法》第九条"}]}


def add_drafts() -> None:
    with session_scope() as s:
        p = Product(sku="TEE-1", title="[新品] 纯棉T恤", price=Decimal("89"), currency="CNY", attributes={})
        s.add(p)
        s.flush()
        s.add(Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=0,
                    text="[新品] 纯棉T恤，柔软透气。", fields={"text": "[新品] 纯棉T恤，柔软透气。"},
                    check_report={"passed": True, "score": 1.0, "flags": []}, score=Decimal("1.0"), model="m"))
        s.add(Draft(product_id=p.id, kind="title", lang="zh", channel="taobao", variant=0, text="最佳纯棉T恤",
                    fields={"text": "最佳纯棉T恤"}, check_report=REPORT, score=Decimal("0.25"), model="m"))


def cli(*args: str) -> Ran:
    return shopscribe(*args)


def test_export_drafts_jsonl_carries_text_fields_and_check_report(home):
    add_drafts()
    proc = cli("export", "drafts", "--kind", "title")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["sku"], row["kind"], row["text"], row["passed"], row["score"]) == ("TEE-1", "title", "最佳纯棉T恤", False, 0.25)
    assert row["flags"] == REPORT["flags"]


def test_export_drafts_csv_to_a_file(home, tmp_path):
    add_drafts()
    out = tmp_path / "out" / "drafts.csv"
    proc = cli("export", "drafts", "--format", "csv", "-o", str(out))
    assert proc.returncode == 0 and "exported 2 draft(s)" in proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["kind"] for r in rows] == ["description", "title"]
    assert rows[1]["flags"] == "compliance/block: 最佳 — 《广告法》第九条"
    assert json.loads(rows[0]["fields"]) == {"text": "[新品] 纯棉T恤，柔软透气。"}


def test_drafts_table_shows_user_text_verbatim(home):
    add_drafts()
    proc = cli("drafts", "--kind", "description")
    assert proc.returncode == 0 and "[新品]" in proc.stdout


def test_export_drafts_rejects_an_unknown_format(home):
    proc = cli("export", "drafts", "--format", "xml")
    assert proc.returncode == 2 and "--format must be jsonl or csv" in proc.stderr and "Traceback" not in proc.stderr
