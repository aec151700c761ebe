"""Ranges the copy stretches beyond the product's: children's shoe sizes (toddler 5 to big kid 3 against Toddler
5–10), the oldest system a device works with (安卓7.0以上 against Android 9.0及以上; "iOS 13 or newer" against iOS
15 and later), any numeric range an attribute states (从一岁半坐到十岁 against 适用年龄 3–8岁, 八百度 against 适配度数
0–600度, "zones 3 through 10" against USDA zones: 5–9) and letter sizes named alone (XXL against 尺码 S–XL).

Decision: only a range the data states can be overrun; a size or version the data never mentions is left to the
other checks (a product without a size attribute cannot contradict one). Letter and numbered sizes (S–XL, 36–44码)
are facts._check_sizes', ages align.check_ages'.
"""

from __future__ import annotations

import math
import re

from shopscribe.quality import claims as C
from shopscribe.quality.align import _NEG_NEAR, _num, contradicts, flag
from shopscribe.quality.report import Flag
from shopscribe.quality.units import parse_number

_SIZE_KEY = re.compile(r"尺码|码数|鞋码|号型|size", re.IGNORECASE)


# ---- children's shoe sizes: toddler 1–13, then kid (little/big/youth) 1–7 ----------------------------

_KID = re.compile(r"\b(?P<band>toddlers?|infants?|baby|little\s+kids?|big\s+kids?|youth|kids?)\s*(?:size\s*)?"
                  r"(?P<n>\d{1,2}(?:\.5)?)(?:(?:-|–|~|\s+to\s+)(?P<m>\d{1,2}(?:\.5)?))?", re.IGNORECASE)


def _kid_scale(band: str, n: float) -> float:
    """One line from the smallest toddler size to the largest kid's: kid sizes restart at 1 after toddler 13."""
    return n if re.match(r"toddler|infant|baby", band, re.IGNORECASE) or n >= 10 else n + 13


def _kid_sizes(s: str) -> list[tuple[int, int, float]]:
    out = []
    for m in _KID.finditer(s):
        band = m.group("band")
        out.append((m.start(), m.end(), _kid_scale(band, float(m.group("n")))))
        if m.group("m"):  # 'Toddler 5–10': the end is in the same band
            out.append((m.start(), m.end(), _kid_scale(band, float(m.group("m")))))
    return out


def _check_kid_sizes(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    for key, value in attrs.items():
        stated = [v for _, _, v in _kid_sizes(value)] if _SIZE_KEY.search(key) else []
        if stated:
            lo, hi = min(stated), max(stated)
            return [flag(a, b, text, contradicts(lang, text[a:b], key, value)) for a, b, v in _kid_sizes(text) if v < lo or v > hi]
    return []


# A size in another gender's scale: 'a men's 12' against Women's 5–11 (a women's 11 is about a men's 9.5), so a
# number inside the range in the wrong scale is still a size the product does not come in.
_GENDERED = re.compile(r"\b(?P<g>men|women|ladies)(?:'s|s'|s)?\s+(?:(?:US|shoe)\s+)?(?:size\s+)?(?P<n>\d{1,2}(?:\.5)?)\b",
                       re.IGNORECASE)

_GENDERED_RANGE = re.compile(_GENDERED.pattern + r"\s*(?:-|–|—|~|\s+to\s+)\s*(?P<m>\d{1,2}(?:\.5)?)\b", re.IGNORECASE)


def _gender(word: str) -> str:
    return "women" if word.lower() in ("women", "ladies") else "men"


def _check_gendered_sizes(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    for key, value in attrs.items():
        scales = {_gender(m.group("g")) for m in _GENDERED.finditer(value)} if _SIZE_KEY.search(key) else set()
        if scales and not re.search(r"unisex|男女通用|中性", value, re.IGNORECASE):
            spans = {_gender(m.group("g")): (float(m.group("n")), float(m.group("m")))
                     for m in _GENDERED_RANGE.finditer(value)}
            return [flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value))
                    for m in _GENDERED.finditer(text) if (g := _gender(m.group("g"))) not in scales
                    or g in spans and not spans[g][0] <= float(m.group("n")) <= spans[g][1]]
    return []


