"""Prompt-injection leakage: copy that echoes instructions, links, contact details or promotions not in the product data."""

from __future__ import annotations

import re

from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag

# Phrases that instruct a model or betray a chat frame. Catalog text carrying them is an injection
# attempt; copy carrying them leaked the attempt (or the prompt) into what would be published.
_INSTRUCTIONS = re.compile(
    r"(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+"
    r"(?:instructions?|prompts?|rules?|messages?)"
    r"|(?:new|updated)\s+instructions?\s*:"
    r"|system\s+prompt|you\s+are\s+(?:now\s+)?(?:a|an)\s+(?:ai|assistant|language\s+model)"
    r"|as\s+an\s+ai(?:\s+language\s+model)?"
    r"|</?\s*(?:product_data|review|system|instructions?)\s*>"
    r"|(?:忽略|无视|忘记|忘掉)(?:以上|上面|之前|前面|先前|上述|所有|全部)[^，。,.!！?？\n]{0,8}?(?:指令|指示|要求|规则|提示|内容)"
    r"|(?:只|仅)(?:输出|回复|回答)[：:]"
    r"|系统提示|提示词|作为(?:一个)?(?:AI|人工智能|语言模型)"
    r"|你现在是|请扮演",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)>\"']+"
    r"|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|cn|net|org|io|shop|store|xyz|top|example|info|biz|me|cc|co)\b(?:/[^\s，。；、]*)?",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"  # mainland mobile
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"  # landline
    r"|\+\d{1,3}[\s-]?\(?\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"  # international
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail
    r"|(?:加|添加)?(?:微信|薇信|威信|vx|v信|wx|weixin|wechat|qq|QQ群|whatsapp|telegram)(?:号|群)?\s*[:：]?\s*[A-Za-z0-9_-]{5,}",
    re.IGNORECASE,
)
# Promotions a shop must approve: copy that invents a discount or a deadline misleads buyers.
_PROMOTION = re.compile(
    r"全网最低价?|买一送一|买\d+送\d+|满\d+减\d+|限时(?:特价|抢购|折扣|优惠)?|秒杀|包邮|优惠券|领券|打[一二三四五六七八九\d](?:\.\d)?折"
    r"|\d+(?:\.\d+)?折(?:优惠)?|立减\d+|清仓|赠品|送礼品"
    r"|buy\s+now|free\s+shipping|\d+\s*%\s*off|discount\s+code|coupon|promo\s+code|limited[-\s]time|"
    r"buy\s+one,?\s+get\s+one|bogo|flash\s+sale|clearance",
    re.IGNORECASE,
)

KINDS = (
    ("instruction", _INSTRUCTIONS, "reads as an instruction to a model, not copy"),
    ("link", _URL, "a link that is not in the product data"),
    ("contact", _CONTACT, "contact details that are not in the product data"),
)


def untrusted_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of catalog text that must never reach a model as data to repeat: instructions, links, contacts."""
    return [(m.start(), m.end(), label) for label, pattern, _ in KINDS for m in pattern.finditer(text)]


def check(text: str, ctx: GateContext) -> list[Flag]:
    source = ctx.source.lower()
    flags = []
    for label, pattern, why in KINDS:
        for m in pattern.finditer(text):
            # An instruction is never copy; a link or number the shop put in its own data may be.
            if label != "instruction" and m.group(0).lower() in source:
                continue
            flags.append(Flag("injection", "block", m.start(), m.end(), m.group(0), f"{why}; remove it"))
    for m in _PROMOTION.finditer(text):
        if m.group(0).lower() in source:
            continue
        # Without a product we cannot tell an invented promotion from a real one: warn only.
        severity = "block" if ctx.product else "warn"
        flags.append(Flag("injection", severity, m.start(), m.end(), m.group(0),
                          "a promotion that is not in the product data; only the shop may announce offers"))
    return flags
