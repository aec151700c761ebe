"""Prices in copy against the product's price: prices without a unit (到手79, "only 29"), in words (一百二十九元,
"twelve dollars and fifty cents"), under a bound ("under $60"), reference prices and savings the data does not
state (原价199, "30% off the usual price"), and the arithmetic that is no contradiction: the price over the
instalments the data offers (每期约108元 on 分12期) or over the pieces of a pack ("$12 a pair" of 3 pairs at $36).

Decision: a reference price or saving blocks unless the data states one (its number, or a reference-price word);
the formal price checks with a currency are facts._check_prices'.
"""

from __future__ import annotations

import re

from shopscribe.quality.align import _num, flag, unsupported
from shopscribe.quality.report import Flag
from shopscribe.quality.units import EN_BIG_TAIL, EN_SMALL, TENS, UNIT_RE, cn_int, en_words_int, parse_number, word_int

# 功率才25瓦 is a power, not a price: any unit the fact check reads (units.txt) ends a bare number's claim to be one.
# A spoken amount after a price word is a price when the clause ends or a round-figure word follows (到手四千出头).
_BARE_PRICE_ZH = re.compile(r"(?:到手价?|只要|仅需|仅售|仅|售价|现价|活动价|券后价?|才|就能入手|入手价|一口价)\s*(?:只要|仅需|也就|才)?\s*"
                            r"(?P<n>\d+(?:\.\d+)?|(?<=[到价要需售仅才手])[一二两三四五六七八九十百千零]{2,}"
                            r"(?=出头|挂零|[，。！？,.!?\s]|$))"
                            rf"(?![\d.]|\s*(?:元|块|¥|%|折|件|个|包|袋|天|年|种|色|只|瓶|盒|套|{UNIT_RE}))")
# An amount before the words for buying it is its price, unit or none: 三千五就能搬回家, 不到两百五就能拿下,
# 不到一千九就能把这台唱机带回家.
_PRICE_BEFORE_BUY_ZH = re.compile(r"(?<![\d.一二两三四五六七八九十百千万零])(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千万零]{2,})"
                                  r"(?=(?:元|块钱?)?(?:出头|多)?\s*(?:就能|就可以|便能|就|即可)\s*(?:把它|把这[台个件款套只把][\u4e00-\u9fff]{0,4}?)?"
                                  r"(?:拿下|入手|带回家|搬回家|抱回家|买回家|买到|到手))")
_MEASURE = "个件只袋包盒斤天罐瓶支条双片份杯箱套张本台次位人克卷块"
_SPOKEN_PRICE_ZH = re.compile(r"(?P<n>\d+)块(?P<j>\d)(?!\d)|(?P<cn>[一二两三四五六七八九十百千零]+)(?:元|块钱|块"
                              # 八十九块九 is 89.9, 八十九块九毛 too; 368元一罐 is a price per jar
                              rf"(?:(?P<cj>[一二三四五六七八九])(?:毛|角)?(?![{_MEASURE}]))?)")
# 一只才一毛钱, 五毛一个: dimes said alone, a share of the price when a piece or measure is near
_MAO = re.compile(r"(?<![\d一二两三四五六七八九十百千块元])(?P<n>[一二两三四五六七八九])\s*(?:毛|角)(?:钱)?(?![\u4e00-\u9fff]?[一二三四五六七八九])")
# ('Only 29.': the full stop ends a bare figure; after a dollar sign, 'just $19.99.' is claims.prices' to read)
_BARE_PRICE_EN = re.compile(r"\b(?:just|only|now|for|yours\s+for|all\s+yours\s+for)\s+(?:\$(?P<d>\d+(?:\.\d{1,2})?)(?![\d.%]|,\d)|"
                            r"(?P<n>\d+(?:\.\d{1,2})?)(?![\d%]|[.,]\d))"
                            r"(?!\s*(?:-|–)?\s*(?:oz|ounces?|g|grams?|lb|ml|l|litres?|liters?|cm|mm|in|inch|ft|hours?|days?|"
                            r"years?|months?|pack|pcs|pieces?|pages?|sheets?|servings?|count|sq|feet|x|%|w\b|watts?)"
                            rf"|\s*(?:{UNIT_RE})(?![A-Za-z]))", re.IGNORECASE)
_WORD_PRICE_EN = re.compile(r"\b(?P<w>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
                            r"seven|eight|nine))?|ten|eleven|twelve|fifteen|nineteen)\s+(?:dollars|bucks)\b"
                            # 'twelve dollars and fifty cents' is 12.50, not twelve dollars
                            r"(?:\s+and\s+(?P<c>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ][a-z]+)?|"
                            r"ten|fifteen|[a-z]+)\s+cents\b"
                            # 'twelve dollars fifty'
                            r"|\s+(?P<c2>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
                            r"five|six|seven|eight|nine))?|ten|fifteen)\b(?!\s+(?:dollars|percent|%)))?|\b(?P<n>\d+)\s+bucks\b",
                            re.IGNORECASE)
