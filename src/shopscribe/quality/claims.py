"""Claim extractors: what a text says about material, colour, sizes, price, fit and connectivity, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shopscribe.quality import vocab
from shopscribe.quality.units import EN_NUM, NUM, parse_number, word_int


@dataclass(frozen=True)
class Claim:
    kind: str  # material | colour | colour_count | size | price | fit | connector | feature | count | pct | ...
    start: int
    end: int
    text: str
    value: Any
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def _alternation(terms: list[str]) -> str:
    return "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(set(terms), key=len, reverse=True))


def _is_cjk(s: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in s)


# ---- negation and comparison ------------------------------------------------------------------

# Copy names materials and features it does NOT have ('不含塑料', 'BPA-free', 'unlike plastic'); those are not claims.
_NEG_ZH = re.compile(r"(?:不含|不是|没有|告别|替代|取代|代替|胜过|优于|不同于|区别于|不像|而非|拒绝|远离|不用|无需|不需要|不支持|不带|不配|未配|不具备|没加|没放|不加|未加|未添加|不添加|零添加|"
                     r"避免|相比|比起|对比|廉价|劣质|[无非比])[^，。；！？,.;!?\n]{0,5}$")
_NEG_EN = re.compile(r"\b(?:no|not|non|without|instead\s+of|unlike|than|replaces?|replacing|free\s+of|rather\s+than|"
                     r"vs\.?|"
                     r"versus|never|cheap|ordinary|flimsy|other)\b[^,.;!?\n]{0,22}$",
                     re.IGNORECASE)
_FREE_AFTER = re.compile(r"^(?:\s*-\s*|\s+)free\b|^-?free\b|^\s*free\b", re.IGNORECASE)
_IDIOMS = re.compile("无与伦比|无论|无忧|无缝|无痕|比例|无线|非常|比较|无比|比如|并非只有|无可挑剔")  # negate nothing


def negated(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30):start]
    if _FREE_AFTER.search(text[end:end + 8]) or re.match(r"^(?:以外|除外)", text[end:end + 3]):
        return True
    zh = _IDIOMS.sub("  ", before[-8:])
    return bool(_NEG_ZH.search(zh) or _NEG_EN.search(before))


# ---- materials ------------------------------------------------------------------------------

_MAT_TERMS: dict[str, list[str] | None] = {}
for _mid, (_parent, _zh, _en) in vocab.MATERIALS.items():
    for _t in _zh + _en:
        _ids = _MAT_TERMS.setdefault(_t if (_is_cjk(_t) or _t.isupper() or _t[:1].isupper()) else _t.lower(), [])
        if _mid not in _ids:
            _ids.append(_mid)
for _t, _ids in vocab.MULTI.items():
    _MAT_TERMS[_t] = list(_ids)
for _t in vocab.NOT_MATERIAL:
    _MAT_TERMS[_t] = None
# Case matters for codes (ABS, PP, PVC) and for CJK; English words match in any case and only as whole words.
_MAT_EXACT = re.compile(
    "(?<![A-Za-z])(?:" + _alternation([t for t in _MAT_TERMS if _is_cjk(t) or t.isupper() or t[:1].isupper()]) + ")"
    r"(?![a-z])")
_MAT_WORD = re.compile(r"\b(?:" + _alternation([t for t in _MAT_TERMS if not (_is_cjk(t) or t[:1].isupper())]) + r")\b",
                       re.IGNORECASE)
_PURE_BEFORE = re.compile(r"(?:100\s?%\s?(?:纯|pure\s+)?|纯|全|\bpure\s+|\ball[-\s]|\bsolid\s+)$", re.IGNORECASE)
_PCT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%")


def _lookup(term: str) -> list[str] | None:
    if term in _MAT_TERMS:
        return _MAT_TERMS[term]
    key = re.sub(r"\s+", " ", term.lower())
    for cand in (key, key.replace("-", " ")):
        if cand in _MAT_TERMS:
            return _MAT_TERMS[cand]
    return _MAT_TERMS.get(term.upper()) if term.upper() in _MAT_TERMS else []


def _longest(matches: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping matches, longer ones winning: '钢化玻璃' over '钢', 'PP棉' over 'PP'."""
    out: list[tuple[int, int, Any]] = []
    for s, e, v in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0])):
        if all(e <= s2 or s >= e2 for s2, e2, _ in out):
            out.append((s, e, v))
    return sorted(out, key=lambda m: m[0])


