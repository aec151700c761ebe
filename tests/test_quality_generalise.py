"""Checks that hold on copy they have never seen (#18): facts for attributes of any key, claim families decided by
meaning with the law and a rewrite named, disclaimers and size labels that pass, and a shop's own vocabularies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from shopscribe.quality import GateContext, align, compliance, facts, meaning
from shopscribe.quality.units import read_units

KETTLE = {"title": "电热水壶", "price": "129.00", "currency": "CNY",
          "attributes": {"容量": "1.7L", "功率": "1800W", "保温功能": "无", "保修": "2年", "颜色": "银色"}}
BIKE = {"title": "儿童滑板车", "price": "199.00", "currency": "CNY",
        "attributes": {"适用年龄": "3-6岁", "颜色": "粉色、蓝色", "是否可折叠": "是", "认证": "3C"}}
CANDLE = {"title": "香薰蜡烛", "price": "68.00", "currency": "CNY",
          "attributes": {"香型": "雪松、琥珀", "蜡质": "大豆蜡", "净重": "200g"}}
WATCH = {"title": "Smart Watch", "price": "129.00", "currency": "USD",
         "attributes": {"GPS": "No (uses phone GPS)", "Compatible with": "Android 8.0+, iOS 14+", "Warranty": "1 year"}}
PAN = {"title": "Cast Iron Skillet", "price": "29.95", "currency": "USD",
       "attributes": {"Dishwasher safe": "No", "Induction compatible": "Yes", "Warranty": "3 years"}}
BEDDING = {"title": "四件套", "price": "399.00", "currency": "CNY", "attributes": {"适用床宽": "1.5m/1.8m"}}
RICE = {"title": "五常大米", "price": "89.90", "currency": "CNY", "attributes": {"净含量": "5kg"}}


def fact_flags(text: str, product: dict, lang: str) -> list[tuple[str, str]]:
    fl = facts.check(text, GateContext(product=product, lang=lang, learned=False, support_judge=False))
    for f in fl:
        assert text[f.start:f.end] == f.text
    return [(f.severity, f.text) for f in fl]


# ---- facts for any attribute ------------------------------------------------------------------

def test_a_feature_the_attributes_say_is_absent_blocks_and_names_the_attribute():
    fl = facts.check("水烧开后自动保温。", GateContext(product=KETTLE, lang="zh", learned=False))
    assert [(f.severity, f.text) for f in fl] == [("block", "保温")]
    assert "保温功能" in fl[0].message and "无" in fl[0].message


def test_a_denied_absent_feature_passes():
    assert fact_flags("Route tracking uses your phone's GPS; there's no built-in GPS.", WATCH, "en") == []
    assert fact_flags("Wash it by hand; it is not dishwasher safe.", PAN, "en") == []


def test_an_english_yes_no_attribute_blocks_the_claim():
    assert fact_flags("Dishwasher safe for easy cleanup.", PAN, "en") == [("block", "Dishwasher safe")]


def test_a_warranty_longer_than_the_attribute_blocks():
    assert fact_flags("三年质保，坏了包换。", KETTLE, "zh") == [("block", "三年质保")]
    assert fact_flags("Five-year warranty included.", PAN, "en") == [("block", "Five-year warranty")]
    assert fact_flags("Covered by a lifetime warranty.", PAN, "en") == [("block", "lifetime warranty")]


def test_the_same_warranty_in_words_or_months_passes():
    assert fact_flags("整机保修两年。", KETTLE, "zh") == []
    assert fact_flags("Backed by a three-year warranty.", PAN, "en") == []


def test_a_price_without_a_unit_is_read_and_compared():
    assert fact_flags("到手99，不用凑单。", KETTLE, "zh") == [("block", "到手99")]
    assert fact_flags("到手129，不用凑单。", KETTLE, "zh") == []


def test_an_invented_reference_price_blocks():
    assert fact_flags("原价199，现价只要129。", KETTLE, "zh") == [("block", "原价199")]


def test_a_certification_the_data_lacks_blocks():
    assert fact_flags("通过3C和CE双认证。", BIKE, "zh") == [("block", "CE")]
    assert fact_flags("通过3C认证。", BIKE, "zh") == []


def test_a_system_the_compatibility_list_lacks_blocks():
    assert fact_flags("Syncs with Android, iOS and Windows phones.", WATCH, "en") == [("block", "Windows phones")]


def test_an_age_range_outside_the_attribute_blocks():
    assert fact_flags("2到10岁都能骑。", BIKE, "zh") == [("block", "2到10岁")]
    assert fact_flags("适合3到6岁的小朋友。", BIKE, "zh") == []


def test_a_count_of_a_listed_attribute_is_compared_with_the_list():
    assert fact_flags("三重香调，层次丰富。", CANDLE, "zh") == [("block", "三重香调")]


def test_spoken_quantities_are_read():
    assert fact_flags("一米五和一米八的床都能用。", BEDDING, "zh") == []
    assert fact_flags("一袋足足二十斤。", RICE, "zh") == [("block", "二十斤")]
    assert [q.value for q in align.spoken_quantities("半斤")] == [250.0]


def test_a_shop_file_extends_the_certification_vocabulary(tmp_path: Path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "certifications.txt").write_text("shop_mark: 店铺金标\n", encoding="utf-8")
    ctx = GateContext(product=BIKE, lang="zh", home=tmp_path, learned=False)
    assert [f.text for f in facts.check("获店铺金标认证。", ctx)] == ["店铺金标"]


def test_units_are_data():
    units = read_units("斤|市斤\tmass\t500\n", "units.txt")
    assert units[0][1].dim == "mass" and units[0][1].factor == 500


# ---- compliance: disclaimers, labels, families ------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("冬日里冲一杯红糖姜茶，暖手也暖心。本品为普通食品，不能代替药物。", "zh"),
    ("久坐之后靠一靠，揉捏的按压感很舒服。本品非医疗器械，不具有治疗作用。", "zh"),
    ("A lavender soy candle for a cosy evening. Not intended to treat any medical condition.", "en"),
    ("These statements have not been evaluated by the Food and Drug Administration.", "en"),
])
def test_disclaimers_that_deny_a_medical_effect_are_not_blocked(text: str, lang: str):
    blocks = [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"]
    assert blocks == []


@pytest.mark.parametrize(("text", "lang"), [
    ("尺码有S、M、L、XL四档，XL为最大码，建议体重75kg以上选择。", "zh"),
    ("Available in S to XXL; XXL is our largest size, cut for a 50–52 in chest.", "en"),
])
def test_size_labels_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


def test_a_disclaimer_clause_is_found_with_its_span():
    text = "本品为普通食品，不能代替药物。"
    # with the full stop that closes it, so a sentence that is nothing but the disclaimer lies inside it
    assert [text[a:b] for a, b in meaning.disclaimer_spans(text, "zh")] == ["不能代替药物。"]


def test_cue_sentences_name_their_families():
    text = "每天喝一杯，排出体内毒素。包装是牛皮纸袋。"
    assert [(text[a:b], "medical" in fams) for a, b, fams in meaning.cued(text, "zh", None)][0] == \
        ("每天喝一杯，排出体内毒素。", True)


@pytest.mark.skipif(not meaning.available(), reason="the learned heads are not trained")
@pytest.mark.parametrize(("text", "lang", "family"), [
    ("每天喝一杯，排出体内毒素，肠道清清爽爽。", "zh", "《广告法》第十七条"),
    ("Flushes toxins from your liver and colon overnight.", "en", "FD&C Act"),
])
def test_the_learned_stage_flags_paraphrased_health_claims_with_law_and_rewrite(text: str, lang: str, family: str):
    fl = compliance.learned_flags(text, GateContext(lang=lang))
    assert fl and fl[0].start == 0 and fl[0].end == len(text)
    assert family in fl[0].message


def test_a_review_reply_may_thank_for_the_review_it_answers_but_not_invent_an_endorsement():
    text = "感谢您的好评！医生都推荐这款枕头。"
    assert [text[a:b] for a, b in meaning.thanks_spans(text, "zh")] == ["感谢您的好评！"]
    reply = compliance.learned_flags(text, GateContext(lang="zh", kind="review-reply"))
    assert [f.text for f in reply if f.severity == "block"] == ["医生都推荐这款枕头。"]
    # In copy that answers no review, the same thanks is not exempt: the stage judges it like any sentence, and
    # thanks alone is no violation (the head learnt ordinary shop copy as clean).
    assert meaning.thanks_spans("感谢您的好评！", "zh") == [(0, 7)]
    assert compliance.learned_flags("感谢您的好评！", GateContext(lang="zh", kind="description")) == []
    en = "Thank you so much for this lovely review!"
    assert [en[a:b] for a, b in meaning.thanks_spans(en, "en")] == [en]
    assert compliance.learned_flags(en, GateContext(lang="en", kind="review-reply")) == []


def test_a_shop_families_file_adds_cues(tmp_path: Path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "families_zh.cfg").write_text("[medical]\ncue = 仙丹\n", encoding="utf-8")
    fams = meaning.load_families("zh", str(tmp_path))
    assert fams["medical"].cue.search("堪比仙丹")
    assert meaning.load_families("zh", None)["medical"].cue.search("堪比仙丹") is None


def test_the_learned_stage_is_off_when_the_setting_says_so():
    ctx = GateContext(lang="en", learned=False)
    assert compliance.check("Flushes toxins from your liver and colon overnight.", ctx) == \
        compliance.rule_flags("Flushes toxins from your liver and colon overnight.", ctx)


def test_a_blend_with_each_share_stated_passes_and_a_wrong_share_blocks():
    cushion = {"title": "亚麻抱枕套", "brand": "栖木", "attributes": {"材质": "55%亚麻 45%棉"}}
    assert fact_flags("采用55%亚麻和45%棉的水洗面料。", cushion, "zh") == []
    assert fact_flags("采用55%亚麻和40%棉的水洗面料。", cushion, "zh") == [("block", "40%棉")]


def test_a_material_word_in_the_brand_name_is_not_a_material_claim():
    vest = {"title": "轻薄羽绒背心", "brand": "棉语", "attributes": {"材质": "面料100%锦纶，填充物90%白鸭绒"}}
    assert fact_flags("棉语这款羽绒背心用的是锦纶面料，填充物是白鸭绒。", vest, "zh") == []
    assert fact_flags("这款羽绒背心用的是纯棉面料。", vest, "zh") == [("block", "纯棉")]


def test_the_wording_model_reads_ngrams_as_scikit_learn_does():
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    for text in ["喝完第二天  血管都通畅了", "Flushes TOXINS from your liver.", "a  b", "第一"]:
        assert meaning.char_wb_grams(text) == analyzer(text)


def test_the_shop_recommending_its_own_product_is_no_endorsement():
    tea = {"title": "云南工夫红茶", "brand": "山岚", "category": "茶叶"}
    own = compliance.learned_flags("山岚为您推荐这款云南工夫红茶。", GateContext(lang="zh", product=tea))
    assert [f for f in own if f.severity == "block"] == []
    assert meaning.shop_recommends("We recommend brewing it for three minutes.", "en", "")
    assert not meaning.shop_recommends("专家推荐这款红茶。", "zh", "山岚")
    assert not meaning.shop_recommends("我们的医生推荐这款红茶。", "zh", "山岚")


def test_how_long_it_lasts_seasons_ages_and_a_denied_feature_follow_their_attributes():
    candle = {"title": "香薰蜡烛", "attributes": {"燃烧时长": "约40小时"}}
    assert fact_flags("一支能点60个小时以上。", candle, "zh") == [("block", "60个小时")]
    assert fact_flags("燃烧约40小时。", candle, "zh") == []
    brush = {"title": "电动牙刷", "attributes": {"续航": "60天"}}
    assert fact_flags("续航长达90天，7天无理由退货。", brush, "zh") == [("block", "90天")]
    quilt = {"title": "羽绒被", "attributes": {"适用季节": "冬季"}}
    assert fact_flags("春秋冬三季都能盖。", quilt, "zh") == [("block", "春秋冬三季")]
    assert fact_flags("冬季盖着暖和。", quilt, "zh") == []
    stroller = {"title": "婴儿推车", "attributes": {"适用年龄": "0-3岁"}}
    assert fact_flags("从出生一直能用到6岁。", stroller, "zh") == [("block", "从出生一直能用到6岁")]
    assert fact_flags("从出生用到6个月都合适。", stroller, "zh") == []
    mixer = {"title": "Stand Mixer", "attributes": {"Dishwasher-safe bowl": "Yes", "Warranty": "1 year"}}
    assert fact_flags("Note that the bowl isn't dishwasher safe.", mixer, "en") == [("block", "dishwasher safe")]
    assert fact_flags("The motor is warrantied for five years.", mixer, "en") == [("block", "warrantied for five years")]
    assert fact_flags("Covered by a 1-year warranty; the bowl is dishwasher safe.", mixer, "en") == []


# ---- claim families by rule: each family caught in its own wordings, its lawful form passing ------------

def rule_blocks(text: str, lang: str) -> list[str]:
    return [f.text for f in compliance.rule_flags(text, GateContext(lang=lang, learned=False)) if f.severity == "block"]


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Was $89 – now only $39 this weekend!", "en", "Was $8"),
    ("Compare at $250. Ours: $60.", "en", "Compare at $2"),
    ("Sale ends at midnight and this price is never coming back.", "en", "ends at"),
    ("吊牌价899元，直播间到手159元！", "zh", "吊牌价899"),
    ("倒计时5分钟，抢完不补！", "zh", "倒计时"),
    ("最后2件，卖完永不补货。", "zh", "永不补货"),
])
def test_invented_reference_prices_and_countdowns_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Sale price $39 through June 30, 2026; regular price $49, charged since January.", "en"),
    ("\"Was\" prices are the lowest price we charged in the 30 days before the sale.", "en"),
    ("划线价为该商品活动开始前7日内的最低成交价，并非原价。", "zh"),
    ("12月1日至12月3日活动价129元，活动结束后恢复日常售价159元。", "zh"),
])
def test_a_defined_or_dated_reference_price_passes(text: str, lang: str):
    assert rule_blocks(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Research shows it doubles deep sleep.", "en", "Research shows"),
    ("Clinically shown to fade dark spots 2x faster.", "en", "Clinically shown"),
    ("92% of customers reorder within a month.", "en", "92% of customers"),
    ("实验证明，七天毛孔缩小40%。", "zh", "实验证明"),
    ("复购率高达88%。", "zh", "复购率高达88%"),
])
def test_unsourced_studies_and_shares_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("In a 2025 test by Northgate Labs (report NL-25-0412), 31 of 40 testers slept longer.", "en"),
    ("经某检测技术有限公司检测（报告编号WT2025-0118），除菌率为99.1%。", "zh"),
    ("2025年1–6月，共有1,240名分销员，31%的人佣金为0（数据来自平台结算系统）。", "zh"),
])
def test_a_figure_that_names_its_source_passes(text: str, lang: str):
    assert rule_blocks(text, lang) == []


# Superlatives scoped to the product's own parts, a named standard's grades or the item's own price history, and
# 'the only tool you need': each beside a twin that compares with everyone else and still blocks.
@pytest.mark.parametrize(("text", "lang", "spans"), [
    ("三层工具箱：最上层最浅，放螺丝和批头；最底层最深，能竖着放下扳手。", "zh", []),
    ("这款工具箱最深最大。", "zh", ["最深", "最大"]),
    ("达到GB/T 39600-2021的ENF级，也就是该标准分级里要求最严的一级。", "zh", []),
    ("安装时唯一要用到的工具，是包装里附带的那把内六角扳手。", "zh", []),
    ("Grade A is the highest of the USDA grades for extracted honey.", "en", []),
    ("This is the highest quality honey.", "en", ["the highest"]),
    ("Reference price: $39.99 was the lowest price this item sold for in the 30 days before this sale.", "en", []),
    ("We have the lowest prices in town.", "en", ["the lowest"]),
])
def test_superlatives_scoped_to_the_product_or_a_standard_pass(text: str, lang: str, spans: list[str]):
    assert rule_blocks(text, lang) == spans


def test_the_learned_stage_reads_a_sentence_without_its_disclaimer_clause():
    text = "The cards come in a tin box, and we make no promises about reading level. It cures colds, results may vary."
    spans = meaning.disclaimer_spans(text, "en")
    said = [meaning.asserted(text, a, b, spans) for a, b in meaning.sentences(text, "en")]
    assert said == ["The cards come in a tin box,", "It cures colds,"]
    assert meaning.asserted("Not intended to diagnose, treat, cure or prevent any disease.", 0, 61,
                            meaning.disclaimer_spans("Not intended to diagnose, treat, cure or prevent any disease.", "en")) == ""


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Our resellers replace their day job within a year.", "en", "replace their day job"),
    ("Members are earning six figures from a laptop.", "en", "six figures"),
    ("This coaching program pays for itself in a week.", "en", "program pays for itself"),
    ("跟着群主下单，一个月回本，月入两万不是梦。", "zh", "一个月回本"),
    ("每个月白多一份工资，躺着收钱。", "zh", "多一份工资"),
])
def test_earnings_promises_in_other_words_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


def test_an_honest_income_disclosure_passes():
    assert rule_blocks("Income disclosure: the median member earned $210 in 2025; most earn nothing.", "en") == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Every blender ships defect-free.", "en", "defect-free"),
    ("Guaranteed for life, whatever happens.", "en", "Guaranteed for life"),
    ("出厂零瑕疵，终身包换。", "zh", "零瑕疵"),
    ("这口锅传三代都用不坏。", "zh", "传三代都用不坏"),
])
def test_lifetime_and_defect_free_promises_without_terms_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Lifetime warranty for the original buyer against manufacturing defects; wear and tear excluded.", "en"),
    ("刀身终身保修，限原购买人，人为损坏除外，详见保修卡。", "zh"),
])
def test_a_lifetime_warranty_with_its_terms_passes(text: str, lang: str):
    assert rule_blocks(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Milk that helps kids grow taller by summer.", "en", "grow taller"),
    ("Flashcards that raise your toddler's IQ.", "en", "raise your toddler's IQ"),
    ("坚持喝一个暑假，能长高3厘米。", "zh", "能长高3厘米"),
    ("天天跳绳喝出大长腿。", "zh", "喝出大长腿"),
])
def test_height_and_intelligence_promises_for_children_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


def test_saying_nothing_is_promised_about_grades_passes():
    assert rule_blocks("We don't promise better grades; the cards are for play.", "en") == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Simply the gold standard of yoga mats.", "en", "the gold standard"),
    ("吹风机里的颜值王。", "zh", "颜值王"),
    ("出了这家店，哪里都买不到这个品质。", "zh", "哪里都买不到这个品质"),
])
def test_paraphrased_superlatives_and_exclusivity_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Zinc supports normal immune function.* *These statements have not been evaluated by the Food and Drug "
     "Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.", "en"),
    ("It is a foot cream and cannot cure athlete's foot.", "en"),
    ("本品为普通食品，不能治疗任何疾病。", "zh"),
    ("本品并不能降血压，请遵医嘱用药。", "zh"),
    ("儿童身高受遗传和营养影响，本品不能促进长高。", "zh"),
    ("本款是该系列容量最大的一档，另有1L和1.5L。", "zh"),
    ("Size No. 2 is the largest of our three ring sizes.", "en"),
])
def test_denied_effects_and_labels_within_the_own_range_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


# ---- facts: ranges, lists, durations, places, and the arithmetic that is no contradiction --------------

SHOES = {"title": "跑鞋", "price": "399", "currency": "CNY", "attributes": {"尺码": "35–43"}}
BOOTS = {"title": "Kids' Rain Boots", "price": "29.99", "currency": "USD", "attributes": {"Sizes": "Toddler 6–12"}}
TRACKER = {"title": "Item Tracker", "price": "24.99", "currency": "USD",
           "attributes": {"Compatible with": "iOS 16 and later, Android 11 and later"}}
BAND = {"title": "手环", "price": "199", "currency": "CNY", "attributes": {"兼容系统": "安卓8.0及以上、iOS 13及以上"}}
KIT = {"title": "STEM Kit", "price": "39.99", "currency": "USD", "attributes": {"Age range": "10–15 years"}}


def test_sizes_versions_and_ages_beyond_the_data_block():
    assert fact_flags("35到45码都有。", SHOES, "zh") == [("block", "35到45码")]
    assert fact_flags("35到43码都有。", SHOES, "zh") == []
    assert fact_flags("From toddler 8 up to big kid 2.", BOOTS, "en") == [("block", "big kid 2")]
    assert fact_flags("From toddler 6 to toddler 12.", BOOTS, "en") == []
    assert fact_flags("Works with iOS 14 or newer.", TRACKER, "en") == [("block", "iOS 14")]
    assert fact_flags("Works with iOS 16 or newer.", TRACKER, "en") == []
    assert fact_flags("安卓6.0以上都能连。", BAND, "zh") == [("block", "安卓6.0")]
    assert fact_flags("安卓8以上都能连。", BAND, "zh") == []
    assert fact_flags("Fun for kids ages 6 and up.", KIT, "en") == [("block", "ages 6 and up")]
    assert fact_flags("Fun for kids ages 10 and up.", KIT, "en") == []


def test_a_present_feature_denied_and_an_absent_one_credited_in_other_words_block():
    vacuum = {"title": "扫地机", "attributes": {"自动集尘": "支持"}}
    assert fact_flags("可惜没有自动集尘。", vacuum, "zh") == [("block", "自动集尘")]
    keyboard = {"title": "Keyboard", "attributes": {"Backlit keys": "Yes"}}
    assert fact_flags("There's no backlighting at all.", keyboard, "en") == [("block", "backlighting")]
    heater = {"title": "Heater", "attributes": {"Tip-over shut-off": "No"}}
    assert fact_flags("It shuts off by itself if it tips over.", heater, "en") == \
        [("block", "shuts off by itself if it tips over")]
    assert fact_flags("There is no tip-over shut-off, so keep it on a flat floor.", heater, "en") == []


def test_an_item_beside_the_listed_ones_and_an_unlisted_port_block():
    blender = {"title": "料理机", "attributes": {"配件": "搅拌杯×1、研磨杯×1"}}
    assert fact_flags("附搅拌杯、研磨杯和绞肉杯。", blender, "zh") == [("block", "绞肉杯")]
    assert fact_flags("附搅拌杯和研磨杯。", blender, "zh") == []
    hub = {"title": "Hub", "attributes": {"Ports": "USB-C×2, HDMI×1"}}
    assert fact_flags("Has HDMI and an Ethernet port.", hub, "en") == [("block", "Ethernet")]


def test_durations_and_shelf_life_beyond_the_data_block():
    candle = {"title": "蜡烛", "attributes": {"燃烧时长": "约30小时"}}
    assert fact_flags("能烧五十多个小时。", candle, "zh") == [("block", "五十多个小时")]
    nuts = {"title": "坚果", "attributes": {"保质期": "18个月"}}
    assert fact_flags("保质期两整年。", nuts, "zh") == [("block", "两整年")]
    assert fact_flags("保质期一年半。", nuts, "zh") == []


def test_an_indoor_only_product_sent_outdoors_blocks():
    lights = {"title": "Fairy Lights", "attributes": {"Use": "Indoor only"}}
    assert fact_flags("Drape them along the porch railing.", lights, "en") == [("block", "porch")]
    assert fact_flags("Not for outdoor use; lovely on a bookshelf.", lights, "en") == []
    mat = {"title": "地垫", "attributes": {"使用场景": "室内"}}
    assert fact_flags("铺在花园里也行。", mat, "zh") == [("block", "花园")]


def test_instalments_converted_temperatures_cents_and_unit_words_are_read():
    tv = {"title": "电视", "price": "2399", "currency": "CNY", "attributes": {"分期": "支持24期免息"}}
    assert fact_flags("2399元，分24期，每期约100元。", tv, "zh") == []
    assert fact_flags("2399元，每期约300元。", tv, "zh") != []
    light = {"title": "Solar Light", "attributes": {"Operating temperature": "-22°F to 122°F"}}
    assert fact_flags("Works from -30°C up to 50°C.", light, "en") == []
    assert fact_flags("Works up to 60°C.", light, "en") == [("block", "60°C")]
    wraps = {"title": "Wraps", "price": "14.75", "currency": "USD", "attributes": {}}
    assert fact_flags("Fourteen dollars and seventy-five cents.", wraps, "en") == []
    bottle = {"title": "Bottle", "attributes": {"Capacity": "18 oz (530 ml)"}}
    assert fact_flags("Carries a whole liter of water.", bottle, "en") == [("block", "a whole liter")]
    soap = {"title": "Soap", "price": "9.99", "currency": "USD", "attributes": {}}
    assert fact_flags("Just $9.99, 40% off the regular price.", soap, "en") == [("block", "40% off the regular price")]


def test_a_second_use_the_data_never_names_blocks():
    mat = {"title": "Yoga Mat", "attributes": {"Intended use": "yoga, pilates"}}
    assert fact_flags("Doubles as a beach towel on summer trips.", mat, "en") == [("block", "beach towel")]
    assert fact_flags("Doubles as a pilates mat.", mat, "en") == []
    kettle = {"title": "电热水壶", "attributes": {"用途说明": "仅用于烧开水"}}
    assert fact_flags("宿舍里还能用来煮面条。", kettle, "zh") == [("block", "煮面条")]
    assert fact_flags("烧水也能放心交给孩子。", kettle, "zh") == []


def test_single_ages_durations_said_after_and_words_for_units_are_compared():
    puzzle = {"title": "拼图", "attributes": {"适用年龄": "8–14岁"}}
    assert fact_flags("四岁宝宝也能拼。", puzzle, "zh") == [("block", "四岁宝宝")]
    game = {"title": "Board Game", "attributes": {"Ages": "10+"}}
    assert fact_flags("Easy for 6-year-olds.", game, "en") == [("block", "6-year-olds")]
    buds = {"title": "Earbuds", "attributes": {"Battery life": "6 h"}}
    assert fact_flags("Ten hours of playback on a single charge.", buds, "en") == [("block", "Ten hours")]
    flour = {"title": "Flour", "attributes": {"Shelf life": "8 months"}}
    assert fact_flags("Keeps for a full year in a cool pantry.", flour, "en") == [("block", "a full year")]
    heater = {"title": "Heater", "attributes": {"Wattage": "1200 W"}}
    assert fact_flags("A 1500-watt heater.", heater, "en") == [("block", "1500-watt")]
    assert fact_flags("A 1200-watt heater.", heater, "en") == []


def test_a_price_shared_over_the_pack_and_a_warranty_written_with_a_hyphen_pass():
    socks = {"title": "Socks", "price": "45.00", "currency": "USD", "attributes": {"Pack": "5 pairs", "Warranty": "2-year"}}
    assert fact_flags("$45 for five pairs, so $9 a pair.", socks, "en") == []
    assert fact_flags("Backed by a two-year warranty.", socks, "en") == []
    assert fact_flags("Only $9 a pair.", {**socks, "attributes": {"Pack": "4 pairs"}}, "en") != []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("三甲医院的眼科医生自己都在用这款眼罩。", "zh", "三甲医院的眼科医生自己都在用"),
    ("教育局推荐的学生台灯。", "zh", "教育局推荐"),
    ("Pharmacists swear by this hand cream.", "en", "Pharmacists swear by"),
    ("The only cutting board on the market that stays sterile.", "en", "The only cutting board on the market"),
    ("别家用的都是回收料，只有我们是新料。", "zh", "别家用的都是"),
    ("Our puzzles build a math brain before first grade.", "en", "math brain"),
    ("每天听十分钟，宝宝越听越聪明。", "zh", "越听越聪明"),
])
def test_endorsers_running_others_down_and_development_promises_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("USDA Certified Organic; certified by Oregon Tilth.", "en"),
    ("Designed for nurses who stand through long shifts.", "en"),
    ("如有不适，请咨询医生。", "zh"),
    ("本课程只讲绘本内容，不承诺孩子变得更聪明。", "zh"),
])
def test_certifications_target_users_and_denials_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


def test_temperatures_below_zero_and_inside_a_stated_range():
    jacket = {"title": "冲锋衣", "attributes": {"适用温度": "-10°C至10°C"}}
    assert fact_flags("零下25度的雪地也扛得住。", jacket, "zh") == [("block", "零下25度")]
    assert fact_flags("零下5度也不冷。", jacket, "zh") == []


def test_an_item_in_the_box_the_data_never_names_blocks():
    brush = {"title": "电动牙刷", "attributes": {"刷头": "附赠2个", "续航": "30天"}}
    assert fact_flags("附赠刷头和旅行收纳盒。", brush, "zh") == [("block", "旅行收纳盒")]
    assert fact_flags("附赠两个刷头。", brush, "zh") == []
    mat = {"title": "Yoga Mat", "attributes": {"Included": "carry strap"}}
    assert fact_flags("Comes with a carry strap and a yoga block.", mat, "en") == [("block", "yoga block")]
    assert fact_flags("Comes with a carry strap.", mat, "en") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Can be used by a child aged 3 and up.", "en"),
    ("Join the 2 halves with the clip.", "en"),
    ("No other tools are needed and it has a handle.", "en"),
    ("2x faster than our previous model (tested by us, 2025).", "en"),
    ("平时30分钟就能煮好。", "zh"),
    ("容量翻倍，续航翻倍。", "zh"),
    ("孩子长个子快，建议选大一码。", "zh"),
    ("更聪明的收纳方案。", "zh"),
    ("经测试，符合GB 4706.1标准。", "zh"),
    ("以旧换新享政府补贴。", "zh"),
])
def test_family_words_in_ordinary_copy_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


def test_an_allow_phrase_keeps_the_learned_stage_out_of_its_sentence():
    text = "Self-healing cutting mat protects your table from scratches."
    excused: list[tuple[int, int]] = []
    assert compliance.rule_flags(text, GateContext(lang="en", learned=False), excused) == []
    assert [text[a:b] for a, b in excused] == ["Self-healing"]
    assert [f for f in compliance.check(text, GateContext(lang="en")) if f.severity == "block"] == []


# ---- fs4's families, with sentences of our own ------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("这款保温杯的保温时长，在同价位里根本找不到对手。", "zh", "找不到对手"),
    ("除了我们，国内找不到第二家能做出这种釉色的窑口。", "zh", "找不到第二家"),
    ("这双跑鞋我们敢打包票，穿烂之前都不会脱胶。", "zh", "穿烂之前都不会脱胶"),
    ("实测吸力提升2倍，地毯缝里的灰也吸得出来。", "zh", "实测吸力提升2倍"),
    ("Experts agree: it is the easiest way to descale a kettle.", "en", "Experts agree"),
    ("You won't find stitching this neat anywhere else.", "en", "won't find stitching this neat anywhere else"),
])
def test_paraphrased_rivals_promises_figures_and_endorsers_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("识字卡分三级，孩子从第一级学起。", "zh"),
    ("Officially licensed by the Hillcrest Rowing Club; licence no. HRC-2025-07.", "en"),
    ("The fastest of our three kettles boils a litre in four minutes.", "en"),
])
def test_ordinals_and_names_ending_like_superlatives_pass_the_word_lists(text: str, lang: str):
    assert rule_blocks(text, lang) == []


def test_the_fastest_and_the_greatest_are_still_superlatives():
    assert "the fastest" in rule_blocks("Simply the fastest blender you can buy.", "en")
    assert "The greatest" in rule_blocks("The greatest pillow ever made.", "en")


def test_who_a_product_is_for_and_a_disclosed_sponsorship_are_no_endorsement():
    assert meaning.audience_or_disclosed("专为教师设计的护腰坐垫，久坐一天腰也不酸。", "专为教师设计的护腰坐垫，久坐一天腰也不酸。", "zh")
    assert meaning.audience_or_disclosed("Designed for nurses on twelve-hour shifts.", "", "en")
    sponsored = "【合作推广】品牌方送了这台空气炸锅让我试用一周，炸鸡翅很脆。"
    assert meaning.audience_or_disclosed(sponsored, sponsored, "zh")
    thanks = "#ad Thanks to Brightly for sending me this kettle. I've used it daily."
    assert meaning.audience_or_disclosed("#ad Thanks to Brightly for sending me this kettle.", thanks, "en")
    # somebody vouching is still an endorsement, disclosed or not
    assert not meaning.audience_or_disclosed("专为护士设计，三甲医院护士长都推荐。", "", "zh")
    assert not meaning.audience_or_disclosed("#ad Dermatologists recommend it.", "#ad Dermatologists recommend it.", "en")
    for text in ("专为护士设计的久站袜，一整天站下来袜口也不勒。", sponsored):
        blocked = [f for f in compliance.learned_flags(text, GateContext(lang="zh")) if f.severity == "block"]
        assert [f.message[:12] for f in blocked if "推荐、证明" in f.message] == []


def test_counts_of_a_written_list_a_set_and_listed_items_are_compared():
    lipstick = {"title": "口红", "attributes": {"色号": "#02 正红、#07 豆沙、#15 枫叶"}}
    assert fact_flags("四个色号可选。", lipstick, "zh") == [("block", "四个色号可选")]
    assert fact_flags("三个色号可选。", lipstick, "zh") == []
    boxes = {"title": "收纳箱 3件套", "attributes": {"件数": "3"}}
    assert fact_flags("一套五个，大小都有。", boxes, "zh") == [("block", "一套五个")]
    assert fact_flags("一套三个，大小都有。", boxes, "zh") == []
    mixer = {"title": "料理机", "attributes": {"附件": "绞肉刀头×1、研磨刀头×2、1.5L杯×1"}}
    assert fact_flags("配四个刀头。", mixer, "zh") == [("block", "四个刀头")]
    assert fact_flags("配三个刀头。", mixer, "zh") == []


def test_an_unlisted_usb_a_port_an_unnamed_certification_and_an_absent_lock_block():
    charger = {"title": "氮化镓充电器", "attributes": {"接口": "USB-C×3", "功率": "100W"}}
    assert fact_flags("三个C口加一个A口。", charger, "zh") == [("block", "A口")]
    assert fact_flags("三个C口，100瓦快充。", charger, "zh") == []
    shelf = {"title": "Pine Shelf", "attributes": {"Certification": "FSC-certified wood"}}
    assert fact_flags("FSC-certified and GREENGUARD certified.", shelf, "en") == [("block", "GREENGUARD")]
    case = {"title": "行李箱 20寸", "attributes": {"TSA海关锁": "无", "主动降噪": "否"}}
    assert fact_flags("自带TSA海关锁。", case, "zh") == [("block", "TSA海关锁")]
    assert fact_flags("不带TSA海关锁，用普通密码锁。", case, "zh") == []


# ---- fs5's families, with sentences of our own ------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("国家卫生总局指定饮用水。", "zh", "国家卫生总局指定"),
    ("加盟我们的烘焙店，开店半年就能把车贷还清。", "zh", "开店半年就能把车贷还清"),
    ("这个同款能买到的都是仿品。", "zh", "能买到的都是仿品"),
    ("一百个试用过的宝妈里有九十个回购。", "zh", "一百个试用过的宝妈里有九十个"),
    ("商场专柜卖六百多，直播间两百出头。", "zh", "商场专柜卖六百"),
    ("So tough it will outlive your kids.", "en", "will outlive your kids"),
    ("Members lose an average of 9 lb in six weeks.", "en", "Members lose an average of"),
    ("Reverses years of sun damage.", "en", "Reverses years of sun damage"),
])
def test_offices_debts_fakes_shares_store_prices_forever_averages_and_reversal_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("唯一要提醒的是：第一次用前请先洗一遍。", "zh"),
    ("The course makes no promise of income; results depend on your own work.", "en"),
    ("Ask your doctor whether this tea suits you.", "en"),
])
def test_a_caution_a_denied_promise_and_ask_your_doctor_pass(text: str, lang: str):
    assert [f.text for f in compliance.rule_flags(text, GateContext(lang=lang, learned=False)) if f.severity == "block"] == []
    assert [f.text for f in compliance.learned_flags(text, GateContext(lang=lang)) if f.severity == "block"] == []


def test_a_first_person_sponsorship_disclosure_is_no_offer():
    assert meaning.disclosure("#ad Pinefield sent me this tent for free.", "en")
    assert not meaning.disclosure("#ad Doctors recommend this tent.", "en")
    assert not meaning.disclosure("Free tent for the first 100 buyers!", "en")


def test_chinese_numbers_read_as_spoken():
    from shopscribe.quality.units import cn_int
    assert [cn_int(s) for s in ("二百六", "一千二", "三万五", "二百零六", "一百五十")] == [260, 1200, 35000, 206, 150]
    assert [(q.text, q.value) for q in align.spoken_quantities("约二斤四。")] == [("二斤四", 1200.0)]
    assert [(q.text, q.value) for q in align.spoken_quantities("十斤五常大米")] == [("十斤", 5000.0)]


def test_spoken_and_reference_prices_are_read():
    tea = {"title": "茶", "price": "89.90", "currency": "CNY", "attributes": {"规格": "25g×30袋"}}
    assert fact_flags("八十九块九到手。", tea, "zh") == []
    assert fact_flags("平时要一百二，今天八十九块九。", tea, "zh") == [("block", "平时要一百二")]
    bike = {"title": "E-Bike", "price": "1050.00", "currency": "USD", "attributes": {"Motor": "250 W"}}
    assert fact_flags("Yours for one thousand and fifty dollars.", bike, "en") == []
    assert fact_flags("Yours for nine hundred dollars.", bike, "en") == [("block", "nine hundred dollars")]


def test_denied_present_features_listed_items_packs_platforms_and_full_years():
    seat = {"title": "安全座椅", "attributes": {"ISOFIX接口": "有"}}
    assert fact_flags("没有ISOFIX接口。", seat, "zh") == [("block", "ISOFIX接口")]
    blender = {"title": "料理机", "attributes": {"配件": "搅拌杯×1、研磨杯×1"}}
    assert fact_flags("配三个杯子。", blender, "zh") == [("block", "三个杯子")]
    assert fact_flags("配两个杯子。", blender, "zh") == []
    socks = {"title": "Socks", "attributes": {"Pack": "3 pairs"}}
    assert fact_flags("A pack of four pairs.", socks, "en") == [("block", "pack of four pairs")]
    plug = {"title": "智能插座", "attributes": {"兼容平台": "米家、HomeKit"}}
    assert fact_flags("米家、HomeKit、小爱同学都能接。", plug, "zh") == [("block", "小爱同学")]
    drill = {"title": "Drill", "attributes": {"Warranty": "2 years"}}
    assert fact_flags("Covered for three full years.", drill, "en") == [("block", "Covered for three full years")]
    assert fact_flags("Covered for two full years.", drill, "en") == []


def test_spoken_litres_nearly_instalment_bounds_pages_subscriptions_and_keyed_features_pass():
    fountain = {"title": "饮水机 2.5L", "attributes": {"水箱容量": "2.5L"}}
    assert fact_flags("水箱两升半。", fountain, "zh") == []
    assert fact_flags("水箱三升半。", fountain, "zh") == [("block", "三升半")]
    powder = {"title": "蛋白粉 2磅", "attributes": {"净含量": "907g"}}
    assert fact_flags("一桶907克，将近两斤。", powder, "zh") == []
    assert fact_flags("一桶将近三斤。", powder, "zh") == [("block", "三斤")]
    plan = {"title": "蛋白粉", "price": "329", "currency": "CNY", "attributes": {"分期": "支持6期免息"}}
    assert fact_flags("分6期免息，每期不到55块。", plan, "zh") == []
    book = {"title": "Notebook", "price": "12.00", "currency": "USD", "attributes": {"Pages": "160"}}
    assert fact_flags("Twelve bucks for 160 pages.", book, "en") == []
    mix = {"title": "Electrolyte Mix", "price": "45.00", "currency": "USD",
           "attributes": {"Subscribe & Save": "10% off recurring orders"}}
    assert fact_flags("$45, or $40.50 when you subscribe.", mix, "en") == []
    assert fact_flags("$45, or $35 when you subscribe.", mix, "en") == [("block", "$35")]
    piano = {"title": "Digital Piano", "attributes": {"Bluetooth MIDI": "Yes", "Bluetooth audio": "No"}}
    assert fact_flags("Connect it to learning apps over Bluetooth MIDI.", piano, "en") == []


def test_chinese_decimals_kilo_units_btu_and_close_to_are_read():
    from shopscribe.quality.units import find_quantities
    read = [(q.text, q.value) for t in ("一点八千瓦", "二十千瓦", "三千毫安") for q in find_quantities(facts.fold(t))]
    assert read == [("一点八千瓦", 1800.0), ("二十千瓦", 20000.0), ("三千毫安", 3000.0)]
    dryer = {"title": "吹风机 1800W", "attributes": {"额定功率": "1800W"}}
    assert fact_flags("一点八千瓦的大功率。", dryer, "zh") == []
    assert fact_flags("两点二千瓦的大功率。", dryer, "zh") == [("block", "两点二千瓦")]
    stove = {"title": "Camp Stove", "attributes": {"Output": "10,000 BTU/h"}}
    assert fact_flags("Puts out close to 3 kW.", stove, "en") == []
    assert fact_flags("Puts out close to 5 kW.", stove, "en") == [("block", "5 kW")]


def test_stated_colour_counts_prices_with_jiao_dozens_and_instalments_of_pass():
    thread = {"title": "缝纫线 12色套装", "attributes": {"颜色数量": "12色"}}
    assert fact_flags("十二种颜色的线。", thread, "zh") == []
    assert fact_flags("十种颜色的线。", thread, "zh") == [("block", "十种颜色")]
    case = {"title": "手机壳", "price": "39.90", "currency": "CNY", "attributes": {"适配机型": "iPhone 15"}}
    assert fact_flags("一个才39块9。", case, "zh") == []
    assert fact_flags("一个才29块9。", case, "zh") == [("block", "29块9")]
    spools = {"title": "Thread Set", "attributes": {"Spools": "24"}}
    assert fact_flags("Two dozen spools.", spools, "en") == []
    assert fact_flags("Three dozen spools.", spools, "en") == [("block", "Three dozen spools")]
    tank = {"title": "Aquarium Kit", "price": "129.00", "currency": "USD",
            "attributes": {"Installments": "4 interest-free payments"}}
    assert fact_flags("Or pay in four interest-free installments of about $32.", tank, "en") == []


def test_a_number_beyond_any_stated_range_blocks_in_its_unit_or_after_the_keys_word():
    chair = {"title": "儿童成长椅", "attributes": {"适用年龄": "3–8岁"}}
    assert fact_flags("从一岁半坐到十岁，一把椅子管好多年。", chair, "zh") == [("block", "一岁半"), ("block", "十岁")]
    assert fact_flags("从三岁坐到八岁。", chair, "zh") == []
    assert fact_flags("2岁以下请勿使用。", chair, "zh") == []  # a caution states a limit, it promises nothing
    lenses = {"title": "超薄镜片", "attributes": {"适配度数": "0–600度"}}
    assert fact_flags("八百度近视也能配。", lenses, "zh") == [("block", "八百度")]
    assert fact_flags("五百度以内都能配。", lenses, "zh") == []
    seeds = {"title": "Lavender seeds", "attributes": {"USDA zones": "5–9"}}
    assert fact_flags("Hardy in USDA zones 3 through 10.", seeds, "en") == [("block", "3"), ("block", "10")]
    assert fact_flags("Hardy in USDA zones 5 through 9.", seeds, "en") == []
    toy = {"title": "Stacking set", "attributes": {"Age": "2-7 years"}}
    assert fact_flags("Use it for up to 10 years from the date of manufacture.", toy, "en") == []  # a duration


def test_a_letter_size_named_alone_beyond_the_size_range_blocks():
    dress = {"title": "连衣裙", "attributes": {"尺码": "S–XL"}}
    assert fact_flags("XXL的姐妹也能穿，尺码很全。", dress, "zh") == [("block", "XXL")]
    assert fact_flags("XS到XL都有货。", {"title": "Tee", "attributes": {"Sizes": "XS–XL"}}, "zh") == []


def test_a_count_of_a_counted_item_or_of_what_the_key_names_is_compared():
    assert fact_flags("三块瑜伽砖一套。", {"title": "瑜伽套装", "attributes": {"套装内含": "瑜伽砖×2、拉力带×1"}}, "zh") == \
        [("block", "三块瑜伽砖")]
    assert fact_flags("两块瑜伽砖一套。", {"title": "瑜伽套装", "attributes": {"套装内含": "瑜伽砖×2、拉力带×1"}}, "zh") == []
    watch = {"title": "智能手表", "attributes": {"表带": "真皮×1、钢带×1"}}
    assert fact_flags("送三条表带。", watch, "zh") == [("block", "三条表带")]
    assert fact_flags("送两条表带。", watch, "zh") == []
    cup = {"title": "保温杯", "attributes": {"保温": "6小时", "保冷": "12小时"}}
    assert fact_flags("保冷能到12个小时。", cup, "zh") == []  # hours are a unit, not counted items
    tea = {"title": "Tea sampler", "attributes": {"Flavours": "5", "Bags per flavour": "4"}}
    assert fact_flags("Five teas with four bags of each — twenty bags in all.", tea, "en") == []
    seeds = {"title": "Seed collection", "attributes": {"Varieties": "15"}}
    assert fact_flags("Twenty heirloom varieties in one seed collection.", seeds, "en")[0][0] == "block"


def test_spoken_prices_bounds_instalment_keys_half_months_decades_and_short_item_names_are_read():
    pan = {"title": "炒锅", "price": "259", "currency": "CNY", "attributes": {"口径": "32cm"}}
    assert fact_flags("到手才一百五十九，闭眼入。", pan, "zh") == [("block", "到手才一百五十九")]
    assert fact_flags("到手才二百五十九，闭眼入。", pan, "zh") == []
    knife = {"title": "主厨刀", "price": "239", "currency": "CNY", "attributes": {"重量": "180g"}}
    assert fact_flags("刀身才三两六，手腕也不酸。", knife, "zh") == []  # a weight after 才, not a price
    printer = {"title": "3D打印机", "price": "1999", "currency": "CNY", "attributes": {"机箱": "全封闭"}}
    assert fact_flags("两千块不到就能买台封闭式打印机。", printer, "zh") == []
    assert fact_flags("一千五百块不到就能买。", printer, "zh") != []
    rail = {"title": "Bed rail", "price": "199.96", "currency": "USD", "attributes": {"Installments": "4 interest-free"}}
    assert fact_flags("Or four payments of $49.99.", rail, "en") == []
    watch = {"title": "智能手表", "attributes": {"续航": "7天"}}
    assert fact_flags("充一次电能戴半个月。", watch, "zh") == [("block", "半个月")]
    assert fact_flags("充一次电能戴七天。", watch, "zh") == []
    alarm = {"title": "Smoke alarm", "attributes": {"Battery life": "5 years"}}
    assert fact_flags("The sealed battery lasts a whole decade.", alarm, "en") == [("block", "a whole decade")]
    box = {"title": "手表", "attributes": {"包装内含": "手表、充电底座、说明书"}}
    assert fact_flags("盒子里就三样：手表、充电座和说明书。", box, "zh") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Q: Will this seed kit make my child smarter? A: We can't promise that. It's a fun way to watch seeds sprout.", "en"),
    ("Q: Will this help my child's grades? A: It's just for fun. We make no claims about development or grades.", "en"),
    ("Possible side effects: essential oils may cause mild skin irritation in some people. Patch test before use.", "en"),
    ("CHOKING HAZARD — Children under 8 yrs. can choke or suffocate on uninflated or broken balloons.", "en"),
    ("问：这个枕头能治颈椎病吗？答：不能，它只是一款普通枕头，颈椎不适请就医。", "zh"),
    ("警示：精油可能引起个别人皮肤轻微刺激，使用前请先在小范围试用。", "zh"),
])
def test_an_faq_question_a_warning_label_and_a_side_effect_notice_are_not_claims(text: str, lang: str):
    blocks = [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"]
    assert blocks == []


def test_the_answer_after_an_faq_question_is_still_judged():
    text = "Q: Does it help with back pain? A: Yes, it cures back pain for good."
    assert any(f.severity == "block" and "cures back pain" in f.text
               for f in compliance.check(text, GateContext(lang="en")))


@pytest.mark.parametrize(("text", "lang"), [
    ("本套锅具中最大的汤锅容量为6L，最小的奶锅为1.2L，适合3–5人家庭。", "zh"),
    ("本款卷发棒为品牌2025年9月发布的最新型号，预热时间缩短至35秒。", "zh"),
    ("桌游《港湾夜航》是本系列的第一部作品，首发日为2025年11月8日。", "zh"),
    ("Our 2024 return rate was 2.3% (412 of 17,900 orders), from our order-management records.", "en"),
])
def test_a_superlative_inside_the_sellers_own_set_with_its_value_ordinals_and_a_rate_that_was_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("全网最大的汤锅，容量6L。", "zh", "全网最大"),
    ("同类产品中最大的吸力为3000Pa。", "zh", "同类产品中最大"),
    ("Was $199, now $49.", "en", "Was $1"),
])
def test_a_superlative_over_others_and_a_was_price_still_block(text: str, lang: str, span: str):
    assert any(b.startswith(span) for b in rule_blocks(text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("Dab the highlighter onto the highest points of your cheekbones for a soft glow.", "en"),
    ("Paints marked with three dots on the tube are the most opaque in this set.", "en"),
    ("The best-before date is printed on the bottom of every jar.", "en"),
    ("A number one candle in gold, perfect for a first birthday cake.", "en"),
    ("Last chance: the spring sale ends Sunday, 13 April, at midnight.", "en"),
    ("您身高165、体重52公斤的话选M码最合适，喜欢宽松的可以拿L。", "zh"),
    ("您好，您在本店的第一笔订单已签收。", "zh"),
    ("唯一要麻烦您的是，收到后需要自己把桌腿拧上。", "zh"),
    ("据本店后台订单统计，这款是本店2024年11月销量最高的窗帘，当月售出412幅。", "zh"),
    ("页面划线价是本商品活动开始前30天内的最低售价，不是厂家指导价。", "zh"),
])
def test_ordinary_copy_that_brushes_against_a_trigger_word_passes_the_rules(text: str, lang: str):
    assert rule_blocks(text, lang) == []


@pytest.mark.parametrize(("text", "lang"), [
    ("围棋启蒙课主要是带孩子学规则、下着玩，不保证提高成绩或记忆力。", "zh"),
    ("The posture reminder vibrates when you slouch, but it does not correct scoliosis.", "en"),
])
def test_a_denied_promise_is_not_blocked(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Last chance to save big!", "en", "Last chance"),
    ("The fastest-charging power bank in the world.", "en", "The fastest"),
    ("这款是全网销量最高的窗帘。", "zh", "最高"),
])
def test_undated_urgency_and_open_superlatives_still_block(text: str, lang: str, span: str):
    assert any(span in b or b in span for b in rule_blocks(text, lang))


def test_a_number_beside_the_attribute_it_names_is_the_products_own_even_when_it_reads_like_scenery():
    watch = {"title": "Dive watch", "price": "329", "currency": "USD",
             "attributes": {"Case": "42 mm", "Water resistance": "50 m"}}
    assert fact_flags("Water resistant to 100 meters — take it snorkeling.", watch, "en") == [("block", "100 meters")]
    assert fact_flags("Water resistant to 50 meters — fine for swimming.", watch, "en") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("陶瓷小猪存钱罐，手绘釉面——它不会让钱生钱，但能让孩子看见自己攒了多少。", "zh"),
    ("本店为墨页品牌天猫唯一授权专卖店（授权期至2026年12月31日），授权书可在店铺首页查看。", "zh"),
    ("页面划线价指本店近30日内展示过的最低售价，仅供参考，不代表原价。", "zh"),
    ("Our largest size, the XXL bin (68 L), fits a queen comforter; the smallest (12 L) holds socks and belts.", "en"),
    ("Melatonin 3 mg gummies. Helps with occasional sleeplessness.* *These statements have not been evaluated by "
     "the Food and Drug Administration.", "en"),
    ("Our prep course doesn't guarantee paid work; what you earn depends on your local market.", "en"),
])
def test_denials_verifiable_licences_figures_and_marked_structure_function_claims_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Cures insomnia.* *These statements have not been evaluated by the FDA.", "en", "Cures insomnia"),
    ("投资这款茶园，钱生钱，稳赚不赔。", "zh", "钱生钱"),
    ("全网唯一授权，假一赔十。", "zh", "全网唯一"),
    ("The fastest 5G phone on the market.", "en", "The fastest"),
])
def test_a_disease_claim_behind_an_asterisk_and_unbounded_claims_still_block(text: str, lang: str, span: str):
    assert any(f.severity == "block" and f.text.startswith(span)
               for f in compliance.check(text, GateContext(lang=lang)))


def test_room_sizes_generations_airflow_set_totals_and_what_a_value_counts_are_read():
    purifier = {"title": "除湿机", "attributes": {"适用面积": "10–25㎡"}}
    assert fact_flags("四十平以内的客厅都能搞定。", purifier, "zh") == [("block", "四十平")]
    assert fact_flags("二十平的卧室正合适。", purifier, "zh") == []
    stylus = {"title": "Stylus", "attributes": {"Stylus compatibility": "iPad (6th generation and later)"}}
    assert fact_flags("Works with every iPad from the 5th generation on.", stylus, "en") == [("block", "5th generation")]
    assert fact_flags("Works with every iPad from the 7th generation on.", stylus, "en") == []
    fan = {"title": "Air purifier", "attributes": {"CADR (smoke)": "250 cfm"}}
    assert fact_flags("Cleans air at 300 CFM.", fan, "en") == [("block", "300 CFM")]
    assert fact_flags("Cleans air at 250 CFM.", fan, "en") == []
    dishes = {"title": "骨瓷餐具", "attributes": {"套装内含": "饭碗×4、平盘×4、汤勺×4"}}
    assert fact_flags("一套十六件，四个人的碗盘勺筷全齐了。", dishes, "zh") == [("block", "一套十六件")]
    assert ("block", "一套十二件") not in fact_flags("一套十二件。", dishes, "zh")
    shaver = {"title": "剃须刀", "attributes": {"刀头": "三刀头"}}
    assert fact_flags("随机送四个替换刀头。", shaver, "zh") == [("block", "四个替换刀头")]
    glasses = {"title": "Stemless glasses", "attributes": {"Set": "4 glasses", "Capacity": "15 oz each"}}
    assert fact_flags("A set of six stemless glasses.", glasses, "en")[-1] == ("block", "six stemless glasses")
    assert ("block", "four stemless glasses") not in fact_flags("A set of four stemless glasses.", glasses, "en")
    socks = {"title": "Socks", "price": "36", "currency": "USD", "attributes": {"Pack": "3 pairs"}}
    assert fact_flags("$36 for three pairs — that's $12 a pair.", socks, "en") == []
    speaker = {"title": "Speaker", "attributes": {"Battery life": "30 hours", "Charging time": "2 hours"}}
    assert fact_flags("Charges fully in 2 hours and gives you up to 30 hours of listening.", speaker, "en") == []
    filt = {"title": "Air purifier", "attributes": {"Filter life": "6 months"}}
    assert fact_flags("The filter lasts a full year.", filt, "en") == [("block", "a full year")]
    kit = {"title": "Wine aerator", "attributes": {"In the box": "Aerator, stand, travel pouch"}}
    assert fact_flags("Includes a stand, a travel pouch and a drip-free stopper.", kit, "en") == \
        [("block", "drip-free stopper")]


def test_a_call_with_more_new_sentences_than_the_cache_holds_gets_every_vector(monkeypatch: pytest.MonkeyPatch):
    said = ["买一送一，限时三天。", "Made of solid oak.", "本品不能代替药物。"]
    one_by_one = np.stack([meaning.embed([t])[0] for t in said])
    meaning.clear_cache()
    monkeypatch.setattr(meaning, "_CACHE_SIZE", 2)
    together = meaning.embed(said)  # it used to evict its own first vector and fail looking it up
    assert together.shape == (3, 384)
    assert np.allclose(together, one_by_one, atol=1e-6)
    assert len(meaning._cached) == 2


# ---- eighth round (fs13): paraphrased superlatives, endorsers and figures; the lawful twins ------------------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("放眼整个露营圈都没人敢跟它同台比一比。", "zh", "没人敢跟它同台比"),
    ("穿墙信号没有哪台爬得比它高！", "zh", "没有哪台爬得比它高"),
    ("这支防晒就是防晒这条路的终点站。", "zh", "这条路的终点站"),
    ("零刺激零过敏，孕妇也能放心用。", "zh", "零刺激"),
    ("一晚上进账七八百是常态，机器钱两个周末就回来了。", "zh", "进账七八百是常态"),
    ("这是今年最后一次这个价了。", "zh", "最后一次这个价"),
    ("隔壁商场同款卖一千六，我们这儿只要三百九十九。", "zh", "隔壁商场同款卖一千六"),
    ("这款书包能矫正驼背。", "zh", "矫正驼背"),
    ("No kite flies higher, steadier or longer.", "en", "No kite flies higher"),
    ("Watch your cramps and endometriosis pain fade away.", "en", "endometriosis pain fade away"),
    ("The period underwear OB-GYNs pick for their own daughters.", "en", "OB-GYNs pick"),
    ("Insulated with the same fabric NASA trusts.", "en", "NASA trusts"),
    ("Golfers gain an average of 14 yards off the tee.", "en", "Golfers gain an average of"),
    ("Twice as warm as a typical parka.", "en", "Twice as warm as a typical"),
])
def test_eighth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("本品为防脱发类特殊化妆品，注册证号：国妆特字G20251207，功效宣称：防脱发。", "zh"),
    ("书包背板按6–12岁儿童背长设计。书包不能矫正驼背或脊柱侧弯。", "zh"),
    ("86家加盟花店中，19家全年亏损，7家已闭店。数据来源：总部财务系统。", "zh"),
    ("少数人可能出现轻微刺痛，如出现红肿请停用。", "zh"),
    ("U.S. No. 1 long-grain white rice, milled in Arkansas.", "en"),
    ("No assembly takes longer than ten minutes.", "en"),
    ("We don't make any promises about writing or school readiness.", "en"),
    ("31% lost money and 9% sold their machines. Source: owner surveys, 287 responses.", "en"),
    ("Some people notice mild scalp itching. Stop using it if redness lasts.", "en"),
    ("Twice as warm as our previous parka (tested by us to ISO 11092, 2025).", "en"),
])
def test_eighth_round_lawful_twins_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


def test_a_review_reply_may_apologise_for_the_order_but_not_claim_in_the_same_breath():
    text = "We should have protected it better on its way to you. It is the best chocolate in the world."
    assert [text[a:b] for a, b in meaning.thanks_spans(text, "en")] == ["We should have protected it better on its way to you."]
    zh = "抱歉让您久等了！这款是全网最好的巧克力。"
    assert [zh[a:b] for a, b in meaning.thanks_spans(zh, "zh")] == ["抱歉让您久等了！"]


def test_a_sentence_without_a_cue_is_held_to_its_own_threshold(monkeypatch):
    shipped = meaning.heads()
    text = "Dark chocolate with sea salt for a cosy evening."
    tags = "#darkchocolate #seasalt #sweettreat"
    assert meaning.cued(text, "en", None) == [] and meaning.cued(tags, "en", None) == []

    def judged(said: str, block_uncued: float) -> list[str]:
        monkeypatch.setattr(meaning, "heads", lambda: replace(shipped, every_sentence=True, block_uncued=block_uncued))
        return [f.severity for f in compliance.learned_flags(said, GateContext(lang="en", kind="social"))]

    assert judged(text, 0.0) == ["block"]  # judged like any sentence, it would block at any threshold of zero
    assert judged(text, 1.01) == []  # at a threshold no clean uncued sentence reached, it passes
    assert judged(tags, 0.0) == []  # a line of hashtags is topics: the word lists read it tag by tag, not the stage


def test_a_chinese_sentence_without_a_cue_has_its_own_threshold(monkeypatch):
    shipped = meaning.heads()
    zh, en = "黑巧克力配海盐，适合安静的晚上。", "Dark chocolate with sea salt for a cosy evening."
    assert meaning.cued(zh, "zh", None) == [] and meaning.cued(en, "en", None) == []
    monkeypatch.setattr(meaning, "heads", lambda: replace(shipped, every_sentence=True, block_uncued=1.01,
                                                          block_uncued_zh=0.0))
    assert [f.severity for f in compliance.learned_flags(zh, GateContext(lang="zh"))] == ["block"]
    assert compliance.learned_flags(en, GateContext(lang="en")) == []  # English keeps block_uncued
    assert shipped.block_uncued_zh == pytest.approx(0.90) and shipped.block_uncued == pytest.approx(0.95)


@pytest.mark.parametrize(("text", "lang"), [
    ("Stop using chemical creams and let our balm cure your eczema.", "en"),
    ("Some people notice their arthritis pain disappears within a week.", "en"),
    ("100% of users quit smoking in a month with this spray.", "en"),
    ("部分用户会感到关节炎消失了。", "zh"),
])
def test_a_claim_dressed_as_a_side_effect_or_loss_disclosure_still_blocks(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] != []


@pytest.mark.parametrize(("text", "lang"), [
    ("Gold prices go up and down; you can lose money on bullion. Past performance doesn't guarantee future results.", "en"),
    ("Vending machine: $4,200. Your revenue will depend on location, traffic and costs; many operators do not recover "
     "their investment.", "en"),
    ("Booths rent for $400 a month; vendors keep their own sales and carry their own losses.", "en"),
    ("Of 412 kit buyers we surveyed (Jan–Jun 2025), the median monthly profit was $35; 44% reported no profit. "
     "Your results will vary.", "en"),
    ("Investments may lose value. This is not financial advice.", "en"),
    ("金价有涨有跌，本品按饰品销售。", "zh"),
    ("投资商铺可能亏损，部分业主收不回成本。", "zh"),
])
def test_a_risk_told_is_a_disclosure_not_a_promise(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Gold only goes up, so you will never lose money.", "en"),
    ("You will recover your investment in 3 months.", "en"),
    ("Earn $5,000 a month guaranteed. Results will vary.", "en"),
    ("不可能亏本，三个月回本。", "zh"),
])
def test_a_promise_beside_risk_words_still_blocks(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] != []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("这套红木沙发搬回家，比把钱存银行强多了，放得越久越值钱。", "zh", "放得越久越值钱"),
    ("总部全包，日流水五千起步，老板只管每晚对账数钱。", "zh", "日流水五千起步"),
    ("零基础学员第二个月起，带货佣金平均过万。", "zh", "佣金平均过万"),
    ("全市中小学营养餐指定用奶，教育部门统一配送进校园。", "zh", "教育部门统一配送"),
    ("不管刮风下雨，这顶帐篷一滴水都不会漏进来。", "zh", "不管刮风下雨，这顶帐篷一滴水都不会漏"),
    ("别的品牌照着我们的菜单抄了三年。", "zh", "照着我们的菜单抄"),
    ("实测去渍力是普通洗衣粉的3.2倍。", "zh", "实测去渍力是普通洗衣粉的3.2倍"),
    ("测量准确率高达97.3%。", "zh", "准确率高达97.3%"),
    ("设计师定价1680元，粉丝专享价299元。", "zh", "设计师定价1680"),
    ("Dietitian-recommended dark chocolate.", "en", "Dietitian-recommended"),
    ("Audiologists keep a box of these in the back office.", "en", "Audiologists keep a"),
    ("The air conditioner chosen by the Department of Veterans Affairs for its wards.", "en",
     "chosen by the Department of Veterans Affairs"),
    ("Finish the course and your phone turns into an ATM.", "en", "turns into an ATM"),
    # from tr7 (a training batch of paraphrased violations)
    ("#行李箱天花板 #闭眼冲不踩雷", "zh", "#行李箱天花板"),
    ("艾草足贴贴一夜，体内湿毒全拔出来。", "zh", "湿毒全拔出"),
    ("黑芝麻丸吃完两盒，白头发从发根开始转黑了。", "zh", "白头发从发根开始转黑"),
    ("短信：告别胰岛素，从换一袋米开始", "zh", "告别胰岛素"),
    ("这口锅你随便用，用到孙子辈都坏不了。", "zh", "用到孙子辈都坏不了"),
    ("洗上一百次还跟新的一样。", "zh", "洗上一百次还跟新的一样"),
    ("仓库就剩最后8件，卖完直接下架。", "zh", "就剩最后8件"),
    ("装上它，家里电费直接少了一半。", "zh", "电费直接少了一半"),
    ("炸串小店，早上开门晚上数钱。", "zh", "晚上数钱"),
    ("三岁前每天玩二十分钟，上小学数学就不用愁了。", "zh", "数学就不用愁"),
    ("Honestly? No other skillet brand is even in the same league.", "en", "No other skillet brand is even in the same league"),
    ("Three months on this oolong and my blood pressure readings are back in the normal range.", "en",
     "blood pressure readings are back in the normal"),
    ("Kids who wear the insoles through puberty typically gain an extra inch or two.", "en", "gain an extra inch"),
    ("Just post three times a day and the commissions roll in.", "en", "commissions roll in"),
    ("The same mattress they put in the governor's mansion.", "en", "the governor's mansion"),
    ("A charger that can't overheat.", "en", "can't overheat"),
    ("If it didn't come from us, it's a knockoff.", "en", "it's a knockoff"),
    ("Subject: 00:59:59 left, last call before prices double", "en", "before prices double"),
    ("Official mattress of the U.S. Department of Health.", "en", "Official mattress of the U.S. Department of Health"),
    ("The EPA has named our wallpaper a top choice for healthy homes.", "en", "The EPA has named"),
    ("Group price $49 (stores charge $160), and it jumps back up at 50 buyers.", "en", "stores charge $160"),
    ("有了这顶帐篷，帐篷这个品类可以宣布完结了。", "zh", "品类可以宣布完结"),
    ("一个学期下来，数学应用题不用讲就自己会了。", "zh", "数学应用题不用讲就自己会了"),
])
def test_ninth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("测量准确率97.3%（数据来源：云杉检测中心，报告编号YS-2025-01）。", "zh"),
    ("照着我们的说明书安装就行。", "zh"),
    ("Consult a dietitian before changing your diet.", "en"),
    ("Soluble fiber from foods such as oatmeal, as part of a diet low in saturated fat and cholesterol, may reduce the "
     "risk of heart disease.", "en"),
    ("Will this raise my child's grades? We make no promises about grades or development.", "en"),
    ("吸顶灯 天花板安装 三档调光", "zh"),
    ("这个品类的行业标准是GB 19510。", "zh"),
    ("足贴只提供温热感，不能排毒，也不能治疗任何疾病。", "zh"),
    ("床垫只能让您睡得舒服一点，不能治失眠。", "zh"),
    ("经溪山检测中心检测（报告号XS-2025-0917），30m³舱内24小时甲醛去除率82%。", "zh"),
    ("The pads feel warm and tingly. They do not remove toxins.", "en"),
    ("No doctor or hospital endorses this product. The opinions here are our own.", "en"),
])
def test_ninth_round_lawful_twins_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


def test_a_question_no_denial_answers_is_still_judged():
    assert rule_blocks("Want your child to ace every test? This class raises IQ by 10 points.", "en") != []
    assert [f for f in compliance.check("Our oats reduce the risk of heart disease.", GateContext(lang="en"))
            if f.severity == "block"] != []


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("想找一台吸得比它还干净的油烟机，您就别白费那个劲了。", "zh", "想找一台吸得比它还干净的油烟机，您就别白费"),
    ("它要是还拖不干净，那这世上就没有能拖干净的机器了。", "zh", "这世上就没有能"),
    ("别的牌子想抄也抄不像，做出来就是一根铁棍。", "zh", "想抄也抄不像"),
    ("现在付定金锁价299，月底正式开卖就是899。", "zh", "定金锁价299，月底正式开卖就是899"),
    ("Other range hoods move air. This one makes them look like they're standing still.", "en",
     "makes them look like they're standing still"),
    ("The psoriasis patches on my elbows cleared right up.", "en", "psoriasis patches on my elbows cleared right up"),
    ("This ginseng brings your A1C down — so you can finally ditch the metformin.", "en", "brings your A1C down"),
    ("The tutoring app the U.S. Department of Education picked for its classrooms.", "en",
     "Department of Education picked"),
    ("The jerky packed into every Forest Service wildfire crew's rations.", "en", "packed into every Forest Service"),
    ("Climbers who switched to our chalk report 45% fewer slips.", "en", "report 45% fewer"),
    ("A: Completely non-toxic and totally safe even if your toddler eats it.", "en",
     "totally safe even if your toddler eats"),
    ("Wear the brace for a week and that torn ligament knits itself back together.", "en",
     "torn ligament knits itself back"),
    ("原价都不好意思说，就当白送给你。", "zh", "原价都不好意思说"),
])
def test_tenth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("每只皮夹都是手工缝线，皮面纹路各不相同，你收到的这一只就是独一无二的。", "zh"),
    ("定金50元，尾款于12月1日支付，到手价299。", "zh"),
    ("没有哪家机构能保证孩子三个月考满分，我们只负责把课上好。", "zh"),
    ("Q: Will my child be fluent by the end of the course? A: No course can promise that. Lessons are 25 minutes, twice "
     "a week.", "en"),
    ("Anticavity fluoride toothpaste (sodium fluoride 0.24%). Aids in the prevention of dental cavities.", "en"),
    ("In a 2024 survey by Acme Research (n=1,200), users report 45% fewer slips.", "en"),
    ("Talk to your doctor before you stop taking insulin.", "en"),
    ("This product has not been endorsed by any medical organisation.", "en"),
    ("The brace supports the knee while the ligament heals; see your doctor.", "en"),
])
def test_tenth_round_lawful_twins_pass(text: str, lang: str):
    assert [f for f in compliance.check(text, GateContext(lang=lang)) if f.severity == "block"] == []


def test_the_anticavity_wording_passes_only_beside_fluoride_and_no_other_course_still_promises():
    assert rule_blocks("世上没有完美的锅，这口锅的缺点是重。", "zh") == []  # the rule needs 没有能/比它 after 世上
    assert rule_blocks("Our herbal paste aids in the prevention of cavities and gum disease.", "en") != []
    assert [f for f in compliance.check("No other course can guarantee fluency in 12 weeks — ours does.",
                                        GateContext(lang="en")) if f.severity == "block"] != []


# ---- eleventh round (fs16): paraphrased promises, endorsers, figures and prices; the lawful twins --------------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("水垢？这台挂烫机天生就不长水垢，用多少年都跟第一天一样出汽。", "zh", "用多少年都跟第一天一样"),
    ("天天玩这套娃娃屋的孩子，上幼儿园表达能力比同班的强一大截。", "zh", "比同班的强"),
    ("玩够一百个小时，小学奥数题看一眼就会做。", "zh", "奥数题看一眼就会"),
    ("应急管理部门储备物资同款自热米饭，救灾一线都在吃。", "zh", "管理部门储备物资同款"),
    ("除了我们家工厂，国内再找不出第二条产线。", "zh", "再找不出第二条"),
    ("回访的2000位用户里，96.4%说熨一件衬衫的时间缩短了一半。", "zh", "回访的2000位用户里，96.4%说"),
    ("Puncture-proof for life.", "en", "Puncture-proof for life"),
    ("Burns up to 600 calories in a single session.", "en", "Burns up to 600 calories"),
    ("This price locks for the first 200 orders, then jumps to $189.", "en", "then jumps to $189"),
    ("Free bonus bundle worth $120 with every order — this week only.", "en", "Free bonus bundle worth $120"),
    ("Made in an FDA-registered facility, which means the FDA has checked every batch.", "en",
     "the FDA has checked every"),
    ("The same rain boots the National Weather Service's field crews wear.", "en",
     "The same rain boots the National Weather Service's field crews wear"),
])
def test_eleventh_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("我们店里的碎纸机，碎得最细的是这台P-5级（颗粒2×15mm），存档合同建议选它。", "zh"),
    ("据《2024年家电服务报告》（编号HS-2024-113），回访的2000位用户里，96.4%说熨衣时间缩短。", "zh"),
    ("除垢提醒：水垢多了出汽会变小，每月用柠檬酸清洗一次就能恢复。", "zh"),
    ("Free shipping on orders worth $50 or more.", "en"),
    ("Sale ends Sunday, then the price returns to $49.", "en"),
    ("Made in an FDA-registered facility; the FDA does not approve supplements.", "en"),
])
def test_eleventh_round_lawful_twins_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


# ---- twelfth round (fs17): paraphrased superlatives, a state gift, decades without terms, a salary replaced -------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("这口铁锅炒出来的菜，我愿称之为人间尽头。", "zh", "人间尽头"),
    ("这款鱼竿的手感是全世界鱼竿里头一份的。", "zh", "全世界鱼竿里头一份"),
    ("论静音，谁家的风扇都比不过它。", "zh", "谁家的风扇都比不过"),
    ("别的牌子磨出来的咖啡都只配叫苦水。", "zh", "别的牌子磨出来的咖啡都只配"),
    ("外交部礼宾司选定的茶礼。", "zh", "外交部礼宾司选定"),
    ("这把菜刀用个二三十年都是它。", "zh", "用个二三十年都是它"),
    ("坏了那就不叫这个牌子。", "zh", "坏了那就不叫这个牌子"),
    ("Honestly, this is flat-out the best kettle anyone has ever made.", "en", "the best"),
    ("Members replace their full-time salary within six months.", "en", "replace their full-time salary"),
    ("Anglers who switch to our line land three more fish per trip on average.", "en",
     "three more fish per trip on average"),
])
def test_twelfth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("同系列三款对讲机里，T9的通话距离最远：空旷地带约5公里；T5约3公里。", "zh"),
    ("这款鱼竿2.7米，同系列还有3.6米款。", "zh"),
    ("This grinder brings out the best in every bean.", "en"),
    ("On average, our line tested at 12.1 kg breaking strength (lab report LT-2291).", "en"),
    ("Replace the filter every six months.", "en"),
])
def test_twelfth_round_lawful_twins_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


# The thirteenth round (fs18): each blocked wording with a lawful twin that uses the same words.
@pytest.mark.parametrize(("text", "lang", "span"), [
    ("这款卷线器别家再追十年也摸不着边。", "zh", "别家再追十年也摸不着边"),
    ("露营灯换了三盏，世上不会有比它更好的了。", "zh", "世上不会有比它"),
    ("这口锅把铸铁能做的都做尽了。", "zh", "能做的都做尽了"),
    ("剩下的品牌只能做它的影子。", "zh", "剩下的品牌只能做它的影子"),
    ("包收购，一亩地一年落袋三万，行情好坏都一样。", "zh", "落袋三万，行情好坏都一样"),
    ("开个自助洗车点，每个月收入跟上班领工资一样稳。", "zh", "收入跟上班领工资一样稳"),
    ("这把铁锹用到你孙子那辈，照样结实。", "zh", "到你孙子那辈，照样结"),
    ("这根水管埋下去永远不漏。", "zh", "永远不漏"),
    ("Drink it daily and you can toss the heartburn pills.", "en", "toss the heartburn pills"),
    ("My inhaler has been gathering dust since I switched.", "en", "inhaler has been gathering dust"),
    ("The boots fire departments trust on every call.", "en", "fire departments trust"),
    ("No other cutlery maker can sharpen a knife to this edge.", "en",
     "No other cutlery maker can sharpen a knife to this"),
    ("More than 120,000 home bakers have baked with our starter.", "en",
     "More than 120,000 home bakers have baked"),
    # from the training batches' misses (tr1, tr7, tr9)
    ("这口锅传到你孙子手里，照样锃光瓦亮。", "zh", "到你孙子手里，照样锃"),
    ("这辈子再也遇不到更好用的了。", "zh", "再也遇不到更好"),
    ("这一饼就是我见过的尽头。", "zh", "见过的尽头"),
    ("#吹风机的终点站", "zh", "#吹风机的终点站"),
    ("能找到第二件用这种面料的T恤，算我输。", "zh", "找到第二件用这种面料的T恤，算我输"),
    ("这可能是你买的最后一双跑鞋。", "zh", "可能是你买的最后一双"),
    ("你就是拿锤子砸，这个行李箱也只会留个白印子。", "zh", "就是拿锤子砸，这个行李箱也只会"),
    ("学费一个月就挣回来了。", "zh", "学费一个月就挣回来"),
    ("机器一放下去，钱就自己往里流。", "zh", "钱就自己往里流"),
    ("买过的人里面，退货的连百分之一都不到。", "zh", "退货的连百分之一都不到"),
    ("Perfection in a jar.", "en", "Perfection in a jar"),
    ("It's basically impossible to improve on.", "en", "impossible to improve on"),
    ("Forget the rest. This is peak suitcase.", "en", "This is peak suitcase"),
    ("It's in a class by itself.", "en", "in a class by itself"),
    ("Other robot vacuums are still five years behind our navigation.", "en",
     "Other robot vacuums are still five years behind"),
    ("Saw a cheaper one online? That's a copy of ours.", "en", "That's a copy of ours"),
    ("Bought it somewhere else? Odds are you got a fake.", "en", "Odds are you got a fake"),
    ("This grill won't rust for as long as you own it.", "en", "for as long as you own it"),
    ("No dog can destroy it.", "en", "No dog can destroy"),
    ("By June she'd paid off her car and said goodbye to her boss.", "en", "said goodbye to her boss"),
    ("It'll be covering your rent by month two.", "en", "'ll be covering your rent"),
])
def test_thirteenth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("我自己用了一个月，唯一的不满是线有点短。", "zh"),
    ("这把壶用了五年还是好好的，传到孙子手里也是个念想。", "zh"),
    ("天气好坏都一样好用，帐篷防风等级8级。", "zh"),
    ("这辈子都忘不了第一次钓到鲈鱼。", "zh"),
    ("Never throw out expired medications down the sink; use a take-back site.", "en"),
    ("Meets the standard police departments specify for riot helmets (NIJ 0104.02).", "en"),
    ("No other size is available in this color.", "en"),
    ("More than 120,000 home bakers have baked with our starter, according to our 2025 order records.", "en"),
    ("这把壶传到孙子手里也是个念想。", "zh"),
    ("本店2024年退货率不到1%（后台订单统计）。", "zh"),
    ("用锤子敲进去就行，也可以用橡胶锤。", "zh"),
    ("没有被动收入这回事，开店要天天盯着。", "zh"),
    ("旅行的终点站是家。", "zh"),
    ("Peak season runs June to August.", "en"),
    ("Lifetime warranty for as long as you own it; covers manufacturing defects, wear and tear excluded.", "en"),
    ("Use the calculator to see how long it takes to pay off your car loan.", "en"),
    ("Auto-pay covers your rent on the 1st.", "en"),
    ("Perfection takes time: each jar is poured by hand.", "en"),
])
def test_thirteenth_round_lawful_twins_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


# The fourteenth round (fs19): each blocked wording with a lawful twin that uses the same words.
@pytest.mark.parametrize(("text", "lang", "span"), [
    ("这台出来以后别的牌子就只能往后稍稍了。", "zh", "别的牌子就只能往后稍稍"),
    ("整条赛道就它一个在前面跑，后面连个影子都看不见。", "zh", "整条赛道就它一个在前面跑"),
    ("整个圈子都得重新排座次。", "zh", "重新排座次"),
    ("头一把椅子已经没人坐得上去了。", "zh", "头一把椅子"),
    ("这是它的最终形态，谁也改不动一笔。", "zh", "最终形态"),
    ("以前那些哑铃都是半成品。", "zh", "以前那些哑铃都是半成品"),
    ("每一把都是独一份，别家都做不出来。", "zh", "独一份"),
    ("Gastroenterologists keep a tub of this in their own kitchens.", "en", "Gastroenterologists keep a"),
    ("Our lenses are something no other company on Earth knows how to manufacture.", "en",
     "no other company on Earth knows how to"),
    ("网上说芹菜汁能降血压，这台原汁机就是为这个设计的。", "zh", "降血压"),
])
def test_fourteenth_round_paraphrases_block(text: str, lang: str, span: str):
    assert span in rule_blocks(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("排队的人往后稍稍，按号叫。", "zh"),
    ("每把刮痧板都是师傅手工磨的，玉料纹路各不相同，所以每一把都是独一份。", "zh"),
    ("全套配件里唯一需要另外准备的，是两节5号电池。", "zh"),
    ("网上说芹菜汁能降血压、能排毒，这台原汁机只负责把汁榨出来，不具有任何保健或治疗功能。", "zh"),
    ("Ask your gastroenterologist before changing your diet.", "en"),
    ("Nobody else in the family knows how to fold it, so we printed the steps on the bag.", "en"),
])
def test_fourteenth_round_lawful_twins_pass(text: str, lang: str):
    assert rule_blocks(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "phrase", "denied"), [
    ("Past resale prices don't predict future ones — buy sets you'll enjoy building.", "en", "resale prices", True),
    ("Past resale prices rose 20% a year — buy now.", "en", "resale prices", False),
    ("Handy at tax time — it won't make you money, it just keeps track.", "en", "make you money", True),
    ("Have kids take a listening break every hour.", "en", "listening break", True),
    ("网上说芹菜汁能降血压，这台原汁机不具有任何保健或治疗功能。", "zh", "降血压", True),
    ("网上说芹菜汁能降血压，这台原汁机榨得最干净。", "zh", "降血压", False),
])
def test_a_risk_notice_use_reminder_or_denied_hearsay_is_not_asserted(text: str, lang: str, phrase: str, denied: bool):
    a = text.index(phrase)
    assert meaning.inside(meaning.disclaimer_spans(text, lang), a, a + len(phrase)) is denied


# The seller declining a claim, a grade or size number, a setting of the product's own, a scoped ranking: lawful,
# each beside the same words asserted (the training batches' false alarms, fourteenth round).
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("本品为普通食品，不能代替药物，不宣称任何治疗作用。", "zh", False),
    ("本品能治疗失眠。", "zh", True),
    ("这款枕头治不了失眠，只是枕着更舒服一点。", "zh", False),
    ("不得不说这款枕头能治好失眠。", "zh", True),
    ("这款枕头治好了我的失眠。", "zh", True),
    ("有人问“喝这个能降血压吗”——不能。它就是平时泡水喝的代用茶。", "zh", False),
    ("有粉丝问“是不是医生都推荐这个”，我们没请任何医生推荐，它就是一个普通的U型颈枕。", "zh", False),
    ("医生都推荐这个U型颈枕。", "zh", True),
    ("我们不敢说它永远不坏，但一年内坏了免费换新。", "zh", False),
    ("坏了免费换新，永远不用担心。", "zh", True),
    ("本季唯一的新色是雾霾蓝，其余都是常规色。", "zh", False),
    ("新款2025年9月上市，是本品牌目前在售型号里最新的一款。", "zh", False),
    ("本店销量排名第一的是这款保温杯——仅指本店2026年11月订单数，数据来自店铺后台。", "zh", False),
    ("销量排名第一的保温杯。", "zh", True),
    ("Does this lamp treat depression? No. It's a 10,000-lux desk light; talk to your doctor.", "en", False),
    ("This lamp treats depression.", "en", True),
    ("We don't claim it's the best knife out there. It's an 8-inch carbon steel blade.", "en", False),
    ("It's the best knife out there.", "en", True),
    ("You asked if this is the best mattress in the world. We can't say that; it's a 10-inch hybrid.", "en", False),
    ("No doctors, celebrities or agencies endorse this product.", "en", False),
    ("U.S. Extra No. 1 almonds, size 23/25 kernels per ounce.", "en", False),
    ("The No. 1 almond brand in America.", "en", True),
    ("Pick the largest crate size if your puppy is still growing.", "en", False),
    ("Highest setting reaches 450°F; the lowest is 175°F.", "en", False),
    ("The largest selection of crates anywhere.", "en", True),
    ("A hori-hori knife is one of the handiest tools for weeding.", "en", False),
    ("Your pediatrician is the best person to ask.", "en", False),
])
def test_declined_claims_grades_and_own_settings_pass_and_their_assertions_block(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


# The training batches' misses, fourteenth round: each paraphrase blocks, and its lawful twin with the same words passes.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("换上这款负离子淋浴喷头一个月，湿疹、牛皮癣都消停了。", "zh", True),
    ("换上这款淋浴喷头，水流都消停了，不再乱溅。", "zh", False),
    ("泡脚粉把体内湿寒逼出来。", "zh", True),
    ("汗水排出来，衣服也不粘身。", "zh", False),
    ("秃了的地方重新长出头发。", "zh", True),
    ("小苗两周就长出新叶。", "zh", False),
    ("我家换了这套学习桌椅，期末直接冲进班级前十。", "zh", True),
    ("班级前十名的同学可以领奖状。", "zh", False),
    ("投一家自助洗衣店，机器替您打工，老板只负责收钱。", "zh", True),
    ("每月账单自动到账提醒。", "zh", False),
    ("不管什么肤质，用了都不会过敏。", "zh", True),
    ("无论如何，都不会漏发货。", "zh", False),
    ("这把钻电机烧不了，用坏了算我的！", "zh", True),
    ("Zero breakage. Our graphite fly rods simply do not snap.", "en", True),
    ("The rod tip does not snap back when you release it.", "en", False),
    ("This lock cannot be picked, end of story.", "en", True),
    ("The same camp stove the Coast Guard packs into its survival kits.", "en", True),
    ("Dental hygienists tell their own families to use this flosser.", "en", True),
    ("Ask your dental hygienist how often to replace the head.", "en", False),
    ("Department-store price: $260. Our price: $79.", "en", True),
    ("Regular price $99, charged from 1 to 31 May; $79 until 30 June.", "en", False),
    ("Our biggest sale ever, and we'll never go this low again.", "en", True),
    ("Our blackout curtains cut your heating bill by a third.", "en", True),
    ("Start a dog-grooming van with our kit and you'll be clearing your old salary by month three.", "en", True),
    ("Other leashes are just rope. This one is the last word in dog walking.", "en", True),
    ("The last word on sizing: measure twice.", "en", False),
    ("Slip on these copper socks and say goodbye to the numbness and tingling of neuropathy.", "en", True),
    ("A few drops under the tongue and your migraines are history.", "en", True),
    ("Drink this juice instead of taking your statins.", "en", True),
])
def test_fourteenth_round_training_paraphrases_block_and_their_twins_pass(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


# fs20, after its first-sight score: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("每顶真发头套都是师傅按顾客的头模一针一针钩的，发量各不相同，所以每一顶都是独一份。", "zh", False),
    ("这款头套全网独一份，别家都做不出来。", "zh", True),
    ("戴之前可以先问问自己的主治医生。", "zh", False),
    ("王阿姨吃了半年去复查，主治医生看了片子说：继续吃，别停。", "zh", True),
    ("正在吃降糖药的人，喝之前请先咨询医生；本品不能代替药物。", "zh", False),
    ("喝了这款奶粉就能降糖。", "zh", True),
    ("上课坐不住、写字歪歪扭扭、一点小事就发脾气，统统消失，上小学直接当班干部。", "zh", True),
    ("Carried by U.S. Marshals on fugitive task forces.", "en", True),
    ("Sold to U.S. customers only.", "en", False),
    ("Knocks up to half off your winter energy costs the day you plug it in.", "en", True),
    ("Uses 1,500 W on high and 750 W on low; energy costs depend on your rate.", "en", False),
])
def test_fs20_wordings_after_first_sight(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


@pytest.mark.parametrize(("text", "lang", "phrase"), [
    ("开店要自备资金，多数学员前三个月处于亏损或持平，我们不承诺任何收入。", "zh", "多数学员前三个月处于亏损"),
    ("Most items sell for a few dollars, and many students never turn a profit. No income is promised.", "en",
     "many students never turn a profit"),
])
def test_losses_told_and_income_not_promised_are_disclosures(text: str, lang: str, phrase: str):
    a = text.index(phrase)
    assert meaning.inside(meaning.disclaimer_spans(text, lang), a, a + len(phrase))


@pytest.mark.parametrize(("text", "spans"), [
    ("#neverbreaks #100percentsafe #waterbottle", ["#neverbreaks", "#100percentsafe"]),
    ("#noonecancopyus #hotsauce", ["#noonecancopyus"]),
    ("#was199nowjust49 #lastchance #dealoftheday", ["#was199nowjust49", "#lastchance"]),
    ("#97percentlovedit #glowup", ["#97percentlovedit"]),
    ("#cancerfree #alkalinewater", ["#cancerfree"]),
    ("#waterbottle #hydration #gymlife #dishwashersafe", []),
    ("#skincare #glowup #summervibes", []),
])
def test_run_together_english_hashtags_are_read_word_by_word(text: str, spans: list[str]):
    assert rule_blocks(text, "en") == spans


def test_a_figure_whose_source_the_next_sentence_names_is_not_blocked_by_the_learned_stage():
    ctx = GateContext(lang="zh")
    bare = "结课三个月内，69%的学员没有接单收入。"
    assert [f.severity for f in compliance.learned_flags(bare, ctx)] == ["block"]
    assert compliance.learned_flags(bare + "数据来源：2025年学员回访问卷。", ctx) == []


def test_thanks_folding_and_rest_are_no_risk_cues():
    # 'than' is the exclusivity cue, not the start of 'Thanks'; 折 is a discount in 打折 or 8折, not in 折起来
    assert meaning.cued("Thanks!", "en", None) == []
    assert [h for _, _, h in meaning.cued("Better than ever.", "en", None)] == [["absolute", "exclusivity"]]
    assert meaning.cued("折起来能塞进沙发底下。", "zh", None) == []
    assert [h for _, _, h in meaning.cued("全场8折。", "zh", None)] == [["pricing"]]
    # 'est' marks a superlative (lightest), not rest, test or interest
    assert meaning.cued("The rest is up to her curiosity.", "en", None) == []
    assert [h for _, _, h in meaning.cued("The lightest tent.", "en", None)] == [["absolute"]]


# fs21, after its first-sight score: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("说到静音，这个品类就是它一家坐庄，其余品牌全是给它抬轿子的。", "zh", True),
    ("说到静音，这个品类各家都有长处，我们的是夜间模式32分贝。", "zh", False),
    ("本店茶盏按自家标准分精品级、日用级两档；这只是日用级里口径最大的一款（11.8cm）。", "zh", False),
    ("这是全网口径最大的一款茶盏。", "zh", True),
    ("在家做手工，一天两三个小时，一个月轻松三四千。", "zh", True),
    ("在家做手工，计件结算，每件3元，多数人每月完成不到200件。", "zh", False),
    ("这口铸铁锅天天炒菜，三十年都不锈不裂。", "zh", True),
    ("铸铁锅用后擦干、抹一层油，可以防止生锈。", "zh", False),
    ("锅身终身保修：限首位购买者、家庭非商用，因材料或工艺缺陷导致的开裂免费更换，须提供购买凭证。", "zh", False),
    ("锅身终身保修，坏了随时来换。", "zh", True),
    ("据不完全统计，已有上百万家庭选择了这款餐椅。", "zh", True),
    ("据国家统计局《2023年统计公报》，全年出生人口902万。", "zh", False),
    ("NOAA ranks 2023 as the warmest year in its global record going back to 1850.", "en", False),
    ("This is the warmest coat ever made.", "en", True),
])
def test_fs21_wordings_after_first_sight(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


@pytest.mark.parametrize(("text", "lang", "excused"), [
    ("Student price: $179 with a verified .edu email. Everyone else pays $199.", "en", True),
    ("Members pay $49; non-members pay $59.", "en", True),  # fs23: the group named by who pays
    ("Member price: $49. Everyone else pays $59 — but only until tonight.", "en", False),
    ("Sign today and you get our employee rate; from tomorrow it's the full price.", "en", False),
    ("会员价129元，非会员价159元。", "zh", True),
    ("今天下单按内部员工价，明天就只能按市场价了。", "zh", False),
])
def test_a_price_for_a_named_group_is_not_read_as_a_reference_price(text: str, lang: str, excused: bool):
    last = meaning.sentences(text, lang)[-1]
    assert meaning.group_price(text[last[0]:last[1]], text, lang) is excused


# The fifteenth session's second round over the older batches' misses and false alarms: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("这把菜刀放在整个刀具圈都是一骑绝尘的存在。", "zh", True),
    ("这把菜刀刀身长20cm，重210g。", "zh", False),
    ("剃须刀的贴面程度已经到了人类工艺能做到的极限。", "zh", True),
    ("这双鞋适合越野跑和极限运动爱好者日常训练。", "zh", False),
    ("识别速度被我们做到了物理上不可能再快的地步。", "zh", True),
    ("识别速度约0.3秒，比我们上一代快0.2秒。", "zh", False),
    ("全国的茶叶要是排个队，它就得站在最前头！", "zh", True),
    ("门店排队的人多，建议线上下单。", "zh", False),
    ("出水这么稳，后来的只能照着抄。", "zh", True),
    ("别人家的酸奶机再怎么照抄外观，也做不出这个口感。", "zh", True),
    ("说明书里有照着做的步骤图，新手也能做出好酸奶。", "zh", False),
    ("没有哪一顶盔比它更扛撞。", "zh", True),
    ("这顶盔通过了ECE 22.06认证。", "zh", False),
    ("每3个练健身的人里，就有1个在喝我们的蛋白粉。", "zh", True),
    ("戴上这款护膝，受伤的概率直接降了一半。", "zh", True),
    ("护膝不能降低运动受伤的风险，运动前请充分热身。", "zh", False),
    ("过滤后水里的重金属能去掉98.7%。", "zh", True),
    ("经××检测中心检测（报告编号W2024-117），对铅的去除率为98.7%。", "zh", False),
    ("婚纱放三十年拿出来依旧洁白如新。", "zh", True),
    ("婚纱请放在阴凉干燥处保存，避免阳光直射。", "zh", False),
    ("这把伞陪你走完这辈子。", "zh", True),
    ("这是工厂最后一批货，卖完全网绝版。", "zh", True),
    ("这款是2023年的旧款，库存卖完后不再生产，以店铺页面为准。", "zh", False),
    ("今晚一过就下架，以后再也不会在店里出现。", "zh", True),
    ("一部手机一件代发，一年攒出首付不是问题。", "zh", True),
    ("市领导来厂视察时亲口品尝，连连称赞。", "zh", True),
    ("工厂每周三开放参观，需提前预约。", "zh", False),
    ("Our talking pen gets preschoolers fluent in Spanish in 60 days.", "en", True),
    ("The pen reads 2,000 Spanish words aloud; fluency depends on practice.", "en", False),
    ("Speeds up crawling and walking milestones.", "en", True),
    ("Light enough that your kid arrives ready to outscore the class.", "en", True),
    ("Our ink lasts twice as long as the big-name cartridges.", "en", True),
    ("Our XL cartridge prints twice as many pages as our standard one (ISO/IEC 24711).", "en", False),
    ("Drops room temperature by 6 degrees in 10 minutes.", "en", True),
    ("Vets won't say it, but the ones we talked to feed their own dogs this kibble.", "en", True),
    ("After my stroke, my neurologist told me to cook with this flaxseed oil.", "en", True),
    ("Rent our bounce kits out on weekends and pull in what most people make in a month.", "en", True),
    ("Most members make less than $500 a year, and many make nothing.", "en", False),
    ("Second-grade math workbook, 180 pages, with an answer key.", "en", False),
    ("Your kindergartner will be doing second-grade math by spring.", "en", True),
    ("Chess is a fun game rather than a shortcut to better grades.", "en", False),
    ("First edition, first printing, with the number line ending in 1.", "en", False),
    ("This price ends in 3 hours.", "en", True),
    ("这个App是控制台灯颜色的唯一方式，灯座上没有按键。", "zh", False),
    ("本周六日两天门店价99元，平日价129元。", "zh", False),
])
def test_fifteenth_session_wordings_block_and_their_twins_pass(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


@pytest.mark.parametrize(("text", "lang", "phrase"), [
    ("The foot spa keeps water warm for 30 minutes, and that's all we claim.", "en", "that's all we claim"),
    ("We won't knock anyone else. Here's what's in ours: 260 gsm cotton.", "en", "We won't knock anyone else"),
    ("We don't promise better grades; every child learns at their own pace.", "en", "every child learns at their own pace"),
    ("Keep out of reach of children. Do not apply to broken skin.", "en", "Keep out of reach of children"),
    ("Overheat protection turns it off. Never leave it running unattended.", "en", "Never leave it running unattended"),
])
def test_safety_instructions_and_saying_what_is_not_claimed_are_disclaimers(text: str, lang: str, phrase: str):
    a = text.index(phrase)
    assert meaning.inside(meaning.disclaimer_spans(text, lang), a, a + len(phrase))


def test_a_promise_in_the_imperative_is_no_safety_instruction():
    assert meaning.disclaimer_spans("Never worry about leaks again.", "en") == []


@pytest.mark.parametrize(("sentence", "lang", "unique"), [
    ("每把菜刀都由师傅手工锻打，刀身花纹各不相同，你收到的那一把世上只有一把。", "zh", True),
    ("Each scarf is hand-painted, so no two are alike.", "en", True),
    ("手工锻打，别家都做不出这样的花纹。", "zh", False),
    ("The only knife on the market with this steel.", "en", False),
])
def test_a_handmade_piece_said_to_be_one_of_a_kind(sentence: str, lang: str, unique: bool):
    assert meaning.handmade_unique(sentence, lang) is unique


@pytest.mark.parametrize(("text", "lang", "severity"), [
    # the lawful form (a scope of the seller's own, a source that ranks): the rule's block needs the learned stage too
    ("这款在我们精品级里算杯壁最薄的，只有1.2mm。", "zh", "warn"),
    ("本系列里这款最轻。", "zh", "warn"),
    ("According to the 2024 JD Power survey, it ranked as the most reliable brand.", "en", "warn"),
    # no lawful form: the rule blocks as before
    ("全网最轻，只有98克。", "zh", "block"),
    ("这是全网最好的杯子，没有之一。", "zh", "block"),
    ("这是本店最好的杯子，别家都比不上。", "zh", "block"),
])
def test_a_rule_hit_in_its_lawful_form_needs_a_second_opinion(text: str, lang: str, severity: str):
    flags = compliance.check(text, GateContext(lang=lang))
    assert [f.severity for f in flags][:1] == [severity]


# The fifteenth session's round over the training batches' last misses: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("这床蚕丝被的柔软度，已经摸到人类工艺的极限了。", "zh", True),
    ("这台投影仪就是画质的尽头。", "zh", True),
    ("坐过这张按摩椅，您就不会再觉得别的按摩椅值得坐了。", "zh", True),
    ("按摩椅有3种模式，坐久了可以换着用。", "zh", False),
    ("朋友们兜兜转转最后全都回到了这一台。", "zh", True),
    ("库存告急，最后5件，手慢无。", "zh", True),
    ("现货库存约300件，下单后48小时内发货。", "zh", False),
    ("一折抢购，比原价便宜了九成。", "zh", True),
    ("比我们上一代省电20%，实测报告见详情页。", "zh", False),
    ("该酒款下月起统一调价至1499元，现在锁定最后一批老价格。", "zh", True),
    ("开了这家加盟店，第一年就把房贷还清了。", "zh", True),
    ("加盟费3万元，回本周期因门店位置不同而不同。", "zh", False),
    ("学完这门课，周末两天顶一个月工资。", "zh", True),
    ("零基础学美甲，一年买车两年买房。", "zh", True),
    ("这个釉面用上一百年也不会磨花。", "zh", True),
    ("釉面硬度6级，日常拖地不易磨花。", "zh", False),
    ("这套枕头我们包效果，没效果一直退。", "zh", True),
    ("7天无理由退货，退货运费由买家承担。", "zh", False),
    ("协和好几位主任都私下给家里人买这款鱼油。", "zh", True),
    ("四岁就能自己读故事书。", "zh", True),
    ("适合4岁以上的孩子和家长一起读。", "zh", False),
    ("装上节水龙头，一家人一年的水费直接少掉三分之一。", "zh", True),
    ("喝了俩月，体检单上那几个向上的箭头都不见了。", "zh", True),
    ("面霜里的成分直达真皮层，把斑从根上溶解掉。", "zh", True),
    ("Hair color that simply can't damage your hair.", "en", True),
    ("Ammonia-free hair color; do a patch test 48 hours before use.", "en", False),
    ("The battery will hold a full charge for as long as you own the scooter.", "en", True),
    ("Lifetime warranty for as long as you own it; excludes misuse, proof of purchase required.", "en", False),
    ("You could drive a truck over this case and your screen would be fine.", "en", True),
    ("Ours is the clean one.", "en", True),
    ("Other candle companies pour paraffin and lie about it.", "en", True),
    ("Two weeks in, the thin spot on my crown started filling back in.", "en", True),
    ("She was speaking in full sentences at 18 months.", "en", True),
    ("Breakage down 80% after one wash.", "en", True),
    ("A Smithsonian gemologist examined this strand and called it museum quality.", "en", True),
])
def test_training_batches_last_wordings_block_and_their_twins_pass(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


# fs22, after its first-sight score: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("各家的都买回来比一遍，最后能留在您桌上的也只会是它，别的您试都不用试。", "zh", True),
    ("各家的参数我们列在下面，您可以对照着选。", "zh", False),
    ("早期白内障也能慢慢化开，不用挨那一刀。", "zh", True),
    ("本品不能治疗白内障，眼睛不适请及时就医。", "zh", False),
    ("一天贴一本，三岁就能从1数到100。", "zh", True),
    ("适合3岁以上，贴纸上印着1到100的数字。", "zh", False),
    ("锦鲤苗养到二十公分，出一池就是一辆车。", "zh", True),
    ("已进入市纪委办案装备采购清单，纪委的同志们都用它。", "zh", True),
    ("复查时医生翻着片子问我是不是换了个喉咙。", "zh", True),
    ("复查时间请遵医嘱。", "zh", False),
    ("现在不囤就只能干看着，最后200单！", "zh", True),
    ("本批次共200单，售完以店铺公告为准。", "zh", False),
    ("Turns playtime into IQ points!", "en", True),
    ("This lid will seal just as tight in 2045 as it does the day you open the box.", "en", True),
    ("I've even come off my mesalamine.", "en", True),
    ("Graduates start billing from home at $25-$40 an hour within a month.", "en", True),
    ("The same voice recorder FBI field offices issue to their agents.", "en", True),
    ("Not one competing frame comes close to this screen.", "en", True),
    ("Insurance replacement value: $1,200. Your price today: $299.", "en", True),
    ("Finds your pet to within 3 feet, 99.7% of the time.", "en", True),
    ("Exclusive recipe, and it's ours alone.", "en", True),
    ("Reverse sarcopenia with three gummies a day.", "en", True),
])
def test_fs22_wordings_after_first_sight(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


def test_the_shops_own_smallest_and_largest_need_a_second_opinion():
    text = "陶笛规格说明：本店最小的是6孔AC调（长约9cm），最大的是12孔AF调，音域最宽，适合已有基础的学员。"
    assert [f.severity for f in compliance.check(text, GateContext(lang="zh")) if f.severity == "block"] == []


def test_expecting_to_lose_is_a_disclosure():
    text = "Racehorse ownership is a hobby, not an investment. Most horses never earn back their costs; expect to lose what you put in."
    a = text.index("Most horses")
    assert meaning.inside(meaning.disclaimer_spans(text, "en"), a, a + len("Most horses never earn back"))


# fs23, after its first-sight score: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("用过这把磨刀器，世上再找不出第二把能把菜刀磨成这样的。", "zh", True),
    ("每台磨刀器附赠第二把备用砂轮。", "zh", False),
    ("喝了两个月蒲公英根茶，B超复查结节没了。", "zh", True),
    ("复查结果请以医院报告为准。", "zh", False),
    ("推车的轮子是坏不了的，坑坑洼洼随便推。", "zh", True),
    ("轮子一年内坏了免费更换，凭订单号联系客服。", "zh", False),
    ("毽子厂关门前的最后一批货，卖完这辈子都不会再有这个价了。", "zh", True),
    ("活动价89元至12月31日，之后恢复日常售价129元。", "zh", False),
    ("唯一需要您自己装的是两侧扶手，拧紧4颗螺丝即可。", "zh", False),
    ("Knock out strep throat in 48 hours with our zinc lozenges.", "en", True),
    ("Zinc lozenges — no antibiotics needed, our tea is all you need.", "en", True),
    ("Raised without antibiotics, on pasture.", "en", False),
    ("Our tallow balm cleared my daughter's impetigo in three days.", "en", True),
    ("FDA-cleared upper-arm blood pressure monitor, 510(k) number K201234.", "en", False),
    ("The same trail camera U.S. Fish and Wildlife Service biologists strap to trees to count elk.", "en", True),
    ("Customer service agents answer within one business day.", "en", False),
    ("A motor that simply will not burn out, whatever you throw on it, for as long as you live.", "en", True),
    ("Lifetime warranty for the original purchaser, for as long as you live; excludes wear and tear.", "en", False),
    ("Over 2.6 million dogs play fetch with our launchers.", "en", True),
    ("Over 2.6 million launchers sold since 2019, according to our order records.", "en", False),
    ("Hunting-store price: $329. Our price: $119.", "en", True),
    ("In-store price: $119, the same as online.", "en", False),
    ("Kills 99.9% of bacteria in EPA-registered testing (Reg. No. 1234-56).", "en", False),  # the registration named
    ("Kills 99.9% of germs.", "en", True),
    # the training batches' last misses
    ("#终身不坏 #保温杯 #好物推荐", "zh", True),
    ("#98%回购率 #洗面奶推荐", "zh", True),
    ("据2024年第三方调查（样本1200人），98%回购率。", "zh", False),
    ("Subject: 87,000 five-star reviews can't be wrong", "en", True),
    ("The rash on my son's elbows that no cream could fix? Gone two weeks after we switched to this soap.", "en", True),
    ("No cream can replace a visit to your doctor.", "en", False),
])
def test_fs23_wordings_after_first_sight(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


def test_a_set_scoping_its_own_largest_item_needs_a_second_opinion():
    text = "颜料规格：共24色，其中最大装为钛白（30ml，用量最多），其余23色均为12ml。"
    assert rule_blocks(text, "zh") == ["最多"]
    assert [f.text for f in compliance.check(text, GateContext(lang="zh")) if f.severity == "block"] == []


@pytest.mark.parametrize(("text", "lang", "denied"), [
    ("Timber prices can wipe out returns. Nothing here is a promise of profit.", "en", "Nothing here is a promise of profit"),
    ("Past sales are not a guarantee of future income.", "en", "Past sales are not a guarantee of future income"),
    ("以上内容不构成任何收益承诺。", "zh", "以上内容不构成任何收益承诺"),
])
def test_saying_nothing_is_promised_is_a_disclosure(text: str, lang: str, denied: str):
    a = text.index(denied)
    assert meaning.inside(meaning.disclaimer_spans(text, lang), a, a + len(denied))


@pytest.mark.parametrize(("text", "blocks"), [
    ("我们承诺七天无理由退换。", False),  # the return right the law gives every buyer: terms, not a guarantee
    ("支持7天无理由退货，运费险。", False),
    ("享受国家三包服务。", False),
    ("本店自营，正品保障。", False),
    ("原价199元，现价129元（原价为近30日最低成交价）。", False),  # the legal name of the reference price
    ("全网最低价，正品保障。", True),
    ("七天无理由退换，坏了随时换新。", True),  # what is promised beside it is still judged
    ("保证用不坏，七天无理由退换。", True),
    ("我们不保证用不坏，只保证一年内免费维修。", False),
])
def test_service_terms_are_terms_not_a_guarantee(text: str, blocks: bool):
    assert bool([f for f in compliance.check(text, GateContext(lang="zh")) if f.severity == "block"]) is blocks


@pytest.mark.parametrize(("text", "blocks"), [
    ("这款是我们家最轻的一把伞，只有180克。", False),  # the shop's own range: the learned stage decides, and finds no claim
    ("我们家的伞是全网最轻的。", True),
    ("我家这款是全世界最好的伞。", True),
])
def test_a_superlative_scoped_to_the_shop_needs_a_second_opinion(text: str, blocks: bool):
    assert bool([f for f in compliance.check(text, GateContext(lang="zh")) if f.severity == "block"]) is blocks


@pytest.mark.parametrize(("text", "blocks"), [
    ("Our customer service team is here 7 days a week.", False),  # the shop's hours, not an income (found by probing)
    ("Our team earns you $500 a week, 7 days a week.", True),
])
def test_the_hours_the_shop_answers_are_no_earnings_claim(text: str, blocks: bool):
    assert bool([f for f in compliance.check(text, GateContext(lang="en")) if f.severity == "block"]) is blocks


# fs24, after its first-sight score: each wording with its twin.
@pytest.mark.parametrize(("text", "lang", "blocks"), [
    ("嘴里的小白泡折腾了我好几年，喝了俩月莲子心，到现在一个都没再长。", "zh", True),
    ("口腔溃疡反复发作请及时就医。", "zh", False),
    ("我是老高血压，喝这茶第三个月去复查，主任看完单子让我接着喝。", "zh", True),
    ("复查时间请遵医嘱。", "zh", False),
    ("用过的姐妹坚持转一个月，腰围平均少了6.3厘米。", "zh", True),
    ("据2024年店铺回访（样本312人），每天转10分钟的用户占62%。", "zh", False),
    ("本店电火锅最后50单按厂价走，50单一过马上调回门店价。", "zh", True),
    ("限时折扣到本周日晚12点，之后恢复日常价129元。", "zh", False),
    ("唯一需要提醒的是：水位别超过杯身上的最高刻度线。", "zh", False),
    ("The highest of the three height settings puts the seat at 31 inches.", "en", False),
    ("The highest-rated blower on the market.", "en", True),
    ("There's this one, and then there's everything you'll regret buying.", "en", True),
    ("My A1C went from 7.4 to 5.9 and my doctor wants to talk about stopping my metformin.", "en", True),
    ("Keep taking your medication as prescribed.", "en", False),
    ("By harvest in year seven, each lot should return about three times what you paid.", "en", True),
    ("If it isn't from our farm, it isn't real moringa. Everything else is filler dyed green.", "en", True),
    ("Don't take our word for it — the numbers don't lie.", "en", True),
])
def test_fs24_wordings_after_first_sight(text: str, lang: str, blocks: bool):
    assert bool(rule_blocks(text, lang)) is blocks


def test_a_two_character_time_word_spares_only_itself_from_the_learned_stage():
    zh = "主任看完单子问我最近吃的啥，让我接着喝。"
    excused: list[tuple[int, int]] = []
    compliance.rule_flags(zh, GateContext(lang="zh", learned=False), excused)
    assert excused == []  # 最近 is allowed, but its sentence is still read by the learned stage
    en = "Self-healing cutting mat for crafts."
    excused = []
    compliance.rule_flags(en, GateContext(lang="en", learned=False), excused)
    assert [en[a:b].lower() for a, b in excused] == ["self-healing"]  # a phrase allowed as lawful keeps the stage out