_PRICE_SAID = re.compile(r"到手|只要|仅需|仅售|售价|现价|活动价|券后|一口价|入手")
_BOUND_AFTER = re.compile(r"\s*(?:不到|以内|以下|之内)")
_PER_WEIGHT = re.compile(r"(?:一|每)(?:斤|公斤|千克|两|克)|\b(?:a|per|an)\s+(?:pound|lb|ounce|oz|kilo|kg|gram)\b", re.IGNORECASE)
# (每期不到一百五: a spoken amount too)
_UNDER = re.compile(r"(?:不到|低于|不足|不超过|under|less\s+than|below)\s*(?:\$|¥|￥)?\s*"
                    r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]{2,}(?![\u4e00-\u9fff]))\s*(?:元|块)?", re.IGNORECASE)
# (4S店里换要四百多: what another seller charges is a reference price too)
# (以前卖三百九，现在只要二百五十九: a price it was sold at before is a former price the data must show)
_REFERENCE = re.compile(r"(?:原价|市场价|专柜价|吊牌价|划线价|指导价|零售价|门店价|日常价|平时(?:要|卖|都要|都卖)?|平常(?:要|卖)?|"
                        r"(?:以前|之前|原来|过去|上个月|去年)(?:都)?(?:要|卖|卖到|要卖)|"
                        r"(?:4S店|专柜|实体店|商场|线下店|外面)[\u4e00-\u9fff]{0,4}?(?:要|卖|得)|\bwas|\boriginally|regular(?:ly)?\s+(?:price[ds]?\s+)?"
                        r"(?:at\s+)?|list\s+price|compare\s+at|msrp|retail(?:s)?\s+(?:for|at)?)\s*(?:[:：]\s*)?(?:\$|¥|￥)?\s*"
                        r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]{2,}(?=多|元|块|$|[^\u4e00-\u9fff]))", re.IGNORECASE)


# A saving measured against a price the data must then state: '30% off the usual price', 比原价省了七十块.
_SAVING = re.compile(r"\d+(?:\.\d+)?\s?%\s*off\s+(?:the\s+|our\s+)?(?:usual|regular|normal|original|list|retail|full)\s+price"
                     # 'about half of what it usually sells for'
                     r"|\b(?:half|a\s+third|a\s+quarter)\s+(?:of\s+)?what\s+(?:it|they|this)\s+(?:usually|normally|typically)\s+(?:sells?|goes|costs?)\b"
                     r"|(?:save|saving|savings\s+of)\s+\$?\d+(?:\.\d+)?%?\s+(?:off|on|from)\s+(?:the\s+|our\s+)?"
                     r"(?:usual|regular|normal|original|list|retail)\s+price"
                     r"|\b\d+(?:\.\d+)?\s?%\s*off\b(?!\s+(?:the\s+)?(?:second|2nd|next|your\s+next|orders?|when))"
                     r"|(?:比|较)(?:原价|日常价|平时|平常|专柜价?|市场价|吊牌价)(?:整整|足足)?(?:便宜|省|低|少)了?(?:整整|足足|足有)?[\d一二两三四五六七八九十百千]+"
                     r"|(?:原价|日常价)(?:基础)?上?(?:再)?(?:打|便宜|省|减)了?[\d一二两三四五六七八九十百千.]+", re.IGNORECASE)
_REFERENCE_IN_DATA = re.compile(r"原价|日常价|吊牌价|划线价|市场价|专柜价|list\s+price|regular|compare\s+at|msrp|was\b|"
                                r"original\s+price|retail\s+price", re.IGNORECASE)


_BIG_PRICE_EN = re.compile(rf"\b(?P<w>(?:{EN_SMALL}|a)\s+(?:thousand|hundred){EN_BIG_TAIL})\s+(?:dollars|bucks)\b",
                           re.IGNORECASE)


# A price read the way it is said, dollars then cents with no unit: 'Only nineteen ninety-nine.' (19.99). Only after a
# price word and at the clause's end, where nothing else could follow it.
_TEENS_AND_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|" \
                  r"fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
_SAID_DOLLARS_CENTS = re.compile(rf"\b(?:only|just|now|for|yours\s+for)\s+(?P<d>{_TEENS_AND_TENS}|one|two|three|four|five|six|"
                                 rf"seven|eight|nine)\s+(?P<c>{_TEENS_AND_TENS})(?=\s*(?:[.!,;]|$))", re.IGNORECASE)


