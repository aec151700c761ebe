"""Fact consistency: claims in copy compared with the product's attributes, title and description.

Severity: a claim that contradicts what the product says, or a material or number-with-unit that nothing in the
product supports, blocks. Weaker evidence warns: a colour when the product names no colour at all, a shade of an
offered colour (米白 when 白色 is offered), a size or colour count when the product lists none, a duration
that is usage advice (泡发30分钟) rather than a battery or keep-warm spec, a temperature nothing supports, and
numbers about the wearer, the room or the scenery (身高170cm, 'your 10 x 12 ft living room').

Decisions: a more general word is consistent (steel for 304 stainless, 蓝色 for 雾霾蓝, leather for full-grain); a
more specific one is not (316不锈钢 for 不锈钢, 骨瓷 for 陶瓷) unless the product names it somewhere. A shade of an
offered colour family (米白 when 白色、黑色 are offered) is a warning, not a contradiction: shades are named loosely.
Anything the product's own title or description says supports the copy, so restating it never blocks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shopscribe.quality import align, durations, freefrom, places, prices, ranges
from shopscribe.quality import claims as C
from shopscribe.quality import vocab
from shopscribe.quality.context import GateContext, attributes_of
from shopscribe.quality.report import Flag
from shopscribe.quality.units import Quantity, cn_int, find_quantities, fold, matches, parse_number, unit_of

CHECK = "fact"

# Attribute keys (lowercased, substring match) that say what an attribute is about.
_KEYS = {
    "material": ["材质", "面料", "材料", "成分", "主材", "内胆", "外壳", "里料", "填充", "鞋面", "鞋底", "杯身", "表带", "框架",
                 "material", "fabric", "composition", "shell", "lining", "filling", "upper", "sole", "body"],
    "colour": ["颜色", "色彩", "配色", "主色", "色系", "色号", "色数", "color", "colour", "colorway", "colourway"],
    "size": ["尺码", "码数", "鞋码", "号型", "size"],
    "fit": ["版型", "廓形", "fit"],
    "flavour": ["口味", "味道", "flavor", "flavour", "taste"],
    "connect": ["连接", "蓝牙", "接口", "充电", "无线", "connect", "bluetooth", "interface", "port", "charging", "wireless",
                "电池", "续航", "battery", "降噪", "noise"],
}
_DIM_NAMES = {
    "mass": ("重量", "weight"), "volume": ("容量", "capacity"), "length": ("尺寸", "size"), "area": ("面积", "area"),
    "power": ("功率", "power"), "charge": ("电池容量", "battery capacity"), "energy": ("电池能量", "battery energy"),
    "voltage": ("电压", "voltage"), "frequency": ("频率", "frequency"), "data": ("存储容量", "storage"),
    "datarate": ("速率", "speed"), "time": ("时长", "duration"), "temperature": ("温度", "temperature"),
    "sound": ("分贝", "loudness"), "light": ("亮度", "brightness"), "gsm": ("克重", "fabric weight"), "iu": ("含量", "amount (IU)"),
    "airflow": ("风量", "airflow"), "flow": ("流量", "flow rate"), "pressure": ("压力", "pressure"),
}
# Attribute keys that name a dimension, for values written without their unit ('容量': 500).
_DIM_KEYS = {
    "mass": ("重", "净含量", "weight"), "volume": ("容量", "容积", "capacity", "volume"),
    "length": ("尺寸", "长", "宽", "高", "厚", "直径", "size", "length", "width", "height", "depth", "diameter"),
    "power": ("功率", "power", "watt"), "charge": ("电池", "电量", "battery", "mah"), "data": ("存储", "内存", "storage"),
    "datarate": ("速率", "speed", "rate"),
}
_WHAT = {
    "material": ("材质", "material"), "colour": ("颜色", "colour"), "colour_count": ("颜色数量", "number of colours"),
    "size": ("尺码", "size"), "price": ("价格", "price"), "fit": ("版型", "fit"), "connector": ("接口", "connector"),
    "feature": ("功能", "feature"), "count": ("数量", "count"), "bt_version": ("蓝牙版本", "Bluetooth version"),
    "ip": ("防护等级", "protection rating"),
    "spf": ("防晒指数", "SPF"), "resolution": ("分辨率", "resolution"), "ingredient": ("成分", "ingredient"),
}
# Durations about the battery or keeping warm are product facts; others (泡发30分钟) are usage advice.
_SPEC_TIME = re.compile(r"(?:续航|待机|播放|通话|充电|充满|电池|保温|保冷|使用时间|工作时间|battery|playtime|play\s+time|"
                        r"talk\s+time|standby|charge|charging|runtime|run\s+time|hot\s+for|cold\s+for|keeps?)",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """Where a fact about the product is written: an attribute (key) or the title or description."""

    where: str  # attribute key, or "title" / "description"
    text: str  # the value as written there
    is_attr: bool


@dataclass
class Facts:
    """What the product says: its attributes (folded to half-width) and every text a fact may be read from."""

    product: dict[str, Any]
    attrs: dict[str, str]
    sources: list[Source]

    def keys_of(self, topic: str) -> list[str]:
        return [k for k in self.attrs if any(w in k.lower() for w in _KEYS[topic])]


def _attributes(product: dict[str, Any]) -> dict[str, str]:
    """Attribute values as folded strings; a list of colours reads '白色、黑色'."""
    out = {}
    for k, v in attributes_of(product).items():
        if isinstance(v, (list, tuple)):
            v = "、".join(str(x) for x in v)
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False)
        out[str(k)] = fold(str(v))
    return out


def facts_of(product: dict[str, Any]) -> Facts:
    attrs = _attributes(product)
    sources = [Source(k, v, True) for k, v in attrs.items()]
    sources += [Source(k, fold(str(product.get(k) or "")), False) for k in ("title", "description") if product.get(k)]
    return Facts(product, attrs, sources)


def _label(src: Source, lang: str) -> str:
    if src.is_attr:
        return src.where
    return {"title": ("标题", "the title"), "description": ("描述", "the description")}[src.where][lang != "zh"]


def _short(s: str, n: int = 40) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _conflict(lang: str, claim: str, src: Source, shown: str | None = None) -> str:
    value = _short(shown if shown is not None else src.text)
    if lang == "zh":
        return f"文案写“{claim}”，但{_label(src, lang)}是“{value}”" if src.is_attr else \
            f"文案写“{claim}”，但{_label(src, lang)}写的是“{value}”"
    return f'says "{claim}" but {_label(src, lang)} is "{value}"' if src.is_attr else \
        f'says "{claim}" but {_label(src, lang)} says "{value}"'


def _unsupported(lang: str, claim: str, what: tuple[str, str]) -> str:
    if lang == "zh":
        return f"文案写“{claim}”，但商品资料（标题、描述、属性）里没有支持它的{what[0]}信息"
    return f'says "{claim}" but nothing in the product (title, description, attributes) supports this {what[1]}'


def _flag(severity: str, c: C.Claim | Quantity, message: str) -> Flag:
    return Flag(CHECK, severity, c.start, c.end, c.text, message)


# ---- quantities -----------------------------------------------------------------------------

_TOTAL_SRC = re.compile(r" ×\d+$")
_ADDS_UP = re.compile(r"加起来|一共|总共|合计|总计|算下来|总重|整盒|整箱|整包|整袋|整套|\bin\s+total\b|\bcombined\b|\btogether\b|\baltogether\b|\bin\s+all\b",
                      re.IGNORECASE)
_PER_UNIT = re.compile(r"(?:一|每|a\s|one\s|per\s|1\s?)\S", re.IGNORECASE)
_MONEY = re.compile(r"元|块|钱|\$|¥|￥|dollars?|bucks|cents?", re.IGNORECASE)
_TIMES_N = re.compile(r"^\s*[x×*]\s*(\d+)")
_N_TIMES = re.compile(r"(?<![\d.])(\d+)\s*(?:[a-z]+(?:\s+[a-z]+)?|[\u4e00-\u9fff]{1,4})?\s*[x×*]\s*$", re.IGNORECASE)
_EACH_KEY = re.compile(r"单只|单个|单件|单瓶|单片|每只|每个|每件|每瓶|each|per\s+(?:piece|unit|item)|single", re.IGNORECASE)
_PER_METRE = re.compile(r"每米|米重|/\s*m\b|per\s+(?:meter|metre|m)\b", re.IGNORECASE)
_WHOLE_LENGTH = re.compile(r" ×[\d.]+m$")  # the where of a per-metre figure times the length: the whole
_LENGTH_KEY = re.compile(r"长度|绳长|^\s*长\s*$|length", re.IGNORECASE)
_COUNT_KEY = re.compile(r"数量|件数|只数|个数|\bcount|quantity|pack\s+size|pieces", re.IGNORECASE)


def _clause_of(text: str, q: Quantity) -> str:
    # a decimal point ('$2.17 a pound') is no clause's end
    before = re.split(r"[，。；！？,;!?\n]|(?<!\d)\.|\.(?!\d)", text[max(0, q.start - 20):q.start])[-1]
    return before + q.text + re.split(r"[，。；！？,;!?\n]|(?<!\d)\.|\.(?!\d)", text[q.end:q.end + 20])[0]


def _totals(facts: Facts, found: list[tuple[Quantity, Source]]) -> list[tuple[Quantity, Source]]:
    """What several of a piece add up to: 500mL×2瓶 is a litre; 单只重量: 5kg with 数量: 2只 is ten kilograms. Marked
    as totals (src.where ends in ' ×n'): only copy that says it adds up (加起来, 'combined') is read against them."""
    count = next((int(m.group(1)) for k, v in facts.attrs.items() if _COUNT_KEY.search(k)
                  if (m := re.match(r"\s*(\d+)", v)) and int(m.group(1)) > 1), None)
    # 每米重量: 64g with 长度: 60m: a rope of 3.84 kg (lengths are held in mm)
    metres = next((q.value / 1000 for q, src in found if src.is_attr and q.dim == "length"
                   and _LENGTH_KEY.search(src.where) and not _PER_METRE.search(src.where)), None)
    out = []
    for q, src in found:
        if not src.is_attr:
            continue
        if metres and q.dim == "mass" and _PER_METRE.search(f"{src.where} {src.text}"):
            out.append((replace(q, value=q.value * metres, alts=tuple((d, v * metres) for d, v in q.alts), low=None),
                        replace(src, where=f"{src.where} ×{metres:g}m")))
            continue
        before, said, after = src.text.partition(q.text)
        times = _TIMES_N.match(after) if said else None
        # '4 cakes × 185 g': the count before what each one weighs
        first = _N_TIMES.search(before) if said and not times else None
        n = int(times.group(1)) if times else int(first.group(1)) if first else \
            count if _EACH_KEY.search(src.where) else _counted_by_key(src.where, facts.attrs)
        if n and n > 1:
            out.append((replace(q, value=q.value * n, alts=tuple((d, v * n) for d, v in q.alts), low=None),
                        replace(src, where=f"{src.where} ×{n}")))
    return out


def _counted_by_key(where: str, attrs: dict[str, str]) -> int | None:
    """'Weight per bar: 5 oz' with 'Bars: 4': the key that counts what the figure is per."""
    per = re.search(r"\bper\s+([a-z]{3,})\b", where, re.IGNORECASE)
    if not per:
        return None
    noun = per.group(1).lower().rstrip("s")
    return next((int(m.group(1)) for k, v in attrs.items() if k.strip().lower().rstrip("s") == noun
                 and (m := re.fullmatch(r"\s*(\d+)\s*", v))), None)


_SHARED_UNIT_RUN = re.compile(r"(?<![\d.])((?:\d+(?:\.\d+)?\s*[,，、/]\s*){2,})(\d+(?:\.\d+)?)\s*([^\d\s,，、/（）()]{1,5})")


def _spanned(found: tuple[Quantity, ...]) -> list[Quantity]:
    """S（52–54cm）、M（55–57cm）、L（58–60cm）: ranges that follow on from each other cover 52–60 cm together."""
    out = []
    for dim in {q.dim for q in found if q.low is not None}:
        runs = sorted((q for q in found if q.dim == dim and q.low is not None), key=lambda q: q.low or 0.0)
        if len(runs) < 2:
            continue
        # each picks up within one range's width of where the last ended (54 then 55 cm), so nothing between is left out
        if all((b.low or 0.0) - a.value <= min(a.value - (a.low or 0.0), b.value - (b.low or 0.0))
               for a, b in zip(runs, runs[1:])):
            out.append(replace(runs[-1], start=runs[0].start, low=runs[0].low, alts=()))
    return out


def _known_quantities(facts: Facts) -> list[tuple[Quantity, Source]]:
    out = []
    for src in facts.sources:
        # An attribute is read with its key in front, so '续航: 60天' has the context that makes 天 a battery spec.
        found = find_quantities(f"{src.where}：{src.text}" if src.is_attr else src.text)
        out += [(q, src) for q in found]
        out += [(q, src) for q in _spanned(found)]
        # 尺寸: 四尺（69×138cm）names the size in spoken units too: 四尺宣纸 is the data's own figure
        out += [(q, src) for q in align.spoken_quantities(src.text) if not any(f.start <= q.start < f.end for f in found)]
        # '1.5m/1.8m' lists two sizes; the slash after a unit is not a fraction.
        for part in re.split(r"(?<=[^\d\s])/", src.text)[1:]:
            out += [(q, src) for q in find_quantities(part)]
        # '105, 140, 160, 175, 195, 212°F': the unit after the last figure is every figure's
        shared = re.fullmatch(r"\s*((?:\d+(?:\.\d+)?\s*[,，、/]\s*)+)\d+(?:\.\d+)?\s*([^\d\s,，、/].{0,5})", src.text)
        if shared:
            out += [(q, src) for n in re.findall(r"\d+(?:\.\d+)?", shared.group(1))
                    for q in find_quantities(f"{n}{shared.group(2)}")]
        else:  # '3档（40/45/50℃）': three or more figures sharing a unit inside a longer value ('1/2 cup' is a fraction)
            for run in _SHARED_UNIT_RUN.finditer(src.text):
                out += [(q, src) for n in re.findall(r"\d+(?:\.\d+)?", run.group(1)) + [run.group(2)]
                        for q in find_quantities(f"{n}{run.group(3)}")]
        if src.is_attr:
            # '重量(g)': 150 puts the unit in the key.
            m = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]", src.where)
            unit = unit_of(m.group(1)) if m else None
            num = parse_number(src.text) if re.fullmatch(r"[\d.,]+", src.text.strip()) else None
            if unit and num is not None:
                out.append((Quantity(0, len(src.text), src.text, unit.dim, num * unit.factor, imperial=unit.imperial),
                            src))
    return out + _totals(facts, out)


_OF_WATER = re.compile(r"\s*(?:的)?(?:清水|水)|\s+of\s+water\b", re.IGNORECASE)


# A bottle that keeps drinks cold for 24 hours and hot for 12 has two durations: each claim is about one of them.
_ASPECTS = {"hot": re.compile(r"保温|\bhot\b|\bwarm", re.IGNORECASE),
            "cold": re.compile(r"保冷|冰|\bcold\b|\bicy\b|\biced\b|\bchill", re.IGNORECASE)}
_CLAUSE = re.compile(r"[，。；！？,.;!?\n]|\bor\b|\band\b")


def _aspect(text: str, q: Quantity) -> str | None:
    """The nearest hot/cold word in the clause before the number (or, failing that, after it)."""
    before = _CLAUSE.split(text[max(0, q.start - 30):q.start])[-1]
    after = _CLAUSE.split(text[q.end:q.end + 20])[0]
    best = None
    for name, rx in _ASPECTS.items():
        for m in rx.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), name)
    if best:
        return best[1]
    return next((name for name, rx in _ASPECTS.items() if rx.search(after)), None)


def _spec_time(text: str, q: Quantity) -> bool:
    """Is this duration about the battery or keeping warm, said in the same clause?"""
    before = re.split(r"[，。；！？,.;!?\n]", text[max(0, q.start - 30):q.start])[-1]
    after = re.split(r"[，。；！？,.;!?\n]", text[q.end:q.end + 25])[0]
    return bool(_SPEC_TIME.search(before + q.text + after))


# Numbers about the buyer, the model or the room ('身高170cm穿L码', 'your 10 x 12 ft living room', '3,000 m peaks')
# are advice or scenery; unsupported, they warn rather than block.
_BODY = re.compile(r"(?:身高|体重|模特|\bmodel\b|\bwearer\b|\bi'?m\b|\byou'?re\b)", re.IGNORECASE)
_ACTIVITY = re.compile(r"\b(?:climb|commut|walk|run|hik|cycl|driv)\w*", re.IGNORECASE)
_YOURS = re.compile(r"(?:\byour\s+|你的|您的|家里的?)$", re.IGNORECASE)
_PLACES = re.compile(r"\s?(?:[a-z-]+\s+)?(?:room|living\s+room|kitchen|bedroom|apartment|flat|house|home|car|garden|"
                     r"yard|"
                     r"balcony|office|space|wall|floor|客厅|卧室|厨房|房间|阳台|书房|家)", re.IGNORECASE)
_DISTANCE_SPEC = re.compile(r"续航|里程|可骑行|range|per\s+charge", re.IGNORECASE)


def _about_others(text: str, q: Quantity) -> bool:
    before = re.split(r"[，。；！？,.;!?\n]", text[max(0, q.start - 20):q.start])[-1]
    if _BODY.search(before) or (_YOURS.search(before) and _PLACES.match(text, q.end)):
        return True
    if q.dim == "length" and (q.value >= 100_000 or _ACTIVITY.search(before)):
        # A distance or a mountain: a spec only when it is a range (续航50公里).
        return not _DISTANCE_SPEC.search(before + text[q.end:q.end + 15])
    return False


# A figure said as a bound or a round number: 不到两百克 (198 g), 'a little over 5 liters' (5.5 qt), 'close to a liter'
# (946 ml), 'about 88 liters' (3.1 cu ft). The data's figure must lie on the side the copy says, or near it.
_UNDER_Q = re.compile(r"(?:不到|不足|不超过|低于|少于|小于|\bunder|less\s+than|below|no\s+more\s+than|within)\s*$", re.IGNORECASE)
_OVER_Q = re.compile(r"(?:超过|多于|高于|大于|至少|\bover|more\s+than|above|at\s+least)\s*$", re.IGNORECASE)
_ABOUT_Q = re.compile(r"(?:约|大约|大概|差不多|\babout|around|roughly|approximately|some)\s*$", re.IGNORECASE)
_JUST_OVER_Q = re.compile(r"(?:a\s+(?:little|bit)|just|slightly)\s+over\s*$", re.IGNORECASE)
_AFTER_Q = {"under": re.compile(r"\s*(?:不到|以内|之内)"), "over": re.compile(r"\s*(?:多(?!少)|以上|有余|开外|\+|plus\b)"),
            "just_over": re.compile(r"\s*(?:出头|挂零)"), "about": re.compile(r"\s*(?:左右|上下|or\s+so\b)")}


# 比半升少一口: a figure the product is compared with, the side said after it
_COMPARED = re.compile(r"比\s*$")
_LESS_AFTER = re.compile(r"\s*(?:还|要|略|稍)?(?:少|小|轻|短|低|便宜)")
_MORE_AFTER = re.compile(r"\s*(?:还|要|略|稍)?(?:多|大|重|长|高|贵)")


def _bound(text: str, q: Quantity) -> str | None:
    if q.dim == "temperature":
        return None  # 零下十二度以下 is how to store it, not the product's figure
    before = text[max(0, q.start - 16):q.start]
    if _COMPARED.search(before):
        return "under" if _LESS_AFTER.match(text, q.end) else "over" if _MORE_AFTER.match(text, q.end) else None
    for name, rx in (("just_over", _JUST_OVER_Q), ("under", _UNDER_Q), ("over", _OVER_Q), ("near", align.NEARLY),
                     ("about", _ABOUT_Q)):
        if rx.search(before) or (name in _AFTER_Q and _AFTER_Q[name].match(text, q.end)):
            return name
    return None


def _within(q: Quantity, k: Quantity, bound: str) -> bool:
    for dim, v in q.readings():
        for kdim, kv in k.readings():
            if dim != kdim or not k.value:
                continue
            lo = k.low * kv / k.value if k.low is not None else kv
            if (bound == "under" and lo <= v * 1.02) or (bound == "over" and kv >= v * 0.98) or \
                    (bound == "just_over" and v * 0.98 <= kv <= v * 1.2) or \
                    (bound == "near" and v * 0.9 <= kv <= v * 1.02) or \
                    (bound == "about" and min(abs(kv - v), abs(lo - v)) <= 0.07 * max(abs(v), abs(kv))):
                return True
    return False


# An attribute that limits what the product carries or suits ('Max load: 110 lb', 适用: 体重≤25kg, 承重 150kg): a
# lighter thing the copy puts on it ('a 90-lb golden retriever', 二十斤的柯基) agrees with it. Only a figure said of
# something else counts: 'weighs 5.9 kg' and 运行只有18分贝 are the product's own figures, read as usual.
_CEILING_KEY = re.compile(r"承重|载重|承载|限重|适用|体重|\bload|weight\s+limit|max(?:imum)?\s+(?:user\s+)?weight|\bcapacity",
                          re.IGNORECASE)
_STATES_CEILING = re.compile(r"最大|最高|最多|承重|承载|载重|上限|限重|\bmax|\bup\s+to|\bload|\bcapacity|\brated|\blimit",
                             re.IGNORECASE)
_OF_ANOTHER = re.compile(r"(?:以内|以下|之内)?的[\u4e00-\u9fff]|\s+(?!(?:and|or|with|in|of|for|to|per|when|so|but|at|on|is|are|max|total)\b)"
                         r"[a-z]{3,}", re.IGNORECASE)


# ... or a person with their weight in brackets: 'Room for me (200 lb)'
_WEIGHED_PERSON = re.compile(r"\b(?:me|i|you|him|her|us|them|myself|yourself|rider|paddler|passenger|adult|kid|child)\s*\($|"
                             r"(?:我|你|他|她|大人|孩子|自己)\s*[（(]$", re.IGNORECASE)


# The shopper's own body, measured: 一米六的个子, 腰围七十公分左右的(人)穿着, '5'4" and 120 lb, the medium fits me'
_WEARER = re.compile(r"\s*(?:左右|上下)?的?(?:个子|身高|身材|大个子|小个子)|\s*(?:左右|上下)?的(?:人|朋友|姐妹|宝宝|孩子|)(?:穿|来穿|穿着)")
_WEARER_KEY = re.compile(r"身高|腰围|胸围|臀围|体重|适合|适用|height|waist|chest|hips?\b|\bfits?\b|wearer", re.IGNORECASE)
_WEARER_BEFORE = re.compile(r"(?:我|你|他|她|宝宝|孩子|本人)(?:的)?(?:身高|腰围|胸围|臀围|体重)?$")


# The product's own weight, said of the whole: 整机不到三十斤, 'the whole unit weighs under 40 lb'
_OWN_WEIGHT = re.compile(r"整机|机身|自重|整台|整顶|整个|整体|本身|净重|\bweighs?\b|\bweight\b", re.IGNORECASE)
_WEIGHT_KEY = re.compile(r"重量|净重|整机重|自重|机身重|^重$|\bweight\b", re.IGNORECASE)


def _sentence_of(text: str, q: Quantity) -> int:
    return len(durations._SENTENCE_END.findall(text[:q.start]))


def _under_ceiling(text: str, q: Quantity, known: list[tuple[Quantity, Source, str | None]]) -> bool:
    if _STATES_CEILING.search(_clause_of(text, q)) or not (_OF_ANOTHER.match(text, q.end)
                                                           or _WEIGHED_PERSON.search(text[max(0, q.start - 12):q.start])):
        return False  # '承重90kg' against 最大承重 150kg states the ceiling, and states it wrong
    # (and of another measure whose value says it is a ceiling: 'Fits a 15-inch laptop' of 'Laptop sleeve: Fits up to
    # 16 in', 15寸的笔记本 of 电脑仓: 最大16英寸)
    return any(d == kd and v <= kv * 1.02 and s.is_attr and k.low is None and
               (_CEILING_KEY.search(s.where) if d == "mass" else _CEILING_IN_VALUE.search(s.text))
               for k, s, _ in known for d, v in q.readings() for kd, kv in k.readings())


_FILL_LINE = re.compile(r"\s*(?:line|mark|marker)\b|\s*(?:刻度线?|水位线?)", re.IGNORECASE)
# A value that says it is a limit ('Fits up to 16 in', 最大16英寸); a capacity key alone is no limit on what the copy
# names ('a 12,000 mAh battery' of Battery capacity: 20,000 mAh is that battery's own figure).
_CEILING_IN_VALUE = re.compile(r"\bup\s+to\b|最大|最多|最高|以内|\bmax(?:imum)?\b", re.IGNORECASE)


# How much of it to use at a time, or of water to add: a dose or a recipe, not a figure of the product.
_DOSE_AT = re.compile(r"(?:每次|一次|每天|每日|每顿|每份|每杯)\s*(?:取|用|加|吃|喝|冲|放|舀)?\s*(?:约|大约)?\s*$|"
                      r"\b(?:stir|mix|add|scoop|use|take|dissolve|blend)\s+(?:in\s+)?(?:about\s+)?$", re.IGNORECASE)
_ADDED = re.compile(r"(?:加|兑|倒入|加入|冲入|注入)\s*(?:约|大约)?\s*$")
_LIQUID_AFTER = re.compile(r"\s*(?:的)?(?:温|热|冷|开|凉|纯净|矿泉)?(?:水|牛奶|奶)|\s+of\s+(?:hot\s+|warm\s+|cold\s+|boiling\s+)?"
                           r"(?:water|milk)\b", re.IGNORECASE)
_SERVING_KEY = re.compile(r"份量|每份|食用量|用量|冲调|冲泡|serving|dose|scoop", re.IGNORECASE)


def _usage(text: str, q: Quantity) -> bool:
    """每次取40克, 'Stir 40 g into …': a dose of the product."""
    return bool(_DOSE_AT.search(text[max(0, q.start - 14):q.start]))


def _added_liquid(text: str, q: Quantity) -> bool:
    """加200毫升热水, '… into 200 ml of hot water': water or milk added to it."""
    before = text[max(0, q.start - 14):q.start]
    return bool(_LIQUID_AFTER.match(text, q.end)) and bool(
        _ADDED.search(before) or _DOSE_AT.search(before) or re.search(r"\b(?:into|in|with|to)\s+$", before, re.IGNORECASE))


_ROOM_SIDES = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*(?:[x×*]|by)\s*(?P<b>\d+(?:\.\d+)?)[\s-]*(?P<u>ft|foot|feet|m|meters?|metres?|米)"
                         r"(?:\s+|-|的)?(?:[a-z]+\s+){0,2}(?:room|bedroom|lawn|yard|garden|area|space|garage|basement|patio|deck|"
                         r"office|kitchen|studio|apartment|loft|房间|卧室|客厅|草坪|院子|花园)", re.IGNORECASE)


def _room_areas(text: str) -> list[tuple[int, int, float]]:
    """'A 12 × 14 ft bedroom', 'a 50 by 60 foot lawn': each room's span and the area its sides give, in m²."""
    return [(m.start(), m.end(), float(m.group("a")) * float(m.group("b")) * (0.092903 if m.group("u")[0] in "fF" else 1.0))
            for m in _ROOM_SIDES.finditer(text)]


