"""Sales channels: where copy appears (a marketplace, an ad placement, a social network, a newsletter) and the
limits each sets on each kind of copy.

A channel is one concept across the system: `content/` writes within its limits, `quality/` measures copy
against them, and `publish/` adds its delivery adapter under the same name. This module sits beside
`config` at the bottom of the house so that every room can read it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from shopscribe.errors import UserError


def text_width(text: str) -> int:
    """Display width as Taobao and JD count titles: a CJK (wide) character counts 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_SENTENCE_END = "。！？!?.；;"
# Where a clause may end, strongest first: a semicolon, colon or dash; a comma; a word that opens a new clause.
_CLAUSE_MARKS = (("；", "：", "; ", ": ", " — ", " – ", " - "), ("，", ", ", "、"),
                 (" which ", " that ", " while ", " so ", " with ", " and ", " for "))
# Words a finished phrase does not stop on: an article, a preposition, a conjunction ("…with", "…和"). The trim
# never cuts before one, and the gate's publishable check flags copy that ends on one.
DANGLING_EN = re.compile(r"\b(a|an|the|and|or|with|of|for|to|(?<!\d )in|on|at|by|from|featuring|including|your|our|its|"
                         r"that|which|is|are|as)\s*$", re.IGNORECASE)
# 和 ends a finished word in 暖和, 温和, 柔和 …: only a bare 和 dangles.
DANGLING_ZH = re.compile(r"((?<![暖温柔平缓谐总共饱随调祥亲])和|与|及|以及|是|在|给|让|把|为|对|或|并且|而且)$")


def dangling_word(text: str, zh: bool | None = None) -> re.Match[str] | None:
    """The word `text` breaks off on, if any (trailing separators ignored); zh None: either language."""
    text = text.rstrip(" ，,、;；:：")
    if zh is None:
        return DANGLING_ZH.search(text) or DANGLING_EN.search(text)
    return (DANGLING_ZH if zh else DANGLING_EN).search(text)


def _ends_sentence(text: str, i: int) -> bool:
    """A full stop ends a sentence only before a space or the end ("USB 2.0" and "evil.example" go on)."""
    return text[i] != "." or i + 1 == len(text) or text[i + 1].isspace()


def sentence_ends(text: str) -> list[int]:
    """Where each whole sentence of `text` ends (the index after its full stop, question or exclamation mark)."""
    return [i + 1 for i, ch in enumerate(text) if ch in "。！？!?." and _ends_sentence(text, i)]


def _clause_cut(text: str, head: str, prose: bool) -> str:
    """The longest part of `head` ending at a boundary of the strongest kind that keeps at least 40 % of it, or ''.
    A heading may stop between the items of a list ("Silent Wireless Mouse, Three Devices"); a sentence may not."""
    for marks in _CLAUSE_MARKS:
        best = ""
        for mark in marks:
            at = head.rfind(mark)
            while at > 0:
                part = head[:at].rstrip(" ,，、;；:：-–—")
                if len(part) < 0.4 * len(head) or len(part) <= len(best):
                    break
                if not dangling_word(part) and not (prose and _in_short_list(part, text[at + len(mark):], mark)):
                    best = part
                    break
                at = head.rfind(mark, 0, at)
        if best:
            return best
    return ""


def _in_short_list(part: str, rest: str, mark: str) -> bool:
    """Inside a list of one- or two-word items ("soft, warm, and odour-resistant"), or at a Chinese enumeration
    comma (、): cutting there leaves a list without its end. A Chinese comma joins clauses, not items."""
    if mark == "、":
        return True
    if mark.strip() not in (",", "and"):
        return False
    before = re.split(r"[,，]", part)
    after = re.match(r"\s*(?:(?:and|or)\s+)?(.*?)(,|\band\b|\bor\b|$)", rest)
    short_before = len(before) > 1 and len(before[-1].split()) <= 2  # "…, warm" | cut
    short_after = bool(after and after.group(2) and len(after.group(1).split()) <= 2)  # cut | "warm, and …"
    return short_before or short_after


def _closed(part: str, text: str) -> str:
    if part[-1] in _SENTENCE_END or part[-1] in "…)）」』”\"'’":
        return part
    return part + ("。" if text_width(text) > len(text) else ".")  # Chinese copy closes with a Chinese full stop


