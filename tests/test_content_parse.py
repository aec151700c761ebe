"""Content kinds: replies are cleaned and parsed into each kind's fields; limits count like the channels."""

import pytest

from shopscribe.content.clean import OutputInvalid, clean_text, parse_reply
from shopscribe.channels import Limit, text_width
from shopscribe.content.kinds import KINDS, get_kind
from shopscribe.errors import UserError


@pytest.mark.parametrize("raw, expected", [
    ('Sure, here is a title:\n"Cotton Crew-Neck Tee, White"<|im_end|>', "Cotton Crew-Neck Tee, White"),
    ("标题：山禾纯棉圆领T恤 白色 夏季薄款", "山禾纯棉圆领T恤 白色 夏季薄款"),
    ("**Linen Shirt** for summer\nThis title is short and clear.", "Linen Shirt for summer"),
    ("「山禾纯棉T恤」", "山禾纯棉T恤"),
])
def test_title_is_the_first_clean_line(raw, expected):
    assert parse_reply(raw, KINDS["title"]) == {"text": expected}


@pytest.mark.parametrize("raw, expected", [
    ("当然！以下是商品描述：\n这款T恤采用100%棉。", "这款T恤采用100%棉。"),
    ("Here's a product description:\n\nSoft cotton tee.\n\n\n\nMachine washable.", "Soft cotton tee.\n\nMachine washable."),
    ("```\n# Cotton tee\nSoft.\n```", "Cotton tee\nSoft."),
    ("Silent Wireless Mouse\n\nA compact wireless mouse. It clicks quietly.", "A compact wireless mouse. It clicks quietly."),
    ("纯棉圆领T恤\n\n100%棉，亲肤透气。", "100%棉，亲肤透气。"),
    ("Soft cotton tee.\n\nMachine washable.", "Soft cotton tee.\n\nMachine washable."),
])
def test_description_loses_chat_artefacts_and_markdown(raw, expected):
    assert parse_reply(raw, KINDS["description"]) == {"text": expected}


def test_a_review_reply_keeps_its_greeting_line():
    raw = "亲爱的顾客\n\n很抱歉给您带来不便。"
    assert parse_reply(raw, KINDS["review-reply"]) == {"text": raw}


def test_bullets_parse_from_fenced_json_and_drop_hashes():
    raw = '```json\n{"bullets": ["100%棉，透气", "  白色和黑色两色 ", "#圆领设计"]}\n```'
    assert parse_reply(raw, KINDS["bullets"]) == {"bullets": ["100%棉，透气", "白色和黑色两色", "圆领设计"]}


@pytest.mark.parametrize("raw, message", [
    ('{"bullets": ["only one"]}', "field 'bullets': List should have at least 3 items"),
    ("no json here", "the reply is not a JSON object"),
    ('{"bullets": ["a", "b",]}', "the reply is not valid JSON"),
    ('{"headline": "Hi"}', "field 'body': Field required"),
])
def test_invalid_structured_replies_say_what_is_wrong(raw, message):
    kind = KINDS["ad"] if "headline" in raw else KINDS["bullets"]
    with pytest.raises(OutputInvalid, match=message):
        parse_reply(raw, kind)


def test_empty_reply_is_invalid():
    with pytest.raises(OutputInvalid, match="empty"):
        parse_reply("Sure, here is the description:\n<|im_end|>", KINDS["description"])


def test_rendered_text_per_kind_and_channel():
    assert KINDS["bullets"].render({"bullets": ["a", "b", "c"]}, "amazon") == "• a\n• b\n• c"
    assert KINDS["ad"].render({"headline": "H", "body": "B"}, "search") == "H\nB"
    assert KINDS["email"].render({"subject": "S", "body": "B"}, "newsletter") == "S\n\nB"
    social = {"text": "夏天穿", "hashtags": ["穿搭", "T恤"]}
    assert KINDS["social"].render(social, "weibo") == "夏天穿\n#穿搭# #T恤#"
    assert KINDS["social"].render(social, "xiaohongshu") == "夏天穿\n#穿搭 #T恤"


def test_taobao_title_width_counts_chinese_as_two():
    assert text_width("纯棉T恤") == 7
    limit = KINDS["title"].limits("taobao")["text"]
    assert limit == Limit(60, "width")
    assert limit.measure("汉" * 30) == 60 and limit.measure("汉" * 31) == 62
    assert limit.hint("zh") == "不超过30个汉字"
    assert KINDS["title"].limits("amazon")["text"].measure("a" * 200) == 200


def test_default_channel_per_language_and_unknown_channel():
    assert KINDS["title"].channel_for("zh", None) == "taobao"
    assert KINDS["title"].channel_for("en", None) == "amazon"
    with pytest.raises(UserError, match="kind 'title' has no channel 'tiktok'"):
        KINDS["title"].channel_for("en", "tiktok")
    with pytest.raises(UserError, match="unknown kind 'poem'"):
        get_kind("poem")


def test_clean_text_keeps_inner_quotes():
    assert clean_text('He said "soft" twice') == 'He said "soft" twice'