def _check_quantities(text: str, facts: Facts, lang: str) -> list[Flag]:
    known = [(k, s, _aspect(s.text, k) if k.dim == "time" else None) for k, s in _known_quantities(facts)
             if not _TOTAL_SRC.search(s.where) or _ADDS_UP.search(text)]
    bare = [(src.text.strip(), src.where.lower()) for src in facts.sources
            if src.is_attr and re.fullmatch(r"[\d.,]+", src.text.strip())]
    flags = []
    spoken = align.spoken_quantities(text)
    # 二斤四 is one spoken weight: the 二斤 the unit reader finds inside it is not a second claim
    # (一米一到一米二: the spoken heights, not a range '一到一米' read across them)
    written = [q for q in find_quantities(text) if not any(s.start < q.end and q.start < s.end for s in spoken)]
    # 'A 12 × 14 ft bedroom', 'a 50 by 60 foot lawn': a room's sides, so the area it has, against the area the product covers
    rooms = _room_areas(text)
    areas = [(k, s) for k, s, _ in known if k.dim == "area" and s.is_attr]
    for a, b, area in rooms if areas else ():
        if not any(area <= k.value * 1.02 for k, _ in areas):
            k, src = areas[0]
            flags.append(_flag("block", Quantity(a, b, text[a:b], "area", area), _conflict(lang, text[a:b], src, src.text)))
    for q in (*written, *spoken):
        if areas and any(a <= q.start < b for a, b, _ in rooms):
            continue
        aspect = _aspect(text, q) if q.dim == "time" else None
        if any(matches(q, k) and (aspect is None or ka is None or ka == aspect) for k, _, ka in known):
            continue
        if q.low is not None and q.text.endswith("多") and any(  # 一两多 of 80 g: the figure lies inside the span
                k.dim == q.dim and q.low <= k.value <= q.value for k, _, _ in known):
            continue
        # 装得下十斤水 of a 5 L jar: a weight of water is a volume (a gram a millilitre)
        if q.dim == "mass" and _OF_WATER.match(text, q.end) and any(
                matches(replace(q, dim="volume", approx=True, alts=()), k) for k, _, _ in known):
            continue
        # 两百斤以内的人 puts people up to that weight on it: the load limit decides (below), not a bound
        bound = None if re.match(r"\s*(?:以内|以下|之内)的[\u4e00-\u9fff]", text[q.end:]) else _bound(text, q)
        # 不到三斤 of a 60 m rope at 64 g a metre: what one metre weighs bounds nothing of the whole; 整机不到三十斤 is
        # the machine's own weight, which 储冰量 3kg does not bound
        pool = [(k, s) for k, s, _ in known if not _PER_METRE.search(s.where) or _WHOLE_LENGTH.search(s.where)]
        own = [(k, s) for k, s in pool if k.dim == "mass" and s.is_attr and _WEIGHT_KEY.search(s.where)]
        if q.dim == "mass" and own and _OWN_WEIGHT.search(_clause_of(text, q)):
            pool = own
        if bound and any(_within(q, k, bound) for k, s in pool):
            continue
        if _under_ceiling(text, q, known):
            continue
        if _FILL_LINE.match(text, q.end) and any(k.dim == q.dim and q.value <= k.value * 1.02 for k, _, _ in known):
            continue  # 'Fill it to the 1 L line' of a 1.5 L kettle: a mark on it, under what it holds
        if (_WEARER.match(text, q.end) or _WEARER_BEFORE.search(text[max(0, q.start - 6):q.start])) and not any(
                k.dim == q.dim and s.is_attr and (_WEARER_KEY.search(s.where) or q.dim == "mass" and _CEILING_KEY.search(s.where))
                for k, s, _ in known):
            continue  # 我一米六的个子 beside 台面高度: the shopper's own body, unless the data says whose body it fits
            # (二百八十斤的大个子踩上去 of 最大承重 136kg: a body's weight the load limit must carry)
        # '35 pints a day — about 16.5 liters': the same amount again in other units, which stands or falls with it
        if any(o is not q and o.dim == q.dim and matches(q, o) and _sentence_of(text, o) == _sentence_of(text, q)
               and any(matches(o, k) for k, _, _ in known) for o in (*written, *spoken)):
            continue
        if (_PER_UNIT.match(q.text) or re.search(r"(?:\bper|每|/)\s*$", text[max(0, q.start - 6):q.start])) \
                and _MONEY.search(_clause_of(text, q)):
            continue  # 一斤合不到八块钱, 'twelve dollars a pound': the unit a price is shared over, not the product's size
        number = re.match(r"[\d.,/ -]+", q.text)
        if number and any(number.group().strip() == n and any(w in key for w in _DIM_KEYS.get(q.dim, ()))
                          for n, key in bare):
            continue  # '容量: 500' with the unit left out supports '500ml'
        if q.dim in ("mass", "volume") and (_added_liquid(text, q) or _usage(text, q) and not any(
                _SERVING_KEY.search(s.where) for _, s, _ in known)):
            # 每次取40克，加200毫升热水, 'Stir 40 g into 200 ml of hot water': how much to use, which no figure of the
            # product's contradicts (a serving key, where there is one, is read as usual)
            flags.append(_flag("warn", q, _unsupported(lang, q.text, _DIM_NAMES[q.dim])))
            continue
        weak = q.dim == "temperature" or (q.dim == "time" and not _spec_time(text, q))
        if q.dim == "time" and weak:
            # '泡发30分钟' is usage advice: no product duration can contradict it, and none supports it either.
            flags.append(_flag("warn", q, _unsupported(lang, q.text, _DIM_NAMES[q.dim])))
            continue
        dims = {d for d, _ in q.readings()}
        same = [(k, s) for k, s, ka in sorted(known, key=lambda t: t[2] != aspect) if k.dim in dims]
        near = _named_near(text, q.start, q.end, [s for _, s in same]) if same else None
        # Scenery ('3,000 m peaks') warns, unless the copy names the attribute beside the number: 'Water resistant
        # to 100 meters' against Water resistance: 50 m is the product's own figure.
        if near is None and _about_others(text, q):
            flags.append(_flag("warn", q, _unsupported(lang, q.text, _DIM_NAMES[q.dim])))
            continue
        if same:
            k, src = next(((k, s) for k, s in same if s is near), None) or \
                next(((k, s) for k, s in same if s.is_attr), same[0])
            flags.append(_flag("block", q, _conflict(lang, q.text, src, src.text if src.is_attr else k.text)))
            continue
        flags.append(_flag("warn" if weak else "block", q, _unsupported(lang, q.text, _DIM_NAMES[q.dim])))
    return flags


