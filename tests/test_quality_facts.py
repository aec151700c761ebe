"""The fact check: claims in copy that contradict the product, or that nothing in it supports, are flagged."""

from __future__ import annotations

import pytest

from shopscribe import quality
from shopscribe.quality import facts
from shopscribe.quality.context import GateContext
from shopscribe.quality.units import find_quantities, parse_number

TEE = {"sku": "TS-1", "title": "纯棉圆领短袖T恤", "brand": "棉研所", "category": "T恤", "price": "89.00", "currency": "CNY",
       "description": "夏季基础款，180g重磅面料。",
       "attributes": {"材质": "100%棉", "颜色": ["白色", "黑色"], "尺码": "S-XL", "版型": "宽松"}}
BOTTLE = {"sku": "WB-1", "title": "Insulated Water Bottle 32 oz", "brand": "Trailmade", "category": "Drinkware",
          "price": "39.95", "currency": "USD",
          "description": "Keeps drinks cold for 24 hours or hot for 12 hours.",
          "attributes": {"Material": "18/8 stainless steel", "Capacity": "32 oz (946 ml)", "Weight": "1.1 lb",
                         "Color": "Black, Slate Gray, Sage Green"}}
CUP = {"sku": "BW-1", "title": "真空保温杯", "brand": "暖途", "category": "水杯", "price": "129.00", "currency": "CNY",
       "description": "保温12小时。", "attributes": {"材质": "304不锈钢", "容量": "350ml", "重量": "280g", "颜色": "奶白、雾霾蓝"}}
BUDS = {"sku": "EB-1", "title": "蓝牙耳机", "brand": "声屿", "category": "耳机", "price": "199.00", "currency": "CNY",
        "description": "单次续航6小时，配合充电仓总续航30小时。",
        "attributes": {"连接": "蓝牙5.3", "充电接口": "Type-C", "防水等级": "IPX4"}}
WRENCH = {"sku": "WR-1", "title": "Combination Wrench Set, 9/16 in. and 1-9/16 in.", "brand": "Torqline",
          "category": "Tools", "price": "34.50", "currency": "USD", "description": "",
          "attributes": {"Material": "Chrome vanadium steel", "Sizes": "9/16\", 1-9/16\""}}
MUG = {"sku": "MM-1", "title": "Moscow Mule Mug", "brand": "Kupfer", "category": "Barware", "price": "24.99",
       "currency": "USD", "description": "", "attributes": {"Material": "Copper", "Capacity": "16 oz"}}


def flags(text: str, product: dict, lang: str) -> list[tuple[str, str, str]]:
    found = facts.check(text, GateContext(product=product, lang=lang))
    for f in found:
        assert text[f.start:f.end] == f.text
    return [(f.severity, f.text, f.message) for f in found]


# ---- numbers and units ------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "value"), [
    ("1,299", 1299), ("五", 5), ("两", 2), ("十二", 12), ("一百五十", 150), ("9/16", 0.5625), ("1-9/16", 1.5625),
    ("1 9/16", 1.5625), ("1½", 1.5), ("2万", 20000), ("0.35", 0.35),
])
def test_numbers_are_read_in_every_notation(written, value):
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize(("text", "dim", "value"), [
    ("150克", "mass", 150), ("150 g", "mass", 150), ("0.15kg", "mass", 150), ("半斤", None, None),
    ("1 L", "volume", 1000), ("1升", "volume", 1000), ("1000 ml", "volume", 1000), ("350毫升", "volume", 350),
    ("30公分", "length", 300), ("30厘米", "length", 300), ("30 cm", "length", 300), ("2万毫安", "charge", 20000),
    ("22.5W", "power", 22.5), ("30小时", "time", 1800), ("8 hours", "time", 480), ("27寸", "length", 685.8),
])
def test_quantities_normalise_to_one_base_unit(text, dim, value):
    found = find_quantities(text)
    if dim is None:
        assert found == ()
    else:
        assert [(q.dim, round(q.value, 3)) for q in found] == [(dim, value)]


def test_a_mixed_fraction_is_one_number_not_a_range():
    (small,), (large,) = find_quantities('9/16"'), find_quantities('1-9/16"')
    assert (small.value, large.value, large.low) == (pytest.approx(14.2875), pytest.approx(39.6875), None)