# ---- the oldest system version a device works with ------------------------------------------------

_SYSTEM_KEY = re.compile(r"兼容|系统|适配|要求|compatib|works\s+with|platform|\bos\b|requires?", re.IGNORECASE)
_VERSION = re.compile(r"(?P<os>android|安卓|ios|iphone\s*os|ipados|macos|windows|win)\s*(?:系统|version|版本)?\s*"
                      r"(?P<v>\d+(?:\.\d+)?)", re.IGNORECASE)
_OS_NAME = {"安卓": "android", "iphoneos": "ios", "win": "windows"}


_DEVICE = re.compile(r"ipad(?:\s+(?:air|mini|pro))?|iphone|kindle|apple\s+pencil|airpods|apple\s+watch|echo\s+dot", re.IGNORECASE)
_GENERATION = re.compile(r"(?P<n>\d{1,2})(?:st|nd|rd|th)\s*(?:gen(?:eration)?\b|代)|第(?P<z>\d{1,2}|[一二三四五六七八九十]+)代",
                         re.IGNORECASE)


def _versions(s: str) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """(start, end, system, version) for 'Android 9.0', '安卓7.0', 'iOS 13'; 9.0 and 9 are the same version. A device's
    generation counts as its version ('iPad (6th generation and later)', 'every iPad from the 5th generation on')
    when the device is named just before it."""
    out = []
    for m in _GENERATION.finditer(s):
        device = list(_DEVICE.finditer(s[max(0, m.start() - 40):m.start()]))
        n = _num(m.group("n") or m.group("z"))
        if device and n:
            out.append((m.start(), m.end(), "gen:" + re.sub(r"\s+", " ", device[-1].group().lower()), (int(n),)))
    for m in _VERSION.finditer(s):
        name = re.sub(r"\s+", "", m.group("os").lower())
        version = tuple(int(x) for x in m.group("v").split("."))
        while len(version) > 1 and version[-1] == 0:
            version = version[:-1]
        out.append((m.start(), m.end(), _OS_NAME.get(name, name), version))
    return out