# ---- a rated figure said as the peak one, or the reverse ------------------------------------------

# 额定功率三千五百瓦 against 额定功率: 3kW, 最大功率: 3.5kW; '2,800 running watts' against Running watts: 2,200 W,
# Starting watts: 2,800 W: the number is the product's, but the label is another figure's, and a generator that
# runs at its peak figure is oversold.
_RATINGS = (("rated", re.compile(r"额定|持续|连续|\brunning\b|\brated\b|\bcontinuous\b", re.IGNORECASE)),
            ("peak", re.compile(r"最大|峰值|启动|瞬时|\bstarting\b|\bpeak\b|\bsurge\b|\bmax(?:imum)?\b", re.IGNORECASE)))
# the label between the number and its unit: '2,800 running watts'
_LABEL_INSIDE = re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<r>running|rated|continuous|starting|peak|surge)\s+(?P<u>watts?)\b",
                           re.IGNORECASE)


def _rating(s: str) -> str | None:
    names = [name for name, rx in _RATINGS if rx.search(s)]
    return names[0] if len(names) == 1 else None


def _check_ratings(text: str, facts: Facts, lang: str) -> list[Flag]:
    rated = [(r, key, value, k) for key, value in facts.attrs.items() if (r := _rating(key))
             for k in find_quantities(fold(value))]
    if len({r for r, *_ in rated}) < 2:
        return []
    said = [(q, _rating(re.split(r"[，。；！？,;!?\n]", text[max(0, q.start - 10):q.start])[-1]))
            for q in find_quantities(text)]
    said += [(Quantity(m.start(), m.end(), m.group(), "power", float(m.group("n").replace(",", ""))), _rating(m.group("r")))
             for m in _LABEL_INSIDE.finditer(text)]
    flags = []
    for q, r in said:
        own = [(key, value, k) for rr, key, value, k in rated if rr == r and k.dim == q.dim]
        if r and own and not any(matches(q, k) for *_, k in own) and \
                any(matches(q, k) for rr, _, _, k in rated if rr != r and k.dim == q.dim):
            flags.append(_flag("block", q, align.contradicts(lang, q.text, own[0][0], own[0][1])))
    return flags


