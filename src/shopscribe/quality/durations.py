"""How long, read by what the time is about: a charge (充满要两小时), a run on one charge (一次能连续扫三个小时,
'two weeks between charges'), shelf life and time after opening (冷藏能放半个月, 'good for six weeks once the tub is
open'), warranty and free replacement (两年内坏了免费换新, 'five years of free replacement'), the life of a part
('one filter lasts a year and a half'), burn time and trial periods. The copy's duration is read against the
attributes about the same thing, and blocks when none of their durations is it.

Decision: a duration counts only when its clause names what it is about and the product has an attribute about
the same thing; where several attributes or parts of a value are about it (整机保修 and 压缩机保修; 高亮2小时、低亮20小时),
the one the clause names (整机, 高亮) decides. A value given as a maximum ('Up to 7 days', 最长) or a round figure (约)
supports shorter or nearby claims. Arithmetic (two hours a night for a month) is left alone.
"""

from __future__ import annotations

import re

from shopscribe.quality.align import _DURATION, _NEG_NEAR, NEARLY, _hours, contradicts, flag
from shopscribe.quality.report import Flag
from shopscribe.quality.units import COMPOUND_GAP, cn_int, word_int

# What a time is about, in the order they are tried: 'between charges' is a run, 'charged in an hour' a charge.
_ASPECTS = (
    # 没开封能放一年 is the shelf life, not the time after opening
    # (and how soon it must be finished: 一个礼拜之内喝完, 'an opened bottle … is good for')
    ("open", r"(?<![没未不])(?:开封|开罐|开盖|开瓶|拆封|拆开|打开后|开了(?:盖|瓶|罐|封|袋))|once\s+(?:the\s+\w+\s+is\s+|it'?s\s+)?open(?:ed)?|after\s+opening|"
             r"\b(?:an?|the|once|each|any)\s+opened\b|(?:之内|以内|内)(?:喝完|吃完|用完|饮用|食用)"),
    # and any part said to need changing every so often: RO膜三年才换一次, 'replace it every six months'
    ("part", r"滤芯|滤网|刷头|灯珠|灯管|光源|filter|cartridge|brush\s+heads?|bulb|(?:换|更换)一次|(?:不用|无需|不需要|不必)(?:换|更换)|"
             r"\breplace(?:d)?\s+(?:it\s+|them\s+)?(?:only\s+)?(?:once\s+)?every"),
    # how long sunscreen or a finish holds up in water: 'two hours of swimming' against Water resistance: 80 minutes
    ("water", r"游泳|下水|戏水|出汗|耐水|防水|swim|sweat|water[- ]resist"),
    # 开低档能热一整天，到下班都不用充: what it does for that long, or that it needs no charge meanwhile
    ("run", r"续航|待机|能用|可用|能撑|撑|连续|连着(?:听|用|放|播)|一次充电|充一次电?|充满电?(?:后|能|可)|能热|能暖|能亮|能吹|能听|不用充电?|"
            r"between\s+charges|per\s+charge|"
            r"on\s+(?:a|one)\s+(?:single\s+|full\s+)?charge|battery\s+life|play\s?time|runtime|runs?\s+(?:for\s+)?\d|"
            r"\bruns\b|\blasts?\b(?!\s+(?:a|one)\s+(?:filter|cartridge))|of\s+(?:listening|playback|play|music)"),
    ("charge", r"充满|充电(?!宝|盒|仓)|快充|满电(?![能可后])|充(?:了|上)?[一两二三四五六七八九十半\d]+个?(?:小时|分钟|钟头)|charged?|charging|recharges?|to\s+full"),
    ("warranty", r"保修|质保|保固|包修|换新|包换|都保|全保|保(?=[一两二三四五六七八九十半\d]+\s*(?:年|个月|月|天))|warranty|guarantee|coverage|covered\s+for|free\s+replacement"),
    ("trial", r"试用|试睡|试穿|睡不惯|(?:都|随时)(?:能|可以)退|trial|try\s+it"),
    ("burn", r"燃烧|能点|可点|点燃|能烧|可烧|每晚点|每天点|burns?|burn\s+time"),
    ("shelf", r"保质|保存|存放|能放|可以放|可放|冷藏|放冰箱|放[一两半\d][^，。；]{0,4}(?:不|都)|不会坏|不变质|不坏|保鲜|shelf|"
              r"keeps?\s+(?:fresh|for|good)|stays?\s+fresh|good\s+for|best\s+before|expir|"
              r"keeps?\s+(?:up\s+to\s+)?(?:\d+|one|two|three|four|five|six|a|an)\s+(?:days?|weeks?|months?|years?)"),
)
_ASPECT_RX = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in _ASPECTS]
_LASTING = ("run", "shelf", "burn", "part")  # how long the product itself lasts, one way or another
# Keys name their subject with these too: 充电时间, 单次续航, 保质期, 开罐后, 'Filter life', 'Sleep trial'.
_KEY_ASPECTS = (
    ("open", r"开封|开罐|开盖|开瓶|after\s+opening|once\s+opened"),
    ("charge", r"充电时间|充电时长|充满时间|充满|charg"),
    ("warranty", r"保修|质保|保固|包修|包换|换新|保障|warranty|guarantee"),
    ("trial", r"试用|试睡|trial"),
    ("burn", r"燃烧|burn"),
    ("shelf", r"保质期|保存期|shelf|expir|best\s+before"),
    ("water", r"防水|耐水|water[- ]resist"),
    ("run", r"续航|待机|播放|使用时间|使用时长|可用时长|工作时间|单瓶使用|每瓶可用|battery|run\s?time|play\s?time|standby"),
    ("part", r"滤芯|滤网|刷头|光源|灯珠|寿命|更换|filter|cartridge|\blife\b|lifespan|bulb|led|replace"),
)
_KEY_ASPECT_RX = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in _KEY_ASPECTS]
# Spoken English durations _DURATION does not read: 'an hour', 'a year and a half', 'half an hour', '100 nights'.
_SPOKEN_EN = re.compile(r"\b(?P<half>half\s+(?:an?|one)\s+|(?:an?|one)\s+)(?:full\s+|whole\s+)?(?P<u>hour|day|week|month|year)\b"
                        r"(?P<more>\s+and\s+a\s+half)?|\b(?P<n>\d+)\s+nights?\b", re.IGNORECASE)