# Cents, and a few dollars in words, said as what a share of the price costs: 'about 90 cents an ounce', 'About a dollar a
# can', 'Less than two dollars per 100 ml', 'only 99 cents' (not 'we give 10 cents to charity')
_SMALL_MONEY_EN = re.compile(rf"(?<![\w.,$])(?:(?P<c>\d{{1,2}}|{_TEENS_AND_TENS}|one|two|three|four|five|six|seven|eight|nine)"
                             rf"\s?(?:cents?\b|¢)|(?P<d>an?|one|two|three|four|five|six|seven|eight|nine)\s+(?:dollars?|bucks?)\b"
                             rf"(?:\s+(?:and\s+)?(?P<t>{_TEENS_AND_TENS})\b(?:\s+cents?\b)?(?!\s+(?:dollars|percent|%)))?)",
                             re.IGNORECASE)
_AS_A_COST = re.compile(r"\s+(?:a|an|per|each|every)\b", re.IGNORECASE)
_COST_BEFORE = re.compile(r"\b(?:only|just|costs?|for|at|is|are|about|around|roughly)\s+$", re.IGNORECASE)


def _small_money(text: str) -> list[tuple[int, int, float]]:
    out = []
    for m in _SMALL_MONEY_EN.finditer(text):
        if _AS_A_COST.match(text, m.end()) or _COST_BEFORE.search(text[max(0, m.start() - 16):m.start()]):
            c = m.group("c")
            v = (int(c) if c.isdigit() else _words_to_int(c)) / 100 if c else \
                (1.0 if m.group("d").lower() in ("a", "an") else float(_words_to_int(m.group("d")))) + \
                (_words_to_int(m.group("t")) / 100 if m.group("t") else 0.0)  # 'a dollar forty'
            out.append((m.start(), m.end(), v))
    return out


def _words_to_int(words: str) -> int:
    parts = re.split(r"[- ]", words.lower())
    v = TENS.get(parts[0], 0) or word_int(parts[0]) or 0
    if len(parts) > 1:
        v += word_int(parts[1]) or 0
    return v


def _word_price(m: re.Match[str]) -> float | None:
    if m.group("n"):
        return float(m.group("n"))
    cents = _words_to_int(m.group("c") or m.group("c2")) if m.group("c") or m.group("c2") else 0
    return _words_to_int(m.group("w")) + cents / 100


_PERIODS = re.compile(r"(\d+)\s*(?:期|个月|months?|(?:monthly\s+|interest[- ]free\s+)?(?:payments|instal?lments)|interest[- ]free)",
                      re.IGNORECASE)  # 'Installments: 4 interest-free' names the count before the plan's kind
_PER_PERIOD = re.compile(r"每期|每月|月供|/期|/月|per\s+month|a\s+month|/mo\b|monthly|each\s+payment|per\s+payment"
                         r"|(?:instal?lments?|payments|chunks|portions)\s+of",  # 'Pay it off in 4 chunks of $44.75'
                         re.IGNORECASE)


def _instalments(source: str) -> set[int]:
    """The instalment counts the data offers (分期: 支持12期免息, '4 interest-free payments')."""
    if not re.search(r"分期|免息|instal?lment|payments|pay\s+in|klarna|afterpay|affirm", source, re.IGNORECASE):
        return set()
    return {int(n) for n in _PERIODS.findall(source) if 1 < int(n) <= 60}


def _offered_periods(text: str, a: int, b: int, source: str) -> set[int]:
    """The instalment counts the data offers, when the amount at text[a:b] is said per period ("four interest-free
    installments of about $32", 每期约108元)."""
    return _instalments(source) if _PER_PERIOD.search(text[max(0, a - 24):b + 12]) else set()


# '$12 a pair' of a 3-pair pack, 一条合十块, '$15 a bottle in the 3-pack': the price shared over the pieces.
_PER_PIECE = re.compile(r"\b(?:a|per|each)\s+(?:pair|piece|bottle|can|jar|pack|bar|roll|box|bag|one|unit|item|set|wrap|pod|tin|carton|pouch|tube|sachet|packet|cup|stick|capsule|cartridge|refill|sheet|glass|drink|serving|portion|slice|meal|bowl)\b"
                        r"|\bapiece\b|\beach\b|每(?:个|件|条|只|双|瓶|支|片|盒|袋|包|罐|卷)|一(?:个|件|条|只|双|瓶|支|片|盒|袋|包|罐|卷)合?"
                        r"|合(?:每|一)?|均摊|折合", re.IGNORECASE)


# '$5 an arrow' on a 12-pack of arrows: a price per one of the things the product data names.
_PER_NAMED = re.compile(r"\s*(?:a|an|per|each)\s+([a-z]{3,})\b", re.IGNORECASE)


def _shared(text: str, a: int, b: int, source: str) -> bool:
    """Is the amount at text[a:b] said per piece: a piece word near it, or 'a/per <thing>' the data names?"""
    if _PER_PIECE.search(text[max(0, a - 24):b + 12]):
        return True
    named = _PER_NAMED.match(text, b)
    return bool(named) and re.search(rf"\b{re.escape(named.group(1).lower()[:4])}", source.lower()) is not None