@lru_cache(maxsize=4096)  # a product's own texts are re-read for every candidate copy
def materials(text: str) -> tuple[Claim, ...]:
    """Material words with their ids, whether copy says the material is pure, its percentage, and negation."""
    found = [(m.start(), m.end(), m.group()) for rx in (_MAT_EXACT, _MAT_WORD) for m in rx.finditer(text)]
    # A code must end where the word ends: 'PP' is not read out of 'PPSU'.
    found = [(s, e, t) for s, e, t in _longest(found) if not (t[-1:].isascii() and t[-1:].isalpha()
                                                             and text[e:e + 1].isascii() and text[e:e + 1].isalpha())]
    spans = [(s, e) for s, e, _ in found]
    pcts: dict[int, re.Match[str]] = {}
    # A percentage belongs to the material right before it (棉95%) or, failing that, right after it (95%棉).
    for m in _PCT.finditer(text):
        # Only a span on the right side counts: a reversed slice is empty and would match anything.
        before = next((i for i, (s, e) in enumerate(spans)
                       if e <= m.start() and re.fullmatch(r"[\s:：]*(?:含量)?[\s:：]*", text[e:m.start()])), None)
        if before is not None and before not in pcts:
            pcts[before] = m
            continue
        after = next((i for i, (s, e) in enumerate(spans)
                      if s >= m.end() and re.fullmatch(r"\s*(?:纯)?\s*", text[m.end():s])), None)
        if after is not None and after not in pcts:
            pcts[after] = m
    out = []
    for i, (s, e, t) in enumerate(found):
        ids = _lookup(t)
        if not ids:
            continue
        pct = float(pcts[i].group(1)) if i in pcts else None
        pure = (bool(_PURE_BEFORE.search(text[max(0, s - 8):s])) or pct == 100.0
                or t.startswith(("纯", "全", "pure", "Pure", "all", "All")))
        if _STYLING_MAT.search(text[max(0, s - 40):s]) or _STYLING_ZH.search(text[max(0, s - 12):s]):
            continue
        # The span takes in its percentage, so a flag shows '80%锦纶', not '锦纶'.
        s2, e2 = (min(s, pcts[i].start()), max(e, pcts[i].end())) if i in pcts else (s, e)
        out.append(Claim("material", s2, e2, text[s2:e2], tuple(ids),
                         {"pure": pure, "pct": pct, "negated": negated(text, s, e), "term": t}))
    return tuple(out)


def material_chain(mid: str) -> list[str]:
    chain = [mid]
    while vocab.MATERIALS[chain[-1]][0]:
        chain.append(vocab.MATERIALS[chain[-1]][0])
    return chain


# ---- colours --------------------------------------------------------------------------------

_NEED_SE = {"咖啡", "巧克力", "焦糖", "燕麦", "奶茶", "原木", "摩卡", "米黄"}
_COLOUR_ZH: dict[str, str] = {}
_COLOUR_EN: dict[str, str] = {}
for _cid, (_fam, _zh, _en) in vocab.COLOURS.items():
    for _t in _zh:
        _COLOUR_ZH[_t] = _cid
    for _t in _en:
        _COLOUR_EN[_t.lower()] = _cid
_FREE_NAMES = [t for t in _COLOUR_ZH if len(t) > 1 and t not in _NEED_SE]
_SE_NAMES = [t for t in _COLOUR_ZH if len(t) == 1 or t in _NEED_SE]
_C = vocab.COLOUR_CHARS
_CN_COUNT = r"(?:\d+|[两二三四五六七八九十]+)"
_COLOUR_ZH_RX = re.compile(
    "(?P<skip>" + _alternation(vocab.NOT_COLOUR_ZH) + ")"
    "|(?P<name>" + _alternation(_FREE_NAMES) + ")色?"
    rf"|(?P<list>(?:[{_C}][、/和与及]?){{2,6}})(?=色|{_CN_COUNT}色|配色|款)"
    "|(?P<one>(?:[浅深淡亮暗]?)(?:" + _alternation(_SE_NAMES) + "))(?:色|(?=款))"
)
_COLOUR_EN_RX = re.compile(
    r"\b(?:(?P<skip>" + _alternation(vocab.NOT_COLOUR_EN) + r")"
    r"|(?P<name>(?:(?:light|dark|pale|deep|bright|soft|dusty|muted|matte)\s+)?(?:"
    + _alternation(list(_COLOUR_EN)) + r")))\b",
    re.IGNORECASE,
)
# Styling advice names colours of other things: '搭配白色T恤', 'pair it with white sneakers', 'your black jeans'.
_STYLING_ZH = re.compile(r"(?:搭配|搭一|搭个|搭上|配上|配一|叠穿|内搭|外搭|你的|您的|家里的)[^，。；！？,.;!?\n]{0,10}$")
_STYLING_EN = re.compile(r"\b(?:pair(?:s|ed)?|wear|style|goes|team|match(?:es)?|with\s+(?:a|an|your|any)|your|their|"
                         r"on\s+(?:a|the)|against)\b[^,.;!?\n]{0,50}$", re.IGNORECASE)