def _check_versions(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A version below the lowest the data names for that system: the copy promises older phones than it supports."""
    lowest: dict[str, tuple[tuple[int, ...], str, str]] = {}
    for key, value in attrs.items():
        if not _SYSTEM_KEY.search(key):
            continue
        for _, _, name, v in _versions(value):
            if name not in lowest or v < lowest[name][0]:
                lowest[name] = (v, key, value)
    return [flag(a, b, text, contradicts(lang, text[a:b], lowest[name][1], lowest[name][2])) for a, b, name, v in _versions(text)
            if name in lowest and v < lowest[name][0]]


# ---- any numeric range an attribute states --------------------------------------------------------

_SEP = r"(?:-|–|—|~|～|到|至|\s+to\s+|\s+through\s+)"
# Units a stated range is compared in. Copy must use the same unit (度 of a prescription is no ℃); months and
# prices have checks of their own, and a range of hours or minutes is a time of day as often as a duration.
_UNITS = {"岁": "岁", "周岁": "岁", "度": "度", "℃": "℃", "°c": "℃",
          "°f": "°F", "cm": "cm", "厘米": "cm", "mm": "mm", "毫米": "mm", "kg": "kg", "公斤": "kg", "千克": "kg",
          "lb": "lb", "lbs": "lb", "in": "in", "inches": "in", "㎡": "㎡", "m²": "㎡", "m2": "㎡", "平方米": "㎡",
          "平米": "㎡", "平": "㎡"}
# A room size a device covers is a ceiling only: a purifier for 10–25㎡ is fine in 8㎡ and oversold for 40㎡.
_CEILING_ONLY = {"㎡"}
_RANGE_VALUE = re.compile(rf"^\s*(?P<lo>-?\d+(?:\.\d+)?)\s*(?P<u1>[^\d\s\-–—~～到至]{{0,3}}?)\s*{_SEP}\s*"
                          rf"(?P<hi>-?\d+(?:\.\d+)?)\s*(?P<u>[^\d\s]{{0,6}}?)\s*$", re.IGNORECASE)
_NUMBER = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|" \
          r"twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty)\b)"
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+|(?<!\d)\.(?!\d)")
_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
# 烤到二百五十度 is a temperature: 度 reads as ℃ in a clause about heat or cold, unless a range of the data is in 度 itself
# (a prescription's 度) or the clause turns something (旋转360度).
_HEAT_OR_COLD = re.compile(r"温|烤|烘|烧|加热|热|冷|冻|冰|零下")
_TURNED = re.compile(r"旋转|转|角|视角|俯仰|倾斜|度数|近视|远视|散光")
# A caution states a limit, it does not promise one: 2岁以下请勿使用, "not for children under 3".
_CAUTION = re.compile(r"请勿|禁止|不宜|慎用|避免|warning|caution|avoid|keep\s+away", re.IGNORECASE)


_TEMPERATURE_NOTE = re.compile(rf"[（(][^（）()]*?(?P<lo>-?\d+(?:\.\d+)?)\s*(?:℃|°C)?\s*{_SEP}\s*(?P<hi>-?\d+(?:\.\d+)?)\s*(?:℃|°C)",
                               re.IGNORECASE)
# Below zero said without a figure: 冬天零下几度, 'in below-freezing weather' (read as -1 ℃, group sub); the freezing
# point itself: 'from freezing', 零度起 (0 ℃).
_SUB_ZERO = re.compile(r"(?P<sub>零下(?:几|十几|好几)?度|below[- ]freezing|sub-?zero|freezing\s+(?:weather|temperatures|cold))"
                       r"|\b(?:from|at|down\s+to)\s+freezing\b|零度起|从零度", re.IGNORECASE)


# and a size system before it or a remark after it: 'Men's 7–13 (trim to fit)', 'US 7–12, half sizes included'
_AROUND = re.compile(r"^[\u4e00-\u9fff]{1,4}(?=\d)|(?<=[A-Za-z\u4e00-\u9fff²㎡])的[\u4e00-\u9fff]{1,4}$|"
                     r"^(?:US|EU|UK|men's|women's|kids'?)\s+(?=\d)|(?<=\d)\s*,\s*[A-Za-z][A-Za-z ]{2,30}$", re.IGNORECASE)


def _stated_ranges(attrs: dict[str, str]) -> list[tuple[str, str, float, float, str]]:
    """(key, value, low, high, unit) of each attribute whose whole value is one numeric range ('' unit: none)."""
    out = []
    for key, value in attrs.items():
        # '200–800度（每100度一档）': the note is not the range; 体重1.5–8kg的猫: nor the words around it
        m = _RANGE_VALUE.match(_AROUND.sub("", _NOTE.sub("", value)))
        note = _TEMPERATURE_NOTE.search(value) if not m else None
        if note:  # 气候类型: N（环境温度16–32℃）: a temperature range in the note is the range the value stands for
            out.append((key, value, float(note.group("lo")), float(note.group("hi")), "℃"))
        if not m:
            continue
        unit = (m.group("u") or m.group("u1") or "").lower()
        if unit in ("years", "year", "yrs"):  # 'Age: 2-7 years': years are a duration too, so only after the key's word
            unit = ""
        if unit and unit not in _UNITS:
            continue
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        first = (m.group("u1") or "").lower()
        if first and m.group("u") and _UNITS.get(first, first) != _UNITS.get(unit, unit):
            if not (re.fullmatch(r"个?月|months?", first) and _UNITS.get(unit) == _UNITS.get("岁")):
                continue  # two units this reader cannot put on one scale
            lo /= 12  # 9个月–12岁: the low end in years
        out.append((key, value, min(lo, hi), max(lo, hi), _UNITS.get(unit, "")))
    return out


def _key_words(key: str) -> list[str]:
    """The words of a key that name what a bare range counts: 'USDA zones' → usda, zone; 'Ages' → age."""
    k = re.sub(r"[(（].*?[)）]", "", key).lower()
    return [w[:-1] if w.endswith("s") else w for w in re.findall(r"[a-z]{3,}", k)]


# Spellings of a unit worth less than the stated one (斤 is half a kilogram): (spelling, canonical unit, factor).
_SMALLER = (("斤", "kg", 0.5),)
# A bare degree sign or 'degrees' is in whichever temperature scale the data uses: '-40° winters' against -22°F–122°F.
_BARE_DEGREES = r"°(?![cf])|degrees?(?!\s*(?:c|f|celsius|fahrenheit)\b)"
# A sign before the number: '-40°', 零下二十度 (units' reading of a temperature's sign; not the dash of a range).
_SIGNED = re.compile(r"(?:(?:^|[^\d\s.])\s*[-−]\s?|零下)$")


def _low_end(s: str) -> float | None:
    """二三十 ('twenty or thirty'), 十一二: two neighbouring digits give a span; its low end is what the copy vouches
    for at least."""
    pair = re.fullmatch(r"(十?)([一二三四五六七八])[二三四五六七八九]([十百千万]?)", s)
    return _num(pair.group(1) + pair.group(2) + pair.group(3)) if pair else None


def _numbers_in_unit(clause: str, unit: str, bare_degrees: bool = False) -> list[tuple[int, int, float]]:
    spelled = [u for u, canon in _UNITS.items() if canon == unit]
    smaller = {u: f for u, canon, f in _SMALLER if canon == unit}
    units = "|".join(sorted((re.escape(u) for u in [*spelled, *smaller]), key=len, reverse=True))
    units += f"|{_BARE_DEGREES}" if bare_degrees else ""
    rx = re.compile(rf"(?<![\d.])(?P<n>{_NUMBER})\s*(?P<u>{units})(?![a-z])(?P<half>半)?"
                    rf"|(?P<m>{_NUMBER})\s*{_SEP}\s*(?=\S*?\s*(?:{units}))", re.IGNORECASE)
    out = []
    for m in rx.finditer(clause):
        said = m.group("n") or m.group("m")
        v = _num(said)
        v = _low_end(said) if v is None else v
        if v is not None:
            v = v + 0.5 if m.group("half") else v  # 一岁半
            v *= smaller.get(m.group("u") or "", 1.0)  # 一斤多 is half a kilogram and a bit
            out.append((m.start(), m.end(), -v if _SIGNED.search(clause[:m.start()]) else v))  # 零下二十度, -40°
    return out


def _numbers_after_key(clause: str, words: list[str]) -> list[tuple[int, int, float]]:
    """Numbers that follow one of the key's words in the clause: 'from age 2 right up to 12' → 2, 12."""
    at = min((m.end() for w in words for m in [re.search(rf"\b{re.escape(w)}s?\b", clause, re.IGNORECASE)] if m),
             default=None)
    if at is None:
        return []
    out = []
    for m in re.finditer(rf"(?<![\w.$])(?P<n>{_NUMBER})(?!\d|\.\d|\s*(?:%|percent|pounds?|lbs?|kg|cm|mm|in\b|inches|"
                         rf"feet|ft|hours?|days?|weeks?|months?|minutes?|dollars?))", clause[at:at + 40], re.IGNORECASE):
        v = _num(m.group("n"))
        if v is not None:
            out.append((at + m.start(), at + m.end(), v))
    return out


def _noted_figures(value: str, clause: str) -> set[float]:
    """The figures of a value's bracketed note that the clause names too (室温 of 室温25℃时): the conditions its range
    holds under, said as such."""
    out: set[float] = set()
    for note in re.findall(r"[（(]([^（）()]*)[）)]", value):
        words = re.findall(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{4,}", re.sub(r"[时的]", " ", note))
        if any(w.lower() in clause.lower() for w in words):
            out |= {float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", note)}
    return out


def _check_numeric_ranges(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A number the copy gives in a stated range's unit (or, for a bare range, after the key's own word) that falls
    outside that range; a number inside any range of the same unit is left alone, and so are cautions."""
    stated = _stated_ranges(attrs)
    if not stated:
        return []
    flags = []
    degrees_are_celsius = not any(unit == "度" for *_, unit in stated)
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        if _CAUTION.search(body) or _NEG_NEAR.search(body):
            continue
        heat = degrees_are_celsius and bool(_HEAT_OR_COLD.search(body)) and not _TURNED.search(body)
        found: dict[tuple[int, int], tuple[float, list[tuple[str, str, float, float]]]] = {}
        unit_of: dict[tuple[int, int], str] = {}
        for key, value, lo, hi, unit in stated:
            hits = _numbers_in_unit(body, unit) if unit else (_numbers_after_key(body, _key_words(key))
                                                               if lang == "en" else [])
            if unit == "℃" and heat:
                hits += _numbers_in_unit(body, "度")
            if unit in ("℃", "°F"):  # below zero as -1 ℃ (30 °F); 'from freezing' as the freezing point itself
                hits = [h for h in _numbers_in_unit(body, unit, bare_degrees=True) if h not in hits] + hits
                hits += [(z.start(), z.end(), (-1.0 if unit == "℃" else 30.0) if z.group("sub") else
                          (0.0 if unit == "℃" else 32.0)) for z in _SUB_ZERO.finditer(body)
                         if not any(a <= z.start() < b for a, b, _ in hits)]
            for a, b, v in hits:
                found.setdefault((a, b), (v, []))[1].append((key, value, lo, hi))
                unit_of[(a, b)] = unit
        for (a, b), (v, ranges) in found.items():
            # 32–38℃（室温25℃时）: the room temperature the range is stated at is the value's own figure too
            if any(v in _noted_figures(value, body) for _, value, _, _ in ranges):
                continue
            if all((v < lo and unit_of.get((a, b)) not in _CEILING_ONLY) or v > hi for _, _, lo, hi in ranges):
                key, value = ranges[0][0], ranges[0][1]
                s, e = clause.start() + a, clause.start() + b
                flags.append(flag(s, e, text, contradicts(lang, text[s:e].strip(), key, value)))
    return flags


# ---- a letter size named alone ('XXL的姐妹也能穿') beyond a stated size range ------------------------

# 3X alone is a size only where nothing follows that would make it a multiple ('3X faster', '3X the power').
_LONE_SIZE = re.compile(r"(?<![A-Za-z0-9.])(?P<s>X{2,4}L|X{1,3}S|[2-6]XL|[2-4]X(?=\s*(?:$|[.,;!?)]|\s(?:and|or|sizes?|plus)\b)))"
                        r"(?![A-Za-z0-9])")


def _check_letter_sizes(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """Two-letter-or-longer sizes (XS, XXL, 3XL: no word looks like them) the size attribute does not cover.
    Sizes the claims reader already reads (S–XL, XL码, size M) are facts._check_sizes'."""
    for key, value in attrs.items():
        known = {v for c in C.sizes(value) for v in c.value} if _SIZE_KEY.search(key) else set()
        if not known:
            continue
        read = [(c.start, c.end) for c in C.sizes(text)]
        return [flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)) for m in _LONE_SIZE.finditer(text)
                if str(C.SIZE_ORDER[m.group("s")]) not in known and not any(a <= m.start() < b for a, b in read)]
    return []


# ---- a slope said in degrees against one given as a grade (45% is about 24°), or the other way ----------------

_SLOPE_KEY = re.compile(r"坡度|爬坡|slope|incline|grade", re.IGNORECASE)
_SLOPE_VALUE = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>%|°|度|degrees?)", re.IGNORECASE)
_SLOPE_COPY = re.compile(rf"(?P<n>{_NUMBER})\s*(?P<u>%|°|度|degrees?|percent)", re.IGNORECASE)
_SLOPE_WORD = re.compile(r"坡|slope|incline|hill|grade|gradient", re.IGNORECASE)