def with_keys(source: str, attrs: dict[str, str]) -> str:
    """The product's text with each attribute as 'key: value': a key names an instalment plan as often as its value
    does (Installments: 4 interest-free)."""
    return source + "\n" + "\n".join(f"{k}: {v}" for k, v in attrs.items())


def per_period(text: str, a: int, b: int, value: float, price: float, source: str) -> bool:
    """每期约108元 on 分12期免息 at 1299: the price divided by an instalment count the data offers, rounded as copy
    rounds it, said as a per-period amount; or shared over the pieces of a pack ('$12 a pair' of 3 pairs at $36)."""
    parts = _offered_periods(text, a, b, source)
    if _shared(text, a, b, source):
        parts |= {int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})(?![\d.])", source) if 1 < int(n) <= 48}
    # rounded as copy rounds: to the yuan or dollar on large shares, to the cent on small ones ('ten cents an ounce' is
    # no rounding of 14 cents)
    if any(abs(value - price / n) <= max(0.01, min(1.0, 0.03 * value)) for n in parts):
        return True
    # '$40.50 when you subscribe' on 'Subscribe & Save: 10% off': the price less a discount the data states
    return any(abs(value - price * (1 - float(p) / 100)) <= 0.01 * price
               for p in re.findall(r"(\d{1,2}(?:\.\d+)?)\s?%\s*(?:off|discount|折扣|优惠)", source, re.IGNORECASE))


# A price said as a bound or a round figure: 不到四千块 (3999), 'just under fifty bucks' (49.99), 三块多 (3.3).
_PRICE_UNDER = re.compile(r"(?:不到|不足|低于|不超过|under|less\s+than|below)\s*$", re.IGNORECASE)
_PRICE_OVER = re.compile(r"(?:超过|高于|over|more\s+than)\s*$", re.IGNORECASE)
_PRICE_JUST_OVER = re.compile(r"^(?:多(?!少)|出头|挂零)")
# Money the data states besides the price: a member price, a multi-buy, a coupon ('$10 off'), 满99减10.
_MONEY_IN_DATA = re.compile(r"[$¥￥]\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:元|块)")
_OFF = re.compile(r"off|减|立减|优惠|券|coupon|rebate", re.IGNORECASE)
# A price per unit of weight or volume: 一斤才三块多, 'twelve dollars a pound', 每升不到十块.
# 一百克差不多一百块 is the price of a hundred grams: a spoken count after 一 (not 一 alone: 一斤 is one of the unit)
_PER_MEASURE = re.compile(r"(?:一(?=[百千])|每|合每|\ban?\s|\bper\s|/\s?)(?P<n>\d+\s?|[一二两三四五六七八九]?[百千])?"
                          r"(?P<u>斤|公斤|千克|kg|克|升|L|毫升|ml|pound|lb|ounce|oz|liter|litre|gallon|kilo)"
                          r"|一(?P<u2>斤|公斤|千克|kg|克|升|L|毫升|ml)", re.IGNORECASE)


def _fits(v: float, target: float, bound: str | None) -> bool:
    if bound == "under":
        return target < v + 0.005
    if bound == "over":
        return target > v - 0.005
    if bound == "just_over":  # 三百多: under the next round figure
        return v - 0.005 <= target <= v * 1.35
    if bound == "a_bit_over":  # 三百出头, 四千挂零: a little over, not 399
        return v - 0.005 <= target <= v * 1.2
    return abs(v - target) <= max(0.01, 0.01 * v)


# Area, which the units module does not measure: 'about $1.46 a square foot' of a roll covering 24 sq ft, 每平米.
_SQ_FT = r"sq\.?\s*(?:ft|feet|foot)|square\s+(?:feet|foot)|ft²"
_SQ_M = r"㎡|平方米|平米|平方|m²|sq\.?\s*m\b|square\s+met(?:er|re)s?"
_PER_AREA = re.compile(rf"(?:一|每|\ba\s|\bper\s|/\s?)(?:(?P<ft>{_SQ_FT})|(?P<m>{_SQ_M}))", re.IGNORECASE)
_AREA_IN_DATA = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<ft>{_SQ_FT})|(?P<m>{_SQ_M}))", re.IGNORECASE)
_SQ_FT_PER_SQ_M = 10.7639


def _per_area(text: str, a: int, b: int, price: float, source: str) -> list[float]:
    """The price over each area the data says the product covers, in the area unit the copy names."""
    m = _PER_AREA.search(text[max(0, a - 10):b + 20])
    if not m:
        return []
    out = []
    for d in _AREA_IN_DATA.finditer(source):
        area = float(d.group("n"))
        if bool(m.group("ft")) != bool(d.group("ft")):  # the copy's unit against the data's
            area = area * _SQ_FT_PER_SQ_M if d.group("m") else area / _SQ_FT_PER_SQ_M
        if area > 0:
            out.append(price / area)
    return out


