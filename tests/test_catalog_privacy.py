"""Personal data stays out of the store: phones, e-mails and ID numbers are redacted, users get keyed pseudonyms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from catalog_files import stored_bytes, write_csv, write_jsonl
from shopscribe.catalog import import_file, pseudonym, redact_pii
from shopscribe.config import reset_settings
from shopscribe.store import Event, CustomerReview, session_scope

PRODUCTS = [["sku", "title"], ["A-1", "保温杯"], ["B-1", "Mug"]]
PSEUDONYM = re.compile(r"u_[0-9a-f]{16}")


@pytest.fixture
def catalog(home, tmp_path):
    import_file(write_csv(tmp_path / "products.csv", PRODUCTS), "products")
    return home


def _review_texts():
    with session_scope() as s:
        return s.scalars(select(CustomerReview.text).order_by(CustomerReview.id)).all()


@pytest.mark.parametrize("text, redacted", [
    ("有问题打我电话 138 0013 8000，谢谢", "有问题打我电话 [电话]，谢谢"),
    ("手机+86-13912345678随时联系", "手机[电话]随时联系"),
    ("座机 021-6123 4567 打不通", "座机 [电话] 打不通"),
    ("退货请发邮件到 zhang.wei@example.cn", "退货请发邮件到 [邮箱]"),
    ("身份证号 110101199003071234 已提交", "身份证号 [身份证] 已提交"),
    ("Contact me at jane.doe@example.com please", "Contact me at [email] please"),
    ("Call me on +44 20 7946 0958 tonight", "Call me on [phone] tonight"),
    ("Ring (415) 555-0100 after six", "Ring [phone] after six"),
])
def test_personal_data_in_review_text_is_redacted_before_storage(catalog, tmp_path, text, redacted):
    import_file(write_jsonl(tmp_path / "reviews.jsonl", [{"sku": "A-1", "rating": 1, "text": text}]), "reviews")
    assert _review_texts() == [redacted]


def test_numbers_that_are_not_personal_data_are_kept():
    text = "容量500ml，10000mAh，订单号 2026060112，尺寸 55×55×30mm，价格 1,299 元"
    assert redact_pii(text) == text


def test_raw_personal_data_is_nowhere_in_the_database_file(catalog, tmp_path):
    reviews = [{"sku": "A-1", "rating": 1, "author": "13800138000", "text": "电话 13800138000 邮箱 li.na@example.com"}]
    events = [["user_id", "sku", "event", "time"], ["13800138000", "A-1", "view", "2026-06-01T08:00:00Z"]]
    import_file(write_jsonl(tmp_path / "reviews.jsonl", reviews), "reviews")
    import_file(write_csv(tmp_path / "events.csv", events), "events")
    data = stored_bytes(catalog)
    assert b"13800138000" not in data
    assert b"li.na@example.com" not in data


def test_review_author_is_stored_as_a_keyed_pseudonym(catalog, tmp_path):
    import_file(write_jsonl(tmp_path / "reviews.jsonl", [{"sku": "A-1", "rating": 5, "text": "好", "author": "王小明"}]), "reviews")
    with session_scope() as s:
        author = s.scalars(select(CustomerReview.author)).one()
    assert PSEUDONYM.fullmatch(author)
    assert author == pseudonym("王小明")


def test_the_same_user_gets_the_same_pseudonym_across_rows_and_files(catalog, tmp_path):
    header = ["user_id", "sku", "event", "time"]
    import_file(write_csv(tmp_path / "e1.csv", [header, ["shopper-7", "A-1", "view", "2026-06-01 08:00"],
                                                 ["shopper-8", "A-1", "view", "2026-06-01 08:01"]]), "events")
    import_file(write_csv(tmp_path / "e2.csv", [header, ["shopper-7", "B-1", "cart", "2026-06-02 09:00"]]), "events")
    with session_scope() as s:
        users = s.scalars(select(Event.user).order_by(Event.id)).all()
    assert users[0] == users[2] != users[1]
    assert all(PSEUDONYM.fullmatch(u) for u in users)


def test_pseudonyms_depend_on_the_shop_key(catalog, tmp_path, monkeypatch):
    default = pseudonym("shopper-7")
    monkeypatch.setenv("SHOPSCRIBE_PSEUDONYM_KEY", "another shop's secret")
    reset_settings()
    assert pseudonym("shopper-7") != default


def test_event_variant_names_are_redacted_too(catalog, tmp_path):
    rows = [["user_id", "sku", "event", "variant", "time"], ["u1", "A-1", "click", "promo for amy@example.com", "2026-06-01"]]
    import_file(write_csv(tmp_path / "events.csv", rows), "events")
    with session_scope() as s:
        assert s.scalars(select(Event.variant)).one() == "promo for [email]"


def test_event_types_in_chinese_and_english_map_to_four_types(catalog, tmp_path):
    rows = [["用户id", "商品编码", "行为", "时间"]] + [
        [f"u{i}", "A-1", kind, f"2026-06-01 08:0{i}"] for i, kind in enumerate(["浏览", "点击", "加入购物车", "下单", "add_to_cart", "view"])
    ]
    report = import_file(write_csv(tmp_path / "events.csv", rows), "events")
    assert (report.inserted, report.rejected) == (6, [])
    with session_scope() as s:
        assert s.scalars(select(Event.type).order_by(Event.id)).all() == ["view", "click", "cart", "purchase", "cart", "view"]


def test_event_with_unknown_type_or_bad_time_is_rejected_with_its_line(catalog, tmp_path):
    rows = [["user_id", "sku", "event", "time"], ["u1", "A-1", "view", "2026-06-01"], ["u1", "A-1", "wishlist", "2026-06-01"],
            ["u1", "A-1", "view", "yesterday"], ["", "A-1", "view", "2026-06-01"]]
    report = import_file(write_csv(tmp_path / "events.csv", rows), "events")
    assert [r.model_dump() for r in report.rejected] == [
        {"line": 3, "sku": "A-1", "reason": "type 'wishlist' is not an event type: use view, click, cart or purchase (浏览/点击/加购/购买)"},
        {"line": 4, "sku": "A-1", "reason": "time 'yesterday' is not a date: write it like 2024-05-01, 2024-05-01 14:30:00, "
                                            "2024年5月1日 or an ISO 8601 time"},
        {"line": 5, "sku": "A-1", "reason": "user is empty: every event needs a user id (column user / user id / customer id / "
                                            "customer / visitor / 用户id)"},
    ]
    assert report.inserted == 1
