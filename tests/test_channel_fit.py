"""Over-long copy cut to a channel's limit reads as finished: after a sentence, else before a clause, never inside a
list of short items; prose is closed with a full stop, a heading is not."""

from __future__ import annotations

import pytest

from shopscribe.channels import Limit
from shopscribe.content import get_kind


@pytest.mark.parametrize("text, expected", [
    ("Rich hand cream with 20% shea butter that sinks in within a minute and leaves no greasy film on your hands.",
     "Rich hand cream with 20% shea butter that sinks in within a minute."),
    # "soft, warm, and odour-resistant" is a list: the cut goes before "with", not after "soft".
    ("A midweight knitted shirt from fine merino wool with soft, warm, and odor-resistant fibres that keep you warm.",
     "A midweight knitted shirt from fine merino wool."),
    ("Three boards of carbonised bamboo with juice grooves and hanging holes: a large one for meat, a medium one.",
     "Three boards of carbonised bamboo with juice grooves and hanging holes."),
    # "2.0" is no sentence end.
    ("USB 2.0 data at 480 Mbps and 100 W charging through an e-marker chip, with a braided jacket for 10,000 bends.",
     "USB 2.0 data at 480 Mbps and 100 W charging through an e-marker chip."),
    # "hood and adjustable waistband" ends a clause, not a list of one-word items.
    ("A packable, waterproof rain jacket with adjustable hood and adjustable waistband, made from recycled nylon.",
     "A packable, waterproof rain jacket with adjustable hood and adjustable waistband."),
    ("10-inch skillet cast in one piece with vegetable oil seasoning. Works on gas, electric, induction and oven.",
     "10-inch skillet cast in one piece with vegetable oil seasoning."),
])
def test_english_prose_is_cut_before_a_clause_and_closed(text, expected):
    assert Limit(90).fit(text, prose=True) == expected


def test_chinese_is_cut_at_a_clause_comma_never_inside_an_enumeration():
    body = "每袋25g，含腰果、巴旦木、核桃仁、榛子仁、蔓越莓干和蓝莓干，独立小袋，方便携带，适合忙碌的你每天来一袋补充能量"
    assert Limit(40).fit(body, prose=True) == "每袋25g，含腰果、巴旦木、核桃仁、榛子仁、蔓越莓干和蓝莓干，独立小袋。"
    headline = "山禾纯棉圆领T恤，夏季薄款圆领短袖，面料柔软透气，日常通勤和居家都合适"
    assert Limit(30).fit(headline) == "山禾纯棉圆领T恤，夏季薄款圆领短袖，面料柔软透气"


def test_an_ads_body_is_closed_and_its_headline_is_not():
    ad = get_kind("ad")
    fields = {"headline": "Silent Wireless Mouse, Three Devices, USB Receiver",
              "body": "Connects through USB receiver or Bluetooth, switches between three devices, adjustable DPI "
                      "from 800 to 2400."}
    assert ad.fit(fields, "search") == {
        "headline": "Silent Wireless Mouse",
        "body": "Connects through USB receiver or Bluetooth, switches between three devices."}


def test_copy_within_the_limit_is_left_as_it_is():
    assert Limit(40).fit("Stoneware mug, 350 ml, sage green") == "Stoneware mug, 350 ml, sage green"
    assert Limit(20, "width").fit("山禾纯棉圆领T恤") == "山禾纯棉圆领T恤"