# ---- electricity a stated run uses: 二十瓦…一天二十四小时开着，大概耗电一度二 (20 W × 24 h is 0.48 kWh) --------------------

_ENERGY_ZH = re.compile(r"(?P<n>\d+(?:\.\d+)?|[零一两二三四五六七八九十]+点[零一二三四五六七八九]+|[一两二三四五六七八九十]+|半)"
                        r"(?P<unit>度电?|千瓦时)(?P<tenth>[一二三四五六七八九])?")
# 度 alone is a temperature as often (调到二十六度): it is electricity only right after a word for using it
_USED_BEFORE = re.compile(r"(?:耗电|用电|费电|耗|用)(?:量)?[\u4e00-\u9fff]{0,4}$")
_ENERGY_EN = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:kWh|kilowatt[- ]hours?)", re.IGNORECASE)
_USE_WORD = re.compile(r"耗电|用电|费电|电费|用[一两二三四五六七八九十半\d]|uses?|draws?|consum|on\s+about|costs?", re.IGNORECASE)


def _spoken_decimal(said: str) -> float | None:
    """零点六 is 0.6, 一点二 is 1.2: the whole part as a numeral, then one digit a place."""
    whole, _, tail = said.partition("点")
    head = 0 if whole == "零" else cn_int(whole)
    digits = [0 if c == "零" else cn_int(c) for c in tail]
    if head is None or None in digits:
        return None
    return head + sum(d / 10 ** (i + 1) for i, d in enumerate(digits))