def test_ordinals_and_service_days_are_not_quantities():
    assert find_quantities("第1步：打开盖子。7天无理由退货，3 in 1 设计") == ()


# ---- quantities against the product --------------------------------------------------------

def test_a_different_capacity_blocks_and_names_the_attribute():
    assert flags("750ml大容量，一杯喝一整天。", CUP, "zh") == [
        ("block", "750ml", "文案写“750ml”，但容量是“350ml”")]


def test_the_same_capacity_in_other_units_is_consistent():
    assert flags("0.35L的容量，三百五十毫升刚刚好，整杯只有0.28公斤。", CUP, "zh") == []


def test_a_weight_in_pounds_matches_grams_within_rounding():
    assert flags("At roughly 500 g it is light enough for the trail.", BOTTLE, "en") == []


def test_keep_hot_and_keep_cold_durations_are_not_interchangeable():
    assert flags("Keeps coffee hot for 24 hours.", BOTTLE, "en") == [
        ("block", "24 hours", 'says "24 hours" but the description says "12 hours"')]


def test_fractions_of_an_inch_are_told_apart():
    assert flags('Includes a 9/16" and a 1-5/8" wrench.', WRENCH, "en") == [
        ("block", '1-5/8"', 'says "1-5/8"" but Sizes is "9/16", 1-9/16""')]
    assert flags('A nimble 9/16" and a hefty 1-9/16" wrench.', WRENCH, "en") == []


def test_a_number_with_a_unit_that_nothing_supports_blocks():
    assert flags("65W超级快充。", BUDS, "zh") == [
        ("block", "65W", "文案写“65W”，但商品资料（标题、描述、属性）里没有支持它的功率信息")]


def test_a_number_from_the_description_is_supported():
    assert flags("单次续航6小时，加上充电仓一共30个小时。", BUDS, "zh") == []


def test_a_duration_that_is_not_a_product_spec_only_warns():
    assert flags("泡发30分钟后即可食用。", CUP, "zh") == [
        ("warn", "30分钟", "文案写“30分钟”，但商品资料（标题、描述、属性）里没有支持它的时长信息")]


# ---- materials -----------------------------------------------------------------------------

def test_a_different_material_blocks_in_chinese():
    assert flags("精选涤纶面料，不易起皱。", TEE, "zh") == [("block", "涤纶", "文案写“涤纶”，但材质是“100%棉”")]


def test_copper_turned_into_steel_blocks_in_english():
    assert flags("Crafted from durable stainless steel.", MUG, "en") == [
        ("block", "stainless steel", 'says "stainless steel" but Material is "Copper"')]


def test_a_more_general_material_word_is_consistent():
    assert flags("Double-wall stainless steel keeps water icy; steel that lasts.", BOTTLE, "en") == []


def test_a_more_specific_grade_than_the_product_says_blocks():
    assert flags("316不锈钢内胆，更耐腐蚀。", CUP, "zh") == [
        ("block", "316不锈钢", "文案写“316不锈钢”，但材质是“304不锈钢”")]


def test_pure_cotton_of_a_blend_blocks():
    blend = {**TEE, "title": "圆领T恤", "attributes": {"成分": "棉95% 氨纶5%"}}
    assert flags("纯棉面料，亲肤透气。", blend, "zh") == [("block", "纯棉", "文案写“纯棉”，但成分是“棉95% 氨纶5%”")]


def test_a_wrong_percentage_blocks_with_the_percentage_in_the_span():
    socks = {**MUG, "attributes": {"Material": "64% merino wool, 33% nylon, 3% spandex"}}
    assert flags("An 80% merino blend keeps feet dry.", socks, "en") == [
        ("block", "80% merino", 'says "80% merino" but Material is "64% merino wool, 33% nylon, 3% spandex"')]


def test_materials_named_as_what_the_product_is_not_are_not_claims():
    assert flags("告别塑料杯的异味，不含塑化剂，比玻璃杯更耐摔。", CUP, "zh") == []
    assert flags("BPA-free and plastic-free, unlike glass it will not shatter.", BOTTLE, "en") == []


def test_a_material_in_styling_advice_is_not_a_claim():
    assert flags("搭配一块木质托盘，早餐桌立刻有了氛围。", CUP, "zh") == []


def test_material_words_inside_other_words_are_not_claims():
    assert flags("丝滑的口感让人陶醉，棉花糖般的柔软。", CUP, "zh") == []