def _per_measure(text: str, a: int, b: int, price: float, source: str) -> list[float]:
    """The price over the product's weight or volume (or area) in the unit the copy names near the amount."""
    from shopscribe.quality.units import find_quantities, unit_of

    if area := _per_area(text, a, b, price, source):
        return area
    m = _PER_MEASURE.search(text[max(0, a - 10):b + 16])
    said = (m.group("u") or m.group("u2")) if m else ""
    unit = unit_of({"pound": "lb", "ounce": "oz", "kilo": "kg", "liter": "L", "litre": "L"}.get(said.lower(), said)) \
        if m else None
    if unit is None:
        return []
    # '$2.50 per 100 ml', 一百克: the price of a hundred of the unit
    n = (m.group("n") or "").strip()
    per = float(n) if n.isdigit() else float(cn_int(n) or 1) if n else 1.0  # cn_int reads 百 alone as 100
    found = find_quantities(source)
    if unit.dim == "mass" and said.lower() in ("ounce", "oz") and not any(q.dim == "mass" for q in found):
        unit = unit_of("fl oz") or unit  # 'cents an ounce' of a 32 fl oz bottle of soap: a fluid ounce
    return [price * per / (q.value / unit.factor) for q in found
            if q.dim == unit.dim and q.value / unit.factor >= 0.1 * per and q.low is None]  # 250g is half a 斤


_THRESHOLD_OFF = re.compile(r"满\s*(\d+(?:\.\d+)?)\s*(?:元|块)?\s*减\s*(\d+(?:\.\d+)?)")


# 'Subscribe & Save: 5%', 会员折扣: 5%: a share off the price that the data offers
_PERCENT_OFF = re.compile(r"(?:save|subscribe|discount|off|member|会员|折扣|优惠|立减)[^\n:：]{0,20}[:：]?\s*(\d{1,2}(?:\.\d+)?)\s*%",
                          re.IGNORECASE)


def _stated_amounts(source: str, price: float) -> set[float]:
    # 满300减30 at 329: the price less what a threshold coupon the data offers takes off
    out = {round(price - float(m.group(2)), 2) for m in _THRESHOLD_OFF.finditer(source) if price >= float(m.group(1))}
    out |= {round(price * (1 - float(m.group(1)) / 100), 2) for m in _PERCENT_OFF.finditer(source)}
    for m in _MONEY_IN_DATA.finditer(source):
        v = float(m.group(1) or m.group(2))
        out.add(v)
        if _OFF.search(source[m.end():m.end() + 12] + source[max(0, m.start() - 6):m.start()]) and v < price:
            out.add(round(price - v, 2))  # '$49.99 once you clip the coupon' on 'Coupon: $10 off' at 59.99
    return out


def fits(text: str, a: int, b: int, v: float, price: float, source: str) -> bool:
    """Is the amount the copy says at text[a:b] the product's price as copy may say it: the price itself, a bound it
    lies within (不到四千 at 3999), a share of it (per instalment, per piece, per 斤 or pound), or money the data
    states (a member or multi-buy price, the price less a coupon)?"""
    if abs(v - price) < 0.005 or per_period(text, a, b, v, price, source):
        return True
    if _BOUND_AFTER.match(text[b:]) and price < v:
        return True  # 两千块不到 at 1999: a bound the price is inside, not the price
    before = text[max(0, a - 14):a]
    over = _PRICE_JUST_OVER.match(text[b:]) or _PRICE_JUST_OVER.match(text[b - 2:b])
    bound = "under" if _PRICE_UNDER.search(before) else "over" if _PRICE_OVER.search(before) else \
        None if not over else "just_over" if over.group().startswith("多") else "a_bit_over"
    shares = _per_measure(text, a, b, price, source) or _per_serving(text, a, b, price, source) or \
        _per_piece(text, a, b, price, source) or _per_instalment(text, a, b, price, source)
    if shares:  # or money the data states ('$24.69 a box' with Subscribe & Save: 5%)
        return any(_fits(v, t, bound) for t in shares) or any(abs(v - t) < 0.005 for t in _stated_amounts(source, price))
    # 'All four come to $556' at 139 each: the price times a count the sentence gives
    sentence = re.split(r"[。！？!?\n]|(?<!\d)\.(?!\d)", text[:a])[-1] + text[a:b] + re.split(r"[。！？!?\n]", text[b:])[0]
    if any(_fits(v, price * n, bound) for n in _counts_said(sentence)):
        return True
    return _fits(v, price, bound) or any(abs(v - t) < 0.005 for t in _stated_amounts(source, price))


def _counts_said(sentence: str) -> set[int]:
    return {n for w in re.findall(r"\b(?:all|the|for|of)\s+([a-z]+|\d{1,2})\b|([两二三四五六七八九十百]+|\d{1,3})(?:个|件|只|条|套|瓶|盒|袋|双|枚|颗|粒|片)",
                                   sentence, re.IGNORECASE) for x in w if x and (n := word_int(x) or cn_int(x) or 0) > 1}