def _check_energy_use(text: str, facts: Facts, lang: str) -> list[Flag]:
    """kWh (度) said for a run the same sentence states (hours a day), against the one power the data gives."""
    said_in = _ENERGY_ZH if lang == "zh" else _ENERGY_EN
    if not said_in.search(text):
        return []  # most copy names no electricity: the data's power is not read for it
    powers = {round(k.value, 3) for k, s in _known_quantities(facts) if k.dim == "power" and s.is_attr}
    if len(powers) != 1:
        return []
    watts = powers.pop()
    flags = []
    for sentence in re.finditer(r"[^。！？!?\n]+", text):
        body = sentence.group()
        hours = [q.value / 60 for q in find_quantities(body)
                 if q.dim == "time" and 0 < q.value <= 1440 and q.low is None] or \
            [h for _, _, h in durations.durations(body) if 0 < h < 24]  # 一个钟头, which the unit reader leaves
        if not hours or not _USE_WORD.search(body):
            continue
        expected = watts * max(hours) / 1000
        for m in said_in.finditer(body):
            n = 0.5 if m.group("n") == "半" else _spoken_decimal(m.group("n")) if "点" in m.group("n") else parse_number(m.group("n"))
            if n is None or (m.groupdict().get("unit") == "度" and not _USED_BEFORE.search(body[:m.start()])):
                continue
            tenth = m.groupdict().get("tenth")
            said = n + (cn_int(tenth) or 0) / 10 if tenth else n
            under = bool(re.search(r"(?:不到|不足|不超过|以内|under|less\s+than|below)\s*$", body[:m.start()], re.IGNORECASE))
            if 0.8 * expected <= said <= 1.25 * expected or (under and said >= expected * 0.95):
                continue
            a, b = sentence.start() + m.start(), sentence.start() + m.end()
            msg = (f"文案写“{text[a:b]}”，但功率{watts:g}W按{max(hours):g}小时算约{expected:.2f}度" if lang == "zh" else
                   f'says "{text[a:b]}" but {watts:g} W for {max(hours):g} hours is about {expected:.2f} kWh')
            flags.append(Flag(CHECK, "block", a, b, text[a:b], msg))
    return flags


# ---- materials ------------------------------------------------------------------------------

def _supports(claim_id: str, known: set[str]) -> str:
    """'ok' when a known material is the claim or more specific; 'specific' when the claim narrows a known one."""
    for k in known:
        if claim_id in C.material_chain(k):
            return "ok"
    if any(k in C.material_chain(claim_id) for k in known):
        return "specific"
    return "no"


def _pure_ok(mid: str, facts: Facts) -> bool:
    """A claim of pure/100% material holds when one source names only that material (or says 100% of it)."""
    for src in facts.sources:
        ms = [m for m in C.materials(src.text) if not m.info["negated"]]
        if not ms:
            continue
        for m in ms:
            if any(mid in C.material_chain(i) for i in m.value) and (m.info["pure"] or m.info["pct"] == 100.0):
                return True
        if src.is_attr and any(w in src.where.lower() for w in _KEYS["material"]):
            if all(any(mid in C.material_chain(i) for i in m.value) for m in ms):
                return True
    return False


def _named_near(text: str, start: int, end: int, srcs: list[Source]) -> Source | None:
    """The attribute whose key the copy names beside the claim ('chrome steel base' → Base)."""
    window = text[max(0, start - 15):end + 15].lower()
    for src in srcs:
        key = re.sub(r"[(（].*?[)）]", "", src.where).strip().lower()
        # an English key word by its stem: 'resistant' names Water resistance
        words = [key] if _is_cjk_text(key) else [w[:6] for w in re.split(r"\W+", key) if len(w) > 2]
        if src.is_attr and words and any(w in window for w in words):
            return src
    return None


def _is_cjk_text(s: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in s)


def _closest(claim: C.Claim, srcs: list[Source], text: str = "") -> Source:
    """The material attribute to name: the one the copy names beside the claim, else the one about the same kind
    of material (填充物 for 鹅绒), else the first."""
    near = _named_near(text, claim.start, claim.end, srcs) if text else None
    if near is not None:
        return near
    roots = {C.material_chain(i)[-1] for i in claim.value}
    for src in srcs:
        if any(C.material_chain(i)[-1] in roots for m in C.materials(src.text) for i in m.value):
            return src
    return srcs[0]


_SURFACE_KEY = re.compile(r"works\s+on|surfaces?|floor\s+types?|适用地面|适用地板|适用表面|适用材质", re.IGNORECASE)


# A material word that names the shopper's own papers, not the product's make: 重要纸质文件建议另外放防火袋.
_PAPERS_AFTER = re.compile(r"的?(?:文件|资料|档案|书籍|票据|证件|照片|证书|合同|存折|现金)|\s+(?:documents?|papers|files|books|"
                           r"receipts|photos|certificates|records)\b", re.IGNORECASE)


# A material word that names another thing the copy uses with the product, not its make: 'Wipe with a cotton cloth',
# 'Store it in a plastic box', 用棉布擦一擦, 装进塑料袋 ('Comes in a cotton bag' is the packaging's make: still judged).
_OTHER_THING_BEFORE = re.compile(r"(?<!comes\s)(?<!arrives\s)(?<!packed\s)(?<!ships\s)(?<!shipped\s)(?<!sold\s)"
                                 r"\b(?:with|in|into|inside|on)\s+(?:a|an|the|your|any)\s+(?:soft\s+|clean\s+|damp\s+|dry\s+)?$|"
                                 r"(?:用|拿|放进|装进|放在|放入|装在|垫上)\s*$", re.IGNORECASE)
_OTHER_THING_AFTER = re.compile(r"\s+(?:cloth|towel|rag|sponge|brush|box|bag|container|tub|bin|jar|basket|tray)s?\b|"
                                r"布?(?:擦|抹)|(?:袋|盒|箱|罐|桶|篮|抹布|毛巾|海绵)", re.IGNORECASE)
# A material word that is a serving, not the make: 'under a dollar a glass', 'two glasses of juice', 'by the glass'.
_SERVING_BEFORE = re.compile(r"\b(?:a|per|each|every|one|by\s+the|[\d.]+|two|three|four|five|six)\s+$", re.IGNORECASE)
_SERVING_AFTER = re.compile(r"(?:e?s)?(?:\s+of\b|\s*[.,;!?]|\s*$)", re.IGNORECASE)


def _check_materials(text: str, facts: Facts, lang: str) -> list[Flag]:
    per_source = [(src, [m for m in C.materials(src.text) if not m.info["negated"]]) for src in facts.sources]
    known = {i for _, ms in per_source for m in ms for i in m.value}
    # PP棉滤芯寿命: 6个月 names the PP棉 filter as much as a value would
    known |= {i for k in facts.attrs for m in C.materials(k) if not m.info["negated"] for i in m.value}
    pcts = {(i, m.info["pct"]) for _, ms in per_source for m in ms for i in m.value if m.info["pct"] is not None}
    mat_srcs = [s for s, ms in per_source if ms and s.is_attr and any(w in s.where.lower() for w in _KEYS["material"])]
    flags = []
    brand = str(facts.product.get("brand") or "")
    # A robot vacuum that 'handles hardwood and tile': of a product that works on surfaces, a material word is the
    # floor it works on, not what it is made of.
    surfaces = any(_SURFACE_KEY.search(k) for k in facts.attrs)
    for claim in C.materials(text):
        # A material word in the shop's own brand name (棉语) is the name, not a claim.
        if claim.info["negated"] or (brand and brand in text and _inside(text, brand, claim)) or surfaces \
                or _PAPERS_AFTER.match(text, claim.end) or (_OTHER_THING_BEFORE.search(text[max(0, claim.start - 24):claim.start])
                                                           and _OTHER_THING_AFTER.match(text, claim.end)) \
                or (_SERVING_BEFORE.search(text[max(0, claim.start - 12):claim.start])
                                                           and _SERVING_AFTER.match(text, claim.end)):
            continue
        verdicts = [_supports(i, known) for i in claim.value]
        if all(v == "ok" for v in verdicts):
            pct = claim.info["pct"]
            if claim.info["pure"] and not all(_pure_ok(i, facts) for i in claim.value):
                src = _closest(claim, mat_srcs, text) if mat_srcs else next(s for s, ms in per_source if ms)
                flags.append(_flag("block", claim, _conflict(lang, claim.text, src)))
            elif pct is not None and pct != 100.0 and not any(
                    (i2 == i or i in C.material_chain(i2)) and p == pct for i in claim.value for i2, p in pcts):
                src = _closest(claim, mat_srcs, text) if mat_srcs else facts.sources[0]
                flags.append(_flag("block", claim, _conflict(lang, claim.text, src) if mat_srcs
                                   else _unsupported(lang, claim.text, _WHAT["material"])))
            continue
        if mat_srcs:
            flags.append(_flag("block", claim, _conflict(lang, claim.text, _closest(claim, mat_srcs, text))))
        else:
            others = [s for s, ms in per_source if ms]
            other = _closest(claim, others, text) if others else None
            flags.append(_flag("block", claim, _conflict(lang, claim.text, other) if other
                               else _unsupported(lang, claim.text, _WHAT["material"])))
    return flags