# ---- colours -------------------------------------------------------------------------------

def test_a_colour_not_offered_blocks():
    assert flags("红色款最受欢迎。", TEE, "zh") == [("block", "红色", "文案写“红色”，但颜色是“白色、黑色”")]
    assert flags("Comes in a bold cherry red.", BOTTLE, "en") == [
        ("block", "cherry red", 'says "cherry red" but Color is "Black, Slate Gray, Sage Green"')]


def test_a_shade_of_an_offered_colour_only_warns():
    assert flags("米白色很百搭。", TEE, "zh") == [
        ("warn", "米白色", "文案写“米白色”，但颜色只写了“白色、黑色”：米白色是同一色系里更具体的颜色")]


def test_the_family_of_an_offered_shade_is_consistent():
    assert flags("Grab it in black, gray or green.", BOTTLE, "en") == []
    assert flags("白色和蓝色两款。", CUP, "zh") == []


def test_colour_idioms_and_styling_are_not_colour_claims():
    assert flags("绿色环保，网红同款，黑科技加持，搭配白色球鞋更好看。", TEE, "zh") == []
    assert flags("Blue light at night? Pair it with your red jacket on Black Friday.", BOTTLE, "en") == []


def test_a_wrong_colour_count_blocks():
    assert flags("三种颜色可选。", TEE, "zh") == [("block", "三种颜色", "文案写“三种颜色”，但颜色有2种：“白色、黑色”")]
    assert flags("Available in five colours.", BOTTLE, "en") == [
        ("block", "five colours", 'says "five colours" but Color lists 3: "Black, Slate Gray, Sage Green"')]


def test_the_right_colour_count_is_consistent():
    assert flags("黑白两色，简单耐看。", TEE, "zh") == []
    assert flags("Three colours to choose from.", BOTTLE, "en") == []


# ---- sizes, fit, price ---------------------------------------------------------------------

def test_a_wider_size_range_blocks():
    assert flags("尺码齐全，S到XXL都能穿。", TEE, "zh") == [("block", "S到XXL", "文案写“S到XXL”，但尺码是“S-XL”")]


def test_sizes_inside_the_range_are_consistent():
    assert flags("S-XL码，M码最受欢迎。", TEE, "zh") == []


def test_a_contradicting_fit_blocks():
    assert flags("修身剪裁，显瘦利落。", TEE, "zh") == [("block", "修身", "文案写“修身”，但版型是“宽松”")]
    shirt = {**MUG, "attributes": {"Fit": "Relaxed fit"}}
    assert flags("Tailored slim fit for a sharp look.", shirt, "en") == [
        ("block", "slim fit", 'says "slim fit" but Fit is "Relaxed fit"')]


def test_a_different_price_blocks():
    assert flags("售价79元。", TEE, "zh") == [("block", "79元", "文案写“79元”，但价格是“89.00 CNY”")]
    assert flags("Yours for just $19.99.", MUG, "en") == [("block", "$19.99", 'says "$19.99" but price is "24.99 USD"')]


def test_the_price_written_differently_is_consistent():
    assert flags("到手价￥89，也就是89.00元，89 CNY。", TEE, "zh") == []


def test_discount_amounts_are_not_prices():
    assert flags("下单立减10元，满200减30。", TEE, "zh") == []


# ---- connectivity and battery ----------------------------------------------------------------

def test_a_different_bluetooth_version_blocks():
    assert flags("蓝牙5.0芯片，连接稳定。", BUDS, "zh") == [("block", "蓝牙5.0", "文案写“蓝牙5.0”，但连接是“蓝牙5.3”")]


def test_a_different_connector_blocks_and_synonyms_agree():
    assert flags("支持Lightning接口。", BUDS, "zh") == [
        ("block", "Lightning", "文案写“Lightning”，但充电接口是“Type-C”")]
    assert flags("USB-C充电，IPX4防水。", BUDS, "zh") == []


def test_an_unlisted_feature_blocks_on_an_electronic_product():
    assert flags("搭载主动降噪。", BUDS, "zh") == [
        ("block", "主动降噪", "文案写“主动降噪”，但商品资料（标题、描述、属性）里没有支持它的功能信息")]


def test_a_longer_battery_life_blocks():
    assert flags("总续航长达40小时。", BUDS, "zh") == [("block", "40小时", "文案写“40小时”，但描述写的是“6小时”")]


