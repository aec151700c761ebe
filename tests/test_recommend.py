"""Recommendations on real event logs: the bundled sample's 400 events through the product's own import, plus small
hand-written logs where an expectation needs a known shape."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from cli import shopscribe
from conftest import SAMPLE
from shopscribe.catalog import import_file, pseudonym
from shopscribe.config import get_settings
from shopscribe.errors import UserError
from shopscribe.recommend import (
    RecommendRequest,
    TrainRequest,
    also_bought,
    ranking_metrics,
    recommend_for,
    similar,
    stratified_split,
    train,
)
from shopscribe.recommend.algorithms import ALGORITHMS, top_k
from shopscribe.recommend.shoppers import PropensityRequest, SegmentsRequest, audience, propensity, segments
from shopscribe.store import Product, session_scope

KEY = "test-key"
EVENTS = list(csv.DictReader((SAMPLE / "events.csv").open(encoding="utf-8")))


@pytest.fixture
def shop(home: Path) -> Path:
    """The bundled catalog and its 400 shopper events, imported as a shop would."""
    for name, kind in (("products.csv", "products"), ("events.csv", "events")):
        assert import_file(SAMPLE / name, kind, pseudonym_key=KEY).ok
    return home


def ask(home: Path, *users: str, k: int = 10):
    return recommend_for(RecommendRequest(home=home, users=list(users), k=k, pseudonym_key=KEY)).results


def popularity_order() -> list[str]:
    """SKUs by how many distinct shoppers touched them, ties in SKU order: what a stranger is shown."""
    shoppers: dict[str, set[str]] = defaultdict(set)
    for e in EVENTS:
        shoppers[e["sku"]].add(e["user_id"])
    return [sku for _, sku in sorted((-len(v), sku) for sku, v in shoppers.items())]


# ---- training and serving -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["popularity", "item-item", "ease", "als", "bpr"])
def test_every_model_trains_on_the_sample_and_never_recommends_a_purchase(shop, model):
    result = train(TrainRequest(home=shop, model=model, content=False))
    assert (result.model, result.users, result.items, result.events) == (model, 59, 30, 400)
    assert json.loads((shop / "recommend" / "current.json").read_text())["version"] == result.version
    bought: dict[str, set[str]] = defaultdict(set)
    for e in EVENTS:
        if e["event"] == "purchase":
            bought[e["user_id"]].add(e["sku"])
    users = sorted({e["user_id"] for e in EVENTS})
    for row in ask(shop, *users, k=5):
        assert len(row.items) == 5 and len(set(row.items)) == 5 and not row.cold_start
        assert not set(row.items) & bought[row.user], row.user
    again = ask(shop, *users, k=5)
    assert again == ask(shop, *users, k=5)  # deterministic


def test_auto_picks_the_best_candidate_on_held_out_items(shop):
    result = train(TrainRequest(home=shop, model="auto", content=False))
    names = [row["model"] for row in result.validation]
    assert names == ["popularity", "item-item", "ease", "ease", "ease", "als", "bpr"]
    best = max(result.validation, key=lambda r: r["ndcg"])
    assert (result.model, result.params) == (best["model"], best["params"])
    assert all(0.0 <= r["ndcg"] <= 1.0 and r["users"] > 0 for r in result.validation)


def test_a_stranger_gets_the_cold_start_list(shop):
    train(TrainRequest(home=shop, model="ease", content=False))
    [row] = ask(shop, "someone-new", k=5)
    assert row.cold_start and row.items == popularity_order()[:5]


def test_events_imported_after_training_count_at_once(shop, tmp_path):
    train(TrainRequest(home=shop, model="item-item", content=False))
    [before] = ask(shop, "late-shopper")
    assert before.cold_start
    late = tmp_path / "late.csv"
    late.write_text("event_id,user_id,sku,event,time\nL1,late-shopper,CL-001,purchase,2026-06-15T10:00:00Z\n",
                    encoding="utf-8")
    assert import_file(late, "events", pseudonym_key=KEY).ok
    [after] = ask(shop, "late-shopper")
    assert not after.cold_start and "CL-001" not in after.items and after.items


def test_similar_items_come_from_shoppers_and_from_text_for_a_new_product(shop):
    with session_scope() as s:
        s.add(Product(sku="CL-NEW", title="纯棉圆领短袖T恤 黑色 男款", category="服装", price=Decimal("79"),
                      currency="CNY", attributes={"材质": "100%棉", "颜色": "黑色"}))
    train(TrainRequest(home=shop, model="als"))
    touched = similar(shop, "KT-003", k=3)
    assert touched.basis == "shoppers" and len(touched.items) == 3 and "KT-003" not in touched.items
    fresh = similar(shop, "CL-NEW", k=3)
    assert fresh.basis == "text" and fresh.items[0] == "CL-001"  # the other plain cotton T-shirt
    with pytest.raises(UserError, match="unknown SKU 'NOPE' for the trained recommender"):
        similar(shop, "NOPE")


def test_also_bought_lists_what_the_buyers_of_a_product_bought(shop):
    train(TrainRequest(home=shop, model="ease", content=False))
    buyers: dict[str, set[str]] = defaultdict(set)
    for e in EVENTS:
        if e["event"] == "purchase":
            buyers[e["user_id"]].add(e["sku"])
    together: dict[str, int] = defaultdict(int)
    for skus in buyers.values():
        if "HM-001" in skus:
            for other in skus - {"HM-001"}:
                together[other] += 1
    expected = [sku for _, sku in sorted((-n, sku) for sku, n in together.items())]
    result = also_bought(shop, "HM-001", k=5)
    assert result.basis == "purchases" and result.items == expected[:5] and expected
    never = next(sku for sku in popularity_order() if not any(sku in b for b in buyers.values()))
    assert also_bought(shop, never, k=3).basis == "shoppers"  # nobody bought it: similar items instead


def test_a_shopper_who_only_touched_new_products_is_served_by_text(shop, tmp_path):
    with session_scope() as s:
        s.add(Product(sku="CL-NEW", title="纯棉圆领短袖T恤 黑色 男款", category="服装", price=Decimal("79"),
                      currency="CNY", attributes={"材质": "100%棉", "颜色": "黑色"}))
    late = tmp_path / "late.csv"
    late.write_text("event_id,user_id,sku,event,time\nN1,newcomer,CL-NEW,view,2026-06-15T10:00:00Z\n", encoding="utf-8")
    assert import_file(late, "events", pseudonym_key=KEY).ok
    train(TrainRequest(home=shop, model="ease"))
    [row] = ask(shop, "newcomer", k=3)
    assert (row.cold_start, row.basis, row.items[0]) == (False, "text", "CL-001")
    assert "CL-NEW" not in row.items


def test_serving_before_training_says_what_to_run(home):
    with pytest.raises(UserError, match="no recommender is trained yet: run `shopscribe recommend train` first"):
        ask(home, "anyone")


# ---- the CLI contract -----------------------------------------------------------------------------------------


def test_recommend_for_reads_ids_as_imported_and_answers_in_the_contract_shape(shop, tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPSCRIBE_PSEUDONYM_KEY", KEY)
    assert shopscribe("recommend", "train", "--model", "ease", "--no-content", "--json").returncode == 0
    users = tmp_path / "users.txt"
    users.write_text("shopper-0057\n\nsomeone-new\n", encoding="utf-8")
    ran = shopscribe("recommend", "for", "--users", str(users), "--k", "3", "--json")
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert set(out) == {"results", "model"} and out["model"].startswith("ease@")
    assert [(r["user"], r["cold_start"], len(r["items"])) for r in out["results"]] == [
        ("shopper-0057", False, 3), ("someone-new", True, 3)]
    assert pseudonym("shopper-0057", KEY) not in ran.stdout  # ids go back as given; pseudonyms stay inside


def test_recommend_errors_are_one_line(home, tmp_path):
    ran = shopscribe("recommend", "for", "--users", str(tmp_path / "missing.txt"))
    assert ran.returncode == 2 and ran.stderr.startswith("error: ") and "missing.txt: cannot read" in ran.stderr
    ran = shopscribe("recommend", "train", "--json")
    assert ran.returncode == 2 and json.loads(ran.stdout)["error"].startswith("no shopper events to learn from")
    ran = shopscribe("recommend", "train", "--model", "magic")
    assert ran.returncode == 2 and "model: Input should be 'auto'" in ran.stderr


# ---- propensity and segments ----------------------------------------------------------------------------------


def write_log(path: Path, rows: list[tuple[str, str, str, dt.datetime]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "user_id", "sku", "event", "time"])
        for i, (user, sku, kind, at) in enumerate(rows):
            w.writerow([f"H{i}", user, sku, kind, at.isoformat()])
    return path


def habit_log() -> list[tuple[str, str, str, dt.datetime]]:
    """20 regulars who view, cart and buy every few days until the end; 20 browsers who looked once, weeks ago."""
    start = dt.datetime(2026, 5, 1, 9, tzinfo=dt.timezone.utc)
    rows = []
    for i in range(20):
        for day in range(0, 44, 4):
            at = start + dt.timedelta(days=day + i % 3, hours=i)
            rows += [(f"regular-{i}", "TEA-001", "view", at), (f"regular-{i}", "TEA-001", "cart", at),
                     (f"regular-{i}", "TEA-001", "purchase", at + dt.timedelta(minutes=5))]
        rows.append((f"browser-{i}", "CL-002", "view", start + dt.timedelta(days=i % 5, hours=1)))
    return rows


def test_propensity_ranks_habitual_buyers_above_one_time_browsers(home, tmp_path):
    assert import_file(SAMPLE / "products.csv", "products").ok
    assert import_file(write_log(tmp_path / "habits.csv", habit_log()), "events", pseudonym_key=KEY).ok
    result = propensity(PropensityRequest(horizon_days=7))
    assert result.model == "logistic" and result.trained_on["shoppers"] == 40 and result.trained_on["positives"] == 20
    scores = {s.user: s.probability for s in result.shoppers}
    regulars = [scores[pseudonym(f"regular-{i}", KEY)] for i in range(20)]
    browsers = [scores[pseudonym(f"browser-{i}", KEY)] for i in range(20)]
    assert min(regulars) > 0.5 > max(browsers)
    assert all(0.0 <= p <= 1.0 for p in scores.values())
    assert [s.probability for s in result.shoppers] == sorted(scores.values(), reverse=True)


def test_propensity_on_too_little_history_says_why(home, tmp_path):
    assert import_file(SAMPLE / "products.csv", "products").ok
    at = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    assert import_file(write_log(tmp_path / "few.csv", [("a", "CL-001", "view", at)]), "events").ok
    with pytest.raises(UserError, match="too few shoppers to learn purchase propensity: 0 shoppers"):
        propensity(PropensityRequest(horizon_days=7))


def test_segments_are_drawn_saved_and_found_by_name(shop):
    result = segments(SegmentsRequest(home=shop))
    drawn = {s.audience.name: s for s in result.segments}
    assert {"new-visitors", "loyal-家居"} <= set(drawn)
    assert drawn["new-visitors"].audience.size == len(drawn["new-visitors"].members) > 0
    # shopper-0057 bought two 家居 products (HM-001 and another): a loyal 家居 buyer.
    assert pseudonym("shopper-0057", KEY) in drawn["loyal-家居"].members
    assert audience(shop, "loyal-家居").label == {"zh": "家居的老顾客", "en": "loyal 家居 buyers"}
    with pytest.raises(UserError, match="no segment 'vip'; segments: "):
        audience(shop, "vip")


# ---- the pieces ------------------------------------------------------------------------------------------------


def test_ranking_metrics_match_a_hand_computed_example():
    # u1: hits at ranks 1 and 3 of 2 relevant; u2: no hit of 1 relevant.
    out = ranking_metrics({"u1": ["a", "x", "b"], "u2": ["y", "z", "w"]}, {"u1": {"a", "b"}, "u2": {"c"}}, k=3)
    ndcg_u1 = (1 + 1 / np.log2(4)) / (1 + 1 / np.log2(3))
    assert out["ndcg"] == round(ndcg_u1 / 2, 4)
    assert (out["precision"], out["recall"], out["map"]) == (round(2 / 3 / 2, 4), 0.5, round((1 + 2 / 3) / 2 / 2, 4))
    assert out["users"] == 2


def test_stratified_split_keeps_three_quarters_of_each_shoppers_rows():
    rows = [(f"u{u}", i) for u in range(10) for i in range(8)]
    train_rows, test_rows = stratified_split(rows, 0.75, seed=42)
    per_user = defaultdict(int)
    for user, _ in train_rows:
        per_user[user] += 1
    assert set(per_user.values()) == {6} and len(test_rows) == 20
    assert stratified_split(rows, 0.75, seed=42) == (train_rows, test_rows)


def test_ease_recovers_items_bought_together():
    # Shoppers who buy 0 also buy 1; shoppers who buy 2 also buy 3.
    x = sparse.csr_matrix(np.array([[1, 1, 0, 0]] * 5 + [[0, 0, 1, 1]] * 5 + [[1, 0, 0, 0], [0, 0, 1, 0]],
                                   dtype=np.float32))
    model = ALGORITHMS["ease"](params={"l2": 1.0}).fit(x)
    history = sparse.csr_matrix(np.array([[1, 0, 0, 0], [0, 0, 1, 0]], dtype=np.float32))
    assert top_k(model.scores(history), 1, exclude=history).tolist() == [[1], [3]]


# ---- over HTTP ---------------------------------------------------------------------------------------------------


def test_the_api_serves_recommendations_on_a_real_server(shop, monkeypatch):
    import httpx

    from shopscribe.config import reset_settings
    from shopscribe.web import create_app
    from web_server import serving

    monkeypatch.setenv("SHOPSCRIBE_PSEUDONYM_KEY", KEY)
    reset_settings()
    train(TrainRequest(home=shop, model="ease", content=False))
    with serving(create_app(get_settings())) as root:
        base = f"{root}/api/v1"
        r = httpx.get(f"{base}/recommendations", params={"user": "shopper-0057", "k": 3})
        assert r.status_code == 200
        body = r.json()
        assert body["user"] == "shopper-0057" and len(body["items"]) == 3 and body["cold_start"] is False
        assert body["items"] == ask(shop, "shopper-0057", k=3)[0].items
        cold = httpx.get(f"{base}/recommendations", params={"user": "someone-new", "k": 2}).json()
        assert cold["cold_start"] is True and cold["items"] == popularity_order()[:2]
        assert httpx.get(f"{base}/recommendations/also-bought/HM-001").json()["basis"] == "purchases"
        sim = httpx.get(f"{base}/recommendations/similar/KT-003", params={"k": 2}).json()
        assert sim["sku"] == "KT-003" and sim["basis"] == "shoppers" and len(sim["items"]) == 2
        missing = httpx.get(f"{base}/recommendations/similar/NOPE")
        assert missing.status_code == 400 and missing.json()["code"] == 400
        assert missing.json()["error"].startswith("unknown SKU 'NOPE'")
        bad = httpx.get(f"{base}/recommendations", params={"user": "x", "k": 0})
        assert bad.status_code == 422 and bad.json()["error"].startswith("k: ")
        assert "/api/v1/recommendations" in httpx.get(f"{root}/openapi.json").json()["paths"]


def test_training_and_serving_read_the_same_on_sqlite_and_postgresql(db_home):
    home = get_settings().home
    for name, kind in (("products.csv", "products"), ("events.csv", "events")):
        assert import_file(SAMPLE / name, kind, pseudonym_key=KEY).ok
    result = train(TrainRequest(home=home, model="ease", content=False))
    assert (result.users, result.items, result.events) == (59, 30, 400)
    [cold] = ask(home, "someone-new", k=4)
    assert cold.items == popularity_order()[:4]
    [known] = ask(home, "shopper-0057", k=4)
    assert not known.cold_start and len(known.items) == 4
