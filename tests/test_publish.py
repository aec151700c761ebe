"""Publishing approved copy: once per version, to a file, a Shopify product CSV or a signed webhook (a real receiver
on 127.0.0.1, one that refuses the first attempts and one that answers too late), scheduled, and rolled back."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from cli import shopscribe
from receivers import WebhookReceiver
from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError
from shopscribe.publish import PublishRequest, RollbackRequest, publication_log, publish, rollback
from shopscribe.store import Draft, DraftStatus, Product, Publication, session_scope

PASSED = {"passed": True, "score": 1.0, "flags": []}
SECRET = "whsec-test"


def add(sku: str, text: str, kind: str = "description", status: str = "approved", score: str = "1.0") -> int:
    with session_scope() as s:
        p = s.scalar(select(Product).where(Product.sku == sku))
        if p is None:
            p = Product(sku=sku, title=f"纯棉T恤 {sku}", price=Decimal("89"), currency="CNY", attributes={"材质": "棉"})
            s.add(p)
            s.flush()
        n = s.query(Draft).filter(Draft.product_id == p.id).count()
        fields = {"bullets": text.split("|")} if kind == "bullets" else {"text": text}
        d = Draft(product_id=p.id, kind=kind, lang="zh", channel="taobao", variant=n, text=text, fields=fields,
                  check_report=PASSED, score=Decimal(score), model="m")
        s.add(d)
        s.flush()
        d.status = status
        return d.id


def status_of(draft_id: int) -> DraftStatus:
    with session_scope() as s:
        return s.get(Draft, draft_id).status


def file_request(path: Path, **kw) -> PublishRequest:
    return PublishRequest(channel="file", output=path, **kw)


def test_publishing_twice_sends_nothing_new_and_a_new_approval_replaces_the_live_copy(home, tmp_path):
    a, b = add("TEE-1", "纯棉T恤，白色。"), add("TEE-2", "亚麻衬衫，米色。")
    out = tmp_path / "copy.jsonl"
    first = publish(file_request(out), get_settings())
    assert (first.published, first.skipped_already_published, first.failed) == (2, 0, [])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["sku"], r["field"], r["text"]) for r in rows] == [("TEE-1", "description", "纯棉T恤，白色。"),
                                                                 ("TEE-2", "description", "亚麻衬衫，米色。")]
    assert status_of(a) == status_of(b) == DraftStatus.published
    again = publish(file_request(out), get_settings())
    assert (again.published, again.skipped_already_published) == (0, 2)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # nothing new: the file is left as it was
    newer = add("TEE-1", "纯棉T恤，白色，领口不易变形。")
    third = publish(file_request(tmp_path / "update.jsonl"), get_settings())
    assert (third.published, third.skipped_already_published) == (1, 1)
    assert (status_of(newer), status_of(a)) == (DraftStatus.published, DraftStatus.retired)


def test_rollback_delivers_the_copy_that_was_live_before(home, tmp_path):
    add("TEE-1", "第一版文案。")
    publish(file_request(tmp_path / "1.jsonl"), get_settings())
    add("TEE-1", "第二版文案。")
    publish(file_request(tmp_path / "2.jsonl"), get_settings())
    back = rollback(RollbackRequest(channel="file", sku="TEE-1", kind="description", output=tmp_path / "3.jsonl"),
                    get_settings())
    assert back.published == 1
    assert json.loads((tmp_path / "3.jsonl").read_text(encoding="utf-8"))["text"] == "第一版文案。"
    log = publication_log("file", "TEE-1")
    assert [(p["text"], p["state"]) for p in log] == [("第一版文案。", "delivered"), ("第二版文案。", "delivered"),
                                                     ("第一版文案。", "delivered")]
    assert log[0]["rollback_of"] == log[1]["id"]
    # The rolled-back version retired: publishing again sends nothing until a new draft is approved.
    quiet = publish(file_request(tmp_path / "4.jsonl"), get_settings())
    assert (quiet.published, quiet.skipped_already_published) == (0, 0) and not (tmp_path / "4.jsonl").exists()
    with pytest.raises(UserError, match="nothing is published for TEE-1 title on file"):
        rollback(RollbackRequest(channel="file", sku="TEE-1", kind="title", output=tmp_path / "x.jsonl"), get_settings())
    with pytest.raises(UserError, match="unknown SKU 'TEE-9'"):
        rollback(RollbackRequest(channel="file", sku="TEE-9", kind="title", output=tmp_path / "x.jsonl"), get_settings())


def webhook_settings(url: str, timeout: float = 5.0) -> Settings:
    return Settings(webhook_url=url, webhook_secret=SECRET, webhook_timeout_s=timeout)


def test_the_webhook_signs_each_delivery_and_retries_a_refusing_receiver(home):
    draft = add("TEE-1", "纯棉T恤，白色。")
    with WebhookReceiver(fail_first=2) as receiver:
        result = publish(PublishRequest(channel="webhook"), webhook_settings(receiver.url))
    assert (result.published, result.failed) == (1, [])
    assert len(receiver.attempts) == 3 and len(receiver.accepted) == 1
    got = receiver.accepted[0]
    expected = hmac.new(SECRET.encode(), got["raw"], hashlib.sha256).hexdigest()
    assert got["headers"]["x-shopscribe-signature"] == f"sha256={expected}"
    # Every attempt carries the same delivery id, so a receiver can drop a retry it already took.
    assert {a["headers"]["x-shopscribe-delivery"] for a in receiver.attempts} == {got["body"]["delivery"]}
    assert (got["body"]["sku"], got["body"]["text"], got["body"]["draft_id"]) == ("TEE-1", "纯棉T恤，白色。", draft)
    with session_scope() as s:
        assert s.scalars(select(Publication.attempts)).all() == [3]


def test_a_receiver_that_answers_too_late_fails_the_delivery_and_the_next_run_sends_it(home):
    add("TEE-1", "纯棉T恤，白色。")
    with WebhookReceiver(delay_s=1.0) as slow:
        late = publish(PublishRequest(channel="webhook"), webhook_settings(slow.url, timeout=0.2).model_copy())
    assert late.published == 0 and [f.model_dump() for f in late.failed] == [
        {"sku": "TEE-1", "reason": "webhook: timed out after 0.2 s"}]
    with WebhookReceiver() as ok:
        retry = publish(PublishRequest(channel="webhook"), webhook_settings(ok.url))
        assert retry.published == 1 and len(ok.accepted) == 1
    with session_scope() as s:
        assert s.scalars(select(Publication.state)).all() == ["delivered"]  # the failed row was delivered, not doubled


def test_a_receiver_that_refuses_for_good_is_not_asked_again_and_again(home):
    add("TEE-1", "纯棉T恤，白色。")
    with WebhookReceiver(fail_first=10, status=400) as receiver:
        result = publish(PublishRequest(channel="webhook"), webhook_settings(receiver.url))
    assert len(receiver.attempts) == 1 and result.failed[0].reason == "webhook: HTTP 400"


def test_the_shopify_csv_has_the_handle_and_only_the_column_we_own(home, tmp_path):
    add("TEE-1", "纯棉T恤，白色。\n建议冷水机洗 & 阴干。")
    add("Linen Shirt 2", "亚麻<衬衫>，米色。")
    out = tmp_path / "shopify.csv"
    assert publish(PublishRequest(channel="shopify-csv", output=out, kind="description"), get_settings()).published == 2
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["Handle", "Body (HTML)"]
    assert rows == [{"Handle": "linen-shirt-2", "Body (HTML)": "<p>亚麻&lt;衬衫&gt;，米色。</p>"},
                    {"Handle": "tee-1", "Body (HTML)": "<p>纯棉T恤，白色。</p><p>建议冷水机洗 &amp; 阴干。</p>"}]


def test_a_scheduled_publication_waits_for_its_time(home, tmp_path):
    draft = add("TEE-1", "纯棉T恤，白色。")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
    out = tmp_path / "due.jsonl"
    planned = publish(file_request(out, at=later), get_settings())
    assert (planned.scheduled, planned.published) == (1, 0) and not out.exists()
    assert publish(file_request(out, due=True), get_settings()).published == 0  # not yet
    with session_scope() as s:
        s.scalars(select(Publication)).one().scheduled_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    assert publish(file_request(out, due=True), get_settings()).published == 1
    assert status_of(draft) == DraftStatus.published


def test_publish_cli_contract(home, tmp_path):
    add("TEE-1", "纯棉T恤，白色。")
    ran = shopscribe("publish", "--channel", "file", "-o", str(tmp_path / "c.jsonl"), "--json")
    out = json.loads(ran.stdout)
    assert ran.returncode == 0 and (out["published"], out["skipped_already_published"], out["failed"]) == (1, 0, [])
    again = json.loads(shopscribe("publish", "--channel", "file", "-o", str(tmp_path / "c.jsonl"), "--json").stdout)
    assert (again["published"], again["skipped_already_published"]) == (0, 1)
    for args, message in [(["--channel", "fax"], "unknown publishing channel 'fax'; choose one of: file, shopify-csv, webhook"),
                          (["--channel", "file"], "the file channel writes a file: give it with -o FILE"),
                          (["--channel", "webhook"], "the webhook channel needs SHOPSCRIBE_WEBHOOK_URL"),
                          (["--channel", "file", "-o", "x.jsonl", "--sku", "NOPE"], "no approved copy for NOPE"),
                          (["--channel", "file", "-o", "x.jsonl", "--at", "soon"], "--at 'soon' is not a time")]:
        ran = shopscribe("publish", *args)
        assert ran.returncode == 2 and message in ran.stderr, (args, ran.stderr)
    log = json.loads(shopscribe("publish", "log", "--json").stdout)["publications"]
    assert [(p["sku"], p["state"]) for p in log] == [("TEE-1", "delivered")]


def test_the_file_channel_writes_csv_and_xlsx_with_the_same_rows(home, tmp_path):
    import openpyxl

    a = add("TEE-1", "纯棉T恤，白色。")
    b = add("TEE-1", "白色|纯棉|透气", kind="bullets")
    assert publish(file_request(tmp_path / "copy.xlsx"), get_settings()).published == 2
    sheet = openpyxl.load_workbook(tmp_path / "copy.xlsx").active
    got = [[c.value for c in row] for row in sheet.iter_rows()]
    assert got[0] == ["sku", "field", "text", "fields", "draft_id", "publication_id"]
    assert [r[:5] for r in got[1:]] == [
        ["TEE-1", "bullets", "白色|纯棉|透气", '{"bullets": ["白色", "纯棉", "透气"]}', b],
        ["TEE-1", "description", "纯棉T恤，白色。", '{"text": "纯棉T恤，白色。"}', a]]
    with session_scope() as s:  # the same copy again, as CSV: a new file on the same channel sends nothing new
        s.query(Publication).delete()
    assert publish(file_request(tmp_path / "copy.csv"), get_settings()).published == 2
    with (tmp_path / "copy.csv").open(encoding="utf-8", newline="") as f:
        assert [r[:5] for r in csv.reader(f)] == [[str(v) for v in r[:5]] for r in got]
    r = shopscribe("publish", "--channel", "file", "-o", str(tmp_path / "copy.pdf"))
    assert r.stderr.strip() == (f"error: {tmp_path / 'copy.pdf'}: the file channel writes .jsonl, .csv or .xlsx; "
                                "choose another name with -o")