# ---- the gate ------------------------------------------------------------------------------

def test_the_gate_runs_the_fact_check_and_blocks():
    report = quality.check_text("Crafted from stainless steel, 20 oz.", MUG, lang="en", only=["fact"])
    assert not report.passed
    assert [(f.check, f.text) for f in report.flags] == [("fact", "stainless steel"), ("fact", "20 oz")]


def test_full_width_characters_keep_their_offsets():
    text = "容量７５０ｍｌ"
    assert flags(text, CUP, "zh") == [("block", "７５０ｍｌ", "文案写“750ml”，但容量是“350ml”")]


def test_no_product_no_flags():
    assert facts.check("涤纶，红色，750ml", GateContext(product=None, lang="zh")) == []


# ---- counts ---------------------------------------------------------------------------------

BRUSH = {"sku": "TB-1", "title": "声波电动牙刷", "brand": "齿光", "category": "个护", "price": "169.00", "currency": "CNY",
         "description": "3种清洁模式，充电4小时可用60天。", "attributes": {"续航": "60天", "刷头": "2个刷头"}}
FRYER = {"sku": "AF-1", "title": "Air Fryer", "brand": "Crispwell", "category": "Kitchen", "price": "99.99",
         "currency": "USD", "description": "", "attributes": {"Power": "1700 W", "Presets": "8"}}


def test_a_different_count_of_modes_blocks():
    assert flags("5种清洁模式，总有一种适合你。", BRUSH, "zh") == [
        ("block", "5种清洁模式", "文案写“5种清洁模式”，但描述写的是“3种清洁模式”")]


def test_a_count_stated_in_the_attribute_key_is_compared():
    assert flags("Comes with 12 smart presets.", FRYER, "en") == [
        ("block", "12 smart presets", 'says "12 smart presets" but Presets is "8"')]
    assert flags("Eight presets cover fries, wings and cake.", FRYER, "en") == []


def test_battery_days_count_but_return_days_do_not():
    assert flags("续航长达90天，7天无理由退货。", BRUSH, "zh") == [
        ("block", "90天", "文案写“90天”，但续航是“60天”")]


def test_materials_and_colours_of_other_things_are_not_claims():
    assert flags("Looks right at home next to your wooden desk or a white sofa.", MUG, "en") == []
    assert flags("搭一双草编凉鞋和白色帆布包，很出片。", TEE, "zh") == []


# ---- percentages, ingredients, ratings ---------------------------------------------------------

SERUM = {"sku": "SR-1", "title": "烟酰胺精华液 30ml", "brand": "研肌", "category": "护肤", "price": "149.00",
         "currency": "CNY", "description": "SPF30，质地清爽。", "attributes": {"核心成分": "烟酰胺5%、熊果苷2%"}}


def test_a_different_percentage_of_a_listed_ingredient_blocks():
    assert flags("高浓度10%烟酰胺，提亮更快。", SERUM, "zh") == [
        ("block", "10%烟酰胺", "文案写“10%烟酰胺”，但核心成分是“烟酰胺5%、熊果苷2%”")]


def test_percentages_that_are_not_product_facts_pass():
    assert flags("5%烟酰胺，98%的用户回购，93%的人说肤色更均匀。", SERUM, "zh") == []


def test_an_ingredient_the_product_lacks_blocks_unless_negated():
    assert flags("添加传明酸，淡斑更快。", SERUM, "zh") == [
        ("block", "传明酸", "文案写“传明酸”，但商品资料（标题、描述、属性）里没有支持它的成分信息")]
    assert flags("不含视黄醇，敏感肌也能用。", SERUM, "zh") == []


def test_a_different_spf_blocks():
    assert flags("SPF50高倍防晒。", SERUM, "zh") == [("block", "SPF50", "文案写“SPF50”，但描述写的是“SPF30”")]


def test_a_network_generation_and_pieces_are_not_quantities_or_prices():
    assert flags("支持5G网络，买3块送1块。", SERUM, "zh") == []


def test_words_that_only_look_like_negation_do_not_hide_a_claim():
    assert flags("非常柔软的涤纶，无比顺滑。", TEE, "zh") == [("block", "涤纶", "文案写“涤纶”，但材质是“100%棉”")]