def _degrees(n: float, unit: str) -> float:
    return n if unit.lower().startswith(("°", "度", "degree")) else math.degrees(math.atan(n / 100))


def _check_slopes(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """'slopes up to 45 degrees' against Max slope: 45%: a grade is rise over run (45% is 24°), so the same figure in
    degrees claims a slope nearly twice as steep. Copy in the data's own unit is left to the quantity check."""
    stated = [(k, v, _degrees(float(m.group("n")), m.group("u"))) for k, v in attrs.items() if _SLOPE_KEY.search(k)
              for m in [_SLOPE_VALUE.search(v)] if m]
    flags = []
    for clause in _CLAUSE.finditer(text):
        if not stated or not _SLOPE_WORD.search(clause.group()):
            continue
        for m in _SLOPE_COPY.finditer(clause.group()):
            n = parse_number(m.group("n"))
            if n is None or all(_degrees(n, m.group("u")) <= most * 1.05 for _, _, most in stated):
                continue
            key, value, _ = stated[0]
            a, b = clause.start() + m.start(), clause.start() + m.end()
            flags.append(flag(a, b, text, contradicts(lang, text[a:b], key, value)))
    return flags


# ---- how many people it is for: a ceiling ('Sleeps three' of a 2-person tent, 六口之家一人一套 of 适用人数: 4人) -----------

_PEOPLE_KEY = re.compile(r"适用人数|容纳人数|可睡人数|座位数|人数|capacity|sleeps|seats|serves|service\s+for|persons?|people|"
                         r"occupancy", re.IGNORECASE)
_PEOPLE_VALUE = re.compile(r"^\s*(?P<n>\d+)\s*(?:-?\s*(?:person|people|persons|adults?|guests?|人|位|座|口)s?)?\b",
                           re.IGNORECASE)
_COUNT = rf"({_NUMBER}|\d+)"
_PEOPLE_COPY = re.compile(
    rf"\b(?:sleeps|seats|serves|room\s+for|set\s+the\s+table\s+for|service\s+for|enough\s+for)\s+{_COUNT}\b(?!\s*(?:days?|nights?|"
    rf"hours?|weeks?|months?|years?|lb|kg|cups?|%))"
    rf"|\bfor\s+{_COUNT}\s+(?:people|persons|adults|guests)\b|\b{_COUNT}[- ](?:person|people|man)\b"
    rf"|{_COUNT}口之家|(?:睡得下|能睡|可睡|坐得下|能坐|可坐|容纳)\s*{_COUNT}\s*(?:个)?(?:人|位)"
    rf"|{_COUNT}\s*(?:个)?人(?:一起)?(?:睡|坐|同住|用餐)", re.IGNORECASE)


def _check_people(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    stated = [(k, v, int(m.group("n"))) for k, v in attrs.items() if _PEOPLE_KEY.search(k)
              for m in [_PEOPLE_VALUE.match(v)] if m and (re.search(r"人|位|口|person|people|adult|guest", v, re.IGNORECASE)
                                                          or re.search(r"人数|sleeps|seats|serves|service", k, re.IGNORECASE))]
    if not stated:
        return []
    key, value, most = stated[0]
    flags = []
    for m in _PEOPLE_COPY.finditer(text):
        n = _num(next(g for g in m.groups() if g))
        if n is not None and n > most and not _CAUTION.search(_clause_at(text, m.start())):
            flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


def _clause_at(text: str, at: int) -> str:
    """The clause around text[at], a full stop ending it too (ranges' _CLAUSE runs on over one)."""
    return re.split(r"[，。；！？,.;!?\n]", text[:at])[-1] + re.split(r"[，。；！？,.;!?\n]", text[at:])[0]


def check(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    return [*_check_kid_sizes(text, attrs, lang), *_check_gendered_sizes(text, attrs, lang), *_check_versions(text, attrs, lang), *_check_slopes(text, attrs, lang),
            *_check_people(text, attrs, lang),
            *_check_numeric_ranges(text, attrs, lang), *_check_letter_sizes(text, attrs, lang)]