_ONE_AND_HALF_ZH = re.compile(r"(?P<n>[一两二三四五六七八九十]+)个半(?P<u>小时|钟头|月)")
_UNIT_HOURS = {"hour": 1, "hr": 1, "day": 24, "week": 168, "month": 720, "year": 8760, "小时": 1, "钟头": 1, "天": 24,
               "日": 24, "周": 168, "星期": 168, "月": 720, "年": 8760}
_CN = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MAXIMUM = re.compile(r"up\s+to|最长|最多|至多|以内|within", re.IGNORECASE)
_ROUND = re.compile(r"约|大约|大概|差不多|左右|about|approx|around|roughly|~", re.IGNORECASE)
_UNDER = re.compile(r"(?:不到|不用|不超过|只要|仅需|less\s+than|under|within|in\s+(?:just\s+)?(?:under\s+)?)\s*$|^\s*(?:内|以内|之内)",
                    re.IGNORECASE)
# 'charges fully in 2 hours and gives you 30 hours of listening': two times, each about its own thing
_CLAUSE = re.compile(r"[，。；！？,;!?—]|(?<!\d)\.(?!\d)|\band\s+(?:gives|runs|lasts|plays|keeps|stays|holds)\b|以及")
_FILLER = frozenset({"limited", "free", "with", "from", "only", "hours", "days", "years", "months", "time", "mode", "and",
                     "for", "per", "the", "max", "use", "set", "each", "all"})


_SAME_LENGTH = re.compile(r"-(?=(?:year|month|week|day|hour)s?\b)|\b(?:full|whole)\s+(?=(?:year|month|week|day|hour)s?\b)",
                          re.IGNORECASE)