# Materials of other things: '搭配一块木质托盘', 'pair it with a wooden tray'.
_STYLING_MAT = re.compile(r"\bpair(?:s|ed)?\s+(?:it\s+|them\s+)?with\s+(?:a|an|your|any)\b[^,.;!?\n]{0,20}$"
                          r"|\byour\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)


# 'a grey winter morning', 'blue skies': colours of the weather and the day, not of the product.
_SCENE_EN = re.compile(r"(?:\s+[a-z]+)?\s+(?:morning|mornings|day|days|sky|skies|afternoon|evening|night|nights|"
                       r"winter|weather|mood|monday|sea|seas|ocean|water|waters)\b", re.IGNORECASE)


def colour_id(name: str) -> str | None:
    """The colour id of one name as written in an attribute: lenient, since attribute values are known to be colours."""
    n = name.strip().lower().rstrip("色").strip()
    if not n:
        return None
    if n in _COLOUR_ZH:
        return _COLOUR_ZH[n]
    if n in _COLOUR_EN:
        return _COLOUR_EN[n]
    for t in sorted(list(_COLOUR_ZH) + list(_COLOUR_EN), key=len, reverse=True):
        if (t in n) if _is_cjk(t) else re.search(rf"\b{re.escape(t)}\b", n):
            return _COLOUR_ZH.get(t) or _COLOUR_EN.get(t)
    return None


@lru_cache(maxsize=4096)  # a product's own texts are re-read for every candidate copy
def colours(text: str, *, styling_ok: bool = False) -> tuple[Claim, ...]:
    """Colour names said of the product; idioms (绿色环保, blue light) and styling advice are left out."""
    out = []
    for m in _COLOUR_ZH_RX.finditer(text):
        if m.group("skip"):
            continue
        if not styling_ok and _STYLING_ZH.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if m.group("list"):
            for i, ch in enumerate(m.group("list")):
                if ch in _C:
                    s = m.start() + i
                    out.append(Claim("colour", s, s + 1, ch, _COLOUR_ZH[ch], {"negated": negated(text, s, s + 1)}))
            continue
        g = "name" if m.group("name") else "one"
        word = m.group(g).lstrip("浅深淡亮暗") if g == "one" else m.group(g)
        s, e = m.start(), m.end()
        out.append(Claim("colour", s, e, text[s:e], _COLOUR_ZH[word], {"negated": negated(text, s, e)}))
    for m in _COLOUR_EN_RX.finditer(text):
        if m.group("skip"):
            continue
        if not styling_ok and _STYLING_EN.search(text[max(0, m.start() - 70):m.start()]):
            continue
        if _SCENE_EN.match(text, m.end()):
            continue
        word = re.sub(r"\s+", " ", m.group("name").lower())
        base = re.sub(r"^(?:light|dark|pale|deep|bright|soft|dusty|muted|matte)\s+", "", word)
        cid = _COLOUR_EN.get(word) or _COLOUR_EN[base]
        out.append(Claim("colour", m.start(), m.end(), m.group(), cid, {"negated": negated(text, m.start(), m.end())}))
    return tuple(out)


def colour_family(cid: str) -> str:
    return vocab.COLOURS[cid][0]


_COUNT_ZH = re.compile(
    rf"(?P<n>{_CN_COUNT})\s*(?:种|个|款)\s*(?:颜色|配色|色彩|色)|(?<=[{_C}])(?P<n2>{_CN_COUNT})色"
    rf"|(?P<n3>{_CN_COUNT})色(?=可选|任选|可挑|供选|选择|齐发|入)|共(?P<n4>{_CN_COUNT})色")
_COUNT_EN = re.compile(
    rf"\b(?P<n>\d+|{EN_NUM})\s+(?:(?!million|thousand|rgb|led|light)[a-z-]+\s+){{0,2}}(?:colou?rs|colou?rways|shades|"
    r"colou?r\s+options|finishes)\b", re.IGNORECASE)


def colour_counts(text: str) -> list[Claim]:
    """'三种颜色', '黑白灰三色', '5 colours', 'four colourways': how many colours copy says there are."""
    out = []
    for rx in (_COUNT_ZH, _COUNT_EN):
        for m in rx.finditer(text):
            g = next(k for k in ("n", "n2", "n3", "n4") if k in m.groupdict() and m.group(k))
            n = word_int(m.group(g))
            if n is not None and n > 1:
                out.append(Claim("colour_count", m.start(), m.end(), m.group(), n))
    return out


# ---- sizes ----------------------------------------------------------------------------------

SIZE_ORDER = {"XXXS": 0, "XXS": 1, "XS": 2, "S": 3, "M": 4, "L": 5, "XL": 6, "XXL": 7, "2XL": 7, "2X": 7, "XXXL": 8,
              "3XL": 8, "3X": 8, "XXXXL": 9, "4XL": 9, "4X": 9, "5XL": 10, "6XL": 11}
_ST = r"(?:XXXXL|XXXL|XXL|XXXS|XXS|XS|XL|[2-6]XL|[2-4]X|S|M|L)"
# Size letters are matched in capitals only: lower-case s, m and l are words, plurals and units.
_SIZE_RX = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<a>{_ST})\s*(?:-|–|~|～|到|至|\s+(?i:to)\s+|—)\s*(?P<b>{_ST})(?![A-Za-z])"
    rf"|(?<![A-Za-z0-9.])(?P<list>{_ST}(?:\s*(?:[/、,，]|\s(?i:and|or)\s)\s*{_ST}){{1,8}})(?![A-Za-z0-9])"
    rf"|(?<![A-Za-z0-9.])(?P<one>{_ST})(?=码|号)"
    rf"|(?:(?i:\bsize)|尺码|码数)\s*[:：]?\s*(?P<one2>{_ST})(?![A-Za-z])(?!\s*(?:-|–|~|～|到|至|(?i:to)\s))"
    r"|(?P<free>均码|(?i:one[-\s]size(?:\s+fits\s+(?:all|most))?|free\s+size)|\bOS\b)"
    r"|(?P<na>\d{2}(?:\.5)?)\s*(?:-|–|~|到|至)\s*(?P<nb>\d{2}(?:\.5)?)\s*(?:码|号)"
    r"|(?P<n1>\d{2}(?:\.5)?)(?=码)"
    # 四十码, 三十六码半: a shoe size said in words
    r"|(?P<n1z>[二三四]十[一二三四五六七八九]?)(?=码)",
)


