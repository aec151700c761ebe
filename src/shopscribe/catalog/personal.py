"""Where personal data sits in shop text: spans of e-mails, phones, ID numbers, chat ids, addresses and names.

Every rule is a regular expression that wants a cue or a shape that product text does not have: a
Chinese address needs a street or estate followed by a house number (a bare "100号" or "38码" is a size),
an English one a house number before a street word, a name a cue ("我叫", "my name is", "王先生",
"Mr.") or the review's own author name. Brands that look like names (李宁, 张小泉, Dr. Martens) are
listed. Placeholders already in the text are never matched again, so redaction is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from shopscribe.catalog.cleaning import CJK

KINDS = ("email", "phone", "id", "wechat", "qq", "handle", "address", "name")


class Span(NamedTuple):
    start: int
    end: int
    kind: str


# ---- e-mail, ID card, phones ----------------------------------------------------------------

# ASCII-only guards: Python's \w matches CJK, so `\w` guards missed "邮箱xm.wang@example.com谢谢".
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])")
# 18-digit resident ID: region, birth date 18xx-20xx, sequence, check digit (0-9 or X); spaces allowed
# between the blocks because people type it that way.
_ID_CARD = re.compile(
    r"(?<![\dA-Za-z])[1-9]\d{5}[\s-]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\s-]?\d{3}[\dXx](?![\dA-Za-z])"
)
# Mainland mobile: optional +86 / 0086 / 86, then 1[3-9]x and eight digits in any 3-4-4 spacing.
_CN_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
# Mainland landline with area code: 010-12345678, (0755) 1234567, 021 6123 4567.
_CN_LANDLINE = re.compile(r"(?<![\d+])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)")
# International: + country code and 7-14 more digits with spaces, dots, dashes or (area) between.
_INTL_PHONE = re.compile(r"(?<![A-Za-z0-9+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)")
# UK and Australia without +: mobile 07700 900123, London 020 7946 0958, mobile 0412 345 678.
_UK_AU_PHONE = re.compile(
    r"(?<![\d+])(?:07\d{3}[\s-]?\d{3}[\s-]?\d{3}|02\d[\s-]?\d{4}[\s-]?\d{4}|04\d{2}[\s-]?\d{3}[\s-]?\d{3})(?!\d)")
# North American without +: (415) 555-0100, 415-555-0100, 415.555.0100.
_NANP_PHONE = re.compile(r"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)")

# ---- chat ids and handles (the id only; the cue stays) ---------------------------------------

# A WeChat id: 6-20 letters, digits, _ or -, starting with a letter; it must hold a digit, _ or - so
# that "WeChat support" is not an id.
_WECHAT = re.compile(
    r"(?:微信|薇信|威信|[vV]信|(?<![A-Za-z])(?i:vx|wx|wechat|weixin))"
    r"(?:[\s:：，,]|号码|账号|号|吧|我的|(?i:id)|is|me at|me)*(?:是|为)?[\s:：]*"
    r"([A-Za-z](?=[-_A-Za-z0-9]{0,19}[-_0-9])[-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
)
_WXID = re.compile(r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9]{4,24}(?![A-Za-z0-9_])")
_QQ = re.compile(r"(?:(?<![A-Za-z])(?i:qq)|扣扣|企鹅)[\s:：]*(?:号码|号|群|is|number|no\.?)?[\s:：]*(?:是|为)?[\s:：]*(\d{5,11})(?!\d)")
_HANDLE = re.compile(
    r"(?:(?<![A-Za-z])(?i:instagram|insta|ig|tiktok|twitter|telegram|tg|snapchat|threads)|抖音号?|小红书号?|微博|快手号?)"
    r"[\s:：]*(?:号|账号|is|me|at|on)?[\s:：]*(@[A-Za-z0-9_.]{1,29}[A-Za-z0-9_])(?![A-Za-z0-9_])"
)

# ---- addresses -------------------------------------------------------------------------------

# A character of a Chinese place name: CJK, but not the verbs and particles that lead into an address
# ("寄到", "住在", "地址是"), so a match starts at the place and not before it.
_PLACE = r"[^\x00-\u4dff\ua000-\U0010ffff在到是的我你他她家住寄发送给址了与从往向于把被也很就还又再请麻烦个这那收货件号：，。、]"
_ADMIN = rf"(?:{_PLACE}{{2,7}}?(?:自治区|省|市|新区|区|县|镇|乡|街道))"
_STREET = rf"(?:{_PLACE}{{1,6}}?(?:大道|大街|路|街|巷|胡同)(?:[东西南北中]?[一二三四五六七八九十\d]+段)?)"
_ESTATE = rf"(?:{_PLACE}{{2,8}}?(?:小区|花园|公寓|大厦|家园|新村|社区|苑|村))"
# After a street and its number a building may be any named tower or mall: "191号中石化大厦B座2803".
_BUILDING = rf"(?:{_PLACE}{{2,8}}?(?:小区|花园|公寓|大厦|大楼|家园|新村|社区|苑|村|广场|中心|国际|写字楼|园区))"
_NUM = r"\s*(?:\d+|[一二三四五六七八九十百零〇]+)(?:[-—]\d+)*\s*[A-Za-z]?\s*"
_UNIT = rf"(?:{_NUM}(?:号楼|号院|号|弄|栋|幢|座|单元|楼|层|室|户)|\s*[A-Za-z]\s*座)"
_ROOM = r"(?:\s*\d{2,4}(?![\d号码]))"
# A street with a number; an estate with two units; two districts and two units ("朝阳区望京西园四区411号楼1203");
# or a building, entrance and flat ("6号楼3单元1102"), which a size never looks like.
_ZH_ADDRESS = re.compile(
    rf"{_ADMIN}*(?:{_STREET}{_UNIT}+(?:{_BUILDING}{_UNIT}*)?|{_STREET}?{_ESTATE}{_UNIT}{{2,}}){_ROOM}?"
    rf"|{_ADMIN}{{2,}}(?:{_UNIT}{{2,}}|{_UNIT}{_ROOM}){_ROOM}?"
    rf"|(?<!\d){_NUM}(?:号楼|栋|幢){_NUM}单元(?:{_NUM}室|{_ROOM})"
)
_ZH_ADDRESS_GATE = re.compile(r"[\d一二三四五六七八九十]\s*(?:号|弄|栋|幢|座|单元|楼|层|室)")

_EN_STREET = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|"
              r"Parkway|Pkwy|Close|Crescent|Cres|Square|Sq|Highway|Hwy|Loop|Circle|Cir|Row|Mews|Grove|Gardens)\.?")
_EN_WORD = r"(?:[A-Z][A-Za-z'’.-]*|\d+(?:st|nd|rd|th))"
_EN_LINE = (rf"\d{{1,5}}[A-Za-z]?(?:-\d+)?\s+(?:{_EN_WORD}\s+){{1,3}}{_EN_STREET}(?![A-Za-z])"
            r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W)(?![A-Za-z]))?")
_EN_UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl)\.?\s*#?\d+[A-Za-z]?(?![A-Za-z0-9])"
# Alone, "Unit 2" is as often a part of a kit as a flat: it needs a street after it.
_EN_UNIT_ALONE = r"(?:Apt|Apartment|Suite|Ste|Flat)\.?\s*#?\d+[A-Za-z]?(?![A-Za-z0-9])"
_EN_CITY = r"[A-Z][a-z][A-Za-z'’.-]*(?:\s+[A-Z][a-z][A-Za-z'’.-]*){0,2}(?![A-Za-z0-9])"
_EN_TAIL = (rf"(?:,?\s+{_EN_UNIT})?(?:,\s*{_EN_CITY}){{0,2}}"
            r"(?:,?\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?(?!\d)|,?\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?![A-Za-z0-9]))?")
_EN_ADDRESS = re.compile(
    rf"(?:(?<![A-Za-z0-9$#.,]){_EN_LINE}"
    rf"|(?<![A-Za-z])(?:P\.?\s?O\.?\s?Box)\s*\d+"
    rf"|(?<![A-Za-z]){_EN_UNIT},\s*{_EN_LINE}"
    rf"|(?<![A-Za-z]){_EN_UNIT_ALONE}){_EN_TAIL}"
)

# ---- names -----------------------------------------------------------------------------------

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
             "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
             "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
             "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
             "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
             "丛仲虞敖巩明佘池查苑迟邝")
_COMPOUND = "欧阳|司马|上官|诸葛|东方|皇甫|慕容|令狐|夏侯|尉迟|公孙|长孙|宇文|司徒|独孤"
# Surnames that are also everyday words right before 先生/女士 ("男士和女士", "适时", "谢谢王先生").
_HONORIFIC_SURNAMES = "".join(c for c in _SURNAMES if c not in "和时全成明应单解向于车连查包关师商米宫景文安常路沙边司卫冷谢")
_GIVEN = r"[^\x00-\u4dff\ua000-\U0010ffff的了是在和也就都还很说给买用来去过着吗呢吧啊呀哦一不这那个些次谢找问叫请跟被把对让位与，。、]"
_ZH_NAME_BODY = rf"(?:(?:{_COMPOUND})|[{_SURNAMES}]){_GIVEN}{{1,2}}"
_CJK_OR_END = r"(?=[^\u4e00-\u9fff]|$)"
_ZH_NAME_CUED = re.compile(
    rf"(?:我叫|联系人|收件人|收货人|姓名|名字叫|名字是)[\s:：]*(?:是)?[\s:：]*({_ZH_NAME_BODY})(?:{_CJK_OR_END}|(?=[是的在今从已买拿来说和也就要想给帮让问先女小]))"
    rf"|(?:我是|本人)({_ZH_NAME_BODY}){_CJK_OR_END}"
    rf"|找({_ZH_NAME_BODY})(?:{_CJK_OR_END}|(?=[拿取要买问说帮]))"
    rf"|姓([{_SURNAMES}]){_CJK_OR_END}"
)
_HONORIFIC = r"(?=先生|女士(?![款装用版包鞋表衫裤裙帽衬外内睡手毛大羽风香])|小姐|太太|老师|师傅|经理|阿姨|叔叔|医生|律师)"
_ZH_HONORIFIC = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[谢问找给叫是位和跟系请]))(?:{_COMPOUND}|[{_HONORIFIC_SURNAMES}]){_GIVEN}{{1,2}}{_HONORIFIC}"
    rf"|(?:{_COMPOUND}|[{_HONORIFIC_SURNAMES}]){_HONORIFIC}"
)
# Brands and product words that read as a name after a cue.
_ZH_BRANDS = ("李宁", "王老吉", "张小泉", "周大福", "周生生", "周黑鸭", "老干妈", "马应龙", "王守义", "李锦记", "陈李济", "张裕",
              "杨国福", "欧阳修")

_EN_NAME = r"[A-Z](?:[a-z]+(?:[-'’][A-Z][a-z]+)?|['’][A-Z][a-z]+)"
_EN_NAME_CUED = re.compile(
    rf"(?:(?<![A-Za-z])(?i:my name is|my name's|i'm|i’m|i am|call|ask for|thanks to|thank you|signed,?|regards,?|cheers,"
    rf"|my (?:wife|husband|partner|son|daughter|mum|mom|mother|dad|father|brother|sister|friend|boyfriend|girlfriend"
    rf"|neighbour|neighbor|colleague|boss|grandma|grandpa|grandson|granddaughter|grandmother|grandfather|niece|nephew"
    rf"|aunt|uncle|cousin|flatmate|roommate))\s+)({_EN_NAME}(?:\s+{_EN_NAME}){{0,2}})(?![A-Za-z])"
    rf"|(?<![A-Za-z])(?i:this is)\s+({_EN_NAME})(?=\s+(?:from|here)\b|,)"
    rf"|(?<![A-Za-z])(?i:have|get)\s+({_EN_NAME})(?=\s+(?:call|ring|text|email|e-mail|contact)\b)"
    rf"|(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+({_EN_NAME}(?:\s+{_EN_NAME})?)(?![A-Za-z])"
)
# Capitalised words after "I'm" / "call" / "Dr." that are not names.
_EN_NOT_NAMES = frozenset("""
a an the not so very really just sure happy glad sorry also still gonna going back here now in on at from with
impressed amazed buying using customer customers support service services team store shop amazon apple google
canadian american british english australian chinese indian german french irish scottish welsh japanese korean
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december christmas easter of it me you us them him her my your our
martens coffee meyer meyer's meyer’s bronner bronner's bronner’s pepper clean sketch potato muscle scholl scholl's scholl’s
teal teal's oetker pibb
""".split())

_PLACEHOLDER = re.compile(r"\[(?:邮箱|身份证|电话|微信|QQ|账号|地址|姓名|email|id number|phone|wechat|handle|address|name)\]")
_GENERIC_AUTHORS = frozenset({"匿名", "匿名用户", "买家", "用户", "顾客", "客户", "anonymous", "customer", "buyer", "guest", "user"})


def _groups(pattern: re.Pattern[str], text: str, kind: str) -> Iterable[Span]:
    """The first group that took part in each match, or the whole match for a pattern without groups."""
    for m in pattern.finditer(text):
        if pattern.groups == 0:
            yield Span(m.start(), m.end(), kind)
            continue
        for g in range(1, pattern.groups + 1):
            if m.start(g) >= 0:
                yield Span(m.start(g), m.end(g), kind)
                break


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _names(text: str, names: Iterable[str]) -> Iterable[Span]:
    for name in names:
        name = " ".join((name or "").split())
        if len(name) < 2 or "*" in name or name.casefold() in _GENERIC_AUTHORS or name.isdigit():
            continue
        escaped = re.escape(name)
        if name.isascii():
            escaped = rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])"
        for m in re.finditer(escaped, text, flags=re.IGNORECASE):
            yield Span(m.start(), m.end(), "name")


# Substrings without which a rule cannot match: a cheap test that skips most reviews.
_ZH_NAME_CUES = ("我叫", "联系人", "收件人", "收货人", "姓", "名字", "我是", "本人", "找")
_ZH_HONORIFICS = ("先生", "女士", "小姐", "太太", "老师", "师傅", "经理", "阿姨", "叔叔", "医生", "律师")
_EN_NAME_CUES = ("name", "i'm", "i’m", "i am", "call", "ask for", "thank", "signed", "regards", "cheers", "this is", "my ",
                 "have ", "get ",
                 "mr", "ms", "miss", "mx", "dr", "prof")
_LATIN = re.compile(r"[A-Za-z]")


def _zh_names(text: str) -> Iterable[Span]:
    spans: list[Span] = []
    if any(cue in text for cue in _ZH_NAME_CUES):
        spans += _groups(_ZH_NAME_CUED, text, "name")
    if any(word in text for word in _ZH_HONORIFICS):
        spans += _groups(_ZH_HONORIFIC, text, "name")
    for span in spans:
        if not any(text.startswith(brand, span.start) for brand in _ZH_BRANDS):
            yield span


def _en_names(text: str) -> Iterable[Span]:
    folded = text.casefold()
    if not any(cue in folded for cue in _EN_NAME_CUES):
        return
    for span in _groups(_EN_NAME_CUED, text, "name"):
        words = text[span.start:span.end].split()
        if words[0].casefold() not in _EN_NOT_NAMES:
            yield span


def find_personal(text: str, names: Iterable[str] = (), kinds: Iterable[str] | None = None) -> list[Span]:
    """Spans of personal data in `text`, sorted and not overlapping; overlapping finds are merged.

    `names` are people's names known for this text (the review's author). `kinds` limits the search
    to some of KINDS. Spans inside placeholders ("[电话]", "[name]") are never returned.
    """
    if not text:
        return []
    want = set(KINDS if kinds is None else kinds)
    found: list[Span] = []
    has_digit = any(c.isdigit() for c in text)
    has_cjk = CJK.search(text) is not None
    has_latin = _LATIN.search(text) is not None
    if "@" in text:
        if "email" in want:
            found += _groups(_EMAIL, text, "email")
        if "handle" in want:
            found += _groups(_HANDLE, text, "handle")
    if has_digit:
        if "id" in want:
            found += _groups(_ID_CARD, text, "id")
        if "phone" in want:
            found += _groups(_CN_MOBILE, text, "phone")
            found += _groups(_CN_LANDLINE, text, "phone")
            found += (s for s in _groups(_INTL_PHONE, text, "phone") if 8 <= _digits(text[s.start:s.end]) <= 15)
            found += _groups(_NANP_PHONE, text, "phone")
            found += _groups(_UK_AU_PHONE, text, "phone")
        if "qq" in want:
            found += _groups(_QQ, text, "qq")
    if "wechat" in want:
        found += _groups(_WECHAT, text, "wechat")
        if "wxid_" in text:
            found += _groups(_WXID, text, "wechat")
    if "address" in want:
        if has_cjk and _ZH_ADDRESS_GATE.search(text):
            found += _groups(_ZH_ADDRESS, text, "address")
        if has_digit and has_latin:
            found += _groups(_EN_ADDRESS, text, "address")
    if "name" in want:
        if has_cjk:
            found += _zh_names(text)
        if has_latin:
            found += _en_names(text)
        found += _names(text, names)
    if not found:
        return []
    guarded = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    if guarded:
        found = [s for s in found if not any(s.start < e and b < s.end for b, e in guarded)]
    return _merge(found)


def _merge(found: list[Span]) -> list[Span]:
    """Overlapping spans as one: the union, named by the kind that comes first in KINDS among the longest."""
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda s: (s.start, -(s.end - s.start), order[s.kind]))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged
