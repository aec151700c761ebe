"""Numbers and quantities in copy: Chinese and Arabic numerals, fractions, ranges, units normalised to one base."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width letters, digits and unit symbols fold one-to-one, so offsets in the folded text are offsets in the
# original. CJK punctuation (，；：！？) stays: it separates clauses, and a folded ',' would read as a thousands mark.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "，；：！？（）"} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Full-width forms to ASCII, same length: 'ＵＳＢ－Ｃ　１５０ｇ' reads like 'USB-C 150g'."""
    return text.translate(_WIDTH)


# ---- numbers -------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "[零〇一二两俩三四五六七八九十百千万]+"
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "a dozen": 12, "dozen": 12}
EN_NUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen)"
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}


def cn_int(s: str) -> int | None:
    """'十二' → 12, '一百五十' → 150, '两' → 2, '三万' → 30000; None when it is not a numeral."""
    if not s or any(c not in _CN_DIGIT and c not in _CN_UNIT and c != "万" for c in s):
        return None
    if "万" in s:
        head, _, tail = s.partition("万")
        h = cn_int(head) if head else 1
        t = cn_int(tail) if tail else 0
        return None if h is None or t is None else h * 10000 + t
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c] if digit is None else digit * 10 + _CN_DIGIT[c]  # 一五〇 style
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[c]
            digit = None
    return total + (digit or 0)


def word_int(s: str) -> int | None:
    """'5', '五', 'five', '十二' → the integer; None otherwise."""
    s = s.strip().lower()
    if s.isdigit():
        return int(s)
    if s in _EN_NUM or re.sub(r"\s+", " ", s) in _EN_NUM:
        return _EN_NUM[re.sub(r"\s+", " ", s)]
    return cn_int(s)


# An Arabic number: thousands separators, decimals, a mixed or plain fraction (1-9/16 is one number, 1.5625, not a
# range from 1 to 9/16), a vulgar fraction, and a 万/千 multiplier (2万毫安 is 20000 mAh).
NUM = (r"(?:\d+(?:[- ]|\s?)?\d+/\d+|\d+/\d+|\d+[½¼¾⅓⅔⅛⅜⅝⅞]|[½¼¾⅓⅔⅛⅜⅝⅞]"
       r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?[万千](?![克瓦米]))?")
NUMBER = re.compile(NUM)


def parse_number(s: str) -> float | None:
    """The value of one NUM or Chinese numeral: '1,299' → 1299, '1-9/16' → 1.5625, '9/16' → 0.5625, '五' → 5."""
    s = s.strip()
    mult = 1
    if s and s[-1] in "万千" and any(ch.isdigit() for ch in s):
        mult = 10000 if s[-1] == "万" else 1000
        s = s[:-1].strip()
    m = re.fullmatch(r"(\d+)(?:[- ]|\s?)(\d+)/(\d+)", s)
    if m and int(m.group(3)):
        return (int(m.group(1)) + int(m.group(2)) / int(m.group(3))) * mult
    m = re.fullmatch(r"(\d+)/(\d+)", s)
    if m:
        return int(m.group(1)) / int(m.group(2)) * mult if int(m.group(2)) else None
    m = re.fullmatch(r"(\d*)([½¼¾⅓⅔⅛⅜⅝⅞])", s)
    if m:
        return ((int(m.group(1)) if m.group(1) else 0) + _VULGAR[m.group(2)]) * mult
    try:
        return float(s.replace(",", "")) * mult
    except ValueError:
        pass
    n = word_int(s)
    return None if n is None else float(n)


# ---- units ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    # mass | volume | length | area | power | charge | energy | voltage | frequency | data | time | temperature |
    # sound | light | gsm | iu
    dim: str
    factor: float  # to the base unit of dim (g, ml, mm, m², W, mAh, Wh, V, Hz, GB, min, °C, dB, lm, g/m²)
    imperial: bool = False  # conversions between systems round, so they match with a tolerance
    alt: tuple[tuple[str, float], ...] = ()  # other readings (dim, factor): oz on a cup is fluid ounces