def _size_set(m: re.Match[str]) -> tuple[frozenset[str], bool]:
    if m.group("a"):
        a, b = SIZE_ORDER[m.group("a").upper()], SIZE_ORDER[m.group("b").upper()]
        lo, hi = min(a, b), max(a, b)
        return frozenset(str(i) for i in range(lo, hi + 1)), True
    if m.group("list"):
        return frozenset(str(SIZE_ORDER[t]) for t in re.findall(_ST, m.group("list"))), False
    if m.group("one") or m.group("one2"):
        return frozenset([str(SIZE_ORDER[(m.group("one") or m.group("one2")).upper()])]), False
    if m.group("free"):
        return frozenset(["free"]), False
    if m.group("na"):
        a, b = float(m.group("na")), float(m.group("nb"))
        return frozenset(f"n{x / 2:g}" for x in range(int(min(a, b) * 2), int(max(a, b) * 2) + 1)
                         if x % 2 == 0 or a % 1 or b % 1), True
    if m.group("n1z"):
        return frozenset([f"n{float(word_int(m.group('n1z')) or 0):g}"]), False
    return frozenset([f"n{float(m.group('n1')):g}"]), False


def sizes(text: str) -> list[Claim]:
    """Size claims: 'S-XL', 'S到XXL', 'S/M/L', 'XL码', 'size M', '均码', 'one size', '35-40码'."""
    out = []
    for m in _SIZE_RX.finditer(text):
        value, is_range = _size_set(m)
        out.append(Claim("size", m.start(), m.end(), m.group(), value, {"range": is_range}))
    return out


