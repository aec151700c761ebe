"""Facts for every attribute, whatever its key: yes/no features, warranties, certifications and compatible systems,
counts and items of a listed attribute, ages, how long it lasts, seasons and spoken quantities (一米五, 半斤). Prices
are quality/prices.py's, ranges of sizes and system versions quality/ranges.py's, places and uses quality/places.py's.

Decision: these checks align a claim with the attribute that names the same thing (by its key or its value), so a
flag names the attribute it contradicts; the hand-written extractors in facts.py keep the cases they know. A
certification or system the data does not name blocks even when nothing contradicts it: the shop cannot prove it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from shopscribe.quality import claims as C
from shopscribe.quality import vocab
from shopscribe.quality.report import Flag
from shopscribe.quality.units import EN_NUM, Quantity, cn_int, en_words_int, parse_number, unit_of, word_int

CHECK = "fact"
DATA = Path(__file__).parent / "data"

_NO = re.compile(r"^\s*(?:否|无|不支持|不可|不能|没有|不含|不带|×|✗|no|false|none|n/?a|not\s+\w+)\b|^\s*(?:否|无|不)",
                 re.IGNORECASE)
_YES = re.compile(r"^\s*(?:是|有|支持|可|能|✓|√|yes|true)\b|^\s*(?:是|有|支持|可以)", re.IGNORECASE)
# English prefixes only as whole words ('is_waterproof', 'Has GPS'): ISOFIX is no 'is' + 'OFIX'.
_KEY_PREFIX = re.compile(r"^(?:(?:是否支持|是否可以|是否可|是否能|是否带|是否有|是否含|是否|有无|能否|可否|支持|带|可|能|含)\s*"
                         r"|(?:has|is|supports?|with)(?:_|\s+))", re.IGNORECASE)
_KEY_SUFFIX = re.compile(r"\s*(?:功能|吗|\?|？)$")
# (English words whole: 'enough' and 'know' hold no 'no', 'nothing' is not 'not')
_NEG_NEAR = re.compile(r"(?:不|没|无|非|勿|别|未|请勿|禁止|不是|不要|不能|不可|并非|自备|另购|\bisn'?t\b|\bnot\b|\bno\b|\bnever\b|"
                       r"\bwithout\b|\baren'?t\b|\bdoesn'?t\b|n't\b|"
                       r"\bbring\s+your\s+own|\bsold\s+separately|"
                       r"\bdon'?t\b|\bcan'?t\b|\bcannot\b|\bby\s+hand|\bhand[- ]wash|"
                       r"\bkeep\s+(?:it|them|this|these)?\s*(?:out\s+of|away\s+from))", re.IGNORECASE)


# A figure said as a little under itself: 将近两斤, 'nearly two days', 'just shy of a liter'. One list for every reader
# (durations, quantities, spoken weights), each anchoring it where its number starts.
NEARLY = re.compile(r"(?:将近|接近|近|nearly|almost|close\s+to|just\s+shy\s+of)\s*$", re.IGNORECASE)


def flag(a: int, b: int, text: str, msg: str, severity: str = "block") -> Flag:
    return Flag(CHECK, severity, a, b, text[a:b], msg)


def contradicts(lang: str, claim: str, key: str, value: str) -> str:
    value = value if len(value) <= 40 else value[:39] + "…"
    return f"文案写“{claim}”，但{key}是“{value}”" if lang == "zh" else f'says "{claim}" but {key} is "{value}"'


def unsupported(lang: str, claim: str, what: str) -> str:
    return (f"文案写“{claim}”，但商品资料（标题、描述、属性）里没有{what}" if lang == "zh"
            else f'says "{claim}" but nothing in the product data (title, description, attributes) states {what}')


# ---- yes/no attributes -----------------------------------------------------------------------

def says_yes(value: str) -> bool:
    return bool(_YES.match(value)) and not _NO.match(value)


def says_no(value: str) -> bool:
    return bool(_NO.match(value)) and not _YES.match(value)


# 内置音箱's 内置 says where, not what: 内置唱放 must not read as the speaker it lacks.
_HOW_ZH = frozenset({"自动", "一键", "智能", "双重", "多档", "手动", "电动", "无线", "全自", "远程", "定时", "快速",
                     "内置", "自带", "配有", "带有"})


_PLAIN_NO = re.compile(r"\s*(?:否|无|不支持|没有|不带|不含|×|✗|no|none)\s*", re.IGNORECASE)


def _bare_key(key: str) -> str:
    """A yes/no key without the words that ask it: '是否可进洗碗机' → 进洗碗机, 'App控制功能' → App控制."""
    return _KEY_SUFFIX.sub("", _KEY_PREFIX.sub("", key.strip()))


def _half_term(key: str, value: str) -> list[str]:
    """加绒内里: 否, 防滑鞋底: 否: a verb and its object, then the part it is in; the copy may name the first half alone
    (里面加了一层绒). Only against a plain no: 内胆涂层: 不粘涂层 says what the coating is, not that there is none.
    自动断电's 自动 and 一键清洗's 一键 say how, not what (内置音箱's 内置 where), so they stand for nothing alone."""
    k = _bare_key(key)
    if len(k) == 4 and re.fullmatch(r"[\u4e00-\u9fff]{4}", k) and k[:2] not in _HOW_ZH and _PLAIN_NO.fullmatch(value):
        return [k[:2]]
    return []


def _feature_terms(key: str) -> list[str]:
    """What a yes/no key is about: '是否可进洗碗机' → 洗碗机; 'Dishwasher safe' → dishwasher safe, dishwasher."""
    k = _bare_key(key)
    if not k:
        return []
    if re.search(r"[\u4e00-\u9fff]", k):
        terms = [k]
        for pre in ("可进", "可放", "进", "放入", "可用", "可以"):
            if k.startswith(pre) and len(k) > len(pre) + 1:
                terms.append(k[len(pre):])
        # 内置音箱 is credited by 自带音箱 as much as by its own name (音箱 alone may be one to buy besides)
        for pre in ("内置", "自带", "配有", "带有"):
            if k.startswith(pre) and len(k) > len(pre) + 1:
                terms += [other + k[len(pre):] for other in ("内置", "自带", "配有", "带有") if other != pre]
        # 可碎信用卡/光盘: each thing the key lists is the feature too (光盘, and 信用卡 without the verb before it)
        parts = [p for p in re.split(r"[/、]", k) if p]
        if len(parts) >= 2:
            terms += [parts[0][1:]] * (len(parts[0]) > 2) + [p for p in parts[1:] if len(p) >= 2]
        return terms
    k = k.lower().replace("_", " ").replace("-", " ")
    terms = [k]
    words = [w for w in k.split() if w not in ("safe", "compatible", "included", "available", "built", "in")]
    if words and words != k.split():
        terms.append(" ".join(words))
    if len(k.split()) >= 3:  # 'dishwasher safe bowl': the copy says 'dishwasher safe'
        terms.append(" ".join(k.split()[:2]))
    return terms


# British and American spellings of one feature: pasteurised / pasteurized.
_ISE = re.compile(r"is(e|ed|es|ing|ation)\b")
# A feature the attributes say is there, denied right before its name: 不可进洗碗机, "isn't dishwasher safe".
_DENIED = re.compile(r"(?:不可|不能|不宜|不支持|无法|请勿|不要)(?:进|放进|放入|放|用|使用)?$|(?:不带|没有|没带|不具备|不具有|不含|并无)$|"
                     r"(?:\bnot|n't|\bnever|\bcannot)\s+(?:be\s+)?(?:(?:go|put|used?|placed?)\s+(?:in|into|on)\s+(?:a|the)\s+)?$|"
                     # 'There's no backlight', 'comes without a lid', "doesn't have auto shut-off"
                     r"(?:\bno|\bwithout(?:\s+an?)?|\b(?:doesn't|does\s+not|don't)\s+(?:have|come\s+with|offer)(?:\s+an?)?|"
                     r"\blacks?(?:\s+an?)?)\s+$")
# 'Stereo pairing isn't supported', 蓝牙不支持: the denial after the feature
_DENIED_AFTER = re.compile(r"\s*(?:isn't|is\s+not|aren't|are\s+not)\s+(?:supported|available|included|offered|possible)\b|"
                           r"(?:功能)?(?:不支持|不具备|是没有的)", re.IGNORECASE)
# Words of a key that say nothing about the feature itself.
_KEY_FILLER = frozenset({"safe", "compatible", "included", "available", "built", "in", "function", "feature", "mode",
                         "support", "supported", "with", "the", "a", "an", "of", "and", "for", "keys", "key"})


def _stem(word: str, n: int = 4) -> str:
    """Enough of a word to meet its other forms: backlit/backlight, automatic/auto, pairing/pair, shut/shuts."""
    return word[:n]


def _noted_as(value: str) -> list[str]:
    """防碰撞: 有（遇阻自动回退）: the note says what the feature does, and copy may name it so, with or without how
    (遇阻回退)."""
    notes = re.findall(r"[（(]([\u4e00-\u9fff]{4,8})[)）]", value)
    return notes + [bare for n in notes if (bare := re.sub("|".join(_HOW_ZH), "", n)) != n and len(bare) >= 4]


def _denied(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    low = _ISE.sub(r"iz\1", text.lower().replace("-", " "))
    flags = []
    for key, value in attrs.items():
        if not says_yes(value):
            continue
        terms = [re.escape(_ISE.sub(r"iz\1", t.lower())) for t in _feature_terms(key) + _noted_as(value)]  # ISOFIX接口 as isofix接口
        head = [w for w in re.findall(r"[a-z]+", key.lower()) if w not in _KEY_FILLER]
        if head and len(head[0]) >= 5:  # 'Backlit keys: Yes' is denied by 'no backlight'
            terms.append(rf"\b{_stem(head[0], 5)}[a-z]*")
            # 'Foldable: Yes' is denied by 'the ramp doesn't fold', the verb the -able word is made of, said of the
            # product ('Don't fold it while wet' is an instruction)
            if (verb := re.sub(r"(?:able|ible)$", "", head[0])) != head[0] and len(verb) >= 3:
                terms.append(rf"(?:(?<=doesn't )|(?<=does not )|(?<=won't )|(?<=can't be )|(?<=cannot be )){re.escape(verb)}(?:ed)?\b")
        if len(head) >= 2 and len(head[-1]) >= 4:  # 'Bubble jets: Yes (120)' is denied by 'no jets': the thing itself
            terms.append(rf"\b{re.escape(head[-1])}\b")
        for term in terms:
            for m in re.finditer(term, low):
                if _DENIED.search(low[max(0, m.start() - 24):m.start()]) or _DENIED_AFTER.match(low, m.end()):
                    flags.append(flag(m.start(), m.end(), text, contradicts(lang, text[m.start():m.end()], key, value)))
    return flags


# Words of a key that say how a feature is reached, not what it is: 'App control' is credited by 'with the app'.
_HOW_REACHED = frozenset({"control", "controlled", "connectivity", "access", "capability", "enabled"})
# Other words copy uses for a key word: 'Removable hood' is credited by 'zip the hood off'.
# Words of a key that say what carries a feature: 'Bluetooth streaming' is credited by 'streams calls'.
_CARRIED_BY = frozenset({"bluetooth", "wireless", "wifi", "voice"})
_TAKES_OFF = ("remov", "detach", "zip", "unzip", "unclip", "unsnap")
_SAID_AS = {"removable": _TAKES_OFF, "detachable": _TAKES_OFF}


def _in_a_clause(text: str, pattern: str) -> tuple[int, int] | None:
    """The span of the first match of pattern in a clause that denies nothing."""
    for clause in re.finditer(r"[^,.;:!?，。；！？]+", text):
        m = re.search(pattern, clause.group(), re.IGNORECASE)
        if m and not _NEG_NEAR.search(clause.group()):
            return clause.start() + m.start(), clause.start() + m.end()
    return None


def _credited_in_other_words(text: str, key: str) -> tuple[int, int] | None:
    """'Shuts itself off automatically' for 'Auto shut-off', 'Pair two for true stereo sound' for 'Stereo pairing': every
    word of a key of two to four words, in any order and form, close together in one clause that denies nothing."""
    words = re.findall(r"[a-z]+", key.lower().replace("_", " "))
    head = [w for w in words if w not in _KEY_FILLER and len(w) > 1]
    if len(head) == 2 and head[1] in _HOW_REACHED and len(head[0]) >= 3:
        head = head[:1]  # 'App control': the app is the feature
    elif len(head) == 2 and head[0] in _CARRIED_BY and len(head[1]) >= 5 or \
            len(head) == 1 and len(words) == 2 and words[1] in ("mode", "function", "feature") and len(head[0]) >= 4:
        # 'Bluetooth streaming': what is carried is the feature ('streams calls to your ears'); 'Heat mode': the heat
        # ('Heats your room in winter'). One word, so only its own forms: 'a space heater' is another product.
        base = re.sub(r"(?:ing|s)$", "", head[-1])
        return _in_a_clause(text, rf"\b{base}(?:s|es|ed|ing)?\b")
    elif len(words) == 1 and len(head) == 1 and head[0].endswith("ing") and len(head[0]) >= 6:
        # 'Mopping: No' is credited by 'vacuums and mops': the verb a one-word feature is named after
        base = re.sub(r"(.)\1$", r"\1", head[0][:-3])
        return _in_a_clause(text, rf"\b{base}(?:s|es|ped|ed|ping|ing)?\b")
    elif len(head) < 2 or len(head) > 4:
        return None
    for clause in re.finditer(r"[^,.;:!?，。；！？]+", text):
        words = list(re.finditer(r"[a-z]+", clause.group().lower()))
        at = [next((i for i, w in enumerate(words)
                    if any(w.group().startswith(_stem(x)) for x in (h, *_SAID_AS.get(h, ())))), None) for h in head]
        if None in at or max(at) - min(at) > len(head) + 4 or _NEG_NEAR.search(clause.group()):
            continue
        a, b = words[min(at)], words[max(at)]
        if _BROUGHT_BY_YOU.search(clause.group()[:min(a.start(), b.start())]):
            continue
        return clause.start() + min(a.start(), b.start()), clause.start() + max(a.end(), b.end())
    return None


# What a feature is credited by besides its name (vocab.FEATURE_SAID_AS): a camera that shoots underwater is waterproof.
_CREDITED_BY = {term: re.compile(rx, re.IGNORECASE) for term, rx in vocab.FEATURE_SAID_AS.items()}


def _credited_by_use(text: str, key: str) -> tuple[int, int] | None:
    for term in _feature_terms(key):
        said = _CREDITED_BY.get(term.lower())
        for m in said.finditer(text) if said else ():
            clause = re.split(r"[，。；！？,.;!?]", text[max(0, m.start() - 20):m.start()])[-1]
            if not _NEG_NEAR.search(clause) and not _BROUGHT_BY_YOU.search(clause):
                return m.start(), m.end()
    return None


# 拖地还得你自己来, 拖地要另外买: the feature is left to the shopper, which says the product does not do it
_LEFT_TO_YOU = re.compile(r"[^，。；！？,.;!?]{0,3}?(?:还得|得|要|需要)(?:你|您)?(?:自己|另外|另|手动)")
# A thing the shopper brings or plugs in themselves, named just before it: "you'll need your own pizza peel", "plug in
# powered speakers", 另接音箱. It is outside the product, so naming it credits the product with nothing.
_BROUGHT_BY_YOU = re.compile(r"(?:\byour\s+own|\bplug\s+in|\bhook\s+up|\bexternal|\bseparate|\bstream\s+to|"
                             r"\bconnect(?:ed)?\s+(?:it\s+)?to|另接|外接|接上|得接|连接|另买|另外买|自己买|单独买)\s*(?:[a-z-]+\s+)?$"
                             r"|(?:另配|另买|另购|另外买|自己买|单独买|自备)[\u4e00-\u9fff]{0,3}$",
                             re.IGNORECASE)


# A product that runs on the mains, credited with running without it: 不用插电, 充一次电, 'No need to plug it in'.
_CORDED = re.compile(r"插电|有线|交流|\d+\s*V\s*(?:交流|AC)|\bcorded\b|\bplug-?in\b|\bmains\b|\bAC\s+(?:power|only|adapter)", re.IGNORECASE)
_CORDLESS_KEY = re.compile(r"内置电池|电池|无线使用|可充电|cordless|battery|rechargeable|wireless\s+use", re.IGNORECASE)
_CORDLESS_SAID = re.compile(r"不用插电|不插电|无需插电|免插电|不用接电|脱离电源|充一次电|充满电|"
                            r"\bno\s+need\s+to\s+plug|\bcordless\b|\bcord-free\b|\bunplugged\b|\bon\s+(?:a|one)\s+(?:single\s+)?charge\b|"
                            r"\bwithout\s+(?:a\s+)?(?:cord|plug|outlet)\b", re.IGNORECASE)


def _runs_without_power(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    battery = [(k, v) for k, v in attrs.items() if _CORDLESS_KEY.search(k)]
    if any(says_yes(v) or re.search(r"电池|battery|mAh", v, re.IGNORECASE) and not says_no(v) for _, v in battery):
        return []  # it has a battery: it may well run unplugged
    corded = [(k, v) for k, v in battery if says_no(v)] + [(k, v) for k, v in attrs.items() if _CORDED.search(v)]
    if not corded:
        return []
    key, value = corded[0]
    return [flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)) for m in _CORDLESS_SAID.finditer(text)
            if not re.search(r"(?:不能|无法|没法|不可以|can'?t|cannot|not)\s*$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE)]


def _part_ability(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """盖子可微波: 否 against '连盖子一起放进微波炉': the part and what it cannot do, named in one clause."""
    flags = []
    for key, value in attrs.items() if lang == "zh" else ():
        m = re.fullmatch(r"([\u4e00-\u9fff]{1,3}?)(?:可进|可放|可以|可|能)([\u4e00-\u9fff]{2,4})", key.strip())
        if not m or not says_no(value):
            continue
        part, ability = m.group(1), m.group(2)[:2]
        for clause in re.finditer(r"[^，。；！？,.;!?]+", text):
            body = clause.group()
            # 盖子取下来再放进微波炉 takes the part off first
            if part in body and ability in body and not _NEG_NEAR.search(body) and \
                    not re.search(r"取下|拿下|拿掉|取掉|摘下|拆下|揭开|掀开|去掉", body):
                a = clause.start() + body.find(part)
                flags.append(flag(a, a + len(part), text, contradicts(lang, part, key, value)))
                break
    return flags


# 雨天感应: 是 denied without its name: 下雨天它不会自己停，得你出门把它收回来 ('it won't notice the rain on its own').
_SENSOR_KEY = re.compile(r"感应|传感|检测|识别|sensors?|sensing|detection|detects?", re.IGNORECASE)
_NOT_ON_ITS_OWN = re.compile(r"不会自己|不会自动|不能自动|没法自动|无法自动|不会主动|(?<![记觉懂晓舍])得你|(?<![只需想])要你|得靠你|得手动|要手动|需要手动|"
                             r"won'?t\s+[a-z ]{0,20}?on\s+its\s+own|(?:doesn'?t|does\s+not|can'?t|cannot|won'?t)\s+"
                             r"(?:sense|detect|notice|tell|know)|you(?:'ll)?\s+(?:have|need)\s+to|\bmanually\b", re.IGNORECASE)


def _sensing_denied(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items():
        if not says_yes(value) or not _SENSOR_KEY.search(key):
            continue
        what = _SENSOR_KEY.sub(" ", key).strip().lower()
        words = re.findall(r"[\u4e00-\u9fff]{2,}|[a-z]{3,}", what)
        # 雨天 also as 下雨 (its first character after 下), 'rain' also in 'raining'
        terms = words + [f"下{w[0]}" for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2}", w)]
        for sentence in re.finditer(r"[^。！？.!?\n]+", text):
            body = sentence.group().lower()
            hit = next((m for t in terms for m in [re.search(re.escape(t), body)] if m), None)
            if hit and _NOT_ON_ITS_OWN.search(body):
                a, b = sentence.start() + hit.start(), sentence.start() + hit.end()
                flags.append(flag(a, b, text, contradicts(lang, text[a:b], key, value)))
    return flags


# 紫外线消毒: 无, App控制: 无: what does the work, then the work. Copy names the first with the work in other words or
# apart (紫外线加高温双重消毒); a way of control needs no second half (在手机App上就能调温度).
_WORK_TAIL = re.compile(r"(?P<work>消毒|杀菌|除菌|烘干|加热|制冷|报警|提醒|定位|降噪|照明)$|(?P<control>控制|操控|遥控|调节|连接)$")


def _named_by_what_does_it(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items() if lang == "zh" else ():
        k = _bare_key(key)
        tail = _WORK_TAIL.search(k)
        head = k[:tail.start()] if tail else ""
        if not tail or not _PLAIN_NO.fullmatch(value) or head in _HOW_ZH or \
                not (re.fullmatch(r"[\u4e00-\u9fff]{2,4}", head) or re.fullmatch(r"[A-Za-z]{2,}", head)):
            continue
        word = rf"(?<![A-Za-z]){re.escape(head)}(?![A-Za-z])"
        for clause in re.finditer(r"[^，。；！？,.;!?]+", text):
            body = clause.group()
            m = re.search(word, body, re.IGNORECASE)
            if m and (tail.group("control") or tail.group("work") in body) and not _NEG_NEAR.search(body) \
                    and not _BROUGHT_BY_YOU.search(body[:m.start()]):
                flags.append(flag(clause.start() + m.start(), clause.start() + m.end(), text,
                                  contradicts(lang, m.group(), key, value)))
                break
    return flags


_TAKEN_OFF_FIRST = re.compile(r"(?:前|之前)[^。！？]{0,12}(?:揭掉|取下|拿掉|去掉|撕掉|揭开|拿下|摘下|拆下)|"
                              r"\b(?:remove|take\s+off|peel\s+off|unwrap)\b[^.!?]{0,30}\bbefore\b|"
                              r"\bbefore\b[^.!?]{0,30}\b(?:remove|take\s+(?:it\s+)?off|peel\s+(?:it\s+)?off|unwrap)\b")


# Cup holder: Sold separately, 'Batteries: 3 × AA, not included': a part the box lacks, which copy puts in it
_NOT_IN_BOX = re.compile(r"not\s+included|sold\s+separately|单独(?:购买|出售|售卖)|需另购|另购|不含|未附带|不附带|选购件?",
                         re.IGNORECASE)
_IN_BOX = re.compile(r"\b(?:included|includes|in\s+the\s+box|comes?\s+with|out\s+of\s+the\s+box|already\s+(?:inside|installed|in)|"
                     r"pre-?installed|bundled|ships\s+with)\b|附带|附赠|赠送|内含|标配|自带|配有|带有|包含|装好", re.IGNORECASE)


def _sold_separately(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items():
        if not _NOT_IN_BOX.search(value) or says_yes(value):
            continue
        words = [w for w in re.findall(r"[a-z]{3,}", key.lower()) if w not in _KEY_FILLER] if lang != "zh" else \
            [k] if len(k := _bare_key(key)) >= 2 else []
        for sentence in re.finditer(r"[^。！？.!?;；\n]+", text) if words else ():  # 'in the box; the cup holder is an add-on'
            body = sentence.group().lower()
            at = [re.search(rf"\b{re.escape(_stem(w, 5))}\w*" if lang != "zh" else re.escape(w), body) for w in words]
            if all(at) and _IN_BOX.search(body) and not _NEG_NEAR.search(body) and not _BROUGHT_BY_YOU.search(body[:at[0].start()]):
                a, b = sentence.start() + at[0].start(), sentence.start() + max(x.end() for x in at)
                flags.append(flag(a, b, text, contradicts(lang, text[a:b], key, value)))
    return flags


# 'Tripod sold separately' of a gimbal whose box lists the tripod: an item the data puts in the box, said to be left out
def _left_out_of_box(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items():
        if not _CONTENTS_KEY.search(key) or _NOT_IN_BOX.search(value) or says_no(value):
            continue
        # an item by its last word (USB-C cable) or its last two characters (静音跑轮 → 跑轮)
        names = {n for item in _items(value) if (n := item[-2:] if re.search(r"[\u4e00-\u9fff]{2}$", item) else _head(item))
                 and (len(n) >= 2 if re.search(r"[\u4e00-\u9fff]", n) else len(n) >= 4)}
        for clause in re.finditer(r"[^，。；！？,.;!?\n]+", text):
            body = clause.group().lower()
            out = _NOT_IN_BOX.search(body)
            said = [m for n in names for m in re.finditer(re.escape(n) if lang == "zh" else rf"\b{re.escape(_stem(n, 5))}\w*", body)]
            if out and said and not C.negated(body, out.start(), out.end()):
                a, b = clause.start() + said[0].start(), clause.start() + max(said[0].end(), out.end())
                flags.append(flag(a, b, text, contradicts(lang, text[a:b], key, value)))
    return flags


# 'The tray has to be washed by hand' of a tray the data calls dishwasher safe: hand washing only denies the dishwasher
_HAND_WASH_ONLY = re.compile(r"\bhand[- ]wash(?:ed)?\s+only\b|\b(?:has|have|needs?|must|got)\s+to\s+be\s+(?:hand[- ]washed|washed\s+by\s+hand)|"
                             r"\bonly\s+(?:be\s+)?(?:hand[- ]washed|washed\s+by\s+hand)|\bwash(?:ed)?\s+(?:it\s+|them\s+)?by\s+hand\s+only|"
                             r"只能手洗|必须手洗|得手洗|要手洗|仅限?手洗|只可手洗|只适合手洗", re.IGNORECASE)
_DISHWASHER_SAFE = re.compile(r"(?<!not\s)(?<!non-)dishwasher[- ]safe|(?<!不)可(?:进|放|入)?洗碗机|洗碗机(?:可用|适用)", re.IGNORECASE)


def _hand_wash_only(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    for key, value in attrs.items():
        whole = _DISHWASHER_SAFE.search(key) and says_yes(value)  # 'Dishwasher safe: Yes' is every part's
        if not whole and not _DISHWASHER_SAFE.search(value):
            continue
        part = [] if whole else [w for w in re.findall(r"[a-z]{3,}|[\u4e00-\u9fff]{2,}", key.lower()) if w not in _KEY_FILLER]
        for m in _HAND_WASH_ONLY.finditer(text):
            sentence = re.split(r"[。！？.!?]", text[:m.start()])[-1] + m.group()
            if not part or any(re.search(rf"\b{re.escape(_stem(w, 4))}" if w.isascii() else re.escape(w), sentence.lower())
                               for w in part):
                return [flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value))]
    return []


# 'Cutter: Manual tear bar' against 'The automatic cutter slices each label': a feature the data says works by hand,
# credited as automatic.
_MANUAL = re.compile(r"\bmanual(?:ly)?\b|手动|手工操作", re.IGNORECASE)
_AUTOMATIC = re.compile(r"\bautomatic(?:ally)?\b|\bauto[- ]|自动", re.IGNORECASE)


def _manual_said_automatic(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    for key, value in attrs.items():
        if not _MANUAL.search(value) or _AUTOMATIC.search(value):
            continue
        words = [_stem(w, 5) for w in re.findall(r"[a-z]{4,}", key.lower()) if w not in _KEY_FILLER] if lang != "zh" \
            else [k] if len(k := _bare_key(key)) >= 2 else []
        for clause in re.finditer(r"[^，。；！？,.;!?\n]+", text) if words else ():
            body = clause.group().lower()
            auto = _AUTOMATIC.search(body)
            if auto and any(re.search(rf"\b{re.escape(w)}" if lang != "zh" else re.escape(w), body) for w in words) \
                    and not _NEG_NEAR.search(body[:auto.start()]):
                return [flag(clause.start() + auto.start(), clause.start() + auto.end(), text,
                             contradicts(lang, auto.group(), key, value))]
    return []


def check_yes_no(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A feature the attributes say is absent must not be credited; one they say is there must not be denied."""
    flags = _denied(text, attrs, lang) + _runs_without_power(text, attrs, lang) + _part_ability(text, attrs, lang) + \
        _sensing_denied(text, attrs, lang) + _named_by_what_does_it(text, attrs, lang) + _sold_separately(text, attrs, lang) + \
        _left_out_of_box(text, attrs, lang) + _hand_wash_only(text, attrs, lang) + _manual_said_automatic(text, attrs, lang)
    for key, value in attrs.items():
        if says_no(value) and (span := _credited_by_use(text, key)):
            flags.append(flag(*span, text, contradicts(lang, text[span[0]:span[1]], key, value)))
    if lang != "zh":
        for key, value in attrs.items():
            if says_no(value) and (span := _credited_in_other_words(text, key)):
                flags.append(flag(*span, text, contradicts(lang, text[span[0]:span[1]], key, value)))
    low = _ISE.sub(r"iz\1", text.lower().replace("-", " "))
    for key, value in attrs.items():
        if not says_no(value):
            continue
        for term in (_ISE.sub(r"iz\1", t.lower()) for t in _feature_terms(key) + _half_term(key, value)):  # TSA海关锁 as tsa海关锁
            found = False
            # 充一次电, 充满电: a two-character verb and its object split by a count or an aspect word
            split = re.fullmatch(r"[\u4e00-\u9fff]{2}", term) is not None
            for m in re.finditer(rf"{term[0]}(?:[一两次满个了过下好层]{{1,3}})?{term[1]}" if split else re.escape(term), low):
                before = low[max(0, m.start() - 20):m.start()]
                clause = re.split(r"[，。；！？,.;!?]", before)[-1]
                after = low[m.end():m.end() + 6]
                sentence = re.split(r"[。！？!?]", low[:m.start()])[-1] + re.split(r"[。！？!?]", low[m.start():])[0]
                if _TAKEN_OFF_FIRST.search(sentence):
                    continue  # 微波加热前先把保鲜膜揭掉: the product comes off before the microwave goes on
                if _NEG_NEAR.search(clause) or re.match(r"\s*(?:free|less)\b|[袋包罩套]", after) or re.search(r"(?:\bun|\bnon-?)$", before) \
                        or _LEFT_TO_YOU.match(low, m.end()) or _RULED_OUT_AFTER.match(low, m.end()) \
                        or _BROUGHT_BY_YOU.search(clause):
                    continue  # 'unpasteurized', 'non-stick' deny the feature they contain
                # 'your phone's GPS' when the value says 'No (uses phone GPS)': the copy repeats the attribute's own note
                prev = re.findall(r"[a-z]+|[\u4e00-\u9fff]{2}", clause.replace("'s", ""))
                if prev and prev[-1] in value.lower():
                    continue
                # '防泼水' is not '防水'; 'water resistant' is not 'waterproof'
                if m.start() > 0 and re.match(r"[\u4e00-\u9fff]", term) and low[m.start() - 1] in "泼溅":
                    continue
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, text[m.start():m.end()], key, value)))
                found = True
            if found:
                break
    return flags


# ---- durations: warranty and other keyed durations -------------------------------------------

_WARRANTY_KEY = re.compile(r"保修|质保|保固|包修|warranty|guarantee", re.IGNORECASE)
# A few words may stand between the duration and the warranty word: 三年超长保修, 两年的整机免费质保.
_WARRANTY_ZH = re.compile(r"(?:(?P<n1>\d+(?:\.\d+)?|[一两二三四五六七八九十]+)(?P<half1>半)?\s*(?P<u1>年|个月|月|天)(?P<half2>半)?"
                          r"(?:的)?(?:超长|超值|官方|原厂|整机|全国联保|全国|免费|的){0,3}(?:质保|保修|保固|包修|包换)"
                          r"|(?:质保|保修|保固|包修)(?:期|时间)?(?:为|是|长达|达)?\s*(?P<n2>\d+(?:\.\d+)?|[一两二三四五六七八九十]+)(?P<half3>半)?\s*(?P<u2>年|个月|月|天)(?P<half4>半)?"
                          r"|(?P<life>终身|永久|一辈子)(?:免费)?(?:质保|保修|包换|保固))")
_WARRANTY_EN = re.compile(r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty-four)"
                          r"[- ](?P<u>year|yr|month|day)s?(?:\s+limited)?\s+(?:warranty|guarantee)"
                          r"|(?:warranty|guarantee|warrant(?:ie|e)d|guaranteed|covered)\s+(?:of|for)\s+(?:up\s+to\s+)?"
                          r"(?P<n2>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:full\s+|whole\s+)?(?P<u2>year|month|day)s?"
                          r"|(?P<n3>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<u3>year|month|day)s?\s+of\s+"
                          r"(?:warranty|guarantee|coverage)"
                          r"|(?P<life>lifetime|life-long|lifelong|forever)\s+(?:limited\s+)?(?:warranty|guarantee)", re.IGNORECASE)
_MONTHS = {"年": 12, "year": 12, "yr": 12, "个月": 1, "月": 1, "month": 1, "天": 1 / 30, "day": 1 / 30}


def _num(s: str) -> float | None:
    s = s.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if re.fullmatch(r"an?\s+(?:full|whole)", s):  # 'a full year'
        return 1.0
    if s == "半":  # 半个月, 半年: half of the unit after it
        return 0.5
    if re.fullmatch(r"an?\s+(?:full\s+)?dozen", s):
        return 12.0
    if re.fullmatch(r"a\s+baker'?s\s+dozen", s):
        return 13.0
    if re.fullmatch(r"an?\s+dozen\s+and\s+a\s+half", s):
        return 18.0
    if re.fullmatch(r"half\s+a\s+dozen", s):
        return 6.0
    v = cn_int(s)
    if v is None:
        v = word_int(s)
    return float(v) if v is not None else None


def _months(text: str) -> list[tuple[int, int, float]]:
    """Durations as months: (start, end, months); a lifetime is infinite."""
    out = []
    for rx in (_WARRANTY_ZH, _WARRANTY_EN):
        for m in rx.finditer(text):
            g = m.groupdict()
            if g.get("life"):
                out.append((m.start(), m.end(), float("inf")))
                continue
            n = g.get("n1") or g.get("n2") or g.get("n3") or g.get("n")
            u = g.get("u1") or g.get("u2") or g.get("u3") or g.get("u")
            v = _num(n) if n else None
            if v is None or not u:
                continue
            if any(g.get(h) for h in ("half1", "half2", "half3", "half4")):
                v += 0.5
            out.append((m.start(), m.end(), v * _MONTHS[u.lower()]))
    return out


def _attr_months(value: str) -> float | None:
    v = value.strip().lower()
    if re.search(r"终身|永久|lifetime|life-long", v):
        return float("inf")
    m = re.search(r"(\d+(?:\.\d+)?|[一两二三四五六七八九十]+)[\s-]*(年|个月|月|天|years?|yrs?|months?|days?|y\b)", v)
    if not m:
        return None
    n = _num(m.group(1))
    unit = {"y": "year"}.get(m.group(2), m.group(2).rstrip("s"))
    unit = "year" if unit.startswith("yr") else unit
    return n * _MONTHS.get(unit, 12) if n is not None else None


def check_warranty(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    keyed = [(k, v, _attr_months(v)) for k, v in attrs.items() if _WARRANTY_KEY.search(k)]
    keyed = [(k, v, m) for k, v, m in keyed if m is not None]
    # every part's term counts: 保修: 框架终身，电机2年 states two years as much as a lifetime
    stated = {round(m, 3) for _, _, m in _months(source)} | {round(m, 3) for _, _, m in keyed} | \
        {round(m, 3) for _, v, _ in keyed for part in re.split(r"[，,；;、/]", v) if (m := _attr_months(part)) is not None}
    flags = []
    for a, b, months in _months(text):
        if round(months, 3) in stated:
            continue
        if keyed:
            k, v, _ = keyed[0]
            flags.append(flag(a, b, text, contradicts(lang, text[a:b], k, v)))
        else:
            flags.append(flag(a, b, text, unsupported(lang, text[a:b], "保修期限" if lang == "zh" else "a warranty")))
    return flags


# ---- lists: certifications and systems -------------------------------------------------------

@lru_cache(maxsize=8)
def list_vocab(name: str, home: str | None) -> dict[str, list[str]]:
    """id -> spellings, from quality/data/<name>.txt and HOME/rules/<name>.txt ('id: spelling, spelling')."""
    out: dict[str, list[str]] = {}
    files = [DATA / f"{name}.txt"] + ([Path(home) / "rules" / f"{name}.txt"] if home else [])
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rest = line.partition(":")
            out.setdefault(key.strip(), []).extend(t.strip() for t in rest.split(",") if t.strip())
    return out


@lru_cache(maxsize=None)
def _spelling(s: str) -> re.Pattern[str]:
    """One vocabulary spelling as a pattern, compiled once: the vocabularies hold more spellings than re's own cache,
    so compiling them per call recompiled every one for every sentence."""
    # a space in a spelling is any space or hyphen: 'FDA cleared' is also 'FDA-cleared'
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s-]+".join(map(re.escape, s.split())) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def _mentions(text: str, vocab: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    found = []
    for cid, spellings in vocab.items():
        for s in sorted(spellings, key=len, reverse=True):
            m = _spelling(s).search(text)
            if m:
                found.append((m.start(), m.end(), cid))
                break
    return found


# Lists read against a vocabulary: (vocabulary, the keys that hold such a list, what a missing one is called). A
# certification blocks whatever the keys say (the data must name it); ports, systems and food ingredients only where
# the product lists them (a product that names no ports cannot contradict one).
_LISTS = (("certifications", r"认证|标准|certif|standard", ("这项认证", "this certification"), False),
          ("systems", r"兼容|系统|适配|compatib|works with|platform|os\b", ("这个兼容系统", "this compatibility"), True),
          ("ports", r"接口|端口|插口|\bports?\b|connect|inputs?\b|outputs?\b|\bi/?o\b", ("这个接口", "this port"), True),
          ("foods", r"配料|原料|成分|口味|ingredients?|contains|flavou?rs?", ("这种配料", "this ingredient"), True),
          ("fuels", r"气源|燃气类型|气种|燃料|\bfuel|gas\s+type|gas\s+supply", ("这种气源", "this fuel"), True),
          # 功能: 定位、通话、计步 — a feature the product's own list of functions does not have
          ("features", r"^(?:功能|主要功能|特点|产品特点|特性|卖点|features?|functions?|key\s+features|highlights)$",
           ("这项功能", "this feature"), True),
          # 适用: 猫、小型犬 — only a key whose value names an animal ('适用人群: 儿童' is people, 兔子造型 a shape)
          ("animals", r"^(?:适用|适合)(?:宠物|动物|对象|犬种|猫种)?$|宠物类型|宠物种类|^(?:pets?|species|suitable\s+for|for)$",
           ("这种动物", "this animal"), True))
# A food named as what to eat it with is a serving idea, not an ingredient: 蘸蜂蜜吃, 'great with honey'.
_SERVED_WITH = re.compile(r"(?:配|搭配|蘸|沾|撒点?|淋点?|加点|加入|泡进?|冲)$|\b(?:pair(?:s|ed)?|serve[sd]?|great|goes|try\s+it|top(?:ped)?"
                          r"|drizzle[sd]?|mix(?:ed)?|stir(?:red)?|delicious|perfect)\s+(?:it\s+)?(?:with|into|over|on)\s+$",
                          re.IGNORECASE)


# An animal named as a shape or print is no animal the product is for: 兔子造型, 'cat-print', 'bunny ears'.
_SHAPED_AS = re.compile(r"造型|图案|印花|形状|耳朵|头像|款式|[-\s](?:shaped|print|pattern|design|ears?|motif)\b", re.IGNORECASE)


# The rest of the clause rules the named thing out: 用液化气的请勿购买, 'propane models are not compatible'.
_RULED_OUT_AFTER = re.compile(r"[^，。；！？,.;!?]{0,12}?(?:请勿|请别|不适用|不能用|不可用|不支持|不兼容|用不了|不能|不可(?!思议)|不要|是没有|没有的|不行|"
                              r"不含|不包含|不附带|不附送|不送|需另购|要另买|另购|单独购买|"
                              r"\bnot\s+(?:compatible|supported|for|included|provided|supplied|in\s+the\s+box)\b|"
                              r"\bsold\s+separately\b|\bwon'?t\s+work|\bisn'?t\s+(?:compatible|supported|included))",
                              re.IGNORECASE)


def listed_ids(text: str, name: str, home: str | None) -> set[str]:
    """The ids of a vocabulary's entries a text names (黄豆 and 非转基因大豆 are both 'soy')."""
    return {cid for _, _, cid in _mentions(text, list_vocab(name, home))}


def check_lists(text: str, attrs: dict[str, str], source: str, lang: str, home: str | None) -> list[Flag]:
    flags = []
    for name, key_rx, what, needs_key in _LISTS:
        vocab = list_vocab(name, home)
        # 'USB-C PD output: Yes (60 W)': a key the product has names the port as much as a value does
        known = {cid for _, _, cid in _mentions(source + "\n" + "\n".join(k for k, v in attrs.items() if not says_no(v)),
                                                vocab)}
        keyed = [(k, v) for k, v in attrs.items() if re.search(key_rx, k.strip(), re.IGNORECASE)
                 and (name != "animals" or _mentions(v, vocab))]
        for a, b, cid in _mentions(text, vocab):
            if cid in known:
                continue
            if C.negated(text, a, b) or (name == "foods" and _SERVED_WITH.search(text[max(0, a - 16):a])) \
                    or (name == "animals" and _SHAPED_AS.match(text, b)) or _RULED_OUT_AFTER.match(text, b):
                continue
            if needs_key and not keyed and (name != "systems" or not known):
                continue
            msg = contradicts(lang, text[a:b], *keyed[0]) if keyed else unsupported(lang, text[a:b], what[lang != "zh"])
            flags.append(flag(a, b, text, msg))
    return flags + _check_models(text, attrs, lang)


# Device models a case, cartridge or mount fits, listed one by one ('iPhone 15、iPhone 15 Pro', 'HP OfficeJet Pro 8025,
# 8035'): a model of a listed series the list lacks ('iPhone 15 Pro Max', 'OfficeJet Pro 9015') is not among them. A
# list that gives a span ('iPhone 12 and later', 12–15) is ranges.py's.
_MODEL_KEY = re.compile(r"适配|兼容|适用机型|适用型号|机型|型号|compatib|fits|works\s+with|models?", re.IGNORECASE)
_LISTED_MODEL = re.compile(r"^(?P<series>[A-Za-z][A-Za-z -]{1,30}?)\s?(?P<num>\d{1,4}[a-z]?)(?P<suffix>(?:\s?(?:pro|max|plus|mini|"
                           r"ultra|se|lite|air|e))*)\s*$", re.IGNORECASE)
_OPEN_SPAN = re.compile(r"later|newer|above|以上|之后|及以后|\d\s*(?:-|–|~|to)\s*\d", re.IGNORECASE)


def _model_name(series: str, num: str, suffix: str) -> str:
    return " ".join(f"{series} {num} {suffix}".lower().split())


def _check_models(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items():
        if not _MODEL_KEY.search(key) or _OPEN_SPAN.search(value):
            continue
        listed, series, serieses = set(), "", set()
        for item in re.split(r"[、,，;；/]|\band\b|和|及", value):
            item = item.strip()
            if series and re.fullmatch(r"\d{1,4}[a-z]?(?:\s?(?:pro|max|plus|mini|ultra|se|lite|air))*", item, re.IGNORECASE):
                item = f"{series} {item}"  # 'HP OfficeJet Pro 8025, 8035': the bare number keeps the series before it
            m = _LISTED_MODEL.match(item)
            if m:
                series = m.group("series").strip()
                serieses.add(" ".join(series.lower().split()))
                listed.add(_model_name(series, m.group("num"), m.group("suffix")))
        # the series alone, and its last word alone ('OfficeJet Pro' of 'HP OfficeJet Pro' is said without the brand)
        names = serieses | {" ".join(n.split()[1:]) for n in serieses if len(n.split()) > 1}
        for name in sorted(names, key=len, reverse=True):
            head = r"\s?".join(map(re.escape, name.split()))
            rx = re.compile(rf"(?<![A-Za-z]){head}\s?(?P<num>\d{{1,4}}[a-z]?)(?![\d])"
                            r"(?P<suffix>(?:\s?(?:pro|max|plus|mini|ultra|se|lite|air)(?![A-Za-z]))*)", re.IGNORECASE)
            for m in rx.finditer(text):
                said = _model_name(name, m.group("num"), m.group("suffix"))
                if any(f.start <= m.start() < f.end for f in flags) or any(n.endswith(said) for n in listed):
                    continue
                if not C.negated(text, m.start(), m.end()) and not _RULED_OUT_AFTER.match(text, m.end()):
                    flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group().strip(), key, value)))
        if flags:
            break
    return flags


# ---- counts of a listed attribute ('三重香调' against 香型: 雪松、琥珀) ------------------------------

_COUNT_ZH = re.compile(r"(?P<n>\d+|[一两二三四五六七八九十]+)\s*(?:多|余|来)?(?:种|款|重|个|档|级|层|段|件|大|样|支|双|把|块|片|张|节|色|项)"
                       r"(?P<what>[\u4e00-\u9fff]{1,4})?")
_COUNT_EN = re.compile(r"(?<![\d,.-])\b(?P<n>\d+|an?\s+(?:full\s+)?dozen(?:\s+and\s+a\s+half)?|half\s+a\s+dozen|a\s+baker'?s\s+dozen|"
                       rf"{EN_NUM})\s+"
                       # 'ten stakes and eight guylines': a counted name ends before the next count's 'and'
                       r"(?P<what>(?:(?!(?:and|or|with|plus)\b)[a-z]+\s+){0,2}(?!(?:and|or|with|plus)\b)[a-z]+)",
                       re.IGNORECASE)
# Nouns a value measures with rather than counts, and words after a number that show it counts something else.
_MEASURE_NOUN = re.compile(r"(?:hours?|hrs?|days?|weeks?|months?|years?|minutes?|mins?|seconds?|shots?|mah|watts?|volts?|"
                           r"inch|inches|feet|foot|pounds?|lbs?|ounces?|grams?|liters?|litres?|miles?|meters?|metres?|"
                           r"times|cycles?|uses?|washes|sq|square|degrees?|percent|calories|kcal|dollars?|cents?)$")
_NOT_COUNTED = re.compile(r"(?:for|of|in|at|per|on|with|to|and|plus|or|x|by|from|off)\b")
_SPLIT = re.compile(r"\s*(?:、|,|，|/|;|；|\band\b|和|及|与|\+)\s*")
# Words between a Chinese noun and the count that follows it: 附件多达七样, 配件一共五件, 口味有三种.
_COUNTED_BEFORE = re.compile(r"(?:多达|足足|一共|总共|共计|共有|共|足有|有|达|都|就|是|:|：)+$")
_PER_CONTAINER = re.compile(r"\b(?:in\s+(?:every|each|one|a|the)|per)\s+([a-z]+)")
_UNIT_FIRST = re.compile(r"(?:k?w|v|mah|ml|mm|cm|kg|g|lbs?|oz|hz|db|gb|tb|mb|in|ft|qt|l|dollars?|bucks|cents?|usd)\b",
                         re.IGNORECASE)
# What a count can be said of, as the product's own count ('one for each person in the house' is not one of these).
_CONTAINER = re.compile(r"box|carton|pack|package|bag|case|tin|jar|set|kit|bottle|tube|sleeve|crate|bundle|tub|pouch",
                        re.IGNORECASE)
_GENERIC_COUNT_KEY = re.compile(r"count|quantity|qty|pieces|pack\s+size|数量|件数|只数|个数", re.IGNORECASE)


CODE = re.compile(r"^\s*(?:(?:#|no\.?\s?|色号\s?)\d{1,3}\s*|\d{1,3}\s+)(?=[^\d\s])", re.IGNORECASE)


def _attr_count(value: str) -> int | None:
    value = re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", value) or value  # 三轮（前二后一）
    times = re.match(r"\s*(\d+)\s*[x×*]\s*[A-Za-z\u4e00-\u9fff]", value)
    if times:  # 'Batteries: 3 × AA, not included' counts three
        return int(times.group(1))
    spoken = re.fullmatch(r"\s*([一两二三四五六七八九十]+)\s*(?:个|只|件|把|套|块|条|种|色|档)?[\u4e00-\u9fff]{1,4}\s*", value)
    if spoken and cn_int(spoken.group(1)):  # 刀头: 三刀头
        return cn_int(spoken.group(1))
    measure = r"(?:件|个|只|种|档|级|层|段|支|双|对|副|条|片|罐|包|袋|瓶|盒|本|张|把|块|根|粒|颗|枚|套|人|位|节|色|pcs?|pieces?|pairs?|sets?|levels?|speeds?|settings?)"
    lead = re.match(rf"\s*(\d+)\s*{measure}?(?![\d.])", value)
    if lead and re.fullmatch(rf"\s*\d+\s*{measure}?\s*(?:[（(].*)?", value):
        return int(lead.group(1))
    # A shade's or model's code before its name (#01 正红、#05 豆沙) is part of the item, not a measurement.
    parts = [CODE.sub("", p) for p in _SPLIT.split(value) if p.strip()]
    return len(parts) if len(parts) >= 2 and all(0 < len(p) <= 20 and not re.search(r"\d", p) for p in parts) else None


# 'Compartments per day', 'Pods per box', 每盒片数, 每层格数: what a key counts (group what) for each unit (group unit)
_PER_UNIT_KEY = re.compile(r"^\s*(?P<what>[a-z][a-z ]*?)\s+(?:per|each|a)\s+(?P<unit>[a-z]+)\s*$"
                           r"|^\s*每(?P<zunit>[\u4e00-\u9fff])(?P<zwhat>[\u4e00-\u9fff]{1,4}?)(?:数|数量)?\s*$", re.IGNORECASE)


class PerUnitTotal(NamedTuple):
    what: str  # what is counted ('compartments', 片)
    count: int
    key: str  # the attribute(s) the count comes from, as a flag names them
    value: str


def per_unit_total(key: str, value: str, attrs: dict[str, str]) -> PerUnitTotal | None:
    """The total a per-unit key and a key counting the units give: Compartments per day: 2 with Days: 7 is
    ('compartments', 14, 'Compartments per day × Days', '2 (AM/PM) × 7 = 14'); 每盒片数: 20 with 盒数: 3 is
    ('片', 60, …). None otherwise."""
    m = _PER_UNIT_KEY.match(key)
    each = _attr_count(value)
    if not m or not each:
        return None
    unit = (m.group("unit") or m.group("zunit")).lower().rstrip("s")
    names = {f"{unit}s", unit, f"number of {unit}s", f"{unit} count", f"{unit}数", f"{unit}数量"}
    for k, v in attrs.items():
        n = re.match(r"\s*(\d+)(?![\d.])", v)
        if k != key and k.strip().lower() in names and n and int(n.group(1)) > 1:
            total = each * int(n.group(1))
            return PerUnitTotal((m.group("what") or m.group("zwhat")).strip(), total, f"{key} × {k}",
                                f"{value} × {v} = {total}")
    return None


def _key_words(key: str) -> list[str]:
    k = re.sub(r"[(（].*?[)）]", "", key).strip().lower()
    if re.search(r"[\u4e00-\u9fff]", k):
        return [k[i:i + 1] for i in range(len(k))] if len(k) <= 2 else [k[i:i + 2] for i in range(len(k) - 1)]
    return [w.rstrip("s") for w in re.split(r"\W+", k) if len(w) > 2]


# 两个奶瓶各配一个备用奶嘴: a count for each of something else, not the product's total
_EACH_BEFORE = re.compile(r"(?:各|每个?|每只)(?:配|带|送|有|装)?$")
DOSE_BEFORE = re.compile(r"(?:每次|一次|每天|一天|每日|一日|每晚|每顿|一顿)\s*$")
# 'two gummies a day': a dose, not what the pack holds
_PER_TIME_AFTER = re.compile(r"\s*(?:(?:a|per|each|every)\s+(?:day|night|serving|dose|meal)\b|daily\b|每天|每日|一天|每晚|每次)",
                             re.IGNORECASE)


def _parts(value: str) -> list[tuple[int, str]]:
    """The counted parts a value gives in brackets ('40 (36 track, 3 cars, 1 engine)'): (number, piece) each."""
    out = []
    for part in re.findall(r"[（(]([^）)]*)[）)]", value):
        for piece in re.split(r"[,，、;；/+]", part.lower()):  # '3 flat', '6 pods each', 含已装在奶瓶上的2个, '5 lids'
            if (m := re.search(r"(\d+)", piece)) and not _VERSION_BEFORE.search(piece[:m.start()]):  # (Thunderbolt 4)
                out.append((int(m.group(1)), piece))
    return out


def broken_down(n: float, what: str, value: str) -> bool:
    """'Brushes: 10 (3 flat, 4 round, 3 angled)', 'Flavors: 4 (6 pods each)', 奶嘴: 4个(含已装在奶瓶上的2个): the value
    breaks its count down, and the copy's count is one of the parts, of a thing it names ('three angled brushes')."""
    words = {w[:4] for w in re.findall(r"[a-z]{3,}", what.lower())} | {what[i:i + 2] for i in range(len(what) - 1)
                                                                      if re.fullmatch(r"[\u4e00-\u9fff]{2}", what[i:i + 2])}
    words |= {what} if re.fullmatch(r"[\u4e00-\u9fff]", what) else set()  # 四十张卡 is no part of 共40面图案
    return any(k == n and (not words or any(w in piece for w in words)) for k, piece in _parts(value))


_PART_FILLER = frozenset({"piec", "pcs", "item", "part", "tota", "each", "incl", "with"})


def named_part(what: str, value: str) -> int | None:
    """'Pieces: 40 (36 track, 3 cars, 1 engine)' and 'forty pieces of track': the count of the one part the copy's
    counted words name (36), else None."""
    said = {w[:4] for w in re.findall(r"[a-z]{3,}", what.lower())} - _PART_FILLER
    found = [k for k, piece in _parts(value) if said & ({w[:4] for w in re.findall(r"[a-z]{3,}", piece)} - _PART_FILLER)]
    return found[0] if len(found) == 1 else None


# A number right after a standard's name is its version: 'two Thunderbolt 4 ports', 'USB 3 hub', 'Wi-Fi 6 routers'.
_VERSION_BEFORE = re.compile(r"\b(?:thunderbolt|usb|wi-?fi|bluetooth|hdmi|displayport|pcie|ddr|lpddr|gen|version|class|"
                             r"level|grade|type|series|mark|mk|ios|android|windows)\s?$", re.IGNORECASE)


# 半打, 两打: dozens, against the one count the data gives of a pack (每组数量: 12支, 每箱数量: 12罐)
_DOZENS_ZH = re.compile(r"(?P<n>半|[一两二三四五六七八九十]+)打(?![a-z])")
_PACK_COUNT_KEY = re.compile(r"^(?:每[\u4e00-\u9fff]{1,2})?(?:数量|支数|只数|个数|罐数|件数)$|^数量$")


def _dozens(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    counted = [(k, v, c) for k, v in attrs.items() if _PACK_COUNT_KEY.search(k.strip()) and (c := _attr_count(v))]
    flags = []
    for m in _DOZENS_ZH.finditer(text) if lang == "zh" and len(counted) == 1 else ():
        n = 6 if m.group("n") == "半" else 12 * (cn_int(m.group("n")) or 0)
        key, value, count = counted[0]
        if n and n != count:
            flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


# What a count of the product's own levels or tiers is said of: 三层小别墅, 两层设计 (not 三层滤网, a part's layers)
_WHOLE_THING = re.compile(r"小?(?:别墅|楼|洋房|公寓|设计|结构|空间|大空间|布局|造型)")


def _measure_word(m: re.Match[str]) -> str:
    """The measure word of a Chinese count (_COUNT_ZH): 层 of 三层小别墅, 档 of 五多档."""
    return re.sub(r"[\s多余来]", "", m.string[m.end("n"):m.start("what") if m.group("what") else m.end()])


def check_counts(text: str, attrs: dict[str, str], lang: str, title: str = "") -> list[Flag]:
    flags = _dozens(text, attrs, lang)
    rx = _COUNT_ZH if lang == "zh" else _COUNT_EN
    for m in rx.finditer(text):
        n = _num(m.group("n"))
        what = (m.group("what") or "").lower()
        if n is not None and what.startswith("dozen "):  # 'two dozen spools' is 24 spools
            n, what = n * 12, what[len("dozen "):]
        per = None
        before = text[max(0, m.start() - 14):m.start()]
        if _UNIT_FIRST.match(what) or _VERSION_BEFORE.search(before) or re.search(r"[$¥￥€£]\s?$", before):
            continue  # '65 W USB-C port' is a wattage, not 65 ports; 'Thunderbolt 4 ports' a version; '$15 a bottle' a price
        if re.search(r"\b(?:sets?|packs?|boxes|bags|rows|groups)\s+of\s+$", before) and \
                any(re.search(rf"\bof\s+{int(n)}\b", v) for v in attrs.values() if n is not None):
            continue  # 'two spare sets of four propellers' of '8 (2 sets of 4)': four a set
        if lang == "zh" and not what:  # 附件多达七样: what is counted comes before the count
            what = _COUNTED_BEFORE.sub("", re.split(r"[，。；！？、,.;!?\s]", text[max(0, m.start() - 8):m.start()])[-1])
        elif lang != "zh":  # 'a dozen heads in every pack': the clause's container is counted too
            tail = what + re.match(r"[^,.;!?]*", text[m.end():]).group().lower()
            per = _PER_CONTAINER.search(tail)
            what = f"{what} {per.group(1)}" if per else what
        if n is None or not what:
            continue
        first = m.group("what").split()[0] if m.group("what") and lang != "zh" else ""
        if _PER_TIME_AFTER.match(text, m.start("what") + len(first) if m.group("what") else m.end()):
            continue
        if n == 1 and _CONTAINER.match(what) and re.search(r"\bin(?:to)?\s+$", text[max(0, m.start() - 6):m.start()],
                                                          re.IGNORECASE):
            continue  # 'three add-ons in one box' packs them together; 'one box' counts nothing of the contents
        if lang == "zh" and re.match(r"[\u4e00-\u9fff]", text[max(0, m.start() - 1):m.start()] or "x") and \
                text[max(0, m.start() - 1):m.start()] in "第每":
            continue
        if lang == "zh" and DOSE_BEFORE.search(text[max(0, m.start() - 3):m.start()]):
            continue  # 每次两片: a dose, not what the pack holds
        # 一把奶瓶刷 counts the 奶瓶刷, not the 奶瓶: a key the counted name holds whole, the longest first
        named = sorted((k for k in attrs if len(k) >= 2 and k.lower() in what and _attr_count(attrs[k]) is not None),
                       key=len, reverse=True)
        for key, value in [(k, attrs[k]) for k in named] + [(k, v) for k, v in attrs.items() if k not in named]:
            if re.search(r"颜色|色彩|配色|colou?r", key, re.IGNORECASE):
                continue  # colour counts are facts.py's
            total = None
            if re.search(r"每|\bper\b|\beach\b", key, re.IGNORECASE):
                # A count per unit (Bags per flavour: 4) says nothing of the total ('twenty bags in all'), unless
                # another key counts the units: Compartments per day: 2 with Days: 7 is fourteen compartments.
                total = per_unit_total(key, value, attrs)
                if total is None:
                    continue
            if total and re.search(r"\b(?:each|apiece)\b", text[m.start("what"):m.end() + 8], re.IGNORECASE):
                total = total._replace(count=_attr_count(value) or 0, key=key, value=value)  # per unit: 'two … each'
            words = _key_words(total.what if total else key)
            if not words:
                continue
            # 'Set: 4 glasses' names what it counts in its value: 'six stemless glasses' is a count of it
            # (and 'Makes: About 20 drinks (1:10)': 'about thirty drinks' is still ten too many)
            noun = re.match(r"\s*(?:about|approx\.?|approximately|around|roughly|up\s+to)?\s*(\d+)\s+([a-z]{3,})\b",
                            value.lower()) if lang != "zh" else None
            if noun and (_MEASURE_NOUN.match(noun.group(2)) or _NOT_COUNTED.match(what)):
                noun = None  # '30 hours' is a measurement, '36 for three pairs' a price
            by_noun = False
            if lang == "zh":
                whole = re.sub(r"[(（].*?[)）]", "", key).strip()
                hit = any(w in what for w in words if len(w) == 2) or (len(words[0]) == 1 and what[:1] in words) \
                    or (len(whole) >= 2 and whole in what) \
                    or (len(what) == 1 and words[0].startswith(what)) \
                    or re.fullmatch(r"(.)数", whole) is not None and _measure_word(m) == whole[0] \
                    and _WHOLE_THING.match(what) is not None \
                    or _measure_word(m) == "项" and "项" in whole  # 六项数据 of 监测项目: 心率、呼吸频率、体动、睡眠分期
                # 刀头 in 替换刀头; 四十张卡 counts 卡片; 三层小别墅 counts 层数 by its measure word (三层滤网 counts filters)
            else:
                hit = any(re.search(rf"\b{re.escape(w)}", what) for w in words)
                # 'Ten glass containers' of 'Pieces: 10 (5 containers + 5 lids)': a part the value breaks its count into
                by_part = not hit and named_part(what, value) is not None
                hit = hit or by_part
                by_noun = not hit and bool(noun and re.search(rf"\b{re.escape(noun.group(2)[:5])}", what))
                hit = hit or by_noun
                # 'two dozen eggs in every carton' against Count: 18: the product's own count, said of its box
                by_noun = by_noun or bool(not hit and per and _CONTAINER.fullmatch(per.group(1))
                                          and not _NOT_COUNTED.match(what) and _GENERIC_COUNT_KEY.fullmatch(key.strip())
                                          and (noun := re.match(r"\s*(\d+)()", value)))
                hit = hit or by_noun
            if not hit:
                continue
            count = total.count if total else int(noun.group(1)) if by_noun and noun else _attr_count(value)
            end = m.end()
            if by_noun:  # the claim ends at the counted noun: 'six stemless glasses', not '… glasses in'
                word = re.search(rf"\b{re.escape(noun.group(2)[:5])}\w*", text[m.start("what"):m.end()], re.IGNORECASE)
                end = m.start("what") + word.end() if word else end
            elif lang != "zh" and by_part:  # and at the part it names: 'Ten glass containers', not '… containers with'
                parts = {w[:4] for _, piece in _parts(value) for w in re.findall(r"[a-z]{3,}", piece)} - _PART_FILLER
                word = next((w for w in re.finditer(r"[a-z]{3,}", text[m.start("what"):m.end()], re.IGNORECASE)
                             if w.group().lower()[:4] in parts), None)
                end = m.start("what") + word.end() if word else end
            part = named_part(what, value)
            if count is None and part is None:
                continue  # 'Ball size: 2 in (mini tennis balls)' names the balls but counts none: 'Balls included: 3' does
            rough = by_noun and re.match(r"\s*(?:about|approx|around|roughly)", value, re.IGNORECASE) is not None
            wrong = part != n if part is not None else \
                (abs(count - n) > 0.1 * count if rough else count != n) and not broken_down(n, what, value)
            if wrong and not _EACH_BEFORE.search(text[max(0, m.start() - 3):m.start()]):
                said_key, said_value = (total.key, total.value) if total else (key, value)
                flags.append(flag(m.start(), end, text, contradicts(lang, text[m.start():end].strip(), said_key,
                                                                    said_value)))
            break
        else:
            if lang != "zh" and (own := _own_count(what, n, title, attrs)):
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group().strip(), *own)))
    return flags


_OWN_COUNT_KEY = re.compile(r"(?:count|quantity|qty|units|number\s+of\s+[a-z]+)", re.IGNORECASE)


def _own_count(what: str, n: float, title: str, attrs: dict[str, str]) -> tuple[str, str] | None:
    """'Two hundred liners' of Cupcake Liners whose Count is 100: a count of what the title says the product is,
    against the one key that counts the product itself (not Pieces, which counts a set's every part)."""
    noun = _singular(what.split()[-1]) if what.split() else ""
    head = re.findall(r"[a-z]+", re.split(r"[,(|]|\s-\s", title.lower())[0])  # 'Foil Cupcake Liners, 100 ct' sells liners
    if len(noun) < 4 or not head or _singular(head[-1])[:5] != noun[:5]:
        return None
    for key, value in attrs.items():
        c = re.fullmatch(r"\s*(\d+)\s*(?:pcs?|pieces?|ct|count)?\s*", value, re.IGNORECASE)
        if _OWN_COUNT_KEY.fullmatch(key.strip()) and c:
            return (key, value) if int(c.group(1)) != n else None
    return None


# ---- a count of packed units: 一盒八支口红 against 支数: 6支, 礼盒里十瓶 against 规格: 45g×8瓶 ----------------------

_UNIT_MEASURES = "瓶|罐|包|支|袋|盒|片|双|卷|抽|听|枚|只|提"
_PACKED_SAID = re.compile(rf"(?<![\d一两二三四五六七八九十百千])(?P<n>\d+|[两二三四五六七八九十百千]+|一[十百千][一两二三四五六七八九十百千]*)"
                          rf"(?P<more>多)?(?:小|大)?(?P<m>{_UNIT_MEASURES})(?![\u4e00-\u9fff]?(?:以上|以下|以内|起))")
_PACKED_DATA = re.compile(rf"(?<![\d.])(?P<n>\d+)\s*(?P<m>{_UNIT_MEASURES})")
_PACKED_KEY = re.compile(rf"^(?:每[\u4e00-\u9fff]{{1,2}})?(?P<m>{_UNIT_MEASURES})数(?:量)?$")
# a dose, a threshold, an offer or a per-unit figure: 一次两片, 满两盒, 买两瓶送一瓶, 每包一百二十抽
_NOT_PACKED = re.compile(r"(?:每[\u4e00-\u9fff]?|[次天日晚顿餐]|满|买|送|赠|第|前|剩|再)\s*$")


def _packed_in_data(attrs: dict[str, str]) -> dict[str, set[int]]:
    """Each unit measure word and the counts the data gives of it, with the products of counts of two units
    (规格: 120抽×6包 holds 720 抽; 每包数量: 46片 with 包数: 2包, 92 片)."""
    found = []
    for key, value in attrs.items():
        found += [(int(m.group("n")), m.group("m")) for m in _PACKED_DATA.finditer(value)]
        each = _EACH.search(value)  # 生抽、老抽、蚝油、香醋 各1瓶: four bottles
        if each and each.group("m") in _UNIT_MEASURES.split("|") and (total := _total(_counted_items(value) or [])):
            found.append((total, each.group("m")))
        if (km := _PACKED_KEY.match(key.strip())) and (bare := re.fullmatch(r"\s*(\d+)\s*", value)):
            found.append((int(bare.group(1)), km.group("m")))
    out: dict[str, set[int]] = {}
    for n, m in found:
        out.setdefault(m, set()).add(n)
        out[m] |= {n * n2 for n2, m2 in found if m2 != m}
    return out


def check_packed_counts(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A count of a unit the data counts (瓶, 罐, 包, 支…) must be one the data gives: 礼盒里整整齐齐摆着十瓶 against
    规格: 45g×8瓶, 一包四十只 against 每包数量: 60只, 一千多抽 against 120抽×6包."""
    data = _packed_in_data(attrs) if lang == "zh" else {}
    flags = []
    for m in _PACKED_SAID.finditer(text) if data else ():
        n, unit = _num(m.group("n")), m.group("m")
        if n is None or n < 2 or unit not in data or _NOT_PACKED.search(text[max(0, m.start() - 3):m.start()]):
            continue
        known = data[unit]
        if n in known or (m.group("more") and any(n <= k < n * 1.5 for k in known)):
            continue
        key, value = next((k, v) for k, v in attrs.items() if unit in v or unit in k)
        flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


# ---- what a box holds, multiplied out: 规格: 18g×20支/袋，4袋/箱 is 80 支 a 箱 -----------------------------------

_PACKS = "箱|袋|盒|包|罐|桶|提|板|排"
_PIECES = "支|片|个|包|袋|颗|粒|块|根|条|盒|瓶|罐|枚|只"
_PER = re.compile(rf"(?P<n>\d+)\s*(?P<m>{_PIECES})\s*/\s*(?P<c>{_PACKS})")
# 一整箱有上百支, 一盒共四十片, 整箱八十多支: a count the copy gives of pieces in one pack
_BOX_COUNT = re.compile(rf"(?:一|整|每)整?(?P<c>{_PACKS})[^，。；！？,.;!?\d一两二三四五六七八九十百]{{0,4}}?"
                        rf"(?P<n>上百|近百|\d+|[一两二三四五六七八九十百]+)(?P<more>多)?(?P<m>{_PIECES})")


def _pieces_per(value: str) -> dict[tuple[str, str], int]:
    """(piece, pack) → how many, chained through the packs between: 20支/袋 and 4袋/箱 give 80 支 a 箱 too."""
    per = {(m.group("m"), m.group("c")): int(m.group("n")) for m in _PER.finditer(value)}
    for (m1, c1), n1 in list(per.items()):
        for (m2, c2), n2 in list(per.items()):
            if c1 == m2 and (m1, c2) not in per:
                per[(m1, c2)] = n1 * n2
    return per


def check_box_totals(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    for key, value in attrs.items() if lang == "zh" else ():
        per = _pieces_per(value)
        for m in _BOX_COUNT.finditer(text) if per else ():
            have = per.get((m.group("m"), m.group("c")))
            said = m.group("n")
            if have is None:
                continue
            # 上百 is a hundred or more, 近百 just under; 八十多 is eighty and some
            low, high = (100, float("inf")) if said == "上百" else (85, 100) if said == "近百" else \
                ((v, v + 9 if m.group("more") else v) if (v := _num(said)) is not None else (None, None))
            if low is not None and not low <= have <= high:
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


# ---- items of a listed attribute ('搅拌杯、研磨杯和榨汁杯' against 配件: 搅拌杯×1、研磨杯×1) ------------------

_ITEM_SPLIT = re.compile(r"\s*(?:、|,|，|/|;|；|\band\b|\bor\b|和|及|与|以及|\+)(?:还有|另有|再加|外加|再送|再配)?\s*")
_ITEM_NOISE = re.compile(r"\s*(?:[x×*]\s*\d+|\d+\s*(?:个|只|件|pcs?)|[（(][^）)]*[）)])\s*", re.IGNORECASE)


def _items(value: str) -> list[str]:
    return [p for p in (_ITEM_NOISE.sub("", x).strip().lower() for x in _ITEM_SPLIT.split(value)) if 1 < len(p) <= 24]


def _item_spans(run: str) -> list[tuple[int, int]]:
    """(start, end) of each item of a list written in the copy: 'A、B和C', 'a strap and a block'."""
    cuts = [0, *(x for sep in _ITEM_SPLIT.finditer(run) for x in sep.span()), len(run)]
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]


def _head(item: str) -> str:
    """What kind of thing an item is: its last character in Chinese (搅拌杯 → 杯), its last word in English."""
    return item[-1] if re.search(r"[\u4e00-\u9fff]$", item) else item.split()[-1].rstrip("s")


_UNIT_WORDS = ((re.compile(r"[- ]?ounces?\b|\s?oz\b"), " oz"), (re.compile(r"[- ]?inch(?:es)?\b|\s?in\.(?!\w)"), " in"),
               (re.compile(r"[- ]?quarts?\b|\s?qt\b"), " qt"), (re.compile(r"[- ]?(?:liters?|litres?)\b"), " l"))


def _units_alike(item: str) -> str:
    """'64-ounce jar' and '64 oz jar' as one spelling."""
    for rx, unit in _UNIT_WORDS:
        item = rx.sub(unit, item)
    return item


def _same_item(said: str, listed: str) -> bool:
    """One item in other words: one inside the other ('有月白' and 月白), or a Chinese name shortened by a character or
    two (充电座 for 充电底座: its characters in the same order)."""
    said, listed = _units_alike(said), _units_alike(listed)
    if said in listed or listed in said:
        return True
    if len(said) < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", said) or len(listed) - len(said) > 2:
        return False
    rest = iter(listed)
    return all(ch in rest for ch in said)


def check_enumerations(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    """A list in the copy that names items of a listed attribute and one more of the same kind: the extra item (榨汁杯
    beside 搅拌杯 and 研磨杯, 'a juicer cup' beside 'blender cup, grinder cup') is one the data does not include."""
    listed = [(k, v, _items(v)) for k, v in attrs.items()]
    listed = [(k, v, items) for k, v, items in listed if len(items) >= 2]
    flags = []
    said = source.lower()
    for run in re.finditer(r"[^，。；！？：:,.;!?\n—]+", text):  # a dash ends the list: 'a putter — three discs'
        copy_items = [(run.start() + a, run.start() + b, _ITEM_NOISE.sub("", run.group()[a:b]).strip().lower())
                      for a, b in _item_spans(run.group())]
        copy_items = [(a, b, re.sub(r"^(?:an?|the)\s+", "", it)) for a, b, it in copy_items]
        if len(copy_items) < 2:
            continue
        for key, value, items in listed:
            if not any(it in items for _, _, it in copy_items):
                continue
            heads = {_head(i) for i in items}
            # A data item the copy names in no recognisable form, and the copy items that match none: one of each with
            # the same head is one item in other words (刷卡 for IC卡 in a list of five unlocking methods), not an extra.
            unnamed = [_head(i) for i in items if not any(it and _same_item(it, i) for _, _, it in copy_items)]
            unmatched = [_head(it) for _, _, it in copy_items if it and not any(_same_item(it, i) for i in items)]
            kind = _head(key.strip().lower()) if len(key.strip()) >= 3 else None
            for a, b, it in copy_items:
                # '米色三色', '有月白', 'in black': a data item with words around it is that item
                if not it or any(_same_item(it, i) for i in items) or it in said or \
                        len(it) > (24 if it and _head(it) == kind else 12):
                    continue
                if unmatched.count(_head(it)) <= unnamed.count(_head(it)):
                    continue
                if listed_ids(it, "foods", None) & listed_ids(value, "foods", None):  # 黄豆 for 大豆, 盐 for 食用盐
                    continue
                # 'sky blue' beside black, navy and burgundy: another colour, though no listed one ends in 'blue';
                # 'Free of parabens, fragrance and talc' under the key's own words: every item is of that list
                opening = re.split(r"[。！？.!?\n]", text[:run.start()])[-1] + run.group()
                keyed = len(key) >= 4 and opening.lower().lstrip().startswith(key.lower().strip())
                # 'Presta, Schrader and Dunlop valves' against Valves: Presta and Schrader: the extra is named as one
                keyed = keyed or _head(it) == kind
                if _head(it) in heads or keyed or (C.colours(it) and all(C.colours(i) for i in items)):
                    flags.append(flag(a, b, text, contradicts(lang, text[a:b].strip(), key, value)))
    return flags


# What comes in the box or free with it: each item must be named somewhere in the data (附赠刷头、旅行收纳盒 against
# 刷头: 附赠2个; 'comes with a carry strap and a yoga block' against Included: carry strap).
# 随壶送滤网、炖盅，还有一个玻璃花茶杯: a clause that goes on with 还有 / 再加 and a count lists more of the same.
# 可以另配前置过滤器 leaves it to the shopper; 另配一个滤芯 puts it in the box
_INCLUDED = re.compile(r"(?:附赠|赠送|还送|附送|随附|随机附|附带|内含|还配|(?<!可以)(?<!可)(?<!需要)(?<!需)(?<!要)另配|加送|额外送|随[\u4e00-\u9fff]?送)"
                       r"(?P<zh>[^，。；！？：:,.;!?\n]{2,40}(?:[，,](?:还有|另有|再加|外加|再送|再配)(?=[一两三四五六七八九十\d]+[个只件条套把支张本份盒袋瓶])"
                       r"[^，。；！？：:,.;!?\n]{2,20})*)"
                       r"|\b(?:comes\s+with|in\s+the\s+box|bundled\s+with|(?:plus|with|get)\s+a\s+free|includes|including)\s+"
                       r"(?P<en>(?:a|an|the|two|three|four|\d+)\s[^.;:!?\n]{3,80})",
                       re.IGNORECASE)
_EN_LEAD = re.compile(r"^(?:a|an|the|two|three|four|\d+|matching|bonus|extra|free|spare|its|their|your)\s+", re.IGNORECASE)


def check_included(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    said = "\n".join([source, *attrs]).lower()  # a key names a part too (刷头: 附赠2个)
    flags = []
    for m in _INCLUDED.finditer(text):
        group = "zh" if m.group("zh") else "en"
        run_start = m.start(group)
        for a, b in _item_spans(m.group(group)):
            item = _ITEM_NOISE.sub("", m.group(group)[a:b]).strip().lower()
            if group == "zh":
                item = re.sub(r"^(?:[一两二三四五六七八九十\d]+[个只件条套把支张本])", "", item)
                known = len(item) < 2 or item in said or item[-2:] in said
            else:
                while _EN_LEAD.match(item):
                    item = _EN_LEAD.sub("", item, count=1)
                words = item.split()
                known = not words or len(words) > 3 or item in said or words[-1].rstrip("s") in said
            if not known:
                at = m.group(group)[a:b].lower().find(item)  # the span leaves out 'a', 'two', 一个
                x, y = (run_start + a + at, run_start + a + at + len(item)) if at >= 0 else (run_start + a, run_start + b)
                flags.append(flag(x, y, text, unsupported(lang, text[x:y], "这件随附物品" if lang == "zh"
                                                          else "this item in the box")))
    return flags


# ---- how many of a named item ('三块瑜伽砖' against 套装内含: 瑜伽砖×2; '送三条表带' against 表带: 真皮×1、钢带×1) ----

_MEASURE = r"(?:个|只|件|条|块|把|支|张|本|片|瓶|包|双|对|副|根|盒|袋|罐|套|台|顶|枚|卷|粒|节)"
_TIMES = re.compile(rf"^(?P<name>.+?)\s*[x×*]\s*(?P<n>\d+)\s*{_MEASURE}?$|^(?P<n2>\d+)\s*(?:{_MEASURE[3:-1]}|pcs?)\s*(?P<name2>.+)$"
                    # 酵母2包 (H13 HEPA滤网1片: a name may hold figures, ending in Chinese), and in English '40 crown caps'
                    rf"|^(?P<name3>[^\d]+?|.+?[\u4e00-\u9fff])\s*(?P<n3>\d+)\s*{_MEASURE}$|^(?P<n4>\d+)\s+(?P<name4>[a-z][a-z0-9 -]{{1,30}})$",
                    re.IGNORECASE)
# The counted noun is looked at, not consumed: 四件套里有两个被套 holds a count of 件 and a count of 被套.
# (四层滤网 counts filters by their layers: 层 counts items here, though it is no measure of a set's pieces)
_ITEM_COUNT_ZH = re.compile(rf"(?<![\d第每])(?P<n>\d+|[一两二三四五六七八九十]+)(?:多|余|来)?(?:{_MEASURE}|层)(?=(?P<what>[\u4e00-\u9fff]{{1,6}}))")
# 两大袋再加十小包: a count of items a list names by their size and measure (1kg大袋×2、30g小包×8)
_SIZED_ITEM_ZH = re.compile(rf"(?<![\d第每])(?P<n>\d+|[一两二三四五六七八九十]+)(?P<what>[大中小]{_MEASURE})")
# 生抽、老抽、蚝油、香醋 各1瓶: one of each, so four bottles in all
# The noun first, as a list says it: 防蜂服一件、手套两副 (the run of characters before the count, read from its end).
_ITEM_COUNT_AFTER_ZH = re.compile(rf"(?P<what>[\u4e00-\u9fff]{{2,6}})(?P<n>\d+|[一两二三四五六七八九十]+){_MEASURE}"
                                  rf"(?![\u4e00-\u9fff]{{0,1}}[套装])")
_EACH = re.compile(rf"\s*各\s*(?P<n>\d+|[一两三四五六七八九十])\s*(?P<m>{_MEASURE})\s*$")


_NESTED = re.compile(r"(?P<n>\d+)\s+[a-z]+\s*[x×]\s*(?P<m>\d+)\s+(?P<what>[a-z]+)", re.IGNORECASE)


def _counted_items(value: str) -> list[tuple[str, int | None]] | None:
    """('瑜伽砖', 2) for each entry of a value written as counted items (瑜伽砖×2、拉力带×1, 酵母2包, '40 crown caps'),
    with None for an entry that gives no count; None when no entry gives one."""
    each = _EACH.search(value)
    if each:
        value = value[:each.start()]
    out: list[tuple[str, int | None]] = []
    nested = _NESTED.fullmatch(value.strip())
    if nested:  # 'Count: 4 cans x 3 balls' is twelve balls
        return [(nested.group("what").lower(), int(nested.group("n")) * int(nested.group("m")))]
    for part in _ITEM_SPLIT.split(value):
        m = _TIMES.match(re.sub(r"\s*[（(][^）)]*[）)]", "", part).strip())  # '2 USB-C (100 W)' counts two USB-C
        if each:
            out.append((re.sub(r"\d.*$", "", part.strip()).lower(), int(_num(each.group("n")) or 0)))
            continue
        words = [g.split()[0].lower() for g in (m.group("name"), m.group("name2"), m.group("name3"), m.group("name4"))
                 if g and g.split()] if m else []
        # '3 hours' measures, it does not count items; nor does '2 in (mini tennis balls)', a size in inches
        if not m or (m.group("name4") and _MEASURE_NOUN.match(words[-1])) or (words and words[0] in ("in", "ft", "cm", "mm", "oz")):
            out.append((part.strip().lower(), None))
            continue
        name = next(g for g in (m.group("name"), m.group("name2"), m.group("name3"), m.group("name4")) if g).strip().lower()
        n = next(g for g in (m.group("n"), m.group("n2"), m.group("n3"), m.group("n4")) if g)
        out.append((re.sub(r"[（(].*?[)）]", "", name), int(n)))
    return out if any(c is not None for _, c in out) else None


_COUNT_KEY_SUFFIX = re.compile(r"\s*(?:数量|个数|总数|数)$")


def _key_count(key: str, value: str) -> list[tuple[str, int | None]] | None:
    """'Guylines: 6', 人仔数量: 4: the key names what a bare number counts."""
    m = re.fullmatch(r"\s*(\d{1,3})\s*(?:pcs?|个|只|件|根|条|块|把|支)?\s*", value)
    name = _COUNT_KEY_SUFFIX.sub("", re.sub(r"[（(].*?[)）]", "", key)).strip().lower()
    return [(name, int(m.group(1)))] if m and len(name) >= 2 else None


_SET_TOTAL = re.compile(r"(?:一套|一盒|共|一共|总共)(?P<n>\d+|[一两二三四五六七八九十]+)(?:件|只|个|支|把|块|瓶|样)(?!套)"
                        r"|(?P<m>\d+|[一两二三四五六七八九十]+)件套")
_CONTENTS_KEY = re.compile(r"内含|包含|含|套装|配件|清单|in the box|includes?|contents|set", re.IGNORECASE)


def _total(items: list[tuple[str, int | None]]) -> int | None:
    return None if any(c is None for _, c in items) else sum(c for _, c in items if c is not None)


def _copy_item_counts(text: str, lang: str) -> list[tuple[int, int, float, str, bool]]:
    """(start, end, count, what, whether what comes first) for each count of a named thing: 三块瑜伽砖, 手套两副,
    'fifty crown caps'."""
    if lang == "zh":
        # 一套 is the set, and 三块瑜伽砖一套 already counted its bricks before them
        after = [(m.start("n"), m.end(), n, m.group("what"), True) for m in _ITEM_COUNT_AFTER_ZH.finditer(text)
                 if (n := _num(m.group("n"))) is not None and not m.group().endswith("套")
                 and not _ITEM_COUNT_ZH.search(m.group("what") + "x")]
        sized = [(m.start(), m.end("n"), n, m.group("what"), False) for m in _SIZED_ITEM_ZH.finditer(text)
                 if (n := _num(m.group("n"))) is not None]
        # 四件套 names the set by its size, counted against the whole set elsewhere, not against its 被套
        return [(m.start(), m.end(), n, m.group("what"), False) for m in _ITEM_COUNT_ZH.finditer(text)
                if (n := _num(m.group("n"))) is not None and not (m.group("what").startswith("套")
                                                                  and text[m.end() - 1] == "件")] + after + sized
    out = [(m.start(), m.end(), n, m.group("what").lower(), False) for m in _COUNT_EN.finditer(text)
           if (n := _num(m.group("n"))) is not None and not _UNIT_FIRST.match(m.group("what"))]
    # 'Four dozen balls' counts forty-eight balls
    return [(a, b, n * 12, what[len("dozen "):], f) if what.startswith("dozen ") else (a, b, n, what, f)
            for a, b, n, what, f in out]


def _names(what: str, name: str, zh: bool, first: bool = False) -> bool:
    if zh and first:  # 手套两副 names the 防蜂手套 of 防蜂手套1副: the characters before the count end as the name does
        return len(name) >= 2 and (what.endswith(name) or name.endswith(what[-2:]))
    if zh:  # 杯子 counts the 咖啡杯 of 咖啡杯2只、杯碟2只, not the 杯碟; 手套 the 防蜂手套
        return (len(name) >= 2 and what.startswith(name)) or (len(name) >= 2 and re.match(r"(.)子", what) is not None
                                                              and what[0] == name[-1]) \
            or (len(name) > 2 and len(what) >= 2 and name.endswith(what[:2]) and not what.startswith(name[:2])) \
            or (len(name) >= 2 and 0 < what.find(name) <= 2) \
            or (len(name) >= 2 and re.match(r"[大小]([\u4e00-\u9fff])(?![\u4e00-\u9fff])", what) is not None
                and what[1] == name[-1])  # 三条长飘带 counts the 飘带 of 飘带×2; 八个小杯 the 陶瓷分杯
    words = [_singular(w) for w in re.findall(r"[a-z]+", name)]
    said = [_singular(w) for w in what.split()]
    return bool(words) and said[:len(words)] == words


def _of_kind(what: str, name: str) -> bool:
    """'half a dozen brushes' counts the flat brushes and the round ones: an entry named by its last word."""
    words = [_singular(w) for w in re.findall(r"[a-z]+", name)]
    said = [_singular(w) for w in what.split()]
    # 'Balls per can' counts balls, not cans
    return len(words) > 1 and bool(said) and said[0][:4] == words[-1][:4] and not re.search(r"\b(?:per|each|a)\b", name)


def _singular(word: str) -> str:
    return word[:-3] + "f" if word.endswith("ves") else word[:-2] if word.endswith("es") and word[-3:-2] in "sxh" \
        else word.rstrip("s")


# 'A five-piece kit' of Kit contents: Recorder, cleaning rod, fingering chart, soft case; 一套五样 of 套装内含 listing four:
# a set's size against a contents list that counts nothing but names its items.
_PIECE_SET = re.compile(rf"\b(?P<n>\d+|{EN_NUM})[- ]piece\b", re.IGNORECASE)


def _set_of_listed(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    listed = next(((k, v, parts) for k, v in attrs.items() if _CONTENTS_KEY.search(k) and not re.search(r"\d", v)
                   and len(parts := [p for p in _ITEM_SPLIT.split(v) if p.strip()]) >= 2), None)
    if not listed:
        return []
    key, value, parts = listed
    flags = []
    for m in (_SET_TOTAL if lang == "zh" else _PIECE_SET).finditer(text):
        n = _num(m.group("n") or (m.groupdict().get("m") or ""))
        if n is not None and n != len(parts):
            flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


def check_item_counts(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A count the copy gives of an item the data counts: the item named in a counted value (三包酵母 against 酵母2包,
    'fifty crown caps' against '…, 40 crown caps'), the key itself naming what its counted entries are (表带: 真皮×1、
    钢带×1 is two straps), a set's total, and one of each (一盒六瓶 against 生抽、老抽、蚝油、香醋 各1瓶)."""
    zh = lang == "zh"
    counted = [(k, v, items) for k, v in attrs.items() if (items := _counted_items(v) or _key_count(k, v))]
    flags = _set_of_listed(text, attrs, lang)
    # 一套十六件 against 套装内含: 饭碗×4、平盘×4、汤勺×4 (twelve pieces)
    contents = next(((k, v, items) for k, v, items in counted if _CONTENTS_KEY.search(k)), None)
    for m in _SET_TOTAL.finditer(text) if contents and zh else ():
        n = _num(m.group("n") or m.group("m"))
        key, value, items = contents
        sentence = re.split(r"[。！？!?]", text[:m.start()])[-1]
        if any(len(name) >= 2 and name[-2:] in sentence for name, _ in items):
            continue  # 大小奶瓶各两只，一共四只: the total of the 奶瓶, not of the set
        named = re.match(r"[\u4e00-\u9fff]{1,3}", text[m.end():])
        if named and any(_names(named.group(), name, True) for name, _ in items):
            continue  # 一套两支拍子: the set's 球拍, counted against them below
        if n is not None and n != _total(items):
            flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    for key, value, items in counted if zh else ():
        each = _EACH.search(value)
        for m in re.finditer(rf"(?<![\d第每])(?P<n>\d+|[一两二三四五六七八九十]+){each.group('m')}(?![\u4e00-\u9fff])" if each else "(?!)",
                             text):
            if (n := _num(m.group("n"))) is not None and n != _total(items):
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    for a, b, n, what, first in _copy_item_counts(text, lang):
        for key, value, items in counted:
            # an English entry named without a number ('8" chef's knife') is one of it
            same = [c if c is not None or zh else 1 for name, c in items if _names(what, name, zh, first)]
            kinds = [c for name, c in items if not zh and _of_kind(what, name)]
            if not same and kinds and None not in kinds:  # every entry of the kind counted: their sum is the count
                same = kinds
            kname = re.sub(r"[(（].*?[)）]", "", key)
            total = (None if None in same else sum(same)) if same else \
                (_total(items) if zh and not first and len(kname) >= 2 and what.startswith(kname) else None)
            # 一对雨刮 of 主驾雨刮1支、副驾雨刮1支: a pair is two of the pieces the data counts
            said = 2 * n if zh and text[b - 1:b] in "对双副" and not re.search(r"[\d一两二三四五六七八九十]\s*[对双副]", value) \
                else n
            if same or total is not None:
                if total is not None and total != said and not broken_down(n, what, value):
                    name = next((name for name, _ in items if _names(what, name, zh, first) or _of_kind(what, name)),
                                kname) if same else kname
                    if first:  # 手套两副: the name and its count
                        a -= min(len(what), 2)
                    elif zh:  # 三块 and the item it counts: 三块瑜伽砖
                        inside = what.find(name)  # 三条长飘带: the item named a character or two after its count
                        b = min(len(text), b + (len(name) if what.startswith(name) else 2 if name.endswith(what[:2])
                                                else inside + len(name) if inside > 0 else 2 if what[1:2] == name[-1:]
                                                else 1))
                    elif last := re.search(rf"{re.escape(name.split()[-1][:4])}\w*", text[a:b], re.IGNORECASE):
                        b = a + last.end()  # 'fifty crown caps', not 'fifty crown caps so'
                    if not _PER_TIME_AFTER.match(text, b):
                        flags.append(flag(a, b, text, contradicts(lang, text[a:b], key, value)))
                break
    return flags


# ---- ages ------------------------------------------------------------------------------------

_AGE_ATTR = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|~|～|到|至|to)\s*(\d+(?:\.\d+)?)\s*(?:岁|周岁|years?|yrs?)"
                       r"|(\d+(?:\.\d+)?)\s*(?:岁|years?)\s*(?:以上|\+|and\s+up|or\s+older)|(\d+)\s*\+"
                       # from a number of months up: 'Ages: 6 months and up', 6个月以上
                       r"|(\d{1,2})\s*(?:个月|months?)\s*(?:以上|\+|and\s+up|or\s+older)", re.IGNORECASE)
_MONTHS_TO_AGE = re.compile(r"(\d{1,2})\s*(?:个?月|months?)\s*(?:-|–|~|～|到|至|to)\s*(\d{1,2})\s*(?:岁|周岁|years?)", re.IGNORECASE)
_MONTH_AGES = re.compile(r"(\d{1,2})\s*(?:个?月)?\s*(?:-|–|~|～|到|至|to)\s*(\d{1,2})\s*(?:个月|月龄|months?)", re.IGNORECASE)
_BARE_AGES = re.compile(r"\s*(\d{1,2})\s*(?:-|–|~|～|到|至|to)\s*(\d{1,2})\s*", re.IGNORECASE)
_AGE_COPY = re.compile(r"(?P<a>\d+|[一两二三四五六七八九十]+)\s*(?:岁|周岁)?\s*(?:-|–|~|～|到|至)\s*(?P<b>\d+|[一两二三四五六七八九十]+)\s*(?:岁|周岁)"
                       r"|(?:aged?s?|for\s+ages)\s+(?P<c>\d+)\s*(?:-|–|to)\s*(?P<d>\d+)"
                       # 'young players from 7 all the way to 14': whose ages, then the span
                       r"|\b(?:kids|children|players|boys|girls|teens|youngsters|young\s+[a-z]+)\b[^.;!?]{0,25}?\bfrom\s+"
                       r"(?P<c2>\d+)\s+(?:all\s+the\s+way\s+)?(?:up\s+)?(?:to|through)\s+(?P<d2>\d+)\b"
                       r"(?!\s*(?:lbs?|kg|cm|in|inches|months?|weeks?|%|°|pounds?|feet|ft))"
                       # From birth, or up to an age: 从出生一直能用到6岁, 用到6岁, "from birth to age 6", "up to age 8".
                       r"|(?P<birth>从出生|出生起|新生儿起?|from\s+birth|newborns?)[^。；！？.;!?]{0,10}?(?:到|至|用到|to|until|through)\s*"
                       r"(?:age\s+)?(?P<e>\d+|[一两二三四五六七八九十]+)(?!\s*(?:个月|月|周|斤|公斤|kg|lb|cm|months?|weeks?|\d))"
                       r"\s*(?:岁|周岁|years?)?"
                       r"|(?:用到|能用到|穿到|玩到|up\s+to\s+age|until\s+age)\s*(?P<f>\d+|[一两二三四五六七八九十]+|"
                       r"(?<=age\s)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
                       r"(?!\s*(?:个月|月|周|斤|公斤|kg|lb|cm|months?|weeks?|\d))\s*(?:岁|周岁)?"
                       # The youngest age only: 'ages 5 and up', 'kids 6+', '3岁以上', '5 years and older'.
                       r"|(?:\bages?|\baged|\bkids|\bchildren|\bfor)\s+(?P<g>\d+)\s*(?:\+|\s+and\s+(?:up|older)|\s+or\s+older)"
                       r"|(?P<h>\d+|[一两二三四五六七八九十]+)\s*(?:岁|周岁|years?\s*(?:old\s*)?)(?:及|and\s+|or\s+)?"
                       r"(?:以上|以后|之后|\+|up|older)"
                       # up to a birthday or a school age: 'right up to their first birthday', 能睡到上小学
                       r"|\b(?:up\s+to|until|through)\s+(?:their|his|her|your|the|baby's)\s+(?P<bd>first|second|third|fourth|fifth|"
                       r"\d{1,2}(?:st|nd|rd|th))\s+birthday"
                       r"|(?:用到|睡到|穿到|玩到|坐到|一直到|能到)上(?P<school>小学|幼儿园)"
                       # One age: 三岁宝宝也能玩, 'simple enough for 5-year-olds'.
                       r"|(?P<s>\d+|[一两二三四五六七八九十]+)\s*(?:岁|周岁)(?P<s_half>半)?多?的?(?:宝宝|孩子|小朋友|儿童|娃|小孩|儿子|女儿|闺女|孙子|孙女|外孙|男孩|女孩|小学生)"
                       r"|\b(?P<s2>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]years?[- ]olds?\b"
                       # A baby by its months: 刚满月的宝宝, 三个月大的宝宝, 'your 2-month-old', newborns (0 months).
                       r"|(?P<m1>满月)|(?P<m0>新生儿|刚出生的|从出生(?:起|开始)?|\bnewborns?\b|\bfrom\s+birth\b)"
                       r"|(?P<m>\d{1,2}|[一两二三四五六七八九十]+)\s*个月大?的?(?:宝宝|婴儿|孩子|小宝宝|娃)"
                       r"|\b(?P<m2>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)[- ]months?[- ]olds?\b",
                       re.IGNORECASE)


def _age_keys(attrs: dict[str, str]) -> list[tuple[str, str, float, float]]:
    """(key, value, youngest, oldest) of each attribute that states ages."""
    keyed = []
    for k, v in attrs.items():
        # an age key, or a value that says its ages in 岁 or years (适用人群: 12岁以上)
        if re.search(r"年龄|月龄|岁|age", k, re.IGNORECASE) or re.search(r"\d\s*(?:岁|周岁)", v):
            m = _AGE_ATTR.search(v)
            bare = _BARE_AGES.fullmatch(v)  # Ages: 10–16, the key says what the numbers are
            months = _MONTHS_TO_AGE.search(v)  # 9个月–12岁
            in_months = _MONTH_AGES.search(v)  # 适用月龄: 8–18个月, in years
            if months:
                keyed.append((k, v, int(months.group(1)) / 12, float(months.group(2))))
            elif in_months:
                keyed.append((k, v, int(in_months.group(1)) / 12, int(in_months.group(2)) / 12))
            elif m and m.group(5):
                keyed.append((k, v, int(m.group(5)) / 12, float("inf")))
            elif m:
                lo = float(m.group(1) or m.group(3) or m.group(4))
                hi = float(m.group(2)) if m.group(2) else float("inf")
                keyed.append((k, v, lo, hi))
            elif bare:
                keyed.append((k, v, float(bare.group(1)), float(bare.group(2))))
    return keyed


def ages_said(text: str, attrs: dict[str, str]) -> list[tuple[int, int, bool]]:
    """(start, end, whether it lies inside the data's ages) of each age the copy names, when the data states ages."""
    keyed = _age_keys(attrs)
    if not keyed:
        return []
    _, _, lo, hi = keyed[0]
    out = []
    for m in _AGE_COPY.finditer(text):
        if m.group("m1") or m.group("m0") or m.group("m") or m.group("m2"):  # a baby's age, in years
            a = 1 / 12 if m.group("m1") else 0.0 if m.group("m0") else (_num(m.group("m") or m.group("m2")) or 0) / 12
            if a >= lo:
                continue  # only an age below the youngest the data allows: months say nothing of the oldest
            b = a
        elif m.group("g") or m.group("h") or m.group("s") or m.group("s2"):  # from an age up, or one age
            a = _num(m.group("g") or m.group("h") or m.group("s") or m.group("s2"))
            if a is not None and m.group("s_half"):  # 一岁半的宝宝
                a += 0.5
            b = a  # 六岁多 is still six (适用年龄 3–6岁 counts six-year-olds in full)
        elif m.group("bd") or m.group("school"):  # up to a birthday or to school age, from the attribute's own start
            birthday = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
            a = lo
            b = float(birthday.get(m.group("bd").lower(), 0) or int(re.match(r"\d+", m.group("bd")).group())) \
                if m.group("bd") else 6.0 if m.group("school") == "小学" else 3.0
        elif m.group("e") or m.group("f"):  # from birth (0), or up to an age from the attribute's own start
            a, b = (0.0 if m.group("birth") else lo), _num(m.group("e") or m.group("f"))
        else:
            a, b = _num(m.group("a") or m.group("c") or m.group("c2")), _num(m.group("b") or m.group("d") or m.group("d2"))
        if a is not None and b is not None:
            out.append((m.start(), m.end(), lo <= a and b <= hi))
    for m in _TWO_AGES.finditer(text):  # 七八岁的孩子: seven or eight
        a, b = cn_int(m.group(1)) or 0, cn_int(m.group(2)) or 0
        if b == a + 1 and not any(x <= m.start() < y for x, y, _ in out):
            out.append((m.start(), m.end(), lo <= a and b <= hi))
    return out


def check_ages(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    keyed = _age_keys(attrs)
    return [flag(a, b, text, contradicts(lang, text[a:b], keyed[0][0], keyed[0][1]))
            for a, b, fits in ages_said(text, attrs) if not fits]


_TWO_AGES = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八])([二三四五六七八九])岁")


# ---- how long it lasts ------------------------------------------------------------------------

_DUR_NUM = r"(?P<n>\d+(?:\.\d+)?|[一两二三四五六七八九十百]+|半(?=个月|年|天|小时|个小时)|an?\s+(?:full|whole)|one|two|three|four|five|six|seven|eight|nine|ten|twelve|" \
           r"fifteen|twenty|thirty|forty|fifty|sixty)"
_DUR_UNIT = {"分钟": 1 / 60, "小时": 1, "个小时": 1, "钟头": 1, "个钟头": 1, "天": 24, "日": 24, "晚": 24, "周": 168, "星期": 168,
             "个星期": 168, "礼拜": 168, "个礼拜": 168, "个月": 720, "月": 720, "年": 8760, "minute": 1 / 60, "min": 1 / 60, "hour": 1, "hr": 1,
             "h": 1, "day": 24, "week": 168, "month": 720, "year": 8760, "decade": 87600}
# 六十多个小时 (more than sixty), 一整年 (a whole year): a word between the number and the unit.
# (100晚 of a sleep trial or a bottle of repellent is a hundred nights: days)
_DURATION = re.compile(_DUR_NUM + r"\s*(?:多|余|来|整)?\s*(?P<u>个小时|个钟头|个星期|个礼拜|个月|分钟|小时|钟头|星期|礼拜|天|日|晚(?![上饭餐安])|周|月|年|minutes?|mins?|hours?|"
                       r"hrs?|h\b|days?|weeks?|months?|years?|decades?)(?P<half>半)?", re.IGNORECASE)  # 一年半 is 18 months


def _hours(m: re.Match[str]) -> float | None:
    n = _num(m.group("n"))
    unit = m.group("u").lower()
    unit = unit if unit in _DUR_UNIT else unit.rstrip("s")
    unit = {"mins": "min", "hrs": "hr"}.get(unit, unit)
    if n is None or unit not in _DUR_UNIT:
        return None
    return (n + (0.5 if m.group("half") else 0)) * _DUR_UNIT[unit]


# ---- seasons ------------------------------------------------------------------------------------

_SEASON_KEY = re.compile(r"季节|适用季|season", re.IGNORECASE)
_SEASONS_ZH = re.compile(r"(?P<all>四季)|(?P<set>[春夏秋冬]{1,4})(?:[一两二三四]季|季|天)")
_SEASON_COUNT_EN = re.compile(r"\b(?P<n>\d|one|two|three|four|all)[- ]seasons?\b", re.IGNORECASE)
_SEASON_COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "all": 4}


def _seasons(text: str) -> list[tuple[int, int, int, frozenset[str]]]:
    """(start, end, how many seasons, which) for 四季, 春秋冬三季, 冬季, "3-season", "four-season"."""
    out = []
    for m in _SEASONS_ZH.finditer(text):
        which = frozenset("春夏秋冬") if m.group("all") else frozenset(m.group("set"))
        out.append((m.start(), m.end(), len(which), which))
    for m in _SEASON_COUNT_EN.finditer(text):
        n = m.group("n").lower()
        out.append((m.start(), m.end(), int(n) if n.isdigit() else _SEASON_COUNT[n], frozenset()))
    return out


# Advice to use something else in that season: 冬天冷的话建议换厚款, 冬天得再加一床, "in winter, switch to our heavier one".
# (冬天可以内搭, 冬天叠穿: worn under something else in that season, as 'Layer it under a coat in winter')
_SWITCH_AFTER = re.compile(r"[^，。；！？,.;!?]{0,10}?(?:换|改用|另选|另配|加盖|再加一?[床层件条]|内搭|叠穿|打底|外面套|外搭)|"
                           r"[^.;!?]{0,12}?\b(?:switch\s+to|swap\s+(?:it\s+)?for|choose|pick|go\s+for)\s+(?:our|the|a)\s+"
                           r"(?:heavier|thicker|warmer|winter)", re.IGNORECASE)


def check_seasons(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """Seasons the copy promises beyond the season attribute's (春秋冬三季 against 适用季节: 冬季; "four-season" against
    Seasons: 3-season)."""
    keyed = [(k, v, found[0]) for k, v in attrs.items() if _SEASON_KEY.search(k) and (found := _seasons(v) or [
        (0, len(v), len(bare), bare) for bare in [frozenset(c for c in v if c in "春夏秋冬")] if bare])]
    if not keyed:
        return []
    k, v, (_, _, count, which) = keyed[0]
    flags = []
    for a, b, n, said in _seasons(text):
        if _SWITCH_AFTER.match(text, b):
            continue  # 冬天冷的话建议换厚款: the season is when to use something else
        if n > count or (which and said and not said <= which):
            flags.append(flag(a, b, text, contradicts(lang, text[a:b], k, v)))
    return flags


# ---- spoken quantities ------------------------------------------------------------------------

_SPOKEN = re.compile(r"(?P<whole>[一两])米(?=的?(?:宝宝|孩子|小朋友|个子|身高|高的))"  # 一米的宝宝: a child a metre tall
                     r"|(?P<i>[一两二三四五六七八九])米(?:(?P<d>[一二三四五六七八九])(?P<d2>[一二三四五六七八九])?|零(?P<z>[一二三四五六七八九]))"
                     r"(?![\u4e00-\u9fff]?米)"  # 一米零五 is 1.05 m
                     r"|(?P<half>半)(?P<u>斤|升|公斤|千克|千瓦|米)|(?<![零〇一二两三四五六七八九十百千])(?P<n>[一两二三四五六七八九十百]+)(?P<u2>斤|公斤|升(?=[一二三四五六七八九半])|两(?=[一二三四五六七八九半]|多(?!少))|尺(?![寸码子度]))"
                     # 二斤四 is two jin and four tenths (四两), as 一米五 is a metre and a half; 三两六 is 180 g; 一升二 is 1.2 L
                     r"(?:(?P<half2>半)|(?P<tenth>[一二三四五六七八九])(?:两)?(?=[^\u4e00-\u9fff]|$|左右|重|的|到|至|或)|(?<=两)(?P<more>多))?")
_SPOKEN_UNIT = {"两": ("mass", 50.0), "斤": ("mass", 500.0), "公斤": ("mass", 1000.0), "千克": ("mass", 1000.0), "千瓦": ("power", 1000.0),
                "升": ("volume", 1000.0), "米": ("length", 1000.0), "尺": ("length", 1000.0 / 3)}  # 市尺: a third of a metre


_NEARLY_SPOKEN = re.compile(r"快$")  # 快两斤: only straight before a spoken weight is 快 'nearly'; 很快3天到 is speed
# 零下30度: below zero, 度 is a temperature even without ℃.
_BELOW_ZERO_DEGREES = re.compile(r"零下\s*(?P<n>\d+|[一两二三四五六七八九十]+)\s*(?:多|来)?度(?!电)")
# 零度的封闭阳台: 0 °C (零度可乐 and 零度空间 are names, so only before what a temperature describes)
_ZERO_DEGREES = re.compile(r"(?<![一两二三四五六七八九十\d下])零度(?=的|左右|以上|以下|上下|环境|时|也|都)")
# 60度以内的水, 四十度的温水: 度 said of water or the weather is a temperature (360度旋转 and 度电 are not).
_WARM_DEGREES = re.compile(r"(?<![零〇一二两三四五六七八九十百\d.])(?P<n>\d{1,3}|[一两二三四五六七八九十]+)\s*度"
                           r"(?=(?:以内|以下|以上|左右)?的?(?:水|温水|热水|开水|冷水|高温|低温|气温|天气|室温))")
# 水温最高能调到80度, 最高档能加热到55度: a temperature (or heating) named earlier in the clause makes its 度 one too.
_NAMED_DEGREES = re.compile(r"(?:水温|温度|气温|室温|油温|出水温度|加热|发热|升温|热)[^，。；！？,;!?\d一两二三四五六七八九十]{0,8}"
                            r"(?P<n>\d{1,3}|[一两二三四五六七八九十]+)\s*度(?![电数])")
# 刚烧开的热水倒进去也没事, 'pour boiling water straight in': the heat the product is said to take (沸水冲泡 of a tea
# says how to brew it, not what the cup takes, so only a pour into the product that it is said to survive counts)
_BOILING_POURED = re.compile(r"(?P<w>开水|沸水|滚水|(?:刚)?烧开的(?:热)?水)[^，。！？；]{0,4}?(?:倒进去|倒进来|倒入|灌进去|直接倒|倒)[^，。！？；]{0,4}?"
                             r"(?:也|都)(?:没事|不怕|没问题|不变形|行|可以|不会)"
                             r"|\b(?:pour|fill\s+(?:it|them)\s+with)\s+(?P<w2>boiling(?:\s+hot)?\s+water)\s+(?:straight\s+|right\s+)?(?:in|into)\b",
                             re.IGNORECASE)
# 'holds a full liter', 'half a gallon', 'a half-gallon', 'weighs a pound', 'a full horsepower': one unit said without a
# number.
_ONE_UNIT = re.compile(r"\b(?P<half>half\s+)?(?:a|one)[\s-]+(?P<half_after>half[\s-]+)?(?:full\s+|whole\s+|single\s+)?(?:one[\s-]+)?"
                       r"(?P<u>liter|litre|gallon|quart|pound|kilo|kilogram|foot|meter|metre|yard|horsepower)\b", re.IGNORECASE)
_ONE_UNIT_SIZE = {"liter": ("volume", 1000.0, False), "litre": ("volume", 1000.0, False),
                  "gallon": ("volume", 3785.41, True), "quart": ("volume", 946.353, True),
                  "pound": ("mass", 453.592, True), "kilo": ("mass", 1000.0, False), "kilogram": ("mass", 1000.0, False),
                  "foot": ("length", 304.8, True), "meter": ("length", 1000.0, False), "metre": ("length", 1000.0, False),
                  "yard": ("length", 914.4, True), "horsepower": ("power", 745.7, True)}


# 'under a pound' is a bound, read by facts._bound like any written figure; 'about a kilogram' is a figure given
# roughly: read with the tolerance of an approximate figure.
_ROUGHLY_BEFORE = re.compile(r"\b(?:about|around|roughly|approximately)\s+$", re.IGNORECASE)


# A figure in English words before a unit word: 'a full six liters', 'ten thousand milliamp-hours', 'twelve pounds'
# (only unit words: 'six in the box' is no length).
_WORDED_UNIT = re.compile(rf"(?<![\w-])(?P<n>{EN_NUM})[\s-]+(?P<u>(?:liters?|litres?|quarts?|gallons?|pints?|pounds?|ounces?|"
                          r"grams?|kilograms?|kilos?|inch(?:es)?|feet|foot|yards?|met(?:er|re)s?|centimet(?:er|re)s?|"
                          r"millimet(?:er|re)s?|watts?|kilowatts?|watt[- ]hours?|milliamp[- ]?hours?))(?![A-Za-z])", re.IGNORECASE)


def _worded(text: str) -> list[Quantity]:
    out = []
    for m in _WORDED_UNIT.finditer(text):
        unit = unit_of(m.group("u"))
        n = en_words_int(m.group("n")) if not re.fullmatch(r"a\s+dozen", m.group("n"), re.IGNORECASE) else 12
        if unit and n:
            roughly = bool(_ROUGHLY_BEFORE.search(text[max(0, m.start() - 15):m.start()]))
            out.append(Quantity(m.start(), m.end(), m.group(), unit.dim, n * unit.factor, approx=roughly,
                                imperial=unit.imperial, alts=tuple((d, n * f) for d, f in unit.alt)))
    return out


def spoken_quantities(text: str) -> list[Quantity]:
    """一米五 = 1.5 m, 半斤 = 250 g, 半升 = 500 ml, 半千瓦 = 500 W, 二十斤 = 10 kg, 一斤半 = 750 g, 'a full liter' = 1 L, 零下30度."""
    out = _worded(text)
    for m in _BELOW_ZERO_DEGREES.finditer(text):
        if (n := _num(m.group("n"))) is not None:
            out.append(Quantity(m.start(), m.end(), m.group(), "temperature", -n))
    out += [Quantity(m.start(), m.end(), m.group(), "temperature", 0.0) for m in _ZERO_DEGREES.finditer(text)]
    for m in (*_WARM_DEGREES.finditer(text), *_NAMED_DEGREES.finditer(text)):
        a = m.start("n")
        if (n := _num(m.group("n"))) is not None and not text[max(0, a - 2):a].endswith("零下") \
                and not any(q.start <= a < q.end for q in out):
            out.append(Quantity(a, m.end(), text[a:m.end()], "temperature", n))
    for m in _BOILING_POURED.finditer(text):  # boiling water poured in is 100 °C the product must take
        a, b = m.span("w") if m.group("w") else m.span("w2")
        out.append(Quantity(a, b, text[a:b], "temperature", 100.0))
    for m in _ONE_UNIT.finditer(text):
        dim, factor, imperial = _ONE_UNIT_SIZE[m.group("u").lower()]
        roughly = bool(_ROUGHLY_BEFORE.search(text[max(0, m.start() - 15):m.start()]))
        out.append(Quantity(m.start(), m.end(), m.group(), dim, factor * (0.5 if m.group("half") or m.group("half_after") else 1.0),
                            approx=roughly, imperial=imperial))
    for m in _SPOKEN.finditer(text):
        if m.group("whole"):
            out.append(Quantity(m.start(), m.end(), m.group(), "length", (cn_int(m.group("whole")) or 0) * 1000.0))
        elif m.group("i"):
            v = (cn_int(m.group("i")) or 0) + (cn_int(m.group("d") or "") or 0) / 10 \
                + (cn_int(m.group("d2") or m.group("z") or "") or 0) / 100
            out.append(Quantity(m.start(), m.end(), m.group(), "length", v * 1000))
        elif m.group("half"):
            dim, f = _SPOKEN_UNIT[m.group("u")]
            out.append(Quantity(m.start(), m.end(), m.group(), dim, 0.5 * f))
        else:
            n = cn_int(m.group("n"))
            if n is None:
                continue
            dim, f = _SPOKEN_UNIT[m.group("u2")]
            part = 0.5 if m.group("half2") else (cn_int(m.group("tenth")) or 0) / 10 if m.group("tenth") else 0
            if m.group("more"):  # 一两多 is more than one 两 and less than two: a span the data's figure must lie in
                out.append(Quantity(m.start(), m.end(), m.group(), dim, (n + 1) * f, approx=True, low=n * f))
                continue
            # 将近两斤 (907 g): 'nearly' is a little under, so it is read as 95 % of the figure, give or take 5 %
            before = text[max(0, m.start() - 3):m.start()]
            nearly = bool(NEARLY.search(before) or _NEARLY_SPOKEN.search(before))
            out.append(Quantity(m.start(), m.end(), m.group(), dim, (n + part) * f * (0.95 if nearly else 1.0),
                                approx=nearly))
    return out