@dataclass(frozen=True)
class Limit:
    """A maximum for one field of copy: in characters, or in width (CJK = 2) where the channel counts so."""

    max: int
    unit: str = "chars"  # chars | width
    min: int = 1

    def measure(self, text: str) -> int:
        return text_width(text) if self.unit == "width" else len(text)

    def describe(self) -> str:
        return "width (a Chinese character counts 2)" if self.unit == "width" else "characters"

    def fit(self, text: str, *, prose: bool = False) -> str:
        """The longest prefix within the limit that still reads as finished: cut after a sentence end, else before a
        clause boundary (never inside a list of short items), else at a word gap. Prose (a body, a description) is
        closed with a full stop where the cut left it open; a heading is not."""
        if self.measure(text) <= self.max:
            return text
        cut, size = 0, 0
        for i, ch in enumerate(text):
            size += self.measure(ch)
            if size > self.max:
                break
            cut = i + 1
        head = text[:cut]
        ends = [i + 1 for i, ch in enumerate(head) if ch in _SENTENCE_END and _ends_sentence(text, i)]
        if ends and ends[-1] >= cut // 2:
            return head[: ends[-1]].strip()
        clause = _clause_cut(text, head, prose)
        if clause:
            return _closed(clause, text) if prose else clause
        space = head.rfind(" ")
        return (head[:space] if space >= cut // 2 else head).rstrip(" ,，、;；:：-")

    def hint(self, lang: str) -> str:
        if lang == "zh":
            return f"不超过{self.max // 2}个汉字" if self.unit == "width" else f"不超过{self.max}个字"
        # Small models count words far better than characters; an English word with its space is about 7.
        return f"at most {self.max} characters (about {self.max // 7} words)"


@dataclass(frozen=True)
class SalesChannel:
    """A place copy is published, with the limits it sets per kind of copy and field."""

    name: str
    names: dict[str, str]  # lang → how the shop calls it
    limits: dict[str, dict[str, Limit]] = field(default_factory=dict)  # kind → field → limit

    def serves(self, kind: str) -> bool:
        return kind in self.limits

    def limits_for(self, kind: str) -> dict[str, Limit]:
        if kind not in self.limits:
            raise UserError(f"channel '{self.name}' takes no {kind} copy; channels for {kind}: "
                            f"{', '.join(channels_for(kind)) or 'none'}")
        return self.limits[kind]

    def label(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.name


def _text(n: int, unit: str = "chars") -> dict[str, Limit]:
    return {"text": Limit(n, unit)}


CHANNELS: dict[str, SalesChannel] = {
    c.name: c
    for c in [
        # Taobao and JD count a Chinese character as 2 of a title's 60 / 90; Amazon allows 200 characters.
        SalesChannel("taobao", {"zh": "淘宝", "en": "Taobao"},
                     {"description": _text(300), "title": _text(60, "width"), "bullets": {"bullets": Limit(40)},
                      "review-reply": _text(200)}),
        SalesChannel("jd", {"zh": "京东", "en": "JD"},
                     {"description": _text(300), "title": _text(90, "width"), "bullets": {"bullets": Limit(40)}}),
        SalesChannel("shopify", {"zh": "Shopify 店铺", "en": "Shopify store"},
                     {"description": _text(1200), "title": _text(70), "bullets": {"bullets": Limit(160)},
                      "review-reply": _text(600)}),
        SalesChannel("amazon", {"zh": "亚马逊", "en": "Amazon"},
                     {"description": _text(2000), "title": _text(200), "bullets": {"bullets": Limit(250)},
                      "review-reply": _text(600)}),
        SalesChannel("search", {"zh": "搜索广告", "en": "search ads"},
                     {"ad": {"headline": Limit(30), "body": Limit(90)}}),
        SalesChannel("feed", {"zh": "信息流广告", "en": "feed ads"},
                     {"ad": {"headline": Limit(30), "body": Limit(125)}}),
        SalesChannel("xiaohongshu", {"zh": "小红书", "en": "小红书"},
                     {"social": {"text": Limit(500), "hashtags": Limit(20)}}),
        SalesChannel("weibo", {"zh": "微博", "en": "微博"}, {"social": {"text": Limit(140), "hashtags": Limit(20)}}),
        SalesChannel("instagram", {"zh": "Instagram", "en": "Instagram"},
                     {"social": {"text": Limit(1500), "hashtags": Limit(30)}}),
        SalesChannel("x", {"zh": "X (Twitter)", "en": "X (Twitter)"},
                     {"social": {"text": Limit(240), "hashtags": Limit(30)}}),
        SalesChannel("newsletter", {"zh": "邮件", "en": "newsletter"},
                     {"email": {"subject": Limit(40), "body": Limit(1200)}}),
    ]
}


def channels_for(kind: str) -> list[str]:
    """The channels that take copy of a kind, in the order above."""
    return [c.name for c in CHANNELS.values() if c.serves(kind)]


def get_channel(name: str, kind: str | None = None) -> SalesChannel:
    """The channel called `name` (that takes `kind` copy, when given); otherwise a UserError naming the choices."""
    channel = CHANNELS.get(name)
    if channel is None or (kind is not None and not channel.serves(kind)):
        choices = channels_for(kind) if kind else list(CHANNELS)
        what = f"kind '{kind}' has no channel" if kind else "unknown channel"
        raise UserError(f"{what} '{name}'; choose one of: {', '.join(choices)}")
    return channel