# ---- price ----------------------------------------------------------------------------------

_CUR = {"¥": "CNY", "￥": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "块": "CNY", "块钱": "CNY", "yuan": "CNY",
        "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
        "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "jpy": "JPY", "円": "JPY", "hk$": "HKD", "hkd": "HKD"}
_MONEY = re.compile(
    rf"(?P<pre>HK\$|US\$|[¥￥$€£]|\b(?:RMB|CNY|USD|EUR|GBP|JPY|HKD))\s?(?P<a>{NUM})"
    rf"|(?<![\d.,])(?P<b>{NUM})\s?(?P<post>块钱|元|块|円|(?:RMB|CNY|USD|EUR|GBP|JPY|HKD|dollars?|yuan|euros?)\b)(?![素气旦件宵])",
    re.IGNORECASE,
)
# Discounts, thresholds and fees are promotions (the injection check's business), not the product's price.
_NOT_PRICE_BEFORE = re.compile(r"(?:减|省|优惠|券|满|返|送|立减|直降|降|补贴|便宜|差价|邮费|运费|加|贵|低于|高于|不到|超过|"
                               r"off|save|saving|savings|coupon|shipping|over|under|less\s+than|below|above|extra|"
                               r"orders?\s+(?:over|above))\s*$", re.IGNORECASE)
_PRICE_WORD = re.compile(r"价|只要|仅需|仅|才|售|卖|花")
_NOT_PRICE_AFTER = re.compile(r"^\s*(?:以内|以下|以上|内|档|级|价位|优惠券|券|红包|运费|邮费|off|discount|coupon|"
                              r"or\s+(?:more|less)|and\s+up|plus|\+)", re.IGNORECASE)


def prices(text: str, product_currency: str | None = None) -> list[Claim]:
    """Money amounts given as the product's price: '¥89', '89元', '$19.99', '1,299 CNY'."""
    out = []
    for m in _MONEY.finditer(text):
        if m.group("post") == "块" and not _PRICE_WORD.search(text[max(0, m.start() - 6):m.start()]):
            continue  # 3块 is three pieces unless it is said as a price (只要3块)
        if _NOT_PRICE_BEFORE.search(text[max(0, m.start() - 14):m.start()]) \
                or _NOT_PRICE_AFTER.search(text[m.end():m.end() + 12]):
            continue
        cur_text = (m.group("pre") or m.group("post")).lower()
        currency = _CUR.get(cur_text, cur_text.upper())
        if cur_text in ("¥", "￥") and product_currency == "JPY":
            currency = "JPY"
        value = parse_number(m.group("a") or m.group("b"))
        end = m.end()
        tail = re.match(r"(\d)(?![\d.])", text[end:end + 2]) if m.group("post") == "块" else None
        if value is not None and tail:  # 39块9 is 39.9
            value, end = value + int(tail.group(1)) / 10, end + 1
        if value is not None:
            out.append(Claim("price", m.start(), end, text[m.start():end], value, {"currency": currency}))
    return out


# ---- fit, connectors, features, versions ------------------------------------------------------

_FIT_TERMS = {t: g for g, (zh, en) in vocab.FITS.items() for t in zh + [e.lower() for e in en]}
_FIT_RX = re.compile("(?:" + _alternation(list(_FIT_TERMS)) + r")(?![a-z])", re.IGNORECASE)
_CONN_TERMS = {t.lower(): c for c, ts in vocab.CONNECTORS.items() for t in ts}
_CONN_RX = re.compile(r"(?<![A-Za-z])(?:" + _alternation(list(_CONN_TERMS)) + r")(?![A-Za-z])", re.IGNORECASE)
_FEAT_TERMS = {t.lower(): f for f, (zh, en) in vocab.FEATURES.items() for t in zh + en}
_FEAT_RX = re.compile(r"(?<![A-Za-z])(?:" + _alternation(list(_FEAT_TERMS)) + r")(?![A-Za-z])", re.IGNORECASE)
_BT_RX = re.compile(r"(?:蓝牙|Bluetooth|BT)\s?(?:V|v|版本)?\s?(?P<v>[1-6]\.\d)(?!\d)", re.IGNORECASE)
_IP_RX = re.compile(r"(?<![A-Za-z])IP(?P<v>[X0-6][0-9]K?)(?![A-Za-z0-9])", re.IGNORECASE)
_RES_RX = re.compile(r"(?<![A-Za-z0-9])(?P<v>(?:720|1080|1440|2160)[pP]|[248]K)(?![A-Za-z0-9])")
_SPF_RX = re.compile(r"(?<![A-Za-z])SPF\s?(?P<v>\d{1,3}\+?)", re.IGNORECASE)


def fits(text: str) -> list[Claim]:
    return [Claim("fit", m.start(), m.end(), m.group(), _FIT_TERMS[re.sub(r"\s+", " ", m.group().lower())],
                  {"negated": negated(text, m.start(), m.end())}) for m in _FIT_RX.finditer(text)]


def connectors(text: str) -> list[Claim]:
    return [Claim("connector", m.start(), m.end(), m.group(), _CONN_TERMS[re.sub(r"\s+", " ", m.group().lower())],
                  {"negated": negated(text, m.start(), m.end())}) for m in _CONN_RX.finditer(text)]


def features(text: str) -> list[Claim]:
    return [Claim("feature", m.start(), m.end(), m.group(), _FEAT_TERMS[re.sub(r"\s+", " ", m.group().lower())],
                  {"negated": negated(text, m.start(), m.end())}) for m in _FEAT_RX.finditer(text)]


def bt_versions(text: str) -> list[Claim]:
    return [Claim("bt_version", m.start(), m.end(), m.group(), m.group("v")) for m in _BT_RX.finditer(text)]


def ip_ratings(text: str) -> list[Claim]:
    return [Claim("ip", m.start(), m.end(), m.group(), "IP" + m.group("v").upper()) for m in _IP_RX.finditer(text)]


def resolutions(text: str) -> list[Claim]:
    return [Claim("resolution", m.start(), m.end(), m.group(), m.group("v").upper()) for m in _RES_RX.finditer(text)]


def spf_ratings(text: str) -> list[Claim]:
    return [Claim("spf", m.start(), m.end(), m.group(), "SPF" + m.group("v")) for m in _SPF_RX.finditer(text)]


_PCT_AT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s?%")
_WORDS_AFTER = re.compile(r"\s?([\u4e00-\u9fff]{1,12}|[A-Za-z][A-Za-z -]{1,30})")
_WORDS_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,12}?|[A-Za-z][A-Za-z -]{1,30}?)(?:含量|浓度|占比|添加量)?\s?[:：]?\s?"
                           r"(?:高达|达到|达|为|是|约|of|at)?\s?$")


