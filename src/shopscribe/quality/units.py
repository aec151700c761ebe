"""Numbers and quantities in copy: Chinese and Arabic numerals, fractions, ranges, units normalised to one base."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shopscribe.errors import UserError

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
           "eleven": 11, "twelve": 12, "a dozen": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
           "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# An English number up to 99, longest words first so 'seventeen' is not read as 'seven'.
EN_SMALL = (rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]{_ONES}(?![a-z]))?|eleven|twelve|thirteen|"
            rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|{_ONES})")
# What may follow 'a thousand' (prices.py also lets it follow 'a hundred'): ', and fifty', 'two hundred and six'.
EN_BIG_TAIL = rf"(?:,?\s+(?:and\s+)?(?:{EN_SMALL}\s+hundred(?:\s+(?:and\s+)?{EN_SMALL})?|{EN_SMALL}))?"
# An English cardinal as copy writes it: 'six', 'sixty', 'two hundred', 'a thousand and fifty', 'a dozen'.
EN_NUM = (rf"(?:(?:{EN_SMALL}|a)\s+thousand{EN_BIG_TAIL}|(?:{EN_SMALL}|a)\s+hundred(?:\s+(?:and\s+)?{EN_SMALL})?|"
          rf"{EN_SMALL}|a\s+dozen)")
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}


def cn_int(s: str) -> int | None:
    """'十二' → 12, '一百五十' → 150, '二百六' → 260, '两' → 2, '三万' → 30000; None when it is not a numeral."""
    if not s or any(c not in _CN_DIGIT and c not in _CN_UNIT and c != "万" for c in s):
        return None
    # 四五岁, 七八十升, 十一二岁: two neighbouring digits say 'four or five', a span, not 45
    pair = re.fullmatch(r"十?([一二三四五六七八])([二三四五六七八九])[十百千万]?", s)
    if pair and _CN_DIGIT[pair.group(2)] == _CN_DIGIT[pair.group(1)] + 1:
        return None
    if "万" in s:
        head, _, tail = s.partition("万")
        h = cn_int(head) if head else 1
        t = cn_int(tail) if tail else 0
        if len(tail) == 1 and tail in _CN_DIGIT:  # 三万五 is 35000
            t = _CN_DIGIT[tail] * 1000
        return None if h is None or t is None else h * 10000 + t
    # 二百六 is 260 and 一千二 is 1200: a last digit straight after 百 or 千 counts in the next unit down.
    if len(s) >= 3 and s[-2] in "百千" and s[-1] in _CN_DIGIT and s[-1] not in "零〇":
        head = cn_int(s[:-1])
        return None if head is None else head + _CN_DIGIT[s[-1]] * _CN_UNIT[s[-2]] // 10
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
    if re.fullmatch(EN_NUM, s):  # 'thirty-six', 'two hundred', 'a thousand and fifty'
        return en_words_int(s)
    return cn_int(s)


def en_words_int(words: str) -> int:
    """'one thousand and fifty' → 1050, 'two hundred forty-nine' → 249, 'a thousand' → 1000, 'sixty' → 60."""
    total, current = 0, 0
    for w in re.split(r"[\s,-]+", words.lower()):
        if w in ("and", ""):
            continue
        if w == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        elif w == "hundred":
            current = max(current, 1) * 100
        else:
            current += 1 if w == "a" else TENS.get(w) or _EN_NUM.get(w) or 0
    return total + current


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
    head, dot, tail = s.partition("点")
    if dot and tail and all(c in _CN_DIGIT for c in tail) and (whole := cn_int(head)) is not None:
        return whole + float("0." + "".join(str(_CN_DIGIT[c]) for c in tail))
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


def read_units(text: str, source: str) -> list[tuple[str, Unit]]:
    """Units from a units.txt file: pattern, dimension, factor, then optionally 'imperial' (or '-') and alt=dim:factor."""
    out = []
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.rstrip("\n").split("\t")
        try:
            pattern, dim, factor = cols[0], cols[1], float(cols[2])
            re.compile(pattern)
            alts = tuple((a.split(":")[0][4:], float(a.split(":")[1])) for a in cols[4:] if a.startswith("alt="))
        except (IndexError, ValueError, re.error) as e:
            raise UserError(f"{source}:{no}: expected 'pattern<TAB>dimension<TAB>factor[<TAB>imperial][<TAB>alt=dim:factor]'"
                            f" ({e}); fix the line") from None
        out.append((pattern, Unit(dim, factor, len(cols) > 3 and cols[3] == "imperial", alts)))
    return out


DATA = Path(__file__).parent / "data"
# Longest spellings first so 'mAh' is not read as 'm', 'fl oz' not as 'oz', 'kg' not as 'g' (quality/data/units.txt).
_UNITS: list[tuple[str, Unit]] = read_units((DATA / "units.txt").read_text(encoding="utf-8"), str(DATA / "units.txt"))
UNIT_RE = "|".join(f"(?:{p})" for p, _ in _UNITS)
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


# 一点八千瓦 is 1.8 kW: a Chinese decimal is one number, not 一点 and 八千瓦
CN_DECIMAL = "[零〇一二两三四五六七八九十]+点[零〇一二三四五六七八九]+"
# 二十千瓦 is 20 kW: 千 before 瓦/克/米 belongs to the unit, so a Chinese number first tries to end before it
_ANYNUM = (rf"(?:{NUM}|{CN_DECIMAL}|[零〇一二两俩三四五六七八九十百千万]*[零〇一二两俩三四五六七八九十百万](?=千[瓦克米])"
           rf"|[零〇一二三四五六七八九十百千万]*[二三四五六七八九十百千万](?=两)"  # 三两 is 150 g (两 is the unit)
           rf"|{CN_NUM}(?![零〇一二两三四五六七八九十百千万]))")
_SEP = r"\s*[x×*X]\s*[LWHDlwhd长宽高厚深]?\s*"
_RANGE = r"\s*(?:-|–|—|~|～|到|至|to)\s*"
_QTY = re.compile(
    rf"(?P<approx>约|大约|大概|差不多|approx\.?\s*|approximately\s+|about\s+|around\s+|nearly\s+|close\s+to\s+|roughly\s+|~\s?)?"
    rf"(?<![\d.,/A-Za-z])(?P<nums>{_ANYNUM}(?:(?:{_SEP}|{_RANGE}){_ANYNUM}){{0,2}})"
    rf"\s?(?:-\s?)?(?P<unit>{UNIT_RE}){_UNIT_TAIL}"
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
        if nums_text in ("千", "百") and re.match(r"[瓦克米]", unit_text):
            continue  # 半千瓦, 千克: 千 is the unit's own prefix here, not a thousand of 瓦
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
        if unit.dim == "temperature":
            values = _celsius(text, values, unit_text)
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
    return tuple(_join_compounds(text, _join_ranges(text, out)))


_RANGE_BETWEEN = re.compile(rf"{_RANGE}(?:[-−]|零下)?")  # -25℃至-5℃: the second end may carry its own sign


def _join_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """'-10°C至10°C', '5 cm to 20 cm': two temperatures written each with its unit and a range word between them are
    one range, so a temperature inside it is supported (other dimensions keep both ends as separate claims)."""
    out: list[Quantity] = []
    for q in sorted(found, key=lambda q: q.start):
        prev = out[-1] if out else None
        if prev is not None and prev.dim == q.dim == "temperature" and prev.low is None and q.low is None \
                and _RANGE_BETWEEN.fullmatch(text[prev.end:q.start]) and prev.value < q.value:
            out[-1] = Quantity(prev.start, q.end, text[prev.start:q.end], q.dim, q.value, prev.approx or q.approx,
                               prev.imperial or q.imperial, q.alts, prev.value)
            continue
        out.append(q)
    return out


# What may stand between the parts of one amount: 一个小时十五分钟, 两年零三个月, 'a year and six months' (durations.py too)
COMPOUND_GAP = re.compile(r"\s*(?:零|又|and\s+)?")
_COMPOUND_DIMS = ("time", "mass", "length")


def _factor(written: str) -> float:
    """The base units in one of the unit a quantity was written in (60 for '1 hour')."""
    m = _QTY.match(written)
    unit = unit_of(m.group("unit")) if m else None
    return unit.factor if unit else 0.0


def _join_compounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """一个小时十五分钟, 四斤六两, '1 hour 15 minutes', '5 ft 4 in': a figure in a larger unit followed at once by one in a
    smaller unit of the same kind is one amount (75 minutes), not two claims of an hour and of fifteen minutes."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and prev.dim == q.dim and q.dim in _COMPOUND_DIMS and prev.low is None and q.low is None \
                and prev.end <= q.start and COMPOUND_GAP.fullmatch(text[prev.end:q.start]) \
                and _factor(q.text) < _factor(prev.text) and q.value < _factor(prev.text):
            out[-1] = Quantity(prev.start, q.end, text[prev.start:q.end], q.dim, prev.value + q.value,
                               prev.approx or q.approx, prev.imperial or q.imperial)
            continue
        out.append(q)
    return out