def _plain(text: str) -> str:
    """'5-year' and 'five full years' as '5 year' and 'five      years': the same length, so offsets hold."""
    return _SAME_LENGTH.sub(lambda m: " " * len(m.group()), text)


# A lifetime said as a warranty's length (终身保修, 'covered for life', 'Limited lifetime'), read as a hundred years so a
# part with its own shorter warranty cannot borrow it ('The chiller is covered for life' of Chiller warranty: 1 year).
# Only beside a warranty word: 'the filter's lifetime' and 'once in a lifetime' are no warranty.
_LIFETIME = re.compile(r"\b(?:limited\s+)?lifetime(?=\s+(?:limited\s+)?(?:warranty|guarantee|coverage))|\blimited\s+lifetime\b|"
                       r"\b(?:covered|guaranteed|warranted|warrantied)\s+for\s+life\b|(?:终身|永久)(?=(?:免费)?(?:保修|质保|包换|保固))|"
                       r"(?<=保修|质保)(?:期)?终身|"
                       # and a warranty value's own part: 保修: 框架终身，电机2年; 'Frame: lifetime; motor: 2 years'
                       r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff]{1,4})?终身(?=\s*(?:[，,；;、/（(]|$))|(?<=:)\s*lifetime\b(?=\s*(?:[,;/(]|$))",
                       re.IGNORECASE)
LIFETIME_HOURS = 100 * 8760.0


def durations(text: str) -> list[tuple[int, int, float]]:
    """(start, end, hours) of each duration in text."""
    out = [(m.start(), m.end(), h) for m in _DURATION.finditer(_plain(text)) if (h := _hours(m)) is not None]
    out += [(m.start(), m.end(), LIFETIME_HOURS) for m in _LIFETIME.finditer(text)]
    for m in _SPOKEN_EN.finditer(text):
        if m.group("n"):
            out.append((m.start(), m.end(), int(m.group("n")) * 24.0))
        else:
            v = 0.5 if m.group("half").lower().startswith("half") else 1.5 if m.group("more") else 1.0
            out.append((m.start(), m.end(), v * _UNIT_HOURS[m.group("u").lower()]))
    for m in _ONE_AND_HALF_ZH.finditer(text):
        out.append((m.start(), m.end(), (_CN.get(m.group("n"), 0) + 0.5) * _UNIT_HOURS[m.group("u")]))
    # the longest reading of each place: 一个半小时 over 半小时
    out.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, float]] = []
    for a, b, h in out:
        if any(x <= a and b <= y for x, y, _ in kept):
            continue
        # 一个小时十五分钟, '1 hour 15 minutes': the smaller unit straight after the larger adds to it
        last = kept[-1] if kept else None
        if last and COMPOUND_GAP.fullmatch(text[last[1]:a]) and h < last[2] and h < _unit_step(text[last[0]:last[1]]):
            kept.pop()
            a, h = last[0], last[2] + h
        kept.append((a, b, h))
    return kept


def _unit_step(written: str) -> float:
    """Hours in one of the unit a duration was written in: 1 for 一个小时, 24 for '2 days'."""
    last = re.search(r"(小时|钟头|hours?|hrs?|天|日|days?|周|星期|weeks?|月|months?|年|years?)\s*$", written, re.IGNORECASE)
    if not last:
        return 0.0
    return _UNIT_HOURS.get(last.group(1).lower().rstrip("s"), 0.0)


# Spoken spans with no figure, as the least they promise: 'lasts all weekend', 孩子能玩一整天 (hours).
_AT_LEAST = re.compile(r"一整天|一整晚|整整一天|一整个白天|all[- ]day(?![- ](?:comfort|wear))|all\s+night|all\s+weekend|the\s+whole\s+(?:day|weekend)",
                       re.IGNORECASE)
_AT_LEAST_HOURS = {"night": 6.0, "weekend": 24.0, "晚": 6.0}