@lru_cache(maxsize=4096)  # a product's own texts are re-read for every candidate copy
def percentages(text: str) -> tuple[Claim, ...]:
    """Percentages with the words right after and right before them ('5%烟酰胺', 'niacinamide 5%'); compared only
    where the product gives a percentage for the same thing, since most percentages in copy (98%好评) are not facts."""
    out = []
    for m in _PCT_AT.finditer(text):
        after = _WORDS_AFTER.match(text, m.end())
        before = _WORDS_BEFORE.search(text[max(0, m.start() - 40):m.start()])
        out.append(Claim("pct", m.start(), m.end(), m.group(), float(m.group(1)),
                         {"after": after.group(1).lower() if after else "",
                          "before": before.group(1).lower() if before else "",
                          "before_start": m.start() - (len(text[max(0, m.start() - 40):m.start()]) - before.start())
                          if before else m.start()}))
    return tuple(out)


_INGREDIENT_TERMS = {t.lower(): k for k, ts in vocab.INGREDIENTS.items() for t in ts}
_INGREDIENT_RX = re.compile(r"(?<![A-Za-z])(?:" + _alternation(list(_INGREDIENT_TERMS)) + r")(?![A-Za-z])",
                            re.IGNORECASE)


def ingredients(text: str) -> list[Claim]:
    """Named active ingredients (烟酰胺, retinol): copy must not add one the product does not contain."""
    return [Claim("ingredient", m.start(), m.end(), m.group(),
                  _INGREDIENT_TERMS[re.sub(r"\s+", " ", m.group().lower())],
                  {"negated": negated(text, m.start(), m.end())}) for m in _INGREDIENT_RX.finditer(text)]