# ---- colours --------------------------------------------------------------------------------

def _offered_colours(facts: Facts) -> tuple[list[tuple[str, Source]], list[str]]:
    """(colour id, where) for every colour the product names; and the raw items of its colour attributes."""
    offered: list[tuple[str, Source]] = []
    items: list[str] = []
    colour_keys = set(facts.keys_of("colour"))
    for src in facts.sources:
        if src.is_attr and src.where in colour_keys:
            parts = [align.CODE.sub("", p) for p in re.split(r"[、,，/;；|]|\s+and\s+|\s*&\s*|和|及", src.text) if p.strip()]
            items += parts
            offered += [(cid, src) for p in parts if (cid := C.colour_id(p))]
        else:
            offered += [(c.value, src) for c in C.colours(src.text, styling_ok=True) if not c.info["negated"]]
    return offered, items


_SET_COLOURS = re.compile(r"(?<![\d一二两三四五六七八九十百])(?P<n>\d{1,3}|[两二三四五六七八九十百]+|一百[一二三四五六七八九十]*)色(?![系调号差])")


def _check_colours(text: str, facts: Facts, lang: str) -> list[Flag]:
    offered, items = _offered_colours(facts)
    colour_attrs = [s for s in facts.sources if s.is_attr and s.where in facts.keys_of("colour")]
    flags = []
    brand = str(facts.product.get("brand") or "")
    for claim in C.colours(text):
        if claim.info["negated"] or (brand and brand in text and _inside(text, brand, claim)):
            continue
        ids = {cid for cid, _ in offered}
        fam = C.colour_family(claim.value)
        if claim.value in ids or (claim.value == fam and any(C.colour_family(i) == fam for i in ids)):
            continue
        # 'sage green' of a colour list that says 'Sage': the listed name with its family after it
        if any(claim.text.lower().startswith(it.strip().lower() + " ") for it in items if len(it.strip()) >= 3):
            continue
        src = colour_attrs[0] if colour_attrs else (offered[0][1] if offered else None)
        shown = (src.text if src.is_attr else "、".join(dict.fromkeys(
            c.text for c in C.colours(src.text, styling_ok=True))) or src.text) if src else ""
        if src is not None and any(C.colour_family(i) == fam for i in ids):
            msg = (f"文案写“{claim.text}”，但{_label(src, lang)}只写了“{_short(shown)}”：{claim.text}是同一色系里更具体的颜色"
                   if lang == "zh" else
                   f'says "{claim.text}" but {_label(src, lang)} only says "{_short(shown)}": a more specific shade')
            flags.append(_flag("warn", claim, msg))
        elif src is not None:
            flags.append(_flag("block", claim, _conflict(lang, claim.text, src, shown)))
        else:
            flags.append(_flag("warn", claim, _unsupported(lang, claim.text, _WHAT["colour"])))
    # '颜色数量: 12色' states the count itself
    # ('5色混装', '6 colors assorted': the count with how they come)
    stated = [(int(m.group(1)), s) for s in colour_attrs
              if (m := re.fullmatch(r"\s*(\d+)\s*(?:色|种|种颜色|款|colou?rs?)?\s*(?:混装|随机|随机发货|assorted|mixed)?\s*",
                                    s.text, re.IGNORECASE))]
    counted = C.colour_counts(text)
    if stated and lang == "zh":  # 七十二色铁盒彩铅 against 颜色数量: 36色: a bare N色 counts the set's colours
        counted += [C.Claim("colour_count", m.start(), m.end(), m.group(), n) for m in _SET_COLOURS.finditer(text)
                    if (n := C.word_int(m.group("n"))) and n > 1 and not any(c.start <= m.start() < c.end for c in counted)]
    for claim in counted:
        if stated:
            if claim.value != stated[0][0]:
                flags.append(_flag("block", claim, _conflict(lang, claim.text, stated[0][1])))
            continue
        if items:
            if claim.value != len(items):
                src = colour_attrs[0]
                msg = (f"文案写“{claim.text}”，但{src.where}有{len(items)}种：“{_short(src.text)}”" if lang == "zh" else
                       f'says "{claim.text}" but {src.where} lists {len(items)}: "{_short(src.text)}"')
                flags.append(_flag("block", claim, msg))
            continue
        said = [(c, s) for s in facts.sources for c in C.colour_counts(s.text)]
        if any(c.value == claim.value for c, _ in said):
            continue
        if said:  # 'Wax sticks: 8 (4 colors × 2)' states four colours: 'eight colours' contradicts it
            flags.append(_flag("block", claim, _conflict(lang, claim.text, said[0][1])))
        else:
            flags.append(_flag("warn", claim, _unsupported(lang, claim.text, _WHAT["colour_count"])))
    return flags


def _inside(text: str, needle: str, claim: C.Claim) -> bool:
    return any(m.start() <= claim.start and claim.end <= m.end() for m in re.finditer(re.escape(needle), text))


# ---- sizes, price, fit, connectivity ---------------------------------------------------------

def _check_sizes(text: str, facts: Facts, lang: str) -> list[Flag]:
    size_srcs = [s for s in facts.sources if (s.is_attr and s.where in facts.keys_of("size")) or s.where == "title"]
    known: set[str] = set()
    where = None
    for s in size_srcs:
        # '尺码: 36–44' is a range of shoe sizes though it leaves out the 码 that copy writes
        bare = s.is_attr and re.fullmatch(r"\s*\d{2}(?:\.5)?\s*(?:-|–|~|～|到|至)\s*\d{2}(?:\.5)?\s*", s.text)
        found = C.sizes(s.text + "码" if bare else s.text)
        if found:
            where = where or s
            known |= {v for c in found for v in c.value}
    flags = []
    for claim in C.sizes(text):
        if claim.value <= known:
            continue
        if where is None:
            flags.append(_flag("warn", claim, _unsupported(lang, claim.text, _WHAT["size"])))
        else:
            flags.append(_flag("block", claim, _conflict(lang, claim.text, where)))
    return flags


def _fmt_price(product: dict[str, Any]) -> str:
    return f"{product.get('price')} {product.get('currency') or ''}".strip()


def _check_prices(text: str, facts: Facts, lang: str) -> list[Flag]:
    product = facts.product
    currency = (product.get("currency") or "").upper() or None
    price = parse_number(str(product.get("price"))) if product.get("price") not in (None, "") else None
    mentioned = [(c.value, c.info["currency"]) for s in facts.sources for c in C.prices(s.text, currency)]
    source = prices.with_keys("\n".join(s.text for s in facts.sources), facts.attrs)
    flags = []
    for claim in C.prices(text, currency):
        cur = claim.info["currency"]
        if price is not None and abs(claim.value - price) < 0.005 and (currency is None or cur == currency):
            continue
        if price is not None and (currency is None or cur == currency) and \
                prices.fits(text, claim.start, claim.end, claim.value, price, source):
            continue
        if any(abs(claim.value - v) < 0.005 and cur == c for v, c in mentioned):
            continue
        if price is None:
            flags.append(_flag("block", claim, _unsupported(lang, claim.text, _WHAT["price"])))
        else:
            label = "价格" if lang == "zh" else "price"
            msg = (f"文案写“{claim.text}”，但{label}是“{_fmt_price(product)}”" if lang == "zh"
                   else f'says "{claim.text}" but {label} is "{_fmt_price(product)}"')
            flags.append(_flag("block", claim, msg))
    return flags


def _check_fit(text: str, facts: Facts, lang: str) -> list[Flag]:
    fit_srcs = [s for s in facts.sources if s.is_attr and s.where in facts.keys_of("fit")]
    known = {c.value for s in fit_srcs for c in C.fits(s.text)}
    flags = []
    for claim in C.fits(text):
        if claim.info["negated"] or not known or claim.value in known:
            continue
        flags.append(_flag("block", claim, _conflict(lang, claim.text, fit_srcs[0])))
    return flags