# Longest spellings first so 'mAh' is not read as 'm', 'fl oz' not as 'oz', 'kg' not as 'g'.
_UNITS: list[tuple[str, Unit]] = [
    (r"g/m²|g/m2|gsm|克/平方米", Unit("gsm", 1)),
    (r"mAh|毫安时|毫安", Unit("charge", 1)),
    (r"Ah", Unit("charge", 1000)),
    (r"Wh", Unit("energy", 1)),
    (r"kW|千瓦", Unit("power", 1000)),
    (r"W|瓦特|瓦", Unit("power", 1)),
    (r"kHz", Unit("frequency", 1000)),
    (r"GHz", Unit("frequency", 1e9)),
    (r"Hz|赫兹", Unit("frequency", 1)),
    (r"TB", Unit("data", 1000)),
    (r"GB", Unit("data", 1)),
    (r"MB", Unit("data", 0.001)),
    (r"fl\.?\s?oz|液量盎司", Unit("volume", 29.5735, True)),
    (r"mcg|µg|μg|ug|微克", Unit("mass", 1e-6)),
    (r"mg|毫克", Unit("mass", 0.001)),
    (r"IU|国际单位", Unit("iu", 1)),
    (r"kg|KG|Kg|千克|公斤", Unit("mass", 1000)),
    (r"lbs?|pounds?|磅", Unit("mass", 453.592, True)),
    (r"oz|ounces?|盎司", Unit("mass", 28.3495, True, (("volume", 29.5735),))),
    (r"g|克", Unit("mass", 1)),
    # '128G' is storage and '200G重磅' is grams: a capital G reads both ways.
    (r"G", Unit("data", 1, False, (("mass", 1),))),
    (r"ml|mL|ML|毫升|cc", Unit("volume", 1)),
    (r"cl", Unit("volume", 10)),
    (r"gal(?:lons?)?", Unit("volume", 3785.41, True)),
    (r"l|L|升|公升|立升|liters?|litres?", Unit("volume", 1000)),
    (r"mm|毫米", Unit("length", 1)),
    (r"cm|CM|厘米|公分", Unit("length", 10)),
    (r"km|公里|千米", Unit("length", 1e6)),
    (r"meters?|metres?|m|米(?![色白黄饭粒粥酒其])", Unit("length", 1000)),
    (r"inch(?:es)?|in\.|英寸|寸|″|''|\"|”", Unit("length", 25.4, True)),
    # '10 in' is inches unless the word goes on like a preposition: '3 in 1', '2 in stock', '10 in the box'.
    (r"in(?!\s+(?:the|a|an|your|my|our|his|her|their|this|that|these|those|one|stock|store|stores|total|each|every|all|"
     r"just|only|case|use|time|a\s+row|\d))(?=\s|[,;.)x×]|$)",
     Unit("length", 25.4, True)),
    (r"ft\.?|feet|foot|英尺|′", Unit("length", 304.8, True)),
    (r"㎡|m²|m2|平方米|平米", Unit("area", 1)),
    (r"mins?|minutes?|分钟", Unit("time", 1)),
    (r"hours?|hrs?|h|小时|个小时", Unit("time", 60)),
    (r"days?|天", Unit("time", 1440)),
    (r"℃|°C|° C|摄氏度", Unit("temperature", 1)),
    (r"°F|℉", Unit("temperature", 1, True)),
    (r"dB|分贝", Unit("sound", 1)),
    (r"lumens?|lm|流明", Unit("light", 1)),
    (r"V|伏", Unit("voltage", 1)),
]
_UNIT_RE = "|".join(f"(?:{p})" for p, _ in _UNITS)
# A unit must not run on into a word (5 m vs 5 min, 3 g vs 3 glasses); CJK units need no boundary.
_UNIT_TAIL = r"(?![A-Za-z])"


def unit_of(s: str) -> Unit | None:
    s = s.strip()
    for pattern, unit in _UNITS:
        if re.fullmatch(pattern, s):
            return unit
    return None


@dataclass(frozen=True)
class Quantity:
    """One number with a unit as written, and its value in the base unit (and alternative readings)."""

    start: int
    end: int
    text: str
    dim: str
    value: float
    approx: bool = False
    imperial: bool = False
    alts: tuple[tuple[str, float], ...] = ()  # other (dim, value) readings, e.g. oz as fluid ounces
    low: float | None = None  # for a range: both ends in base units (value is the upper end)

    def readings(self) -> list[tuple[str, float]]:
        return [(self.dim, self.value), *self.alts]


_ANYNUM = rf"(?:{NUM}|{CN_NUM}(?![零〇一二两三四五六七八九十百千万]))"
_SEP = r"\s*[x×*X]\s*[LWHDlwhd长宽高厚深]?\s*"
_RANGE = r"\s*(?:-|–|—|~|～|到|至|to)\s*"
_QTY = re.compile(
    rf"(?P<approx>约|大约|大概|approx\.?\s*|approximately\s+|about\s+|around\s+|nearly\s+|~\s?)?"
    rf"(?<![\d.,/A-Za-z])(?P<nums>{_ANYNUM}(?:(?:{_SEP}|{_RANGE}){_ANYNUM}){{0,2}})"
    rf"\s?(?:-\s?)?(?P<unit>{_UNIT_RE}){_UNIT_TAIL}"
)
_TOKEN = re.compile(_ANYNUM)
# Numbers that count steps, ranks or orders are not product facts: 第1步, No. 3, #2.
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.?\s?|#|step\s|Step\s)$")
_CONTEXT_DAYS = re.compile(r"(?:待机|续航|可用|standby|battery|charge)[^，。,.;；]{0,20}$", re.IGNORECASE)
_CONTEXT_DAYS_AFTER = re.compile(r"^[^，。,.;；]{0,20}(?:待机|续航|standby|battery|on\s+(?:a|one)\s+(?:single\s+)?charge)",
                                 re.IGNORECASE)