def _at_least(text: str) -> list[tuple[int, int, float]]:
    out = []
    for m in _AT_LEAST.finditer(text):
        word = m.group().lower()
        out.append((m.start(), m.end(), next((h for k, h in _AT_LEAST_HOURS.items() if k in word), 8.0)))
    return out


_PER_DAY = re.compile(r"每(?:天|晚|日|夜)[\u4e00-\u9fff]{0,3}?(?P<zh>\d+(?:\.\d+)?|[一两二三四五六七八九十半]+)个?(?:小时|钟头)"
                      r"|(?P<en>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|eight)\s+hours?\s+(?:a|per|each|every)\s+"
                      r"(?:day|night|evening)", re.IGNORECASE)


# Earbuds' total with the case: 'Charging case: 4 additional full charges' makes 4 h of play 20 h when the copy counts
# the case's recharges.
_CASE_CHARGES = re.compile(r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:additional|extra|more|full|\s)*"
                           r"(?:re)?charges?|(?:额外|另可|可再|还能)?充电?\s*(?P<z>\d+|[一两二三四五六七八九十])\s*次", re.IGNORECASE)
_WITH_CASE = re.compile(r"\bcase\b|充电仓|充电盒|加上仓|算上仓", re.IGNORECASE)


def _with_case(attrs: dict[str, str], sentence: str) -> int:
    """How many full recharges the case adds, when the sentence counts the case and an attribute of the case says so."""
    if not _WITH_CASE.search(sentence):
        return 0
    for k, v in attrs.items():
        m = _CASE_CHARGES.search(v) if _WITH_CASE.search(k) or _WITH_CASE.search(v) else None
        n = (m.group("n") or m.group("z")) if m else None
        count = (int(n) if n.isdigit() else word_int(n) or cn_int(n)) if n else None
        if count:
            return int(count)
    return 0


# A sentence's end; a decimal point is none.
_SENTENCE_END = re.compile(r"[。！？!?\n]|(?<!\d)\.(?!\d)")
# The parts of a value that gives a time per mode or part: '标准模式30天 / 强力模式15天', 低档6小时／高档3小时.
_VALUE_PARTS = re.compile(r"[、,，;；／]|\s/\s|(?<=[\u4e00-\u9fff])/(?=[\u4e00-\u9fff])")


def _sentence_parts(text: str, a: int, b: int) -> tuple[str, str]:
    """The sentence around text[a:b]: what comes before the span in it, and what comes after."""
    return _SENTENCE_END.split(text[:a])[-1], _SENTENCE_END.split(text[b:])[0]


def _daily_rate(text: str, a: int, b: int) -> float | None:
    """Hours a day the sentence around text[a:b] says the product is used, if it says so."""
    head, tail = _sentence_parts(text, a, b)
    m = _PER_DAY.search(head) or _PER_DAY.search(tail)
    if not m:
        return None
    said = (m.group("zh") or m.group("en") or "").lower()
    n = 0.5 if said == "半" else 1.0 if said in ("a", "an") else float(said) if re.fullmatch(r"[\d.]+", said) else word_int(said)
    return float(n) if n else None


def _clause_and_before(text: str, a: int, b: int) -> str:
    """The clause a span stands in, and the one before it in the same sentence (充一次电，孩子能玩一整天)."""
    head = _sentence_parts(text, a, b)[0]
    return "，".join(_CLAUSE.split(head)[-2:]) + text[a:b] + _CLAUSE.split(text[b:])[0]


def _clause(text: str, a: int, b: int) -> str:
    """The clause a duration stands in."""
    return _CLAUSE.split(text[:a])[-1] + text[a:b] + _CLAUSE.split(text[b:])[0]


def _aspect(clause: str, rxs: list[tuple[str, re.Pattern[str]]]) -> str | None:
    return next((name for name, rx in rxs if rx.search(clause)), None)


