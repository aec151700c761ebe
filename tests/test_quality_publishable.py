"""Publishable as it comes: the gate blocks prompt echo, escape sequences and markup, fragments, the wrong shape,
claims that do not fit the product and placeholders, at their exact spans, with a message that says what to write
instead; and copy that only looks like them passes."""

from __future__ import annotations

import pytest

from shopscribe.content import gate_context
from shopscribe.quality import check_copy

CANDLE = {"sku": "CD-1", "title": "雪松香薰蜡烛", "category": "家居/香薰", "price": "69.00", "currency": "CNY",
          "description": "大豆蜡，燃烧约40小时。", "attributes": {"香型": "雪松", "净含量": "200g"}}
LAMP = {"sku": "LP-1", "title": "LED护眼台灯", "category": "家居/台灯", "price": "129.00", "currency": "CNY",
        "description": "", "attributes": {"颜色": "白色", "续航": "6小时"}}
MUG = {"sku": "MG-1", "title": "Stoneware Coffee Mug [Limited Edition]", "category": "Kitchen/Drinkware",
       "price": "18.50", "currency": "USD", "description": "A glazed stoneware mug.", "attributes": {"capacity": "12 oz"}}


def flags(text: str, product: dict, kind: str, lang: str) -> list[tuple[str, str]]:
    report = check_copy(text, gate_context(kind, lang, product=product), only=["publishable"])
    return [(f.check, f.text) for f in report.flags]


@pytest.mark.parametrize("text, product, kind, lang, expected", [
    ("<product_data>里的事实如下：雪松香薰蜡烛，200g大豆蜡，点燃后满室雪松香。", CANDLE, "description", "zh",
     [("echo", "<product_data>"), ("echo", "事实如下")]),
    ("雪松香薰蜡烛，材质和香型都照抄数据，数据里没有的数字一律不写。", CANDLE, "description", "zh",
     [("echo", "照抄"), ("echo", "数据里没有"), ("echo", "一律不写")]),
    ('{"title": "Stoneware Coffee Mug", "capacity": "12 oz"}', MUG, "description", "en", [("echo", '{"title":')]),
    ("Here is the description: a glazed stoneware mug that holds 12 oz of coffee.", MUG, "description", "en",
     [("echo", "Here is the description")]),
    # The prompt's own plain-line wording, echoed.
    ("名称：雪松香薰蜡烛\n根据商品信息，这款蜡烛用大豆蜡制成，燃烧约40小时。", CANDLE, "description", "zh",
     [("echo", "名称："), ("echo", "根据商品信息")]),
    ("As the product details state, this glazed stoneware mug holds 12 oz. Answer format: prose.", MUG,
     "description", "en", [("echo", "the product details"), ("echo", "Answer format")]),
])
def test_scaffolding_echo_is_blocked_where_it_stands(text, product, kind, lang, expected):
    assert flags(text, product, kind, lang) == expected


def test_escape_sequences_markup_and_placeholders_are_blocked():
    assert flags("雪松香薰蜡烛，200g大豆蜡，香味持久。\\n慢回弹，燃烧约40小时。", CANDLE, "description", "zh") == [
        ("escape", "\\n")]
    assert flags("A **glazed** stoneware mug that holds 12 oz of coffee.", MUG, "description", "en") == [
        ("escape", "**glazed**")]
    assert flags("这款[品牌名称]台灯光线柔和，只要XXX元。", LAMP, "description", "zh") == [
        ("placeholder", "[品牌名称]"), ("placeholder", "XXX")]
    # A bracket the product's own name has is not a leftover.
    assert flags("Our Stoneware Coffee Mug [Limited Edition] holds 12 oz of coffee.", MUG, "description", "en") == []


def test_fragments_and_cut_off_copy_are_blocked():
    assert flags("LED护眼台灯 白色 续航6", LAMP, "title", "zh") == [("fragment", "6")]
    assert flags("LED护眼台灯 白色 续航6小时", LAMP, "title", "zh") == []
    assert flags("A glazed stoneware mug featuring a", MUG, "description", "en") == [
        ("fragment", "A glazed stoneware mug featuring a")]
    assert flags("慢回弹记忆棉", CANDLE, "description", "zh") == [("fragment", "慢回弹记忆棉")]
    # A word that ends in 和 (暖和, 柔和) is finished; a bare 和 is not.
    assert flags("雪松香薰蜡烛 香气柔和", CANDLE, "title", "zh") == []
    assert flags("雪松香薰蜡烛 大豆蜡和", CANDLE, "title", "zh") == [("fragment", "雪松香薰蜡烛 大豆蜡和")]
    # A number that ends a field of the product ("Pack of 4") is whole, whatever field follows it.
    brushes = {"title": "Bamboo Toothbrushes, Pack of 4", "brand": "Tidewell", "category": "Personal care",
               "attributes": {"bristles": "soft"}}
    assert flags("Tidewell Bamboo Toothbrushes – Soft Bristles, Pack of 4", brushes, "title", "en") == []


