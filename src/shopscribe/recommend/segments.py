"""Shopper segments from behaviour and propensity: who is new, who hunts bargains, who is loyal to a category,
who is drifting away. Each segment is a prompts.Audience, so generation can write a variant for it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from shopscribe.prompts.audience import Audience
from shopscribe.recommend.interactions import Touch
from shopscribe.recommend.propensity import FEATURES, ProductInfo

NEW_DAYS = 14  # first seen this recently, nothing bought: a new visitor
AT_RISK_DAYS = 30  # bought before, silent this long: drifting away
BARGAIN_PRICE = 0.85  # touches products priced this far under their category's median, on average
LOYAL_PURCHASES = 2  # purchases in one category

PROFILES: dict[str, Audience] = {
    "new-visitors": Audience(
        name="new-visitors", label={"zh": "新访客", "en": "new visitors"},
        traits={"zh": ["第一次了解这个店铺和商品", "想先弄清楚商品是什么、适合谁", "在意售后和退换是否省心"],
                "en": ["getting to know the shop and the product", "want to know what it is and who it suits",
                       "care about easy returns and support"]}),
    "bargain-hunters": Audience(
        name="bargain-hunters", label={"zh": "精打细算的顾客", "en": "bargain hunters"},
        traits={"zh": ["比较价格", "在意性价比和耐用", "喜欢实在的用料和做工信息"],
                "en": ["compare prices", "care about value for money and durability", "like concrete material facts"]}),
    "high-intent": Audience(
        name="high-intent", label={"zh": "加购未下单的顾客", "en": "shoppers about to buy"},
        traits={"zh": ["已经把商品加入购物车", "还差一个下单的理由", "在意规格是否合适"],
                "en": ["already put it in the cart", "need one more reason to order", "check that the size or spec fits"]}),
    "at-risk": Audience(
        name="at-risk", label={"zh": "一段时间没来的老顾客", "en": "lapsed customers"},
        traits={"zh": ["以前买过", "有一阵子没来了", "想知道有什么值得回来看看"],
                "en": ["bought before", "have not been back for a while", "want a reason to come back"]}),
}


def loyal(category: str) -> Audience:
    slug = "-".join(re.findall(r"\w+", category.casefold()))[:56] or "category"
    return Audience(name=f"loyal-{slug}", label={"zh": f"{category}的老顾客", "en": f"loyal {category} buyers"},
                    traits={"zh": [f"多次购买{category}", "熟悉这类商品", "在意和已有商品的搭配与升级"],
                            "en": [f"have bought {category} more than once", "know this kind of product",
                                   "care how it pairs with or improves on what they own"]})


def assign(touches: Sequence[Touch], rows: dict[str, list[float]], products: dict[str, ProductInfo],
           scores: dict[str, float] | None = None) -> list[tuple[Audience, list[str]]]:
    """Each segment with its shoppers (a shopper may be in several), from FEATURES rows as of now and propensity;
    largest first, then by name."""
    f = {name: i for i, name in enumerate(FEATURES)}
    scores = scores or {}
    out: dict[str, list[str]] = defaultdict(list)
    bought_in: dict[str, Counter[str]] = defaultdict(Counter)
    for t in touches:
        if t.type == "purchase" and t.sku in products:
            bought_in[t.user][products[t.sku].category] += 1
    for user in sorted(rows):
        r = rows[user]
        if r[f["purchases"]] == 0 and r[f["tenure_days"]] <= NEW_DAYS:
            out["new-visitors"].append(user)
        if r[f["relative_price"]] <= BARGAIN_PRICE and r[f["views"]] + r[f["clicks"]] >= 2:
            out["bargain-hunters"].append(user)
        if r[f["carts_not_bought"]] > 0 and scores.get(user, 0.0) >= 0.3:
            out["high-intent"].append(user)
        if r[f["purchases"]] > 0 and r[f["recency_days"]] >= AT_RISK_DAYS:
            out["at-risk"].append(user)
        for category, n in bought_in[user].items():
            if n >= LOYAL_PURCHASES and category:
                out["loyal:" + category].append(user)
    segments = []
    for key, members in out.items():
        profile = loyal(key.removeprefix("loyal:")) if key.startswith("loyal:") else PROFILES[key]
        segments.append((profile.model_copy(update={"size": len(members)}), members))
    return sorted(segments, key=lambda s: (-len(s[1]), s[0].name))