# A sign before a temperature ('-20°C', '耐温-10~120℃', 零下10度), but not the dash of a range ('20-30°C').
_BELOW_ZERO = re.compile(r"(?:(?:^|[^\d\s.])\s*[-−]\s?|零下)$")


def _celsius(text: str, values: list[tuple[int, int, float]], unit_text: str) -> list[tuple[int, int, float]]:
    """Temperatures in °C: a sign before the number counts, and °F is converted (104°F is 40°C), since no factor
    turns one scale into the other."""
    out = []
    for a, b, v in values:
        if _BELOW_ZERO.search(text[max(0, a - 6):a]):
            v = -v
        if unit_text.strip() in ("°F", "℉", "华氏度", "华氏"):
            v = (v - 32) * 5 / 9
        out.append((a, b, v))
    return out


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
            # Temperatures sit near zero, where a share of the value is no tolerance: 30°F is about −1°C.
            near = (1.0 if tol > 1e-6 else 0.05) if dim == "temperature" else 0.0
            for v in [value, *lows]:
                if abs(v - kvalue) <= max(tol * max(abs(v), abs(kvalue), 1e-9), near):
                    continue
                if klow is not None and klow - tol * abs(klow) <= v <= kvalue * (1 + tol):
                    continue
                if klow is not None and abs(v - klow) <= tol * max(abs(v), abs(klow), 1e-9):
                    continue
                break
            else:
                return True
    return False