def _check_connectivity(text: str, facts: Facts, lang: str) -> list[Flag]:
    conn_srcs = [s for s in facts.sources if s.is_attr and s.where in facts.keys_of("connect")]
    flags = []

    def where_of(found: list[tuple[C.Claim, Source]]) -> Source | None:
        return next((s for _, s in found if s.is_attr), found[0][1] if found else None)

    known_conn = [(c, s) for s in facts.sources for c in C.connectors(s.text) if not c.info["negated"]]
    for claim in C.connectors(text):
        if claim.info["negated"] or claim.value in {c.value for c, _ in known_conn}:
            continue
        src = where_of(known_conn)
        if src is not None:
            flags.append(_flag("block", claim, _conflict(lang, claim.text, src)))
        else:
            flags.append(_flag("block" if conn_srcs else "warn", claim,
                               _unsupported(lang, claim.text, _WHAT["connector"])))
    known_feat = {c.value for s in facts.sources for c in C.features(s.text) if not c.info["negated"]}
    # 'Bluetooth MIDI: Yes' names the feature in its key
    known_feat |= {c.value for k, v in facts.attrs.items() if align.says_yes(v) for c in C.features(k)}
    wired = any(w.lower() in s.text.lower() for s in facts.sources for w in vocab.WIRED)
    for claim in C.features(text):
        if claim.info["negated"] or claim.value in known_feat:
            continue
        if claim.value == "bluetooth" and "wifi" in known_feat:
            continue
        # A product whose data lists its connectivity or says it is wired has no unlisted radio or ANC.
        strong = bool(conn_srcs) or wired
        flags.append(_flag("block" if strong else "warn", claim, _unsupported(lang, claim.text, _WHAT["feature"])))
    for kind, extract in (("bt_version", C.bt_versions), ("ip", C.ip_ratings), ("spf", C.spf_ratings),
                          ("resolution", C.resolutions)):
        known = [(c, s) for s in facts.sources for c in extract(s.text)]
        for claim in extract(text):
            if claim.value in {c.value for c, _ in known}:
                continue
            src = where_of(known)
            if src is None:
                msg = _unsupported(lang, claim.text, _WHAT[kind])
            else:
                shown = None if src.is_attr else next(c.text for c, s in known if s is src)
                msg = _conflict(lang, claim.text, src, shown)
            flags.append(_flag("block", claim, msg))
    return flags


def _check_counts(text: str, facts: Facts, lang: str) -> list[Flag]:
    known = [(c, s) for s in facts.sources for c in C.counts(s.text)]
    # 'Presets: 8' states a count in the key: read it as '8 Presets'.
    known += [(c, s) for s in facts.sources if s.is_attr and re.fullmatch(r"\d+", s.text.strip())
              for c in C.counts(f"{s.text.strip()} {s.where}")]
    known += _pack_totals(known, facts)
    flags = []
    counted = C.counts(text)
    # '配三个杯子': a count of any thing the attributes list item by item
    for m in _ITEM_COUNT.finditer(text):
        if not any(c.start <= m.start() < c.end for c in counted) and (n := C.word_int(m.group("n"))):
            claim = C.Claim("count", m.start(), m.end(), m.group(), n, {"what": "item"})
            listed = _listed_count(claim, facts)
            if listed is not None and listed[0] != n:
                flags.append(_flag("block", claim, _conflict(lang, claim.text, listed[1])))
    for claim in counted:
        if align.DOSE_BEFORE.search(text[max(0, claim.start - 3):claim.start]):
            continue  # 每次两片: a dose, not what the pack holds
        # '6只装' packs six pieces: 一套八把 counts the same pieces
        same = [(c, s) for c, s in known if c.info["what"] == claim.info["what"]
                or claim.info["what"] == "piece" and re.fullmatch(r"\d+\s*[只个支把片条件]装", c.text)]
        if any(c.value == claim.value for c, _ in same):
            continue
        listed = _listed_count(claim, facts)
        if listed is not None:
            if listed[0] != claim.value:
                flags.append(_flag("block", claim, _conflict(lang, claim.text, listed[1])))
            continue
        # Pieces and packs are often written without a count word (3只, 'Set of 3'): the bare number is enough.
        if any(re.search(rf"(?<![\d.]){claim.value}(?![\d.])", s.text) for s in facts.sources) and not same:
            continue
        if same:
            c, src = next(((c, s) for c, s in same if s.is_attr), same[0])
            flags.append(_flag("block", claim, _conflict(lang, claim.text, src, None if src.is_attr else c.text)))
        else:
            flags.append(_flag("warn", claim, _unsupported(lang, claim.text, _WHAT["count"])))
    return flags


# How many packs the product is: 包数: 2包, 'Packs: 3'.
_PACKS_KEY = re.compile(r"^\s*(?:包数|盒数|箱数|袋数|瓶数|罐数|packs?|boxes|bags|number\s+of\s+(?:packs|boxes|bags))\s*$", re.IGNORECASE)


def _pack_totals(known: list[tuple[C.Claim, Source]], facts: Facts) -> list[tuple[C.Claim, Source]]:
    """'46片×2包' in the title, or 每包数量: 46片 with 包数: 2包: 92 pieces in all is a count the data makes."""
    packs = next((int(m.group(1)) for k, v in facts.attrs.items() if _PACKS_KEY.match(k)
                  if (m := re.match(r"\s*(\d+)", v)) and int(m.group(1)) > 1), None)
    out = []
    for c, src in known:
        _, said, after = src.text.partition(c.text)
        times = _TIMES_N.match(after) if said else None
        n = int(times.group(1)) if times else packs
        if n and n > 1:
            out.append((replace(c, value=c.value * n), src))
    return out


_COUNT_WORD = re.compile(r"^(?:\d+|[一两二三四五六七八九十]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                         r"(?:\s+|-)?(?:个|支|把|种|只)?", re.IGNORECASE)
_ITEM = re.compile(r"[^、,，/;；+（(]+")
_ITEM_COUNT = re.compile(r"(?<![第\d.])(?P<n>\d+|[两二三四五六七八九十]+)\s*(?:个|只|支|把)(?!小时|钟头|星期|礼拜|月|工作日)(?P<noun>[\u4e00-\u9fff]{1,2})(?=[^\u4e00-\u9fff]|$)")
_TIMES = re.compile(r"[x×*]\s*(\d+)\s*$|^\s*(\d+)\s*[x×*]|(\d+)\s*(?:个|只|支|把|pcs?)\s*$", re.IGNORECASE)


def _listed_count(claim: C.Claim, facts: Facts) -> tuple[int, Source] | None:
    """'三个刀头' against 附件: 绞肉刀头×1、研磨刀头×1: the listed items that name the counted thing, each with its
    multiplicity, are how many of it the product has (None when no attribute lists it)."""
    noun = _COUNT_WORD.sub("", claim.text.strip()).strip().lower()
    noun = re.sub(r"s$", "", noun) if re.fullmatch(r"[a-z ]+", noun) else noun
    # 杯子 is counted in items named …杯 (搅拌杯×1)
    stem = noun[:-1] if len(noun) == 2 and noun[-1] in "子儿" else noun
    # 四个球 against 网球3个: one character counts the items whose name ends in it (球拍 is no 球)
    if len(noun) < 2 and not (claim.info.get("what") == "item" and re.fullmatch(r"[\u4e00-\u9fff]", noun)):
        return None
    for src in facts.sources:
        if not src.is_attr:
            continue
        # an item is a name with at most a multiplicity (枕套×2）): '配合充电盒共30小时' is a figure, not an item
        listed = [x.strip().strip("（）()[]【】 ") for x in _ITEM.findall(src.text)]
        listed = [x for x in listed if not re.search(r"\d", _TIMES.sub("", x))]
        items = [x for x in listed if (noun in x.lower() if len(noun) > 1 else False)
                 or ((stem != noun or len(noun) == 1) and _TIMES.sub("", x).strip().endswith(stem))]
        if not items or len(listed) < 2 and not _TIMES.search(items[0]):
            continue
        total = 0
        for item in items:
            m = _TIMES.search(item)
            total += int(next(g for g in m.groups() if g)) if m else 1
        return total, src
    return None


def _subject(words: str, at_start: bool) -> str:
    """The thing a percentage is about: the first (or last) word of the run beside it, up to a break."""
    parts = [p for p in re.split(r"[\s,，、;；+和及与]|搭配|加上|加", words) if p]
    if not parts:
        return ""
    return parts[0] if at_start else parts[-1]


def _check_percentages(text: str, facts: Facts, lang: str) -> list[Flag]:
    known: list[tuple[str, float, Source, str]] = []
    for src in facts.sources:
        for c in C.percentages(src.text):
            for subject in (_subject(c.info["after"], True), _subject(c.info["before"], False)):
                if len(subject) >= 2 and not C.materials(subject):
                    known.append((subject, c.value, src, c.text))
    flags = []
    for claim in C.percentages(text):
        after, before = claim.info["after"], claim.info["before"]
        hits = [(k, v, s, t, "after") for k, v, s, t in known if after.startswith(k)]
        hits += [(k, v, s, t, "before") for k, v, s, t in known if before.endswith(k)]
        if not hits or any(v == claim.value for _, v, _, _, _ in hits):
            continue
        subject, _, src, shown, side = hits[0]
        # The span runs from the percentage through its subject (or from the subject through the percentage).
        if side == "after":
            start, end = claim.start, claim.start + text[claim.start:].lower().index(subject) + len(subject)
        else:
            start = claim.info["before_start"] + before.rindex(subject)
            end = claim.end
        span = C.Claim("pct", start, end, text[start:end], claim.value)
        flags.append(_flag("block", span, _conflict(lang, span.text, src, None if src.is_attr else shown)))
    return flags


def _check_ingredients(text: str, facts: Facts, lang: str) -> list[Flag]:
    known = {c.value for s in facts.sources for c in C.ingredients(s.text) if not c.info["negated"]}
    return [_flag("block", c, _unsupported(lang, c.text, _WHAT["ingredient"])) for c in C.ingredients(text)
            if not c.info["negated"] and c.value not in known]


def _check_flavours(text: str, facts: Facts, lang: str) -> list[Flag]:
    """Only against a flavour attribute: without one, '草莓味' may describe a scent or a note, not a variant."""
    srcs = [s for s in facts.sources if s.is_attr and s.where in facts.keys_of("flavour")]
    if not srcs:
        return []
    said = " ".join(s.text for s in facts.sources).lower()
    return [_flag("block", c, _conflict(lang, c.text, srcs[0])) for c in C.flavours(text)
            if not c.info["negated"] and c.value not in said]


# ---- the check ------------------------------------------------------------------------------

def _check_any_attribute(text: str, facts: Facts, lang: str, home: str | None = None) -> list[Flag]:
    """The generic alignments of align.py (yes/no, warranty, prices without a unit, lists, counts, ages, seasons,
    items of a listed attribute), durations.py (how long it lasts, read by what the time is about), ranges.py
    (sizes, system versions) and places.py (indoor only)."""
    source = "\n".join(s.text for s in facts.sources)
    return [*align.check_yes_no(text, facts.attrs, lang), *align.check_warranty(text, facts.attrs, source, lang),
            *prices.check(text, facts.product, source, lang),
            *align.check_lists(text, facts.attrs, source, lang, home),
            *align.check_counts(text, facts.attrs, lang, str(facts.product.get("title") or "")), *align.check_item_counts(text, facts.attrs, lang),
            *align.check_box_totals(text, facts.attrs, lang), *align.check_packed_counts(text, facts.attrs, lang),
            *align.check_ages(text, facts.attrs, lang),
            *durations.check(text, facts.attrs, lang), *durations.check_uses_per_charge(text, facts.attrs, lang),
            *align.check_seasons(text, facts.attrs, lang),
            *align.check_enumerations(text, facts.attrs, source, lang), *align.check_included(text, facts.attrs, source, lang),
            *ranges.check(text, facts.attrs, lang), *freefrom.check(text, facts.attrs, lang),
            *places.check(text, facts.attrs, source, lang)]


_CHECKS = (_check_any_attribute, _check_quantities, _check_ratings, _check_energy_use, _check_materials, _check_colours, _check_sizes,
           _check_prices, _check_fit, _check_connectivity, _check_counts, _check_percentages, _check_ingredients,
           _check_flavours)


def check(text: str, ctx: GateContext) -> list[Flag]:
    """Flags for claims in text that contradict the product or that nothing in the product supports."""
    if not ctx.product or not text:
        return []
    facts = facts_of(ctx.product)
    folded = fold(text)
    lang = "zh" if ctx.lang == "zh" else "en"
    home = str(Path(ctx.home).resolve()) if ctx.home else None
    flags = [f for run in _CHECKS for f in (run(folded, facts, lang, home) if run is _check_any_attribute
                                             else run(folded, facts, lang))]
    # Folding keeps offsets, so each span is cut from the original text; a flag inside a blocking one is noise.
    flags = [Flag(f.check, f.severity, f.start, f.end, text[f.start:f.end], f.message) for f in flags]
    if ctx.support_judge:
        said = [(f.start, f.end) for f in flags if f.severity == "block"]
        flags += [f for f in judge_flags(text, ctx) if not any(f.start < y and x < f.end for x, y in said)]
    kept = []
    for f in sorted(flags, key=lambda f: (f.severity != "block", -(f.end - f.start), f.start)):
        if any(k.start <= f.start and f.end <= k.end and (k.start, k.end) != (f.start, f.end) for k in kept) \
                or any((k.start, k.end) == (f.start, f.end) for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end))


