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


@pytest.mark.parametrize("text, redacted", [
    ("质量很好，邮箱xm.wang@example.com可以发我发票吗", "质量很好，邮箱[邮箱]可以发我发票吗"),
    ("收到货了，加我微信zhangmei_1990交流一下使用心得", "收到货了，加我微信[微信]交流一下使用心得"),
    ("卖家微信：wxid_a8k2m9x0q1，比平台便宜", "卖家微信：[微信]，比平台便宜"),
    ("老板加个微信吧，我的是zhou_xiaoyu", "老板加个微信吧，我的是[微信]"),
    ("我的QQ是5566778899，群里发实拍图", "我的QQ是[QQ]，群里发实拍图"),
    ("扣扣：987654321", "扣扣：[QQ]"),
    ("地址是北京市朝阳区建国路88号3栋502室，快递一直送错", "地址是[地址]，快递一直送错"),
    ("我住在杭州西湖区文三路 100 号，两天就到了", "我住在[地址]，两天就到了"),
    ("我家在阳光花园小区3栋2单元502，物业代收的", "我家在[地址]，物业代收的"),
    ("我地址是广州市天河区体育西路191号中石化大厦B座2803，前台代收", "我地址是[地址]，前台代收"),
    ("收件人李晓红，电话13800001111，麻烦改一下", "收件人[姓名]，电话[电话]，麻烦改一下"),
    ("我叫王小明，第三次回购了", "我叫[姓名]，第三次回购了"),
    ("免贵姓周，店家人很好", "免贵姓[姓名]，店家人很好"),
    ("谢谢张小姐耐心解答，王先生也帮我调换了尺码", "谢谢[姓名]小姐耐心解答，[姓名]先生也帮我调换了尺码"),
])
def test_chinese_contact_details_addresses_and_names_are_redacted(text, redacted):
    assert redact_pii(text) == redacted


@pytest.mark.parametrize("text, redacted", [
    ("Add me on WeChat amy_lee88 if you want more pictures", "Add me on WeChat [wechat] if you want more pictures"),
    ("QQ: 2745561234, message me for the size chart", "QQ: [QQ], message me for the size chart"),
    ("Follow my TikTok @mugqueen for the full review", "Follow my TikTok [handle] for the full review"),
    ("Delivered to 221B Baker Street, box slightly dented", "Delivered to [address], box slightly dented"),
    ("Shipping address is 1600 Amphitheatre Pkwy, Mountain View, CA 94043 and it arrived in two days",
     "Shipping address is [address] and it arrived in two days"),
    ("I live in Apt 4B, the driver could not find it", "I live in [address], the driver could not find it"),
    ("My name is Sarah Johnson and I bought three of these", "My name is [name] and I bought three of these"),
    ("Hi, I'm Priya Patel, this is my second order", "Hi, I'm [name], this is my second order"),
    ("Ask for Linda in returns, she is great", "Ask for [name] in returns, she is great"),
    ("Spoke to Mr. James Wong on the phone, sorted in minutes", "Spoke to Mr. [name] on the phone, sorted in minutes"),
    ("Text 07700 900123 if the parcel is late", "Text [phone] if the parcel is late"),
])
def test_english_contact_details_addresses_and_names_are_redacted(text, redacted):
    assert redact_pii(text) == redacted


@pytest.mark.parametrize("text", [
    "建国牌保温杯，老牌子了，质量可靠",
    "买了100号的颜色，鞋子39码，我平时穿38码",
    "南京路步行街同款，建国路上的实体店也有卖",
    "订单号 2023111512345678，快递单号 SF1234567890123，物流很快",
    "李宁的鞋一直很好穿，张小泉的剪刀很锋利",
    "我是第一次在这家买，我是冲着颜值买的",
    "女士款的颜色很好看，纯白女士衬衫推荐，男士和女士都能用",
    "微信支付很方便，QQ糖500g一大包，企鹅玩偶30cm",
    "放在菜鸟驿站3号柜，快递小哥送到楼下，3楼自己搬上去的",
    "I'm happy with the quality, I'm Canadian, so the plug did not fit",
    "Jordan shoes run small, Dr. Martens boots are comfy, Mrs. Meyer's soap smells lovely",
    "iPhone 15 Pro case, paid $129.99, Order #1123456789 arrived on 12/03/2024",
    "The Fifth Avenue collection mug, Baker Street cufflinks, Route 66 T-shirt",
    "Unit 2 of the kit was missing a screw, Room 101 poster",
    "Call of Duty controller grip fits well, call me impressed",
])
def test_product_words_sizes_brands_and_order_numbers_survive(text):
    assert redact_pii(text) == text


def test_the_authors_own_name_is_redacted_wherever_it_recurs():
    assert redact_pii("帮朋友买的，王小明本人很满意，王小明说下次还买", names=["王小明"]) == "帮朋友买的，[姓名]本人很满意，[姓名]说下次还买"
    assert redact_pii("Emily Clark approves, and so does EMILY CLARK's mum", names=["Emily Clark"]) == \
        "[name] approves, and so does [name]'s mum"


def test_author_names_match_whole_words_only_and_need_two_characters():
    assert redact_pii("Jordan shoes, Annabel loves them", names=["Jordan Lee", "Ann", "J"]) == "Jordan shoes, Annabel loves them"
    assert redact_pii("王老吉一箱24罐", names=["王"]) == "王老吉一箱24罐"


@pytest.mark.parametrize("text", [
    "邮箱xm.wang@example.com，加我微信zhangmei_1990，地址是北京市朝阳区建国路88号3栋502室，我叫王小明，王先生",
    "My name is Sarah Johnson, WeChat amy_lee88, QQ 88886666, ship to 12 Oak Drive, Springfield, IL 62704, Mr. Smith",
    "name 姓名 [name] [姓名] [地址]先生 我叫[姓名]",
])
def test_redacting_twice_gives_the_same_text(text):
    once = redact_pii(text, names=["王小明", "name"])
    assert redact_pii(once, names=["王小明", "name"]) == once
