"""Where and for what a product may be used: copy that sends an indoor-only product outdoors (a bath mat on the
balcony, a USB fairy light in a garden tree, a jute pouf on the patio) when the data says 室内 / 仅限室内 / Indoor
only, and a second use the data never names (a candle that 'doubles as a food warmer', a kettle that 还能用来煮泡面).

Decision: only an attribute about where it is used counts, and only when it names indoors and not outdoors; a
place the title or description names itself (an 'outdoor' product) is supported. A negated place ("not for outdoor
use", 请勿放在户外) is advice, not a claim. A second use passes when the data names it (any two-character piece of
it in Chinese, any longer word of it in English).
"""

from __future__ import annotations

import re

from shopscribe.quality import claims as C
from shopscribe.quality import vocab
from shopscribe.quality.align import contradicts, flag, list_vocab, unsupported
from shopscribe.quality.report import Flag

_PLACE_KEY = re.compile(r"场景|环境|场所|位置|室内|户外|适用|用途|indoor|outdoor|\buse\b|usage|environment|placement|where|suitable",
                        re.IGNORECASE)
_INDOOR = re.compile(r"室内|屋内|indoor", re.IGNORECASE)
_OUTDOOR_OK = re.compile(r"户外|室外|outdoor|outside", re.IGNORECASE)
_NOT_OUTDOORS = re.compile(r"(?:不建议|不宜|不可|不能|请勿|勿|禁止|避免|不适合|不适用于?|\bnot\s+(?:for|recommended\s+for)|\bno)\s*"
                           r"(?:在|于|放在|用于)?\s*$", re.IGNORECASE)
# The words a value rules something out with: 不可机洗, 请勿放在户外, 禁止加入精油.
_FORBID = "不可|不能|不宜|禁止|切勿|请勿|勿"
_IN_A_TENT = re.compile(r"帐篷|\btents?\b", re.IGNORECASE)
_CAMPING = re.compile(r"露营|野营|camping|campsites?", re.IGNORECASE)
# Places outside the house, in both languages.
_OUTDOORS = re.compile(r"户外|室外|露天|阳台|院子|庭院|花园|露台|草坪|草地|门外|屋外|野外|露营|泳池|外墙|雨中|淋雨|看台|海边|沙滩|"
                       r"\b(?:outdoors?|outside|patios?|pool\s*(?:side|decks?)|decks?|gardens?|yards?|backyard|porch(?:es)?|"
                       r"balcon(?:y|ies)|lawns?|camping|campsites?|terraces?|rainy(?![- ]days?\b)|in\s+the\s+rain|bleachers|tailgates?|"
                       r"beach|exterior)\b", re.IGNORECASE)


