"""Copy follows the catalog: a re-import that changes a product's facts marks the approved and published copy that
states an old fact stale (with the fact), stale copy is never published anew, live copy stays live until a successor
is approved and published, and copy whose fact is false now is withdrawn at once."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from catalog_files import write_csv
from cli import shopscribe
from receivers import WebhookReceiver
from shopscribe.catalog import FactChange, fact_changes
from shopscribe.config import Settings, get_settings
from shopscribe.content import states_old_fact
from shopscribe.publish import PublishRequest, WithdrawRequest, publication_log, publish, withdraw
from shopscribe.store import Draft, Product, session_scope

HEADER = ["sku", "title", "price", "currency", "颜色", "材质"]
BEFORE = [["TEE-1", "山禾纯棉T恤", "89", "CNY", "白色、黑色", "棉"], ["MUG-1", "Stoneware Mug", "18.50", "USD", "Navy / Grey", "stoneware"]]
AFTER = [["TEE-1", "山禾纯棉T恤", "99", "CNY", "黑色", "棉"], ["MUG-1", "Stoneware Mug", "18.50", "USD", "Navy / Grey", "stoneware"]]
PASSED = {"passed": True, "score": 1.0, "flags": []}


def test_a_draft_states_an_old_fact_when_it_holds_a_part_the_new_value_dropped():
    price = FactChange(fact="price", old="89.00", new="99.00")
    assert states_old_fact("纯棉T恤，到手只要89元。", price)
    assert states_old_fact("Now just ¥89.", price)
    assert not states_old_fact("纯棉T恤，到手价1890元的礼盒不含。", price)  # 1890 is not 89
    assert not states_old_fact("纯棉T恤，柔软透气。", price)
    colour = FactChange(fact="颜色", old="白色、黑色", new="黑色")
    assert states_old_fact("白色和黑色两色可选。", colour)
    assert not states_old_fact("经典黑色，百搭。", colour)  # black is still there
    en = FactChange(fact="color", old="Navy / Grey", new="Grey")
    assert states_old_fact("Available in navy and grey.", en)
    assert not states_old_fact("A grey mug for slow mornings.", en)
    assert not states_old_fact("Anything", FactChange(fact="容量", old=None, new="350 ml"))  # a new fact stales nothing


def test_fact_changes_name_each_changed_fact_with_old_and_new():
    old = {"title": "T恤", "brand": None, "category": "服装", "price": Decimal("89"), "attributes": {"颜色": "白色", "尺码": "M"}}
    new = {"title": "T恤", "brand": "山禾", "category": "服装", "price": Decimal("89.00"),
           "attributes": {"颜色": "黑色", "产地": "浙江"}}
    assert [c.model_dump() for c in fact_changes(old, new)] == [
        {"fact": "brand", "old": None, "new": "山禾"}, {"fact": "颜色", "old": "白色", "new": "黑色"},
        {"fact": "尺码", "old": "M", "new": None}, {"fact": "产地", "old": None, "new": "浙江"}]


def _draft(sku: str, text: str, status: str) -> int:
    with session_scope() as s:
        pid = s.scalar(select(Product.id).where(Product.sku == sku))
        d = Draft(product_id=pid, kind="description", lang="zh", channel="taobao", text=text, fields={"text": text},
                  check_report=PASSED, score=Decimal("1.0"), model="m", status="draft")
        s.add(d)
        s.flush()
        d.status = "approved"
        if status == "published":
            d.status = "published"
        return d.id


def test_a_reimport_marks_the_copy_that_states_a_changed_fact_and_lists_it(home, tmp_path):
    assert shopscribe("import", "products", str(write_csv(tmp_path / "before.csv", [HEADER, *BEFORE]))).returncode == 0
    live = _draft("TEE-1", "山禾纯棉T恤，白色、黑色两色，到手89元。", "published")
    approved = _draft("TEE-1", "山禾纯棉T恤，白色清爽。", "approved")
    untouched = _draft("TEE-1", "山禾纯棉T恤，柔软透气。", "approved")
    mug = _draft("MUG-1", "Navy or grey stoneware.", "approved")

    r = shopscribe("import", "products", str(write_csv(tmp_path / "after.csv", [HEADER, *AFTER])), "--json")
    doc = json.loads(r.stdout)
    assert (r.returncode, doc["updated"], doc["unchanged"]) == (0, 1, 1)
    assert doc["changed"] == [{"sku": "TEE-1", "changes": [{"fact": "price", "old": "89.00", "new": "99.00"},
                                                           {"fact": "颜色", "old": "白色、黑色", "new": "黑色"}]}]
    assert [(d["id"], [f["fact"] for f in d["stale"]]) for d in doc["stale"]] == [
        (live, ["price", "颜色"]), (approved, ["颜色"])]
    assert doc["withdrawn"] == []

    listed = json.loads(shopscribe("drafts", "--stale", "--json").stdout)["drafts"]
    assert [(d["id"], d["status"]) for d in listed] == [(live, "published"), (approved, "approved")]
    assert listed[1]["stale"] == [{"fact": "颜色", "old": "白色、黑色", "new": "黑色"}]
    human = shopscribe("drafts", "--stale").stdout
    assert f"draft {approved} (approved) states facts that changed: 颜色 白色、黑色 → 黑色" in human
    # Importing the same file again changes nothing and marks nothing twice.
    again = json.loads(shopscribe("import", "products", str(tmp_path / "after.csv"), "--json").stdout)
    assert (again["changed"], again["stale"]) == ([], [])
    with session_scope() as s:
        assert s.get(Draft, untouched).stale is None and s.get(Draft, mug).stale is None
        assert len(s.get(Draft, live).stale) == 2


def test_stale_copy_is_never_published_anew_and_live_copy_waits_for_its_successor(home, tmp_path):
    shopscribe("import", "products", str(write_csv(tmp_path / "before.csv", [HEADER, *BEFORE])))
    out = tmp_path / "copy.jsonl"
    request = PublishRequest(channel="file", output=out, kind="description", skus=["TEE-1"])
    live = _draft("TEE-1", "白色、黑色两色，到手89元。", "approved")
    assert publish(request, get_settings()).published == 1
    stale_approved = _draft("TEE-1", "白色款到手89元。", "approved")
    shopscribe("import", "products", str(write_csv(tmp_path / "after.csv", [HEADER, *AFTER])))
    # Neither stale draft goes out: the live one is already live, the approved one states a dropped fact.
    again = publish(request, get_settings())
    assert (again.published, again.skipped_already_published) == (0, 1)

    successor = _draft("TEE-1", "黑色纯棉T恤，到手99元。", "draft")
    with session_scope() as s:
        s.get(Draft, successor).status = "draft"
    r = shopscribe("drafts", "approve", str(successor), "--json")
    assert json.loads(r.stdout)["changed"] == [successor]
    with session_scope() as s:  # the stale approved copy gave way to its successor; the live one is still live
        assert (s.get(Draft, stale_approved).status, s.get(Draft, live).status) == ("retired", "published")
    assert publish(request, get_settings()).published == 1
    assert json.loads(out.read_text(encoding="utf-8"))["draft_id"] == successor
    with session_scope() as s:
        assert s.get(Draft, live).status == "retired"


def test_copy_whose_fact_is_false_now_is_withdrawn_at_once_and_the_receiver_is_told(home, tmp_path):
    shopscribe("import", "products", str(write_csv(tmp_path / "before.csv", [HEADER, *BEFORE])))
    live = _draft("TEE-1", "白色、黑色两色，到手89元。", "approved")
    with WebhookReceiver() as receiver:
        settings = Settings(home=get_settings().home, webhook_url=receiver.url, webhook_secret="whsec")
        assert publish(PublishRequest(channel="webhook", kind="description"), settings).published == 1
        env = {"SHOPSCRIBE_WEBHOOK_URL": receiver.url, "SHOPSCRIBE_WEBHOOK_SECRET": "whsec"}
        r = shopscribe("import", "products", str(write_csv(tmp_path / "after.csv", [HEADER, *AFTER])),
                       "--withdraw-stale", "--json", env=env)
    doc = json.loads(r.stdout)
    assert (r.returncode, doc["withdrawn"]) == (0, [live])
    told = receiver.accepted[-1]["body"]
    assert (told["sku"], told["field"], told["text"], told["withdrawn"], told["draft_id"]) == (
        "TEE-1", "description", "", True, live)
    assert [p["state"] for p in publication_log("webhook")] == ["withdrawn", "delivered"]
    with session_scope() as s:
        assert s.get(Draft, live).status == "retired"
    # Nothing of ours is live in the slot now: the next approved copy is published, not skipped.
    nxt = _draft("TEE-1", "黑色纯棉T恤。", "approved")
    with WebhookReceiver() as receiver:
        settings = Settings(home=get_settings().home, webhook_url=receiver.url, webhook_secret="whsec")
        assert publish(PublishRequest(channel="webhook", kind="description"), settings).published == 1
    assert receiver.accepted[0]["body"]["draft_id"] == nxt


def test_withdraw_refuses_what_is_not_live_copy(home, tmp_path):
    shopscribe("import", "products", str(write_csv(tmp_path / "before.csv", [HEADER, *BEFORE])))
    waiting = _draft("TEE-1", "文案。", "approved")
    with session_scope() as s:
        s.get(Draft, waiting).status = "retired"
    for args, message in [([str(waiting), "--reason", "x"], f"draft {waiting} is retired: only approved or published "
                                                            "copy is withdrawn"),
                          (["404", "--reason", "x"], "no draft with id 404; list them with `shopscribe drafts`")]:
        r = shopscribe("drafts", "withdraw", *args)
        assert (r.returncode, r.stderr.strip()) == (2, f"error: {message}")
    assert withdraw(WithdrawRequest(draft_ids=[_draft("TEE-1", "白色。", "approved")], reason="colour dropped"),
                    get_settings()).taken_down == []