# A mode a clause names in other words: 'its brightest setting' is the high one, 'with noise cancelling switched on'
# is 'ANC on'.
_MODES = ((re.compile(r"\b(?:brightest|highest|max(?:imum)?|full\s+(?:power|brightness|blast)|turbo|boost)\b|最高档|最亮|满档", re.I), " high 高"),
          (re.compile(r"\b(?:lowest|dimmest|eco|minimum)\b|最低档|最暗", re.I), " low 低"),
          (re.compile(r"\b(?:noise[- ]cancell?ing|anc)\s+(?:(?:switched|turned)\s+)?on\b|\bwith\s+(?:noise[- ]cancell?ing|anc)\b|开降噪", re.I), " anc on"),
          (re.compile(r"\b(?:noise[- ]cancell?ing|anc)\s+(?:(?:switched|turned)\s+)?off\b|\bwithout\s+(?:noise[- ]cancell?ing|anc)\b|关降噪", re.I), " anc off"))


def _pick_parts(parts: list[str], clause: str, aspect: str) -> list[str]:
    """The parts of a value the clause is about ('40 h (low)' of '2 h (high), 40 h (low)' for 'on low'); when it names
    several, the words that tell them apart decide ('30 h (ANC off) / 20 h (ANC on)' for 'with ANC switched on')."""
    clause = clause + "".join(say for rx, say in _MODES if rx.search(clause))
    named = [p for p in parts if _named(p, clause, aspect)]
    if len(named) > 1:
        words = [set(re.findall(r"[a-z]{2,}|[\u4e00-\u9fff]", _DURATION.sub(" ", p.lower()))) for p in named]
        own = [p for p, w in zip(named, words)
               if any(re.search(rf"(?<![a-z]){re.escape(x)}(?![a-z])", clause.lower()) for x in w - set().union(*(o for o in words if o is not w)))]
        named = own or named
    return named or parts


def _named(words: str, clause: str, aspect: str) -> bool:
    """Does the clause name this key or value part by a word of its own (整机 of 整机保修, 'battery' of '(battery and
    charger)', 高亮 of 高亮2小时), besides what the time is about and the time itself?"""
    rest = _LIFETIME.sub(" ", _DURATION.sub(" ", _plain(words.lower())))
    for name, rx in _ASPECT_RX + _KEY_ASPECT_RX:
        rest = rx.sub(" ", rest) if name == aspect else rest
    low = clause.lower()
    pieces = [run[i:i + 2] for run in re.findall(r"[\u4e00-\u9fff]+", rest) for i in range(len(run) - 1)]
    return any(p in low if len(p) > 3 or not p.isascii() else re.search(rf"\b{p}", low)
               for p in pieces + [w for w in re.findall(r"[a-z]{3,}", rest) if w not in _FILLER])


_WARRANTY_KEY = dict(_KEY_ASPECT_RX)["warranty"]
_WHOLE = re.compile(r"整机|全机|整台|整车|整张|整套|整个|整把|整只|whole\s+(?:machine|unit|product|thing|appliance|desk|table|bed|set|bike)|"
                    r"entire\s+(?:machine|unit|product|appliance|desk|table|bed|set|bike)"
                    r"|everything|all\s+(?:the\s+)?parts|(?:every|each)\s+(?:single\s+)?part|bumper[- ]to[- ]bumper|所有(?:零|部)件|全部(?:零|部)件",
                    re.IGNORECASE)


_ALSO_COVERED = re.compile(r"连|包括|包含|含|全都|都保|\bboth\b|\bincluding\b|\bincluded\b|\beverything\b|\ball\s+parts\b", re.IGNORECASE)


def _names_a_part(key: str) -> bool:
    """'Motor warranty', 电机保修: a key naming a part besides the warranty (整机保修 and 'Warranty' name none)."""
    rest = _WHOLE.sub(" ", _WARRANTY_KEY.sub(" ", key.lower()))
    return bool(re.search(r"[\u4e00-\u9fff]{2}", rest) or [w for w in re.findall(r"[a-z]{3,}", rest) if w not in _FILLER])