def _per_instalment(text: str, a: int, b: int, price: float, source: str) -> list[float]:
    """每期不到三百块 on 分12期 at 3299: the price over each instalment count the data offers, for a bound to hold."""
    return [price / n for n in _offered_periods(text, a, b, source)]


def _own_counts(text: str, a: int, b: int, source: str) -> set[int]:
    """'$7 a bag' of 'Pack: 3 bags × 6 L': the data's count of the very thing the amount is per, when it gives one."""
    named = _PER_NAMED.match(text, b) or re.search(r"\b(?:a|per|each)\s+([a-z]{3,})\b", text[max(0, a - 24):a], re.IGNORECASE)
    word = named.group(1).lower().rstrip("s") if named else ""
    return {n for x in re.findall(rf"(?<![\d.])(\d{{1,3}})\s*{re.escape(word)}(?:s|es)?\b", source, re.IGNORECASE)
            if (n := int(x)) > 1} if len(word) >= 3 else set()


# 'About 22 cents a serving' of 180 tablets at 2 a serving, 'that's 80 cents a day' of 60 gummies at 2 a day
_PER_SERVING = re.compile(r"\s*(?:a|an|per|each|every)\s+(?:serving|day|dose|scoop|night|portion)\b", re.IGNORECASE)


def _per_serving(text: str, a: int, b: int, price: float, source: str) -> list[float]:
    """The price over the servings the data's counts give: the whole count over the count taken at a time, of the
    same thing (Count: 180 tablets, Serving size: 2 tablets)."""
    if not _PER_SERVING.match(text, b):
        return []
    counted = [(int(n), w.lower().rstrip("s")) for n, w in re.findall(r"(?<![\d.])(\d{1,4})\s*([a-z]{3,})", source, re.IGNORECASE)]
    return [price * few / many for many, w in counted for few, w2 in counted if w == w2 and 0 < few < many]


def _per_piece(text: str, a: int, b: int, price: float, source: str) -> list[float]:
    if not _shared(text, a, b, source):
        return []
    counts = _own_counts(text, a, b, source) or \
        {int(x) for x in re.findall(r"(?<![\d.])(\d{1,2})(?![\d.])", source) if 1 < int(x) <= 48}
    # 一只才三毛 of 每包数量: 100只: the data's count of the very piece the copy prices, however large
    piece = re.search(r"(?:一|每)([个件条只双瓶支片盒袋包罐卷])", text[max(0, a - 12):b + 6])
    measure = "[个只件]" if piece and piece.group(1) in "个只件" else piece.group(1) if piece else ""  # 一个袋子 of 100只
    counts |= {int(x) for x in re.findall(rf"(\d+)\s*{measure}", source) if int(x) > 1} if piece else set()
    # 三百六十九块能孵五十六枚蛋，一个蛋位不到七块: a larger count the copy says and the data states
    sentence = re.split(r"[。！？!?\n]", text[:a])[-1] + text[a:b] + re.split(r"[。！？!?\n]", text[b:])[0]
    stated = {float(x) for x in re.findall(r"\d+", source)}
    counts |= {n for n in _counts_said(sentence) if n in stated}
    return [price / n for n in counts]


# Free shipping the data ties to a threshold the price does not reach: '79块钱还包邮' on 满99元包邮.
# and in other words: 运费全免, 'delivery won't cost you a cent', 'no shipping charge'
_FREE_SHIPPING = re.compile(r"包邮|免运费|免邮|运费全免|不收运费|免费配送|免配送费|运费(?:我们|商家|店家|卖家)(?:出|包|承担)|"
                            r"free\s+(?:shipping|delivery)|ships?\s+free|deliver(?:s|ed|y)?\s+(?:is\s+)?free|"
                            r"(?:delivery|shipping)\s+(?:won'?t|doesn'?t|will\s+not|does\s+not)\s+cost\s+(?:you\s+)?"
                            r"(?:a\s+(?:cent|penny|dime|thing)|anything|a\s+single\s+cent|extra)|"
                            r"no\s+(?:shipping|delivery)\s+(?:fees?|charges?|costs?)|(?:shipping|delivery)(?:'s|\s+is)\s+(?:free|on\s+us)",
                            re.IGNORECASE)
# ('Shipping: Free on orders over $35': the key says what is free)
_THRESHOLD = re.compile(r"满\s*(\d+(?:\.\d+)?)\s*(?:元|块)?\s*(?:包邮|免运费|免邮)|(?:free\s+shipping|ships?\s+free|shipping[:：]\s*free)[:：]?\s+(?:on\s+)?"
                        r"(?:orders?\s+)?(?:over|above|of|from)\s+\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)", re.IGNORECASE)
_ORDER_TOPPED_UP = re.compile(r"满|凑单|凑够|加购|orders?\s+(?:over|above|of)|when\s+you\s+(?:spend|add)|two|2件|两件", re.IGNORECASE)


