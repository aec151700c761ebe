"""Checks that hold on copy they have never seen (#18): facts for attributes of any key, claim families decided by
meaning with the law and a rewrite named, disclaimers and size labels that pass, and a shop's own vocabularies."""

from __future__ import annotations

from pathlib import Path

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
    assert [text[a:b] for a, b in meaning.disclaimer_spans(text, "zh")] == ["不能代替药物"]


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
    # In copy that answers no review, the same thanks is an unsourced endorsement.
    copy = compliance.learned_flags("感谢您的好评！", GateContext(lang="zh", kind="description"))
    assert [f.severity for f in copy] == ["block"]
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
