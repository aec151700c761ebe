"""Experiments between approved drafts: who may be a variant, sticky allocation (fixed and Thompson), events tied to
the variant (over a real server, validated and rate-limited), and the report's statistics."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, select

from cli import shopscribe
from shopscribe.catalog import pseudonym
from shopscribe.config import get_settings
from shopscribe.errors import UserError
from shopscribe.experiments import CreateRequest, EventIn, allocate, create, record_event, report
from shopscribe.store import Draft, Event, Product, session_scope
from shopscribe.web import create_app
from shopscribe.web.storefront import RateLimit
from web_server import serving

KEY = "test-key"
T0 = dt.datetime(2026, 6, 1, 9, tzinfo=dt.timezone.utc)


def shop() -> tuple[int, int, int]:
    """A product with two approved descriptions and one waiting draft."""
    with session_scope() as s:
        p = Product(sku="TEE-1", title="纯棉T恤", price=Decimal("89"), currency="CNY", attributes={"材质": "棉"})
        s.add(p)
        s.flush()
        ds = [Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=i, text=text,
                    check_report={"passed": True, "score": 1.0, "flags": []}, model="m")
              for i, text in enumerate(["纯棉T恤，白色。", "纯棉T恤，白色，柔软透气。", "待审的文案。"])]
        s.add_all(ds)
        s.flush()
        ds[0].status = ds[1].status = "approved"
        return ds[0].id, ds[1].id, ds[2].id


def add_events(draft_id: int, viewers: int, converters: int, tag: str, day: int = 0) -> None:
    with session_scope() as s:
        pid = s.scalar(select(Product.id))
        for i in range(viewers):
            user = f"u_{tag}{i:012d}"[:18]
            at = T0 + dt.timedelta(days=day, minutes=i)
            s.add(Event(event_key=f"{tag}v{i}", user=user, product_id=pid, type="view", draft_id=draft_id,
                        variant=f"draft:{draft_id}", occurred_at=at))
            if i < converters:
                s.add(Event(event_key=f"{tag}p{i}", user=user, product_id=pid, type="purchase", draft_id=draft_id,
                            variant=f"draft:{draft_id}", occurred_at=at + dt.timedelta(minutes=1)))


def test_only_approved_drafts_of_one_product_and_kind_are_variants(home):
    a, b, waiting = shop()
    with pytest.raises(UserError, match=f"draft {waiting} is draft: only approved drafts are tested"):
        create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, waiting]))
    with pytest.raises(UserError, match=f"draft {a} is description copy of another product; every variant must be "
                                        "title copy of TEE-1"):
        create(CreateRequest(sku="TEE-1", kind="title", drafts=[a, b]))
    with pytest.raises(UserError, match="unknown SKU 'NOPE'"):
        create(CreateRequest(sku="NOPE", kind="description", drafts=[a, b]))
    assert create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b])) == 1


def test_a_fixed_split_is_sticky_and_even(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    shown = [allocate(exp, f"shopper-{i}", KEY).variant for i in range(400)]
    assert 160 <= shown.count(a) <= 240
    assert [allocate(exp, f"shopper-{i}", KEY).variant for i in range(400)] == shown  # the same shoppers, the same copy
    assert allocate(exp, "shopper-1", KEY).text in ("纯棉T恤，白色。", "纯棉T恤，白色，柔软透气。")


def test_thompson_sampling_sends_new_shoppers_to_the_copy_that_converts(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="thompson"))
    add_events(a, 200, 4, "a")
    add_events(b, 200, 40, "b")
    shown = [allocate(exp, f"new-{i}", KEY).variant for i in range(200)]
    assert shown.count(b) >= 190


def test_the_report_reads_the_posteriors_the_test_and_the_split(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    add_events(a, 1000, 50, "a")
    add_events(b, 1000, 80, "b")
    r = report(exp)
    control, variant = r.variants
    assert (control.impressions, control.conversions, control.rate) == (1000, 50, 0.05)
    assert (variant.impressions, variant.conversions, variant.rate) == (1000, 80, 0.08)
    assert control.interval[0] < 0.05 < control.interval[1] and variant.interval[0] < 0.08 < variant.interval[1]
    assert variant.chance_to_beat_control > 0.99 and variant.expected_loss < control.expected_loss
    assert variant.p_value_vs_control < 0.01 and control.p_value_vs_control is None
    assert r.srm_p == 1.0 and not r.srm_alarm
    assert r.sample_size_per_variant > 1000 and r.winner is None  # too little traffic to call it yet


def test_a_broken_split_raises_the_sample_ratio_alarm(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    add_events(a, 1000, 50, "a")
    add_events(b, 800, 40, "b")
    r = report(exp)
    assert r.srm_alarm and r.srm_p < 0.001 and r.winner is None


def test_events_must_name_a_running_variant_and_a_retry_is_stored_once(home):
    a, b, waiting = shop()
    create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b]))
    at = T0
    record_event(EventIn(user="shopper-1", sku="TEE-1", type="view", variant=a, at=at), KEY)
    record_event(EventIn(user="shopper-1", sku="TEE-1", type="view", variant=a, at=at), KEY)
    with pytest.raises(UserError, match=f"draft {waiting} is not a variant of a running experiment on TEE-1"):
        record_event(EventIn(user="shopper-1", sku="TEE-1", type="view", variant=waiting), KEY)
    with session_scope() as s:
        rows = s.execute(select(Event.user, Event.draft_id)).all()
    assert rows == [(pseudonym("shopper-1", KEY), a)]


def test_the_storefront_routes_over_http(home, monkeypatch):
    from shopscribe.config import reset_settings

    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    monkeypatch.setenv("SHOPSCRIBE_PSEUDONYM_KEY", KEY)
    reset_settings()
    app = create_app(get_settings())
    with serving(app) as root:
        base = f"{root}/api/v1"
        got = httpx.get(f"{base}/experiments/{exp}/variant", params={"user": "shopper-9"}).json()
        assert got["variant"] in (a, b) and got == allocate(exp, "shopper-9", KEY).model_dump()
        assert httpx.get(f"{base}/experiments/99/variant", params={"user": "x"}).json() == {
            "error": "no running experiment 99", "code": 404}
        ok = httpx.post(f"{base}/events", json={"user": "shopper-9", "sku": "TEE-1", "type": "view",
                                                "variant": got["variant"]})
        assert ok.status_code == 202
        bad = httpx.post(f"{base}/events", json={"user": "shopper-9", "sku": "TEE-1", "type": "view", "variant": 999})
        assert bad.status_code == 422 and bad.json()["error"].startswith("draft 999 is not a variant")
        assert httpx.post(f"{base}/events", json={"user": "x", "sku": "TEE-1", "type": "like",
                                                  "variant": a}).status_code == 422
        app.state.storefront_limit = RateLimit(rate=0.001, burst=3)
        codes = [httpx.get(f"{base}/experiments/{exp}/variant", params={"user": "y"}).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1  # refused events were never stored


def test_experiments_cli_creates_and_reports_with_a_plot(home, tmp_path):
    a, b, _ = shop()
    ran = shopscribe("experiments", "create", "--sku", "TEE-1", "--kind", "description", "--drafts", str(a),
                     "--drafts", str(b), "--policy", "fixed", "--json")
    assert ran.returncode == 0 and json.loads(ran.stdout) == {"id": 1}
    add_events(a, 30, 3, "a", day=0)
    add_events(b, 30, 6, "b", day=1)
    plot = tmp_path / "exp.png"
    out = json.loads(shopscribe("experiments", "report", "1", "--json", "--plot", str(plot)).stdout)
    assert set(out["variants"][0]) == {"variant", "impressions", "conversions", "rate", "interval",
                                       "chance_to_beat_control", "expected_loss", "p_value_vs_control"}
    assert {"srm_p", "winner"} <= set(out) and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = shopscribe("experiments", "create", "--sku", "TEE-1", "--kind", "description", "--drafts", str(a))
    assert bad.returncode == 2 and "drafts: List should have at least 2 items" in bad.stderr
    missing = shopscribe("experiments", "report", "7")
    assert missing.returncode == 2 and "no experiment 7" in missing.stderr


def test_imported_events_with_a_draft_variant_count_for_the_experiment(home, tmp_path):
    from shopscribe.catalog import import_file

    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    log = tmp_path / "events.csv"
    log.write_text("event_id,user_id,sku,event,variant,time\n"
                   f"E1,s1,TEE-1,view,draft:{a},2026-06-01T09:00:00Z\n"
                   f"E2,s1,TEE-1,purchase,draft:{a},2026-06-01T09:05:00Z\n"
                   f"E3,s2,TEE-1,view,draft:{b},2026-06-01T10:00:00Z\n"
                   "E4,s3,TEE-1,view,draft:999,2026-06-01T11:00:00Z\n"
                   "E5,s4,TEE-1,view,B,2026-06-01T12:00:00Z\n", encoding="utf-8")
    result = import_file(log, "events", pseudonym_key=KEY)
    assert [(r.line, r.reason) for r in result.rejected] == [(5, "variant draft:999 is not a stored draft of TEE-1")]
    assert result.inserted == 4
    r = report(exp)
    assert [(v.impressions, v.conversions) for v in r.variants] == [(1, 1), (1, 0)]