def check(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    return [*_indoors(text, attrs, source, lang), *_excluded(text, attrs, lang), *_second_use(text, source, lang),
            *_other_users(text, attrs, lang), *_listed_use(text, attrs, source, lang), *_afloat(text, attrs, lang)]


# 'Safety: Not a life-saving device' against 'Keeps your toddler safely afloat in the deep end': a float or pool toy
# the data says saves no one, sold as if it does.
_NOT_LIFESAVING = re.compile(r"not\s+a\s+(?:life[- ]?saving|flotation|swim(?:ming)?|safety)\s+(?:device|aid)|非救生|不能(?:作为|当作?)救生|不可(?:作为|当作?)救生",
                             re.IGNORECASE)
_KEEPS_AFLOAT = re.compile(r"\b(?:safely\s+)?afloat\b|\bwon'?t\s+(?:let\s+[a-z]+\s+)?sink\b|\bkeeps?\s+[a-z ]{0,20}from\s+(?:sinking|drowning)\b|"
                           r"救生|不会沉|淹不着|沉不下去", re.IGNORECASE)


def _afloat(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    warned = next(((k, v) for k, v in attrs.items() if _NOT_LIFESAVING.search(v)), None)
    for m in _KEEPS_AFLOAT.finditer(text) if warned else ():
        # ('non-swimmers' before it denies nothing: only a not/不 in the clause does)
        before = re.split(r"[，。；！？,.;!?]", text[max(0, m.start() - 20):m.start()])[-1]
        if not re.search(r"\b(?:not|never|no|isn'?t|won'?t|cannot|can'?t|doesn'?t)\b|不|没|勿|别", before, re.IGNORECASE):
            return [flag(m.start(), m.end(), text, contradicts(lang, m.group(), *warned))]
    return []


# Who a product is for, by kind: a dog's food is not the cat's, an adult's oil not a newborn's.
_USERS = {"baby": r"宝宝|婴儿|婴幼儿|新生儿|刚出生|\bbab(?:y|ies)\b|\binfants?\b|\bnewborns?\b|\btoddlers?\b",
          "adult": r"成人|成年人|大人|\badults?\b",
          "cat": r"猫|喵|\bcats?\b|\bkittens?\b",
          "dog": r"狗|犬|汪|\bdogs?\b|\bpupp(?:y|ies)\b|\bpups?\b"}
_USER_KEY = re.compile(r"适用(?:人群|对象|宠物)?$|适合(?:人群|对象)?$|^(?:for|suitable\s+for|for\s+use\s+on|species)$", re.IGNORECASE)
# A credit of the product to them: 也能, 都能, 给…用, 'too', 'also'
_CREDIT_TO = re.compile(r"也能|都能|也可以|都可以|也适合|给|\btoo\b|\balso\b|\beven\b", re.IGNORECASE)


def _other_users(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """适用: 犬猫 against '家里宝宝换尿布也能顺手拿来擦': a kind of user the data does not name, credited in one clause."""
    for key, value in attrs.items():
        if not _USER_KEY.search(key.strip()):
            continue
        kinds = {k for k, rx in _USERS.items() if re.search(rx, value, re.IGNORECASE)}
        if not kinds or re.search(r"\d\s*(?:岁|周岁|个月|月龄|years?|months?)", value, re.IGNORECASE):
            continue  # users bounded by age are align.check_ages' to read
        for clause in re.finditer(r"[^，。；！？,.;!?]+", text):
            body = clause.group()
            if not _CREDIT_TO.search(body) or _RULED_OUT.search(body):
                continue
            for kind, rx in _USERS.items():
                m = re.search(rx, body, re.IGNORECASE)
                if m and kind not in kinds:
                    a = clause.start() + m.start()
                    return [flag(a, a + len(m.group()), text, contradicts(lang, m.group(), key, value))]
    return []


# An attribute that rules uses or users out: 不适用: 游泳; 不适用人群: 婴幼儿; 'Not for: Industrial noise'.
EXCLUDING_KEY = re.compile(r"不适用|不适合|不宜|禁用|禁止|忌用|慎用|不可用于|不能用于|not\s+(?:for|suitable|recommended)|unsuitable|"
                            r"do\s+not\s+use|avoid|keep\s+away", re.IGNORECASE)
# The copy repeating the exclusion: 不适合游泳时使用, 请勿给婴儿使用, 'avoid using it for swimming'.
_RULED_OUT = re.compile(r"不适合|不适用|不宜|不能|不可|不行|不支持|切勿|请勿|勿|禁止|避免|别|不要|请换|需换|要换|另换|换专用|"
                        r"\b(?:avoid|never|not|don'?t|keep\s+(?:it\s+)?(?:out|away))\b")
_EN_STOP = frozenset({"with", "from", "that", "this", "under", "over", "than", "use", "uses", "noise", "people", "those",
                      "months", "month", "years", "year", "weeks", "days", "hours", "older", "younger", "above", "below"})


def _excluded_terms(value: str, zh: bool) -> list[str]:
    """What an excluding value names, as the copy would say it: 婴幼儿 also as 婴儿 and 幼儿 (its characters in order,
    one left out), 雪地 also as 雪, 柴油发动机 as 柴油, 浴室等潮湿场所 as 浴室; English words of four letters or more, by
    their first six letters ('electrical' in 'electricians')."""
    value = re.sub(r"[（(]([^）)]*)[）)]", r"、\1", value)  # 钻孔（混凝土、砖墙）names its items in brackets
    items = [x.strip() for x in re.split(r"[、,，/;；]|\bor\b|\band\b|和|及|或", value) if x.strip()]
    if not zh:
        # and acronyms of two or three letters (GPS, NFC), which no stop word looks like
        words = [w for it in items for w in re.findall(r"[a-z]{4,}", it.lower()) if w not in _EN_STOP] + \
            [w.lower() for it in items for w in re.findall(r"\b[A-Z]{2,3}\b", it)]
        return [w[:6] for w in words] + [said for w in words for said in vocab.RULED_OUT_SAID_AS.get(w, [])]
    out = []
    # 不可加入精油: what the value rules out is 精油, not the words that rule it out
    items = [re.sub(rf"^(?:{_FORBID})(?:加入|放入|倒入|用于|使用|加|放|用)?", "", x) for x in items]
    for it in (re.sub(r"(?:者|人群|的人|使用)$", "", re.sub(r"^[\d.]+\s*(?:岁|个月)(?:以下|以上|以内)?|等.*$", "", x))
               for x in items):
        # 不适用: 猫 — one character that names an animal, and its other names (猫咪, 小猫)
        animal = next((sp for sp in list_vocab("animals", None).values() if it in sp), None) if len(it) == 1 else None
        out += [w for w in animal or () if re.search(r"[\u4e00-\u9fff]", w)]
        if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", it):
            out.append(it)
            # a single character only where the second is a place or a finish: 雪地 → 雪, 烘干 → 烘 (机洗 stays whole)
            out += ([it[0]] if it[1] in "地面天场处区干烫" else []) if len(it) == 2 else \
                [it[0] + it[2], it[1:]] if len(it) == 3 else [it[:2]]
            # 帐篷内 as 帐篷 (挪进帐篷里): a place named with the word for in or on it
            head = it[:-1] if len(it) >= 3 and it[-1] in "内里上中外边旁下" else it
            out += [head] * (head != it) + vocab.RULED_OUT_SAID_AS.get(head, [])
    return out


def _ruled_out_in_value(attrs: dict[str, str]) -> list[tuple[str, str]]:
    """Exclusions written inside a value: 洗涤: 30℃以下手洗，不可机洗，不可烘干 rules out 机洗 and 烘干."""
    return [(k, " 、".join(m.group(1) for m in re.finditer(rf"(?:{_FORBID})([\u4e00-\u9fff]{{2,4}})", v)))
            for k, v in attrs.items() if re.search(rf"(?:{_FORBID})[\u4e00-\u9fff]{{2}}", v)]


# What a value says the product is not: 'Personal sound amplifier; not a hearing aid; not FDA-cleared'.
# 'Boundary wire (no GPS)': a bracketed 'no X' says the same.
_NOT_A = re.compile(r"\bnot\s+(?:an?\s+)?(?P<what>[a-z][a-z -]{2,30}?)\s*(?=[;,.)]|$)"
                    r"|[(]\s*(?:no|without)\s+(?P<no>[a-z][a-z -]{1,30}?)\s*[)]", re.IGNORECASE)


_NOT_A_ZH = re.compile(r"(?:非|不是|不属于)(?P<what>医疗器械|药品|保健食品|特殊用途化妆品|特殊化妆品|医用[\u4e00-\u9fff]{1,4}|[\u4e00-\u9fff]{2,6}用品)")


def _denied_in_value(attrs: dict[str, str], zh: bool = False) -> list[tuple[str, str]]:
    """'not a hearing aid', 类别: 日常穿着用品（非医疗器械）: what the value says the product is not."""
    rx = _NOT_A_ZH if zh else _NOT_A
    return [(k, (" 、" if zh else " and ").join(m.group("what") or m.group("no") for m in rx.finditer(v))) for k, v in attrs.items()
            if rx.search(v) and not EXCLUDING_KEY.search(k)]


def _excluded(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    flags = []
    low = text.lower()
    ruled = [(k, v, v) for k, v in attrs.items() if EXCLUDING_KEY.search(k)]
    ruled += [(k, attrs[k], v) for k, v in _ruled_out_in_value(attrs) if lang == "zh" and not EXCLUDING_KEY.search(k)]
    ruled += [(k, attrs[k], v) for k, v in _denied_in_value(attrs, zh=lang == "zh")]
    # 不适用: 大骨头 beside 适用: 小骨头: 骨头 alone is named by both, so it rules nothing out (鸡骨头 may be small)
    allowed = " ".join(v for k, v in attrs.items() if not EXCLUDING_KEY.search(k)).lower()
    for key, value, said in ruled:
        for term in _excluded_terms(said, zh=lang == "zh"):
            if lang == "zh" and term in allowed and term not in re.split(r"[、,，/;；]", said):
                continue
            # Not for: Drinking water beside Use: Garden and lawn watering: 'water' alone is named by both
            # (the whole item said still rules it out: 'an OTC hearing aid' of 'not a hearing aid')
            items = [x.strip().lower() for x in re.split(r"[,/;]|\bor\b|\band\b", said) if term in x.lower()]
            if lang != "zh" and term in allowed and items and all(" " in x and x not in low for x in items):
                continue
            # 剁骨 also as 剁排骨: a two-character verb and object with one character between (骑车 as 骑单车)
            rx = (f"{re.escape(term[0])}[\u4e00-\u9fff]?{re.escape(term[1])}" if len(term) == 2 else re.escape(term)) \
                if lang == "zh" else rf"\b{re.escape(term.rstrip('s'))}"
            m = re.search(rx, low)
            if m is None or C.negated(text, m.start(), m.end()):
                continue
            clause = re.search(r"[^，。；！？,.;!?—]*$", low[:m.start()]).group() + \
                re.match(r"[^，。；！？,.;!?—]*", low[m.start():]).group()
            if not _RULED_OUT.search(clause):  # the copy repeating the exclusion: 精油别往里倒, 'keep it out from under
                end = m.end() if lang == "zh" or " " in term or "-" in term else m.start() + len(re.match(r"\w+", low[m.start():]).group())
                flags.append(flag(m.start(), end, text, contradicts(lang, text[m.start():end], key, value)))
                break
    return flags


_KEPT_AWAY = re.compile(r"[^，。；！？,.;!?]{0,6}?(?:就?别|不要|请勿|勿|不能|不宜|不建议|不可)(?:放|用|摆|使用|淋)|"
                        r"[^,.;!?]{0,20}?\b(?:not\s+recommended|don'?t\s+(?:leave|use|put)|never\s+(?:leave|use|put))",
                        re.IGNORECASE)


def _indoors(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    # 室内（不建议户外使用）: an outdoors the value itself rules out does not allow it
    indoor = [(k, v) for k, v in attrs.items() if _PLACE_KEY.search(k) and _INDOOR.search(v)
              and not any(not _NOT_OUTDOORS.search(v[:m.start()]) for m in _OUTDOOR_OK.finditer(v))]
    if not indoor:
        return []
    key, value = indoor[0]
    said_by_data = {m.group().lower() for m in _OUTDOORS.finditer(source)}
    flags = []
    for m in _OUTDOORS.finditer(text):
        # '阳台外头就别放了': the rest of the clause keeps it from there
        if m.group().lower() in said_by_data or C.negated(text, m.start(), m.end()) or \
                _KEPT_AWAY.match(text, m.end()):
            continue
        if _CAMPING.fullmatch(m.group()) and _IN_A_TENT.search(value):
            continue  # 用途: 室内、帐篷内 lets it go camping, inside the tent
        flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags


# 'doubles as a sleeping pad', 'also works as a power bank', 还能用来煮泡面, 还能拿它热饭, 当防潮睡垫，一垫两用
_SECOND_USE = re.compile(r"\b(?:doubles?\s+as|also\s+(?:works|serves|acts)\s+as|can\s+also\s+be\s+used\s+(?:as|for|to))\s+"
                         r"(?:an?\s+|your\s+)?(?P<en>[a-z][a-z -]{2,40}?)(?=[,.;!?]|\s+(?:for|on|in|to|when|so|and)\b|$)"
                         r"|(?:还能|还可以|也能|也可以)(?:拿它|用它|当作?|用来|拿来|用于)+(?P<zh>[\u4e00-\u9fff]{2,8})"
                         r"|当作?(?P<zh2>[\u4e00-\u9fff]{2,6})[，,]?一[\u4e00-\u9fff]两用", re.IGNORECASE)
_EN_FILLER = frozenset({"your", "with", "from", "that", "this", "into", "when", "while", "trips", "great"})


# Words a use is named by in the data under another name: 遮阳伞 of a 防晒 (UPF50+) 晴雨伞.
_SAME_USE = {"遮阳": ("防晒", "晴雨", "upf"), "防晒": ("遮阳", "upf")}


def _named_in_data(use: str, source: str, zh: bool) -> bool:
    said = source.lower()
    if zh:
        return any(use[i:i + 2] in said or any(o in said for o in _SAME_USE.get(use[i:i + 2], ()))
                   for i in range(len(use) - 1))
    words = [w.rstrip("s") for w in re.findall(r"[a-z]+", use.lower()) if len(w) > 3 and w not in _EN_FILLER]
    return not words or any(w in said for w in words)


# Where the data lists what the product is for (用途: 瑜伽、普拉提; 'Use: Yoga support'), plainer wordings credit another
# use too: 拿来当瑜伽垫, 铺在帐篷里当防潮睡垫, 拿来画水彩, 'use it as a step stool', 'as a massage oil'.
_USE_KEY = re.compile(r"^(?:用途|使用方式|用法|适用|适用于|适用场景|(?:intended\s+)?use|uses|best\s+for|designed\s+for|made\s+for)$",
                      re.IGNORECASE)
_ANOTHER_USE = re.compile(r"(?:拿来|拿它|当作|当成|充当|(?<=[铺放挂垫摆])[^，。；！？]{0,8}?当)(?:当作?|当成)?"
                          r"(?P<zh>(?!就|直接|即|起来|回家)[\u4e00-\u9fff]{2,6}?)(?=用|也|很|都|铺|来|[、，。；！？,.;!?]|$)"
                          r"|\b(?:use\s+(?:it|them|this)\s+as|roll\s+(?:it|them)\s+out\s+as|on\s+your\s+[a-z]+\s+as|(?<!such )(?<!well )(?<!much )(?<!soon )(?<!same )(?<!long )as)"
                          r"\s+an?\s+(?P<en>[a-z][a-z -]{2,30}?)(?=[,.;!?]|\s+(?:for|on|in|to|when|so|and|at)\b|$)", re.IGNORECASE)
# what 'as a …' says of the buyer or the occasion, not of a use
_NOT_A_USE = re.compile(r"^(?:gift|present|bonus|thank|treat|family|result|whole|rule|team|kid|child|parent|mom|dad|beginner|"
                        r"pro|start|reminder|favou?rite|stocking|surprise|decoration|display|centerpiece|礼物|礼品|伴手礼|零食|早餐|午餐|晚餐|点心|"
                        r"摆件|摆设|装饰|装点)", re.IGNORECASE)


def _listed_use(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    keyed = [(k, v) for k, v in attrs.items() if _USE_KEY.match(k.strip())]
    # 烤个小蛋糕 of 用途: 空气炸、烤、烘焙: a use that starts with a listed one-character use
    verbs = {p.strip() for _, v in keyed for p in re.split(r"[、,，/;；]", v) if len(p.strip()) == 1}
    flags = []
    for m in _ANOTHER_USE.finditer(text) if keyed else ():
        group = "en" if m.group("en") else "zh"
        use = m.group(group)
        # 'as a travel mat' of a yoga mat is the product itself, named by its own noun
        head = use.split()[-1].lower().rstrip("s") if group == "en" else ""
        if _NOT_A_USE.match(use) or _named_in_data(use, source, group == "zh") or C.negated(text, m.start(), m.end()) \
                or use[:1] in verbs \
                or (head and re.search(rf"\b{re.escape(head)}", source.lower())):
            continue
        a, b = m.span(group)
        flags.append(flag(a, b, text, contradicts(lang, text[a:b], *keyed[0])))
    return flags


def _second_use(text: str, source: str, lang: str) -> list[Flag]:
    flags = []
    for m in _SECOND_USE.finditer(text):
        group = "en" if m.group("en") else "zh" if m.group("zh") else "zh2"
        use = m.group(group)
        if _named_in_data(use, source, group != "en") or C.negated(text, m.start(), m.end()):
            continue
        a, b = m.span(group)
        flags.append(flag(a, b, text, unsupported(lang, text[a:b], "这种用途" if lang == "zh" else "this use")))
    return flags
