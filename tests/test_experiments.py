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
from shopscribe.config import Settings, get_settings
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
    with pytest.raises(UserError, match=f"draft {waiting} is not a variant of an experiment on TEE-1"):
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
            "error": "no experiment 99", "code": 404}
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


# ---- the end of an experiment: the stopping rule, a person's override, and what the win teaches --------------------


def _scored(a: int, b: int) -> None:
    """The control scores higher, so without an experiment publishing would keep sending it."""
    with session_scope() as s:
        s.get(Draft, a).score, s.get(Draft, b).score = Decimal("0.9"), Decimal("0.5")
        s.get(Draft, a).template, s.get(Draft, b).template = "description.zh.j2", "description.zh.j2"
        s.get(Draft, b).model = "qwen2.5-1.5b+lora:shop@0123456789ab"


def test_the_stopping_rule_promotes_the_winner_and_publishing_sends_it(home, tmp_path):
    from shopscribe.publish import PublishRequest, publication_log, publish

    a, b, _ = shop()
    _scored(a, b)
    out = tmp_path / "copy.jsonl"
    request = PublishRequest(channel="file", output=out, kind="description")
    assert publish(request, get_settings()).published == 1
    assert json.loads(out.read_text(encoding="utf-8"))["draft_id"] == a
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    add_events(a, 1600, 800, "a")
    add_events(b, 1600, 1120, "b")
    before = report(exp)
    assert (before.status, before.winner, before.sample_size_per_variant) == ("running", b, 1565)

    r = shopscribe("experiments", "report", str(exp), "--json")
    doc = json.loads(r.stdout)
    assert (r.returncode, doc["status"], doc["decided_by"], doc["winner"]) == (0, "ended", "auto", b)
    assert doc["learning"] == (f"draft {b} is now the preferred few-shot example and a strong positive example for "
                               "the critic for description copy in zh; publish sends it for TEE-1")
    assert allocate(exp, "a-new-shopper", KEY).variant == b  # the storefront shows everyone the winner now

    assert publish(request, get_settings()).published == 1
    assert json.loads(out.read_text(encoding="utf-8"))["draft_id"] == b
    live = publication_log("file")[0]
    assert (live["draft_id"], live["experiment_id"], live["template"], live["model"], live["adapter"]) == (
        b, exp, "description.zh.j2", "qwen2.5-1.5b", "shop@0123456789ab")
    with session_scope() as s:
        assert (s.get(Draft, a).status, s.get(Draft, b).status) == ("retired", "published")
    record_event(EventIn(user="a-new-shopper", sku="TEE-1", type="view", variant=b), KEY)  # still counted after


def test_thompson_stops_on_total_traffic_since_it_starves_the_loser(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="thompson"))
    add_events(a, 300, 150, "a")
    add_events(b, 1300, 910, "b")
    assert report(exp).winner == b


def test_a_person_promotes_overrides_and_stops(home):
    a, b, _ = shop()
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    for args, message in [
        (["promote", str(exp)], f"experiment {exp} has no winner yet; name the variant to promote with --draft or "
                                "stop it without one"),
        (["promote", str(exp), "--draft", "999"], f"draft 999 is not a variant of experiment {exp}; its variants are "
                                                  f"{a}, {b}"),
        (["promote", "77", "--draft", str(a)], "no experiment 77"),
    ]:
        r = shopscribe("experiments", *args)
        assert (r.returncode, r.stderr.strip()) == (2, f"error: {message}")
    r = shopscribe("experiments", "promote", str(exp), "--draft", str(a), "--as", "ana", "--json")
    assert json.loads(r.stdout) | {"next": ""} == {"id": exp, "status": "ended", "winner": a, "decided_by": "ana",
                                                   "republished": [], "next": ""}
    r = shopscribe("experiments", "promote", str(exp), "--draft", str(b), "--as", "bo")
    assert r.returncode == 0 and f"draft {b} is promoted (by bo)" in r.stdout
    assert report(exp).winner == b
    with session_scope() as s:
        from shopscribe.store import AuditLog

        promoted = [d.detail for d in s.scalars(select(AuditLog).where(AuditLog.action == "experiment.promoted")
                                                .order_by(AuditLog.id))]
    assert [(d["winner"], d["overrides"]) for d in promoted] == [(a, None), (b, a)]
    assert shopscribe("experiments", "stop", str(exp)).stderr.strip() == f"error: experiment {exp} has already ended"

    second = create(CreateRequest(sku="TEE-1", kind="description", drafts=[b, a], policy="fixed"))
    r = shopscribe("experiments", "stop", str(second), "--json")
    assert json.loads(r.stdout)["status"] == "stopped"
    assert allocate(second, "anyone", KEY).variant == b  # the control again
    assert report(second).winner is None


def test_a_winner_is_the_preferred_few_shot_example_and_weighs_in_the_critic(home):
    from shopscribe.experiments import PromoteRequest, promote
    from shopscribe.prompts import pool_from_drafts
    from shopscribe.quality import critic

    a, b, _ = shop()
    with session_scope() as s:  # another product just as close to a new white cotton tee, approved earlier
        other = Product(sku="TEE-0", title="棉T恤", attributes={"材质": "棉"})
        s.add(other)
        s.flush()
        s.add(Draft(product_id=other.id, kind="description", lang="zh", text="另一件棉T恤。", status="approved",
                    model="m", id=1000 + b))
    new_tee = {"title": "新T恤", "attributes": {"材质": "棉"}}
    assert pool_from_drafts("description", "zh").nearest(new_tee, 1)[0].text == "纯棉T恤，白色。"  # pool order
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    promote(PromoteRequest(experiment_id=exp, draft=b))
    pool = pool_from_drafts("description", "zh")
    assert pool.nearest(new_tee, 1)[0].text == "纯棉T恤，白色，柔软透气。"
    approved, _ = critic.reviewed_drafts("description")
    assert sorted(approved).count("纯棉T恤，白色，柔软透气。") == critic.WINNER_WEIGHT
    assert approved.count("纯棉T恤，白色。") == 1


def test_promoting_delivers_the_winner_where_the_old_copy_is_live_on_the_webhook(home):
    from receivers import WebhookReceiver

    from shopscribe.publish import PublishRequest, publish

    a, b, _ = shop()
    _scored(a, b)
    with WebhookReceiver() as receiver:
        env = {"SHOPSCRIBE_WEBHOOK_URL": receiver.url, "SHOPSCRIBE_WEBHOOK_SECRET": "whsec"}
        settings = Settings(home=get_settings().home, webhook_url=receiver.url, webhook_secret="whsec")
        assert publish(PublishRequest(channel="webhook", kind="description"), settings).published == 1
        exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
        r = shopscribe("experiments", "promote", str(exp), "--draft", str(b), "--json", env=env)
    assert json.loads(r.stdout)["republished"] == ["webhook"]
    assert [x["body"]["draft_id"] for x in receiver.accepted] == [a, b]


def test_experiments_list_names_each_with_its_state(home):
    a, b, _ = shop()
    first = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    second = create(CreateRequest(sku="TEE-1", kind="description", drafts=[b, a]))
    shopscribe("experiments", "promote", str(first), "--draft", str(b), "--as", "ana")
    r = shopscribe("experiments", "list")
    assert r.stdout.splitlines() == [
        f"{second} TEE-1 description: running, thompson, goal purchase, drafts {b}, {a}",
        f"{first} TEE-1 description: ended, fixed, goal purchase, drafts {a}, {b}, winner {b} (by ana)"]
    assert [e["id"] for e in json.loads(shopscribe("experiments", "list", "--json").stdout)["experiments"]] == [
        second, first]
