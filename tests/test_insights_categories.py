"""Product categories: a classifier trained on the shop's own categorised products suggests a category for a product
without one (or with a suspicious one); a person accepts or dismisses it, and only an accepted one is written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cli import shopscribe
from shopscribe.errors import UserError
from shopscribe.insights.categories import (
    DecideRequest,
    SuggestRequest,
    decide,
    list_suggestions,
    suggest,
)
from shopscribe.store import AuditLog, CategorySuggestion, Product, session_scope

# A bilingual shop: (sku, title, category, description, attributes). Eight or nine products in each of five categories.
SHOP = [
    ("CUP-1", "316不锈钢保温杯 500ml 真空双层", "水杯", "保温保冷12小时，一键开盖", {"材质": "不锈钢", "容量": "500ml"}),
    ("CUP-2", "大容量吸管水杯 1L 运动水壶", "水杯", "刻度提醒喝水，防漏吸管", {"材质": "Tritan", "容量": "1000ml"}),
    ("CUP-3", "陶瓷马克杯 带盖带勺 办公室咖啡杯", "水杯", "釉下彩，可进微波炉", {"材质": "陶瓷", "容量": "380ml"}),
    ("CUP-4", "玻璃泡茶杯 茶水分离 双层隔热", "水杯", "高硼硅玻璃，耐热", {"材质": "玻璃", "容量": "350ml"}),
    ("CUP-5", "Stainless steel insulated tumbler 20oz with lid", "水杯", "Keeps coffee hot for 6 hours",
     {"material": "stainless steel", "capacity": "20oz"}),
    ("CUP-6", "Ceramic coffee mug 12oz, dishwasher safe", "水杯", "A classic mug for tea and coffee",
     {"material": "ceramic", "capacity": "12oz"}),
    ("CUP-7", "儿童保温杯 带吸管 防摔", "水杯", "小学生上学用水杯", {"材质": "不锈钢", "容量": "400ml"}),
    ("CUP-8", "Glass water bottle 500ml with bamboo lid", "水杯", "Borosilicate glass, leak-proof",
     {"material": "glass", "capacity": "500ml"}),
    ("TEE-1", "纯棉短袖T恤 男款 圆领白色", "服装", "新疆长绒棉，亲肤透气", {"材质": "棉", "尺码": "M L XL"}),
    ("TEE-2", "女款宽松印花T恤 夏季短袖", "服装", "落肩版型，百搭", {"材质": "棉", "尺码": "S M L"}),
    ("TEE-3", "速干运动T恤 男 跑步健身", "服装", "吸湿排汗，轻薄", {"材质": "涤纶", "尺码": "M L XL"}),
    ("TEE-4", "Men's cotton crew neck T-shirt, black", "服装", "Soft everyday tee",
     {"material": "cotton", "size": "S M L XL"}),
    ("TEE-5", "Women's oversized graphic tee", "服装", "Relaxed fit, printed front",
     {"material": "cotton", "size": "XS S M L"}),
    ("TEE-6", "冰丝防晒衣 女 夏季薄款外套", "服装", "UPF50+，透气", {"材质": "锦纶", "尺码": "S M L"}),
    ("TEE-7", "Merino wool long sleeve base layer shirt", "服装", "Warm and odour resistant",
     {"material": "merino wool", "size": "S M L"}),
    ("TEE-8", "男士休闲牛仔裤 直筒修身", "服装", "弹力面料，四季可穿", {"材质": "棉", "尺码": "30 32 34"}),
    ("EAR-1", "真无线蓝牙耳机 主动降噪 入耳式", "耳机", "蓝牙5.3，续航30小时", {"连接": "蓝牙", "续航": "30小时"}),
    ("EAR-2", "头戴式降噪耳机 无线 折叠", "耳机", "40mm动圈单元", {"连接": "蓝牙", "续航": "40小时"}),
    ("EAR-3", "运动蓝牙耳机 挂耳式 防汗", "耳机", "跑步不掉，IPX5防水", {"连接": "蓝牙", "防水": "IPX5"}),
    ("EAR-4", "Wireless earbuds with noise cancelling, Bluetooth 5.3", "耳机", "30-hour battery with the case",
     {"connection": "Bluetooth", "battery": "30h"}),
    ("EAR-5", "Over-ear headphones, wired, studio monitor", "耳机", "3.5mm jack, 50mm drivers",
     {"connection": "wired", "driver": "50mm"}),
    ("EAR-6", "有线耳机 Type-C 入耳式 带麦", "耳机", "通话清晰，线控", {"连接": "Type-C", "麦克风": "有"}),
    ("EAR-7", "Open-ear bone conduction headphones", "耳机", "Hear traffic while you run",
     {"connection": "Bluetooth", "battery": "8h"}),
    ("EAR-8", "骨传导耳机 游泳 防水", "耳机", "内置32GB存储", {"连接": "蓝牙", "防水": "IP68"}),
    ("CAN-1", "大豆蜡香薰蜡烛 玫瑰 礼盒装", "香薰蜡烛", "燃烧40小时，送女友", {"蜡": "大豆蜡", "香型": "玫瑰"}),
    ("CAN-2", "无火香薰 藤条扩香 卧室", "香薰蜡烛", "持久留香，摆件", {"香型": "白茶", "容量": "100ml"}),
    ("CAN-3", "Scented soy candle, lavender, 8oz jar", "香薰蜡烛", "Cotton wick, 45-hour burn",
     {"wax": "soy", "scent": "lavender"}),
    ("CAN-4", "Beeswax pillar candles, set of 3", "香薰蜡烛", "Unscented, dripless", {"wax": "beeswax"}),
    ("CAN-5", "精油香薰蜡烛 雪松 玻璃杯装", "香薰蜡烛", "木质香调，助眠", {"蜡": "椰子蜡", "香型": "雪松"}),
    ("CAN-6", "Reed diffuser, fig and cedar, 200ml", "香薰蜡烛", "Lasts three months", {"scent": "fig cedar"}),
    ("CAN-7", "生日蜡烛 数字 蛋糕装饰", "香薰蜡烛", "金色数字蜡烛", {"蜡": "石蜡"}),
    ("CAN-8", "Wood wick candle, sandalwood, crackling", "香薰蜡烛", "Crackles like a fireplace",
     {"wax": "coconut", "scent": "sandalwood"}),
    ("PEN-1", "中性笔 0.5mm 黑色 12支装", "文具", "顺滑速干，考试用", {"笔芯": "0.5mm", "颜色": "黑色"}),
    ("PEN-2", "A5活页笔记本 方格 学生", "文具", "可拆卸活页，80张", {"规格": "A5", "页数": "80"}),
    ("PEN-3", "Gel pens, 0.7mm, assorted colours, 24 pack", "文具", "Quick-dry ink", {"tip": "0.7mm"}),
    ("PEN-4", "Hardcover dotted notebook A5, 160 pages", "文具", "Bullet journal, lay-flat binding",
     {"size": "A5", "pages": "160"}),
    ("PEN-5", "荧光笔 6色套装 学生标记", "文具", "不透纸，柔和色", {"颜色": "6色"}),
    ("PEN-6", "Mechanical pencil 0.5mm with erasers", "文具", "Metal grip", {"lead": "0.5mm"}),
    ("PEN-7", "钢笔 EF尖 练字 墨囊", "文具", "送6支墨囊", {"笔尖": "EF"}),
    ("PEN-8", "Sticky notes, 3x3 inch, 12 pads", "文具", "Super sticky, pastel colours", {"size": "3x3 inch"}),
]
# Products imported without a category, and the category a person would give each.
UNCATEGORISED = [
    ("NEW-1", "304不锈钢保温杯 男女 便携 480ml", "水杯", "", {"材质": "不锈钢", "容量": "480ml"}),
    ("NEW-2", "Noise cancelling wireless headphones, Bluetooth", "耳机", "", {"connection": "Bluetooth"}),
]


def add(rows: list[tuple], *, category: bool = True) -> None:
    with session_scope() as s:
        for sku, title, cat, description, attributes in rows:
            s.add(Product(sku=sku, title=title, category=cat if category else None, description=description,
                          attributes=attributes))


def category_of(sku: str) -> str | None:
    with session_scope() as s:
        return s.scalars(select(Product.category).where(Product.sku == sku)).one()


@pytest.fixture
def shop(home):
    add(SHOP)
    add(UNCATEGORISED, category=False)
    return home


def test_a_product_without_a_category_gets_the_right_suggestion_with_a_confidence(shop):
    result = suggest(SuggestRequest(skus=["NEW-1", "NEW-2"]))
    assert result.trained_on == 40 and result.categories == ["文具", "服装", "水杯", "耳机", "香薰蜡烛"]
    assert [(s.sku, s.current, s.category, s.reason, s.status, s.new) for s in result.suggestions] == [
        ("NEW-1", None, "水杯", "missing", "pending", True),
        ("NEW-2", None, "耳机", "missing", "pending", True),
    ]
    assert all(0.5 <= s.confidence <= 1.0 for s in result.suggestions)
    assert result.unsure == [] and result.dismissed_before == []
    assert category_of("NEW-1") is None  # nothing is written before a person accepts


def test_a_guess_below_the_minimum_confidence_is_listed_as_unsure_and_not_written(shop):
    result = suggest(SuggestRequest(skus=["NEW-1"], min_confidence=0.99))
    assert result.suggestions == []
    assert [(u.sku, u.category) for u in result.unsure] == [("NEW-1", "水杯")]
    assert result.unsure[0].confidence < 0.99
    assert list_suggestions() == []


@pytest.mark.parametrize("sku", ["EAR-1", "EAR-7"])  # 真无线蓝牙耳机…, Open-ear bone conduction headphones
def test_a_mislabelled_product_is_flagged_suspicious_with_the_right_category(shop, sku):
    with session_scope() as s:
        s.scalars(select(Product).where(Product.sku == sku)).one().category = "服装"  # earphones among clothes
    result = suggest(SuggestRequest())
    suspicious = [(s.sku, s.current, s.category) for s in result.suggestions if s.reason == "suspicious"]
    assert suspicious == [(sku, "服装", "耳机")]
    assert all(s.confidence >= 0.5 for s in result.suggestions)
    assert {s.sku for s in result.suggestions if s.reason == "missing"} == {"NEW-1", "NEW-2"}


def test_suggesting_again_adds_nothing_already_pending(shop):
    first = suggest(SuggestRequest())
    again = suggest(SuggestRequest())
    assert [s.new for s in again.suggestions] == [False] * len(first.suggestions)
    assert [s.id for s in again.suggestions] == [s.id for s in first.suggestions]
    with session_scope() as s:
        assert len(s.scalars(select(CategorySuggestion)).all()) == len(first.suggestions) == 2


def test_accept_writes_the_category_and_an_audit_row_with_before_and_after(shop):
    first = suggest(SuggestRequest(skus=["NEW-1"])).suggestions[0]
    result = decide(DecideRequest(ids=[first.id], accept=True, actor="ana"))
    assert result.changed == [first.id] and result.skipped == []
    assert result.suggestions[0].status == "accepted"
    assert category_of("NEW-1") == "水杯"
    with session_scope() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "category.accepted")).one()
        assert (audit.actor, audit.entity, audit.entity_id) == ("ana", "product", "NEW-1")
        assert audit.detail == {"suggestion": first.id, "before": None, "after": "水杯",
                                "confidence": first.confidence}
    assert list_suggestions() == [] and [s.id for s in list_suggestions("accepted")] == [first.id]


def test_dismiss_leaves_the_product_as_it_is_and_is_not_suggested_again(shop):
    first = suggest(SuggestRequest(skus=["NEW-1"])).suggestions[0]
    result = decide(DecideRequest(ids=[first.id], accept=False, actor="ana"))
    assert result.changed == [first.id] and result.suggestions[0].status == "dismissed"
    assert category_of("NEW-1") is None
    again = suggest(SuggestRequest(skus=["NEW-1"]))
    assert again.suggestions == [] and again.dismissed_before == ["NEW-1"]


def test_a_decided_suggestion_is_skipped_with_the_reason(shop):
    first = suggest(SuggestRequest(skus=["NEW-1"])).suggestions[0]
    decide(DecideRequest(ids=[first.id], accept=True, actor="ana"))
    result = decide(DecideRequest(ids=[first.id], accept=False, actor="bo"))
    assert result.changed == [] and [(k.id, k.reason) for k in result.skipped] == [(first.id, "already accepted")]
    assert category_of("NEW-1") == "水杯"


def test_accept_does_not_overwrite_a_category_someone_set_since(shop):
    first = suggest(SuggestRequest(skus=["NEW-1"])).suggestions[0]
    with session_scope() as s:
        s.scalars(select(Product).where(Product.sku == "NEW-1")).one().category = "礼品"
    result = decide(DecideRequest(ids=[first.id], accept=True, actor="ana"))
    assert result.changed == []
    assert result.skipped[0].reason == ("the product's category changed since the suggestion (was none, now 礼品); "
                                        "suggest again")
    assert category_of("NEW-1") == "礼品"


def test_too_few_categorised_products_is_a_clear_error(home):
    add(SHOP[:3] + SHOP[8:10])  # 水杯 3, 服装 2
    with pytest.raises(UserError) as err:
        suggest(SuggestRequest())
    assert str(err.value) == ("categories are learned from the shop's own categorised products: it needs at least 2 "
                              "categories with 3 or more products each (has: 水杯 3, 服装 2); give more products a "
                              "category (import them with one), then suggest again")


def test_a_category_with_too_few_products_is_not_learned_and_its_products_not_judged(shop):
    add([("GIFT-1", "新年礼盒 坚果大礼包", "礼品", "", {})])
    result = suggest(SuggestRequest())
    assert result.too_small == ["礼品"] and "礼品" not in result.categories
    assert "GIFT-1" not in {s.sku for s in result.suggestions}


def test_an_unknown_sku_or_id_is_an_error(shop):
    with pytest.raises(UserError, match="no product with SKU NOPE"):
        suggest(SuggestRequest(skus=["NOPE"]))
    with pytest.raises(UserError, match="no category suggestion with id 99"):
        decide(DecideRequest(ids=[99], accept=True, actor="ana"))


def test_cli_suggest_list_accept_dismiss(shop):
    ran = shopscribe("insights", "categories", "suggest", "--json")
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert set(out) == {"trained_on", "categories", "too_small", "judged", "suggestions", "unsure", "dismissed_before"}
    assert [(s["sku"], s["category"], s["new"]) for s in out["suggestions"]] == [("NEW-1", "水杯", True),
                                                                                 ("NEW-2", "耳机", True)]
    assert set(out["suggestions"][0]) == {"id", "sku", "title", "current", "category", "confidence", "status",
                                          "reason", "created_at", "new"}
    one, two = (s["id"] for s in out["suggestions"])

    listed = shopscribe("insights", "categories", "list", "--json")
    assert listed.returncode == 0 and [s["id"] for s in json.loads(listed.stdout)["suggestions"]] == [one, two]

    accepted = shopscribe("insights", "categories", "accept", str(one), "--as", "ana")
    assert accepted.returncode == 0
    assert accepted.stdout == f"NEW-1: category (none) -> 水杯 (suggestion {one})\n"
    assert category_of("NEW-1") == "水杯"

    dismissed = shopscribe("insights", "categories", "dismiss", str(two), "--json")
    assert dismissed.returncode == 0 and json.loads(dismissed.stdout)["changed"] == [two]
    assert category_of("NEW-2") is None

    again = shopscribe("insights", "categories", "accept", str(one), "--json")
    assert again.returncode == 1
    assert json.loads(again.stdout)["skipped"] == [{"id": one, "reason": "already accepted"}]


def test_cli_errors_are_one_line_and_exit_2(home):
    ran = shopscribe("insights", "categories", "suggest", "--json")
    assert ran.returncode == 2
    assert json.loads(ran.stdout)["error"].startswith("categories are learned from the shop's own categorised products")
    ran = shopscribe("insights", "categories", "list", "--status", "maybe")
    assert ran.returncode == 2 and ran.stderr.strip() == ("error: --status must be one of pending, accepted, dismissed, "
                                                          "all, not 'maybe'")
    ran = shopscribe("insights", "categories", "accept", "7", "--json")
    assert ran.returncode == 2 and "no category suggestion with id 7" in json.loads(ran.stdout)["error"]