# A multi-buy offer is a price claim too: 买二送一, 第二件半价, 'Buy two, get the third free', BOGO. The data must offer
# one; when it does, the numbers the copy gives must be among the data's.
_OFFER = re.compile(r"买\s*(?P<a>\d+|[一二两三四五])\s*(?:件|支|瓶|个|盒|包|袋|罐|双|套)?\s*(?:送|赠|再送)\s*(?P<b>\d+|[一二两三四五])(?:件|支|瓶|个|盒|包|袋|罐|双|套)?"
                    r"|第\s*(?:[二三2-3])\s*(?:件|支|瓶|个|盒|份)\s*(?:半价|免费|0元|[一二三四五六七八九\d]折)"
                    r"|\bbuy\s+(?P<c>one|two|three|four|\d+)\s*,?\s*(?:and\s+)?get\s+(?:(?:the|a|your)\s+)?"
                    r"(?P<d>one|two|three|fourth|third|second|another|\d+(?:st|nd|rd|th)?)\s*(?:one\s+)?(?:free|half[- ]off|for\s+free|at\s+half)"
                    r"|\bbogo\b|\b(?:second|2nd|third|3rd)\s+(?:one|pair|bottle|item)?\s*(?:free|half[- ](?:off|price))", re.IGNORECASE)
_ORDINAL = ("second", "third", "fourth", "another")


def _offer_terms(m: re.Match[str]) -> tuple[str, ...]:
    """What an offer gives for what: 买二送一 and 'Buy two, get the third free' are both (2, 1); BOGO is (1, 1);
    第二件半价 is its own words."""
    if m.group("a"):
        return str(_num(m.group("a"))), str(_num(m.group("b")))
    if m.group("c"):
        d = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", m.group("d").lower())
        # 'get the third free' after 'buy two' is one more; 'get 2 free' is two
        got = 1.0 if d in _ORDINAL or m.group("d")[-2:].lower() in ("st", "nd", "rd", "th") and d.isdigit() else _num(d)
        return str(_num(m.group("c"))), str(got)
    if re.fullmatch(r"bogo", m.group(), re.IGNORECASE):
        return "1.0", "1.0"
    return (re.sub(r"\s+", "", m.group().lower()),)


def _offers(text: str, source: str, lang: str) -> list[Flag]:
    offered = {_offer_terms(m) for m in _OFFER.finditer(source)}
    flags = []
    for m in _OFFER.finditer(text):
        if _offer_terms(m) in offered:
            continue
        flags.append(flag(m.start(), m.end(), text, unsupported(lang, m.group(), "这个买赠或多件优惠" if lang == "zh"
                                                                else "this multi-buy offer")))
    return flags


# An instalment plan the data does not offer: 分六期免息 of 支持3期免息, '12 interest-free payments' of 4.
_PLAN_SAID = re.compile(r"(?:分|支持|可分|享)(?P<n>\d+|[两二三四五六七八九十]+)期|(?P<z>\d+|[两二三四五六七八九十]+)期(?:免息|分期|付款)"
                        r"|\b(?P<e>\d+|two|three|four|five|six|eight|ten|twelve|eighteen|twenty-four)\s+(?:interest[- ]free\s+)?"
                        r"(?:monthly\s+)?(?:payments|instal?lments)\b", re.IGNORECASE)


def _plans(text: str, source: str, lang: str) -> list[Flag]:
    offered = _instalments(source)
    flags = []
    for m in _PLAN_SAID.finditer(text) if offered else ():
        n = _num(m.group("n") or m.group("z") or m.group("e"))
        if n is not None and 1 < n <= 60 and int(n) not in offered:
            flags.append(flag(m.start(), m.end(), text, unsupported(lang, m.group(), "这个分期期数" if lang == "zh"
                                                                    else "this instalment plan")))
    return flags


def _shipping(text: str, price: float, source: str, lang: str) -> list[Flag]:
    m = _FREE_SHIPPING.search(text)
    t = _THRESHOLD.search(source)
    if not m or not t or _ORDER_TOPPED_UP.search(text) or price >= float((t.group(1) or t.group(2)).replace(",", "")):
        return []
    return [flag(m.start(), m.end(), text, f"文案写“{m.group()}”，但商品资料写的是“{t.group()}”，价格{price:g}未达门槛"
                 if lang == "zh" else f'says "{m.group()}" but the data says "{t.group()}", above the price {price:g}')]


def _share_near(text: str, m: re.Match[str]) -> bool:
    """A measure or a piece named beside a small amount (一斤才三块多, 一只才一毛钱): the amount is a share of the price."""
    near = text[max(0, m.start() - 12):m.end() + 6]
    return bool(_PER_MEASURE.search(near) or _PER_PIECE.search(near))