_OVER_AFTER = re.compile(r"\s*(?:多|以上|出头|还多|不止|开外|\+|or\s+more|plus\b)")
_OVER_BEFORE = re.compile(r"(?:至少|起码|最少|超过|\bat\s+least|\bover|\bmore\s+than|\bupwards\s+of)\s*$", re.IGNORECASE)


# A value that says to use it at once (开封后: 请立即使用; 'Use immediately once opened') allows no keeping at all: an
# hour, so any stated time after opening is longer.
_AT_ONCE = re.compile(r"立即(?:使用|食用|饮用|用完)|即开即用|马上(?:使用|用完|吃完)|\buse\s+(?:it\s+)?(?:immediately|right\s+away|at\s+once)\b",
                      re.IGNORECASE)


def _stated(value: str) -> list[tuple[int, int, float]]:
    """The durations a value states, in hours; 'use at once' as one hour."""
    return durations(value) or ([(0, len(value), 1.0)] if _AT_ONCE.search(value) else [])


_OF_USE = re.compile(r"\s+of\s+(?:daily\s+|morning\s+|weekday\s+)?(?:breakfasts?|lunch(?:es)?|dinners?|meals?|snacks?|smoothies|"
                     r"coffee|tea|lattes|use|cooking|baking|walks|workouts|school\s+lunches)\b", re.IGNORECASE)