def test_the_wrong_shape_for_a_description_is_blocked():
    found = flags("Main Benefits:\n- bright white light\n- six hours on one charge", LAMP, "description", "en")
    assert found == [("shape", "Main Benefits:\n- bright white light\n- si")]  # one flag over the whole list
    assert flags("适合办公室、宿舍、客厅、卧室、书房使用。", LAMP, "description", "zh") == [
        ("shape", "适合办公室、宿舍、客厅、卧室、书房使用。")]
    assert flags("白色，LED，护眼，台灯，6小时，续航", LAMP, "description", "zh")[0][0] == "shape"


def test_claims_that_do_not_fit_the_product_are_blocked_unless_denied():
    assert flags("雪松香薰蜡烛点燃后满室清香，也很适合烹饪时使用。", CANDLE, "description", "zh") == [("category", "烹饪")]
    assert flags("This lamp holds 12 hours of heat and keeps your coffee hot.", LAMP, "description", "en") == [
        ("category", "hours of heat"), ("category", "keeps your coffee hot")]
    assert flags("雪松香薰蜡烛，大豆蜡制成，不可食用，请放在儿童够不到的地方。", CANDLE, "description", "zh") == []
    assert flags("A glazed stoneware mug that keeps your coffee hot on slow mornings.", MUG, "description", "en") == []


def test_each_message_says_what_to_write_instead_in_the_copys_language():
    report = check_copy("雪松香薰蜡烛，也很适合烹饪时使用。", gate_context("description", "zh", product=CANDLE),
                        only=["publishable"])
    assert report.flags[0].message == "不符合品类: 这件商品不是做饭用的：删掉烹饪的说法，写它真正的用途"
    report = check_copy("Here is the description: a mug.", gate_context("description", "en", product=MUG),
                        only=["publishable"])
    assert report.flags[0].message.startswith("prompt echo: this is the prompt's scaffolding, not copy")


def test_plain_text_without_a_kind_keeps_only_the_kind_free_checks():
    assert flags("Soft cotton tee.", {}, None, "en") == []


TEA = {"sku": "TEA-2", "title": "云南普洱熟茶饼 357g", "category": "茶叶/普洱", "price": "168.00", "currency": "CNY",
       "description": "勐海大叶种晒青毛茶发酵压制，汤色红浓，滋味醇厚，有陈香。建议沸水冲泡，第一泡洗茶。",
       "attributes": {"净含量": "357g", "产地": "云南勐海", "工艺": "熟茶", "年份": "2021", "形态": "饼茶"}}


def test_a_spec_sheet_read_out_is_the_wrong_shape_and_the_products_own_phrasing_is_not():
    sheet = "普洱熟茶饼\n357g，熟茶，饼茶，2021，云南勐海，沸水冲泡。"
    assert flags(sheet, TEA, "ad", "zh") == [("shape", "357g，熟茶，饼茶，2021，云南勐海，沸水冲泡。")]
    own_words = "普洱熟茶饼\n勐海大叶种晒青毛茶发酵压制，汤色红浓，滋味醇厚，有陈香。建议沸水冲泡，第一泡洗茶。"
    assert flags(own_words, TEA, "ad", "zh") == []


def test_a_count_at_the_end_of_a_heading_is_finished():
    curtains = {"sku": "HM-4", "title": "Blackout Curtains, Set of 2 Panels", "category": "Home/Curtains",
                "price": "49.00", "currency": "USD", "description": "", "attributes": {"pieces": "2 panels"}}
    body = "Dear customer,\nTwo triple-weave panels keep the bedroom dark in the morning."
    assert flags("Blackout curtains, set of 2\n\n" + body, curtains, "email", "en") == []
    assert flags("Blackout curtains in 2\n\n" + body, curtains, "email", "en") == [("fragment", "2")]
    # A size written with × is no count: the heading stops before the product's "cm".
    sized = dict(curtains, attributes={"dimensions": "132 × 213 cm per panel"})
    assert flags("Blackout curtains 132 × 213\n\n" + body, sized, "email", "en") == [("fragment", "213")]