# ---- counts of modes, pieces, pairs ---------------------------------------------------------

_COUNTED_ZH = {t: k for k, (zh, _) in vocab.COUNTED.items() for t in zh}
_COUNTED_EN = {t.lower().lstrip("-"): k for k, (_, en) in vocab.COUNTED.items() for t in en}
_COUNTED_RX = re.compile(
    # 五百二十粒 is one count: a Chinese number is read whole, 百 and 千 in it
    rf"(?<![第\d.零一两二三四五六七八九十百千])(?P<n>\d+|[一两二三四五六七八九十][零一两二三四五六七八九十百千]*(?<!一))"
    rf"\s*(?P<zh>{_alternation(list(_COUNTED_ZH))})"
    # '$12 a pair' is a price per piece, not twelve pairs
    rf"|(?<![$€£¥-])\b(?P<en_n>\d+|{EN_NUM})(?:\s+|-)(?:(?!and\b|or\b|a\b|an\b|per\b|each\b|(?:k?w|v|mah|ml|mm|cm|kg|g|lb|oz|hz|db)\b)[a-z]+\s+)?"
    rf"(?P<en>{_alternation(list(_COUNTED_EN))})\b"
    # 'a pack of six pairs' counts pairs; 'a pack of 6' counts the pack
    rf"|\b(?:pack|set)\s+of\s+(?P<of_n>\d+|{EN_NUM})\b(?:\s+(?P<of_what>{_alternation(list(_COUNTED_EN))})\b)?"
    # 'Five navy polos in every pack': how many one pack holds
    rf"|\b(?P<in_n>\d+|{EN_NUM})\s+(?:[a-z-]+\s+){{0,3}}?(?:in|per)\s+(?:every|each|a|one|the)\s+(?:pack|box|set|case)\b"
    # '一套四个', '整套共5件': the pieces of a set
    rf"|(?:一套|一组|整套)(?:共|有)?(?P<set_n>\d+|[两二三四五六七八九十]+)(?:个|件|只|样|把)",
    re.IGNORECASE,
)


def counts(text: str) -> list[Claim]:
    """'3种清洁模式', '4件套', '5 speeds', '3-piece', 'pack of 6': how many of something copy says there are."""
    out = []
    for m in _COUNTED_RX.finditer(text):
        if m.group("of_n"):
            n = word_int(m.group("of_n"))
            what = _COUNTED_EN[re.sub(r"\s+", " ", m.group("of_what").lower())] if m.group("of_what") else "pack"
        elif m.group("in_n"):
            n, what = word_int(m.group("in_n")), "pack"
        elif m.group("set_n"):
            n, what = word_int(m.group("set_n")), "piece"
        elif m.group("zh"):
            n, what = word_int(m.group("n")), _COUNTED_ZH[m.group("zh")]
        else:
            n, what = word_int(m.group("en_n")), _COUNTED_EN[re.sub(r"\s+", " ", m.group("en").lower())]
        if n is not None and n > 1:
            out.append(Claim("count", m.start(), m.end(), m.group(), n, {"what": what}))
    return out


# ---- flavours -------------------------------------------------------------------------------

_FLAVOUR_RX = re.compile(r"\b(?P<en>[A-Za-z]+)[-\s]+flavou?r(?:ed|s)?\b"
                         r"|(?P<zh>[\u4e00-\u9fff]{1,4}?)(?:口味|味)(?![道觉精蕾儿])", re.IGNORECASE)


def flavours(text: str) -> list[Claim]:
    """'strawberry flavor', 'orange-flavored', '草莓味': which flavour copy says the product has."""
    out = []
    for m in _FLAVOUR_RX.finditer(text):
        word = (m.group("en") or m.group("zh")).lower()
        if word in vocab.NOT_FLAVOUR or word[-1:] in {"的", "种"} or word_int(word) is not None:
            continue  # 'Four flavors' counts them
        start = m.start("en") if m.group("en") else m.start("zh")
        out.append(Claim("flavour", start, m.end(), text[start:m.end()], word,
                         {"negated": negated(text, start, m.end())}))
    return out