def check(text: str, product: dict, source: str, lang: str) -> list[Flag]:
    raw = product.get("price")
    price = parse_number(str(raw)) if raw not in (None, "") else None
    if price is None:
        return []
    label = "价格" if lang == "zh" else "price"
    shown = f"{raw} {product.get('currency') or ''}".strip()
    attrs = product.get("attributes")
    source = with_keys(source, attrs if isinstance(attrs, dict) else {})
    numbers_in_source = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", source)}
    flags = _shipping(text, price, source, lang) + _offers(text, source, lang) + _plans(text, source, lang)
    refs = []
    for m in _REFERENCE.finditer(text):
        refs.append((m.start(), m.end()))
        v = _num(m.group("n")) or 0.0
        if abs(v - price) > 0.005 and v not in numbers_in_source:
            flags.append(flag(m.start(), m.end(), text,
                               unsupported(lang, m.group(), "这个原价或参考价" if lang == "zh" else "this former or reference price")))
    candidates: list[tuple[int, int, float]] = []
    for rx in (_BARE_PRICE_ZH, _BARE_PRICE_EN):
        for m in rx.finditer(text):
            n = m.group("n") or m.groupdict().get("d")  # 到手才一百五十九: a spoken price with no unit after a price word
            if not n[0].isdigit() and not _PRICE_SAID.search(m.group()):
                continue  # 刀身才三两六 is a weight: 才 alone does not make a spoken number a price
            v = _num(n) or 0.0
            if v:
                candidates.append((m.start(), m.end(), v))
    for m in _PRICE_BEFORE_BUY_ZH.finditer(text):
        v = _num(m.group("n")) or 0.0
        if v and not any(a <= m.start() < b for a, b, _ in candidates):
            candidates.append((m.start(), m.end(), v))
    for m in _SPOKEN_PRICE_ZH.finditer(text):
        if m.group("cn"):
            v = cn_int(m.group("cn"))
            if v is None or (v < 5 and not _share_near(text, m)):
                continue  # 三块 alone is rarely a price; 一斤才三块多 is one
            candidates.append((m.start(), m.end(), v + (cn_int(m.group("cj")) or 0) / 10 if m.group("cj") else float(v)))
        else:
            candidates.append((m.start(), m.end(), float(m.group("n")) + int(m.group("j")) / 10))
    for m in _MAO.finditer(text):
        if _share_near(text, m) and not any(a <= m.start() < b for a, b, _ in candidates):
            candidates.append((m.start(), m.end(), (cn_int(m.group("n")) or 0) / 10))
    for m in _BIG_PRICE_EN.finditer(text):
        v = en_words_int(m.group("w"))
        if v:
            candidates.append((m.start(), m.end(), float(v)))
    for m in _SAID_DOLLARS_CENTS.finditer(text):
        candidates.append((m.start("d"), m.end(), _words_to_int(m.group("d")) + _words_to_int(m.group("c")) / 100))
    for m in _WORD_PRICE_EN.finditer(text):
        v = _word_price(m)
        if v and not any(a <= m.start() < b for a, b, _ in candidates):
            candidates.append((m.start(), m.end(), v))
    candidates += [(a, b, v) for a, b, v in _small_money(text) if v and not any(x <= a < y for x, y, _ in candidates)]
    for a, b, v in candidates:
        if any(x <= a < y for x, y in refs) or fits(text, a, b, v, price, source):
            continue
        flags.append(flag(a, b, text, f"文案写“{text[a:b]}”，但{label}是“{shown}”" if lang == "zh"
                           else f'says "{text[a:b]}" but {label} is "{shown}"'))
    if not _REFERENCE_IN_DATA.search(source):
        for m in _SAVING.finditer(text):
            refs.append(m.span())
            flags.append(flag(m.start(), m.end(), text, unsupported(
                lang, m.group(), "这个原价或参考价" if lang == "zh" else "the price this saving is measured from")))
    for m in _UNDER.finditer(text):
        if any(x <= m.start() < y for x, y in refs):
            continue
        window = text[max(0, m.start() - 12):m.end() + 12]
        if not re.search(r"元|块|\$|¥|￥|价|带回家|入手|每期|月供|yours|price|buy|for", window, re.IGNORECASE):
            continue
        said = _num(m.group("n"))
        if said is None or _PER_WEIGHT.search(text[max(0, m.start() - 6):m.start()]):
            continue  # 一斤不到二十五: a price per jin of a 1 kg pair of jars, not of the product
        per = _instalments(source) if _PER_PERIOD.search(text[max(0, m.start() - 8):m.end() + 8]) else set()
        if any(price / k < said for k in per):
            continue  # 每期不到55块 on 分6期 at 329: each instalment is under it
        if any(price / n < said for n in _own_counts(text, m.start("n"), m.end("n"), source)):
            continue  # 'Under $7 a bag when you buy the 3-pack' at 19.99: each of its 3 bags is under it
        if price >= said:
            flags.append(flag(m.start(), m.end(), text, f"文案写“{m.group()}”，但{label}是“{shown}”" if lang == "zh"
                               else f'says "{m.group()}" but {label} is "{shown}"'))
    return flags