def check(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    keyed = [(k, v, asp) for k, v in attrs.items()
             if (asp := _aspect(k, _KEY_ASPECT_RX) or _aspect(v, _KEY_ASPECT_RX)) and _stated(v)]
    if not keyed:
        return []
    flags = []
    daily = [m.span() for m in _PER_DAY.finditer(text)]
    for a, b, hours in durations(text):
        if any(x <= a and b <= y for x, y in daily):
            continue  # 'two hours a night' is how it is used, not how long it lasts
        if _OF_USE.match(text, b):
            continue  # 'lasts two weeks of breakfasts': how long a pack is used up in, not how long it keeps
        # 每晚点两个小时，大概能点二十天: twenty days at two hours a night is forty hours of burning
        rate = _daily_rate(text, a, b) if daily else None
        # a value that gives its own daily use (约6周（每天阅读30分钟）, 60晚(每晚8小时)) counts in days of that use
        if rate and hours >= 24 and not any(re.search(r"每[天晚日夜]|\b(?:a|per)\s+(?:day|night)\b", v, re.IGNORECASE)
                                           for _, v, _ in keyed):
            hours = hours / 24 * rate
        clause = _clause(text, a, b)
        aspect = _aspect(clause, _ASPECT_RX) or (_aspect(_clause_and_before(text, a, b), _ASPECT_RX) if rate else None)
        if aspect == "shelf" and _aspect(_clause_and_before(text, a, b), _ASPECT_RX) == "open":
            aspect = "open"  # 'Once opened, it keeps for half a year': the keeping is after opening
        same = [(k, v) for k, v, asp in keyed if asp == aspect]
        # 'Each repellent mat lasts half a day' is about the Mat life, though 'lasts' reads as a run: an attribute
        # about something else that the clause names outright decides, unless one of the aspect's own is named too
        other = [(k, v, asp) for k, v, asp in keyed if asp != aspect and _named(k, clause, asp)]
        if aspect and other and not any(_named(k, clause, aspect) for k, _ in same):
            same, aspect = [(k, v) for k, v, _ in other], other[0][2]
        if aspect in _LASTING and not same:
            # 'Lasts five years' of a sunscreen whose data states only its Expiration: how long the product lasts,
            # read against the one other lasting attribute it has (never a warranty or a trial)
            lasting = [(k, v) for k, v, asp in keyed if asp in _LASTING]
            same = lasting if len(lasting) == 1 else []
        if not aspect or not same:
            continue
        named = [(k, v) for k, v in same if _named(k, clause, aspect)]
        same = named or same
        if aspect == "warranty" and _WHOLE.search(clause):
            # 'Ten-year warranty on the whole machine': the part warranties (Motor warranty: 10 years) do not cover it
            same = [(k, v) for k, v in same if not _names_a_part(k)] or same
        allowed = []
        for k, v in same:
            parts = [p for p in _VALUE_PARTS.split(v) if _stated(p)]
            picked = _pick_parts(parts, clause, aspect)
            if aspect == "warranty" and len(picked) > 1 and _WHOLE.search(clause) and \
                    all(_names_a_part(_DURATION.sub(" ", _plain(p))) for p in picked):
                # 整张桌子保修五年 of 电机5年，桌面2年: the whole is covered only as long as its shortest part
                picked = [min(picked, key=lambda p: min(h for _, _, h in _stated(p)))]
            allowed += [(h, bool(_MAXIMUM.search(v)), 0.1 if _ROUND.search(v) else 0.05)
                        for p in picked for _, _, h in _stated(p)]
        recharges = _with_case(attrs, "".join(_sentence_parts(text, a, b))) if aspect == "run" else 0
        allowed += [(h * (1 + recharges), m, tol) for h, m, tol in allowed] if recharges else []
        # 'charged in under an hour': a bound the charge time meets; 两年内包换 is the warranty itself
        under = aspect == "charge" and bool(_UNDER.search(text[max(0, a - 12):a]) or _UNDER.search(text[b:b + 3]))
        if _ROUND.search(text[max(0, a - 16):a]):  # 'roughly every eight weeks' against 2 months
            allowed = [(h, is_max, 0.1) for h, is_max, _ in allowed]
        near = bool(NEARLY.search(text[max(0, a - 12):a]))  # 'nearly two days' of 40 hours
        # 一天多, 十个小时以上, 'at least ten hours': a floor the data's figure clears
        over = bool(_OVER_AFTER.match(text, b) or _OVER_BEFORE.search(text[max(0, a - 14):a]))
        if any(abs(hours - h) <= tol * h or (near and 0.8 * hours <= h <= hours * 1.02) or (is_max and hours <= h * 1.05)
               or (under and h <= hours * 1.05) or (over and h >= hours * 0.95) for h, is_max, tol in allowed):
            continue
        k, v = same[0]
        flags.append(flag(a, b, text, contradicts(lang, text[a:b], k, v)))
    # '整机连电池全都保一年', 'Drill and battery both covered for three years', 'on everything, parts included': a part
    # named as covered too is held to its own, shorter warranty
    parts = [(k, v, k, v) for k, v, asp in keyed if asp == "warranty" and _names_a_part(k)]
    # and one value that gives each part its own: '2 years (mower); 1 year (battery)'
    parts += [(k, v, p, p) for k, v, asp in keyed if asp == "warranty"
              for split in [[p for p in _VALUE_PARTS.split(v) if durations(p)]] if len(split) > 1
              for p in split if _names_a_part(_DURATION.sub(" ", _plain(p)))]
    for a, b, hours in durations(text) if parts else ():
        head, tail = _sentence_parts(text, a, b)
        clause = head + text[a:b] + tail  # the sentence: 'on everything, parts included'
        if _aspect(clause, _ASPECT_RX) != "warranty" or not _ALSO_COVERED.search(clause) or \
                any(f.start <= a < f.end for f in flags):
            continue
        for k, v, words, covers in parts:
            if _named(words, clause, "warranty") and all(h < hours * 0.95 for _, _, h in durations(covers)):
                flags.append(flag(a, b, text, contradicts(lang, text[a:b], k, v)))
                break
    flags += _uncovered_part_covered(text, attrs, lang)
    # '充一次电，孩子能玩一整天' of a camera whose 续航 is about two hours: a run (said anywhere in the sentence) the
    # battery cannot reach
    runs = [(k, v) for k, v, asp in keyed if asp == "run"]
    for a, b, least in _at_least(text) if runs else ():
        around = _clause_and_before(text, a, b)
        if _aspect(around, _ASPECT_RX) != "run" or any(f.start <= a < f.end for f in flags) or \
                durations(around.replace(text[a:b], " " * (b - a))):
            continue  # a run said with its own figure (两小时左右) is that figure's; 一整天 is then about the outing
        if all(h < 0.9 * least for k, v in runs for _, _, h in durations(v)):
            k, v = runs[0]
            flags.append(flag(a, b, text, contradicts(lang, text[a:b], k, v)))
    return flags


# A run given as uses per charge: 续航: 约30次/充, 'Runtime: 40 cycles per charge'. Copy that promises more uses on one
# charge (充一次电能做五十杯) claims a battery the data does not give.
_USES_VALUE = re.compile(r"(?P<n>\d+)\s*(?:次|杯|回|壶)\s*/\s*(?:充|次充电|充电)|(?P<m>\d+)\s*(?:uses|cycles|cups|runs|times)\s*"
                         r"(?:per|/|a)\s*(?:full\s+)?charge", re.IGNORECASE)
_USES_SAID = re.compile(r"(?:充一次电?|充满一次|充满电?|一次充电|充电一次|(?:on\s+)?(?:one|a\s+single|a\s+full|each)\s+charge|"
                        r"per\s+charge)[^，。；！？,.;!?]{0,10}?(?P<n>\d+|[一两二三四五六七八九十百]+|[a-z]+(?:-[a-z]+)?)\s*"
                        r"(?:杯|次|回|壶|uses|cups|times|runs|cycles)"
                        # 'Fifty cycles on a single charge'
                        r"|\b(?P<n2>\d+|[a-z]+(?:-[a-z]+)?)\s+(?:uses|cups|cycles|runs|bottles|brews)\s+(?:on|per|from)\s+"
                        r"(?:one|a\s+single|a\s+full|a|each)?\s*charge", re.IGNORECASE)


def check_uses_per_charge(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    keyed = [(k, v, int(m.group("n") or m.group("m"))) for k, v in attrs.items() if (m := _USES_VALUE.search(v))]
    if not keyed:
        return []
    key, value, most = keyed[0]
    flags = []
    for m in _USES_SAID.finditer(text):
        group = "n" if m.group("n") else "n2"
        n = word_int(m.group(group))
        if n is not None and n > most * 1.1:  # 约30次 is a round figure: 32 cups is still about it
            a = m.start(group)
            flags.append(flag(a, m.end(), text, contradicts(lang, text[a:m.end()], key, value)))
    return flags


# 保修: 杆身1年；皮头为耗材不保修: a part the warranty leaves out, which copy then says is replaced or covered too
_NOT_COVERED = re.compile(r"(?P<zh>[\u4e00-\u9fff]{2,4}?)(?:为耗材|属于耗材|属耗材)?(?:不保修|不在保修范围|不保|不包换)"
                          r"|(?P<en>[a-z][a-z ]{2,30}?)\s+(?:is\s+|are\s+)?(?:not\s+covered|excluded)", re.IGNORECASE)
_COVERED_SAID = re.compile(r"保修|包换|给换|也换|免费换|也保|都保|包修|covered|replaced|replacement|warranty", re.IGNORECASE)


def _uncovered_part_covered(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for k, v in attrs.items():
        if not _WARRANTY_KEY.search(k):
            continue
        for m in _NOT_COVERED.finditer(v):
            part = (m.group("zh") or m.group("en") or "").strip().lower()
            # 整机一年，电池不保修 names 电池, not 一年电池
            part = re.sub(r"^(?:the|but|and)\s+|^[\d一二两三四五六七八九十个年月天]+", "", part)
            if len(part) < 2:
                continue
            for sentence in re.finditer(r"[^。！？.!?\n]+", text):
                body = sentence.group()
                at = body.lower().find(part)
                clause = _CLAUSE.split(body[at:])[0] if at >= 0 else ""
                if at >= 0 and _COVERED_SAID.search(body) and not _NEG_NEAR.search(clause):
                    a = sentence.start() + at
                    flags.append(flag(a, a + len(part), text, contradicts(lang, text[a:a + len(part)], k, v)))
    return flags