HUB = {"sku": "HB-1", "title": "7-in-1 USB-C Hub with 4K HDMI", "brand": "Portly", "category": "Computer accessories",
       "price": "34.99", "currency": "USD", "description": "4K@60Hz HDMI, 100 W pass-through charging.",
       "attributes": {"Ports": "HDMI, USB-A, USB-C", "Material": "Aluminium alloy", "Color": "Space Grey"}}


def test_a_different_resolution_and_an_unlisted_port_block():
    assert flags("Supports 8K output and a Thunderbolt port.", HUB, "en") == [
        ("block", "8K", 'says "8K" but the title says "4K"'),
        ("block", "Thunderbolt", 'says "Thunderbolt" but Ports is "HDMI, USB-A, USB-C"')]


def test_model_names_versions_and_scene_colours_are_not_claims():
    assert flags("7-in-1, USB 3.0, works with macOS 14 around the clock on a grey winter morning.", HUB, "en") == []


def test_numbers_about_the_wearer_or_the_room_only_warn():
    assert flags("身高170cm穿L码刚好。", TEE, "zh") == [
        ("warn", "170cm", "文案写“170cm”，但商品资料（标题、描述、属性）里没有支持它的尺寸信息")]
    yoga = {**MUG, "attributes": {"Dimensions": "150 x 50 cm"}}
    assert flags("Roll it out in your 10 x 12 ft living room. Model is 6'1\".", yoga, "en") == [
        ("warn", "10 x 12 ft", 'says "10 x 12 ft" but nothing in the product (title, description, attributes) supports '
                               'this size'),
        ("warn", "6'1\"",
         'says "6\'1"" but nothing in the product (title, description, attributes) supports this size')]


def test_a_product_size_said_to_the_buyer_still_blocks():
    bag = {**MUG, "attributes": {"Laptop sleeve": "Up to 16 in"}}
    assert flags("Fits your 17-inch laptop.", bag, "en") == [
        ("block", "17-inch", 'says "17-inch" but Laptop sleeve is "Up to 16 in"')]


def test_the_attribute_named_beside_the_claim_is_the_one_quoted():
    chair = {**MUG, "attributes": {"Seat": "Foam with fabric cover", "Base": "Aluminium"}}
    assert flags("Its chrome steel base is built to last.", chair, "en") == [
        ("block", "steel", 'says "steel" but Base is "Aluminium"')]


def test_a_size_range_after_the_word_for_size_is_read_whole():
    assert flags("尺码S-XXL，按平时尺码选。", TEE, "zh") == [("block", "S-XXL", "文案写“S-XXL”，但尺码是“S-XL”")]


def test_a_different_key_count_blocks():
    board = {**TEE, "title": "87键机械键盘", "attributes": {"键数": "87键"}}
    assert flags("104键全尺寸布局。", board, "zh") == [("block", "104键", "文案写“104键”，但键数是“87键”")]


def test_plain_leather_in_english_claims_genuine_leather():
    wallet = {**MUG, "attributes": {"Material": "PU leather"}}
    assert flags("Made of soft leather.", wallet, "en") == [
        ("block", "leather", 'says "leather" but Material is "PU leather"')]
    assert flags("Soft PU leather that wipes clean.", wallet, "en") == []


GUMMIES = {"sku": "VG-1", "title": "Vitamin D3 Gummies, 60 Count", "brand": "Sunleaf", "category": "Supplements",
           "price": "14.99", "currency": "USD", "description": "Each serving (2 gummies) provides 50 mcg (2000 IU).",
           "attributes": {"Count": "60 gummies", "Flavor": "Orange"}}


def test_supplement_counts_doses_and_flavours_are_compared():
    assert flags("90 gummies of 5000 IU, strawberry flavor.", GUMMIES, "en") == [
        ("block", "90 gummies", 'says "90 gummies" but Count is "60 gummies"'),
        ("block", "5000 IU", 'says "5000 IU" but the description says "2000 IU"'),
        ("block", "strawberry flavor", 'says "strawberry flavor" but Flavor is "Orange"')]
    assert flags("Two orange-flavored gummies give you 2000 IU (50 mcg); 60 per bottle.", GUMMIES, "en") == []


def test_a_plastic_code_is_read_whole():
    assert flags("PPSU材质瓶身。", CUP, "zh") == [("block", "PPSU", "文案写“PPSU”，但材质是“304不锈钢”")]