# ---- the claim-support judge (setting quality_support_judge) ---------------------------------

# A sentence that credits the product with a use, part or ability: what the judge is asked about.
_CREDIT = re.compile(r"能|可以|可|还能|自带|带有|配有|内置|支持|适合|适用|兼容|通过|认证|含有|用于|doubles?\s+as|"
                     r"comes?\s+with|built[- ]in|includes?|features?|tracks?|measures?|works?\s+(?:with|as|on)|"
                     r"perfect\s+for|great\s+for|ideal\s+for|made\s+for|rated\s+for|safe\s+for|designed\s+for|certified|"
                     r"supports?|lets?\s+you|can\b", re.IGNORECASE)
SUPPORT_AT = 0.865  # e5 cosine to the nearest piece of product data below which a credited claim is unsupported


def _data_pieces(product: dict[str, Any]) -> list[str]:
    pieces = [str(product.get(k) or "") for k in ("title", "category")]
    pieces += re.split(r"(?<=[。！？.!?；;])\s*", str(product.get("description") or ""))
    # 'Not for: Submerged use' names what it rules out: close in meaning to a sentence that credits it, it supports nothing
    pieces += [f"{k}: {v}" for k, v in _attributes(product).items() if not places.EXCLUDING_KEY.search(k)]
    return [p.strip() for p in pieces if p and p.strip()]


_WHAT_FOR = re.compile(r"[^，。；！？,.;!?]*")
_NOT_NAMING = frozenset({"with", "your", "their", "that", "this", "every", "whole", "from", "into", "about", "just", "also"})


def _credit_named(sentence: str, attrs: dict[str, str]) -> bool:
    """'Made for a breezy afternoon at the beach' of a kite whose Use says 'Beaches, open fields': what the sentence
    credits (the words after its credit word, to the clause's end) names something the data names, so the data
    speaks to it, however the rest of the sentence is worded. Only attribute values count, and not one that says the
    product lacks it (Shock absorption: No); the title's words (a brand's 'Baby') name the product, not its uses.
    English only: two Chinese characters in common with the data (使用, 可以) say nothing."""
    # 'Not for: Outdoor use' names outdoors to rule it out
    # (a key whose value does not deny it names its feature too: 'Timer: Yes', 'Lumbar support: Built-in')
    said = " ".join(f"{k} {v}" for k, v in attrs.items() if not align.says_no(v) and not places.EXCLUDING_KEY.search(k)).lower()
    for m in _CREDIT.finditer(sentence):
        rest = _WHAT_FOR.match(sentence, m.end()).group().lower()
        words = [w[:5] for w in re.findall(r"[a-z]{4,}", rest) if w not in _NOT_NAMING]
        if any(re.search(rf"\b{w}", said) for w in words):
            return True
    return False


def judge_flags(text: str, ctx: GateContext) -> list[Flag]:
    """Sentences that credit the product with something no piece of its data is close to in meaning (e5 cosine):
    they block (no clean fs1 sentence scored below SUPPORT_AT). Off unless ctx.support_judge."""
    if not ctx.product or not ctx.support_judge:
        return []
    from shopscribe.quality import meaning

    lang = "zh" if ctx.lang == "zh" else "en"
    sents = [(a, b) for a, b in meaning.sentences(text, lang) if _CREDIT.search(text[a:b])]
    pieces = _data_pieces(ctx.product)
    if not sents or not pieces:
        return []
    S = meaning.embed([text[a:b] for a, b in sents])
    P = meaning.embed(pieces)
    best = (S @ P.T).max(axis=1)
    found = _known_quantities(facts_of(ctx.product))
    known = [k for k, _ in found]
    # a limit the data states: 'Max user weight: 250 lb', 'Room size: Up to 350 sq ft'
    ceilings = [k for k, src in found if src.is_attr and (_CEILING_KEY.search(src.where) or _CEILING_IN_VALUE.search(src.text))]
    attrs = _attributes(ctx.product)
    flags = []
    for (a, b), score in zip(sents, best):
        # 'Measures about 30 cm across' of a 12-inch pan: a measure the data confirms ties the sentence to the data,
        # whatever its wording scores; so does one inside a limit it states ('A 110 kg adult can bounce on it' of a
        # 250 lb limit, 'A 12 × 14 ft bedroom' of up to 350 sq ft).
        said = find_quantities(fold(text[a:b]))
        rooms = _room_areas(text[a:b])
        if rooms and all(any(k.dim == "area" and r <= k.value * 1.02 for k in ceilings) for _, _, r in rooms):
            continue
        if said and all(any(matches(q, k) for k in known) or any(k.dim == q.dim and q.value <= k.value * 1.02 for k in ceilings)
                        for q in said):
            continue
        ages = align.ages_said(fold(text[a:b]), attrs)  # 'Perfect for my five-year-old' of Ages 4–7, likewise
        if ages and all(fits for _, _, fits in ages):
            continue
        if score < SUPPORT_AT and _credit_named(text[a:b], attrs):
            continue
        if score < SUPPORT_AT:
            msg = (f"文案写“{_short(text[a:b])}”，但商品资料（标题、描述、属性）里没有与它相近的说法（相似度 {score:.2f}）"
                   if lang == "zh" else
                   f'says "{_short(text[a:b])}" but nothing in the product data comes close to it (similarity {score:.2f})')
            flags.append(Flag(CHECK, "block", a, b, text[a:b], msg))
    return flags