_FEET_INCHES = re.compile(r"(?<![\d.])(\d{1,2})\s?['′]\s?(\d{1,2}(?:\.\d+)?)\s?(?:\"|″|”|'')")


@lru_cache(maxsize=4096)  # a product's own texts are re-read for every candidate copy
def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every number with a unit in text (already folded); ranges and 'AxBxC unit' give one Quantity per number."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _FEET_INCHES.finditer(text):
        # 6'1" is one length, six feet one inch, not a stray '1"'.
        inches = int(m.group(1)) * 12 + float(m.group(2))
        out.append(Quantity(m.start(), m.end(), m.group(), "length", inches * 25.4, imperial=True))
        taken.append((m.start(), m.end()))
    for m in _QTY.finditer(text):
        start = m.start("nums")
        if any(s <= start < e for s, e in taken):
            continue
        if _ORDINAL_BEFORE.search(text[max(0, start - 6):start]):
            continue
        unit_text = m.group("unit")
        unit = unit_of(unit_text)
        if unit is None:
            continue
        nums_text = m.group("nums")
        values: list[tuple[int, int, float]] = []
        is_range = False
        prev = 0
        for t in _TOKEN.finditer(nums_text):
            # Tokens are found whole first, so 1-9/16 stays one number; only what lies between tokens separates.
            is_range = is_range or (t.start() > prev and not re.search(r"[x×*X]", nums_text[prev:t.start()]))
            v = parse_number(t.group())
            if v is not None:
                values.append((start + t.start(), start + t.end(), v))
            prev = t.end()
        if not values:
            continue
        cn_only = bool(re.fullmatch(CN_NUM, nums_text))
        if unit.dim == "time" and unit.factor == 1440 and not _CONTEXT_DAYS.search(text[max(0, start - 30):start]) \
                and not _CONTEXT_DAYS_AFTER.search(text[m.end():m.end() + 40]):
            continue  # 7天无理由退货 is a service promise, not a product fact; only battery standby days count
        if unit_text == "G" and nums_text in ("2", "3", "4", "5", "6"):
            continue  # 5G is a network, not five gigabytes
        if cn_only and unit_text in ("寸", "米", "天", "h", "V", "度") and nums_text in ("一", "两"):
            continue  # 一寸光阴, 一米阳光: idioms, not measurements
        if unit_text in ('"', "”", "''") and not re.match(r"[\d½¼¾⅛⅜⅝⅞/]", text[m.end("unit") - 2] or ""):
            continue
        approx = bool(m.group("approx")) or text[m.end():m.end() + 2].startswith("左右")
        end = m.end()
        if is_range and len(values) == 2:
            (_, _, lo), (_, _, hi) = values
            alts2 = tuple((d, hi * f) for d, f in unit.alt)
            out.append(Quantity(start, end, text[start:end], unit.dim, hi * unit.factor, approx, unit.imperial,
                                alts2, lo * unit.factor))
            continue
        for _, _, v in values:
            alts = tuple((d, v * f) for d, f in unit.alt)
            # Each number of 'AxBxC cm' is one claim, spanning the whole 'AxBxC cm' so a flag shows what was written.
            out.append(Quantity(start, end, text[start:end], unit.dim, v * unit.factor, approx, unit.imperial, alts))
    return tuple(out)


def matches(claim: Quantity, known: Quantity) -> bool:
    """Does a quantity from the product support the claim: same reading, or the claim lies in a stated range."""
    tol = 0.05 if (claim.approx or known.approx) else 0.02 if (claim.imperial or known.imperial) else 1e-6
    for dim, value in claim.readings():
        lows = [claim.low * value / claim.value] if claim.low is not None and claim.value else []
        for kdim, kvalue in known.readings():
            if dim != kdim:
                continue
            kscale = kvalue / known.value if known.value else 1
            klow = known.low * kscale if known.low is not None else None
            for v in [value, *lows]:
                if abs(v - kvalue) <= tol * max(abs(v), abs(kvalue), 1e-9):
                    continue
                if klow is not None and klow - tol * abs(klow) <= v <= kvalue * (1 + tol):
                    continue
                if klow is not None and abs(v - klow) <= tol * max(abs(v), abs(klow), 1e-9):
                    continue
                break
            else:
                return True
    return False
