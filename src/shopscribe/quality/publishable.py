"""Whether copy is publishable as it comes: the failures small models make that no fact or law check sees.

- echo: the prompt's scaffolding in the copy (its tags, "根据提供的数据", "Here is the description:", the product JSON,
  the instructions themselves);
- escape: literal escape sequences and markup (a backslash-n, `<p>`, `**bold**`, a Markdown heading or list);
- fragment: too short for its kind, no finished sentence, or cut off mid-sentence or mid-fact ("…featuring a",
  a title ending "保温6" when the product says 保温6小时);
- shape: a list where prose is asked, a description that is only usage scenes, or only attribute values strung
  together;
- category: a claim that does not fit what the product is (a candle for cooking, a lamp that keeps coffee hot);
- placeholder: template leftovers ("[品牌名称]", "{price}", "XXX元", "Lorem ipsum").

Every flag blocks, and its message tells the rewrite what to write instead, in the copy's language. A feature the
product's own text has (a "[限量]" in its real name, a data cable) is never held against the copy.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from shopscribe.channels import dangling_word
from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag, outermost

DATA = Path(__file__).parent / "data" / "category_fit.toml"
FAMILIES = ("echo", "escape", "fragment", "shape", "category", "placeholder")  # each flag's check name
PROSE_KINDS = {"description", "email", "social", "ad", "review-reply"}
# Below these a kind's main text is a fragment: characters for Chinese, words for English.
MIN_SIZE = {"description": (12, 5), "email": (20, 8), "social": (15, 6), "ad": (6, 3), "title": (6, 2),
            "review-reply": (10, 5), "bullets": (2, 1), "heading": (3, 2)}
# A finished sentence ends in terminal punctuation, a closing bracket or quote, or (in a social post) an emoji.
_END = re.compile(r"[。！？!?.…~～）)」』”\"'’\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]\s*$")
_OPEN_END = re.compile(r"[，,、:：;；\-–—(（/|&]$")  # a title or heading that stops on a separator


@dataclass(frozen=True)
class Pattern:
    family: str
    regex: re.Pattern[str]
    advice: tuple[str, str]  # zh, en: what to do instead


def _p(family: str, pattern: str, zh: str, en: str, flags: int = re.IGNORECASE) -> Pattern:
    return Pattern(family, re.compile(pattern, flags), (zh, en))


ECHO_ZH = "这是提示词里的说明，不是文案：删掉它，直接写给顾客看的句子"
ECHO_EN = "this is the prompt's scaffolding, not copy: delete it and write only what a shopper reads"
PATTERNS = [
    _p("echo", r"</?\s*(?:product_data|product|review|audience|buyers_confirm|data|system|user|assistant|title|"
               r"description|copy|text|answer|output|headline|body|subject)\s*>", ECHO_ZH, ECHO_EN),
    _p("echo", r"^\s*(?:title|description|copy|headline|body|subject|bullets?|about it|answer format|标题|描述|文案|正文|卖点|"
               r"主题|名称|介绍|回答格式)\s*[:：]",
       "这是字段名，不是文案：删掉它，直接写内容", "this is the field's name, not copy: delete it and keep the words",
       re.IGNORECASE | re.MULTILINE),
    _p("echo", r"product_data|商品资料如下|事实如下|资料如下|数据如下", ECHO_ZH, ECHO_EN),
    _p("echo", r"\{\s*\"[^\"\n]{1,30}\"\s*:", "这是商品数据的JSON，不是文案：用完整的句子写出来",
       "this is the product's JSON, not copy: write it as sentences"),
    _p("echo", r"(?:数据|资料|信息)里(?:有|没有|提到|给出|的)|照抄|一律不写|(?:根据|基于)(?:提供的|以上|上述|所给)?(?:商品)?"
               r"(?:数据|资料|信息)|(?:以下|下面)是(?:为您|为你)?(?:写的|撰写的|生成的)?(?:商品)?(?:描述|文案|标题|卖点|广告|邮件)|"
               r"^\s*(?:任务|规则|要求)[:：]|只输出|不要理会|输出JSON|回答格式|(?:按|照|根据)商品信息|商品信息(?:显示|提到|写着|中|上)|"
               r"原样写|都不用照做|这次写", ECHO_ZH, ECHO_EN, re.MULTILINE),
    _p("echo", r"\b(?:the|this) (?:product )?data (?:provided|given|above|says)|\bbased on the (?:provided |given )?"
               r"(?:product )?(?:information|data|details)\b|\bhere(?: is|'s) (?:the|your|a) (?:product )?"
               r"(?:description|copy|title|ad|post|e-?mail|headline|bullets)\b|"
               r"^\s*(?:sure|certainly|of course)[,!.]\s*(?:here|i\b|i'll|below|this is)|"
               r"\b(?:task|rules)\s*:|\bas an ai\b|\boutput (?:only|json)\b|\bproduct data\b|\bas instructed\b|"
               r"\banswer format\b|\b(?:the|these) product details\b|\bthis time:|\breference only\b|"
               r"\bi (?:did not|didn't|have not|haven't|have|'ve) (?:mention|include|add|written|kept|avoided|used)",
       ECHO_ZH, ECHO_EN, re.IGNORECASE | re.MULTILINE),
    _p("escape", r"\\[ntr](?![a-z])|\\u[0-9a-fA-F]{4}", "这是转义符，不是换行：删掉它；要分段就直接换行",
       "this is a literal escape sequence: delete it; start a new line if a break is meant", 0),
    _p("escape", r"</?(?:p|br|b|strong|i|em|ul|ol|li|div|span|h[1-6])\b[^>]*>|&(?:nbsp|mdash|ndash|amp|lt|gt|quot|"
                 r"hellip|#\d{2,5});", "这是网页标签或转义字符：删掉它，只留文字",
       "this is an HTML tag or entity: delete it and keep the words"),
    _p("escape", r"\*\*[^*\n]+\*\*|__[^_\n]+__|^#{1,6}\s|^\s*[-*+]\s+\S", "这是Markdown格式：删掉星号、井号和列表符号，只留文字",
       "this is Markdown: drop the asterisks, hashes and list markers, keep the words", re.MULTILINE),
    _p("placeholder", r"[\[【]\s*(?:[^\]】\n]{0,8}(?:名称|名字|品牌|价格|链接|型号|地址|电话|店铺|产品|商品|日期|数量|插入|此处|这里)"
                      r"[^\]】\n]{0,8}|[^\]\n]{0,12}\b(?:name|brand|price|link|product|insert|date|url|model|"
                      r"shop|here)\b[^\]\n]{0,12})\s*[\]】]",
       "这是没填的占位符：换成商品资料里的真实内容，资料里没有就整句删掉",
       "this is an unfilled placeholder: put the product's real detail there, or drop the sentence"),
    _p("placeholder", r"\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}|<\s*[\u4e00-\u9fff]{1,8}\s*>|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|"
                      r"(?<![A-Za-z])(?:TBD|TODO)(?![A-Za-z])|lorem ipsum|\(\s*insert [^)]*\)|（\s*(?:此处|这里|插入|填写|待定|待补)[^）]*）|某某|"
                      r"<\s*(?:product|brand|name|price|link|insert|company|shop)[^<>\n]{0,20}>",
       "这是没填的占位符：换成商品资料里的真实内容，资料里没有就整句删掉",
       "this is an unfilled placeholder: put the product's real detail there, or drop the sentence"),
]

_LIST_LINE = re.compile(r"^\s*(?:[-*•·▪●]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）])\s*\S", re.MULTILINE)
_INLINE_LIST = re.compile(r"(?:^|\s)\d{1,2}[)）]\s*\S")
_KEY_VALUE_LINE = re.compile(r"^[^\n:：]{1,12}[:：][^\n]{1,30}$", re.MULTILINE)
_HEADING_LINE = re.compile(r"^[^\n。！？.!?]{2,30}[:：]\s*$", re.MULTILINE)
_SCENE_ZH = re.compile(r"(?:适合|适用于|适用场景|使用场景|可用于|用于|无论是)[^。！？]*?(?:[、，,][^。！？、，,]{1,8}){2,}")
_SCENE_EN = re.compile(r"\b(?:perfect|great|ideal|suitable|use it|made)\b[^.!?]{0,12}\b(?:for|in|at)\b[^.!?]*?"
                       r"(?:,[^.!?,]{1,30}){2,}", re.IGNORECASE)
_CHUNKS_ZH = re.compile(r"[，,、；;。.！!？?|｜/\s]+")
_CHUNKS_EN = re.compile(r"(?:[,;.!?|/]+|\n)\s*")
_NEGATED = re.compile(r"(?:不|非|勿|切勿|请勿|禁止|not|never|n't|no)\W{0,2}\w{0,3}\W{0,2}$", re.IGNORECASE)


def _flag(family: str, start: int, end: int, text: str, ctx: GateContext, zh: str, en: str) -> Flag:
    name = {"echo": ("提示词回显", "prompt echo"), "escape": ("转义符或标记", "escape or markup"),
            "fragment": ("残句", "fragment"), "shape": ("形式不对", "wrong shape"),
            "category": ("不符合品类", "does not fit the product"), "placeholder": ("占位符", "placeholder")}[family]
    zh_text = ctx.lang == "zh"
    label, advice = (name[0], zh) if zh_text else (name[1], en)
    return Flag(family, "block", start, end, text[start:end][:40], f"{label}: {advice}")


def _in_product(found: str, ctx: GateContext) -> bool:
    return bool(found.strip()) and found.strip().casefold() in ctx.source.casefold()


def _patterns(text: str, ctx: GateContext) -> list[Flag]:
    flags = []
    for p in PATTERNS:
        for m in p.regex.finditer(text):
            if _in_product(m.group(), ctx):  # the product's own name or data has it: not a leftover
                continue
            flags.append(_flag(p.family, m.start(), m.end(), text, ctx, *p.advice))
    return flags


def _size(s: str, lang: str) -> int:
    return len(re.sub(r"\s", "", s)) if lang == "zh" else len(re.findall(r"[A-Za-z0-9'’-]+", s))


def _main_text(text: str, ctx: GateContext) -> list[tuple[str, str]]:
    """(field, value) pairs of the copy's prose and its short fields, as the kind reads them."""
    try:
        fields = ctx.read_fields(text)
    except ValueError:
        fields = {"text": text}  # the format check says what is wrong with the shape; the words are still read
    out = []
    for name, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip():
                out.append((name, v.strip()))
    return out


def _fragments(text: str, ctx: GateContext) -> list[Flag]:
    if ctx.kind is None:  # plain text (`check` without --kind) has no size or sentence shape to keep
        return []
    kind = ctx.kind
    zh = ctx.lang == "zh"
    flags = []
    for name, value in _main_text(text, ctx):
        if name in ("hashtags",):
            continue
        start = max(text.find(value), 0)
        end = start + len(value)
        heading = name in ("headline", "subject", "title") or kind in ("title", "bullets")
        field_kind = "heading" if name in ("headline", "subject") else "bullets" if kind == "bullets" else kind
        least = MIN_SIZE.get(field_kind, MIN_SIZE["description"])[0 if zh else 1]
        if _size(value, ctx.lang) < least:
            flags.append(_flag("fragment", start, end, text, ctx,
                               f"太短（至少{least}字）：写完整，讲清它是什么、对顾客有什么好处",
                               f"too short (at least {least} words): finish it, saying what it is and why it helps"))
            continue
        dangling = dangling_word(value, zh)
        # An e-mail may end on its sign-off ("纸言", "The Inkwell team"): it needs a finished sentence somewhere and
        # a last line that does not break off; other prose must end its last sentence.
        lines = value.splitlines()
        unfinished = (not any(_END.search(line) for line in lines) or bool(dangling)) if kind == "email" else \
            not _END.search(value)
        if not heading and kind in PROSE_KINDS and unfinished:
            flags.append(_flag("fragment", start, end, text, ctx, "句子没写完：补完整并以句号结尾",
                               "the sentence stops midway: finish it and end it with a full stop"))
            continue
        if heading and (dangling or _OPEN_END.search(value)):
            flags.append(_flag("fragment", start, end, text, ctx, "在半截处断了：删掉最后半截或写完整",
                               "it breaks off midway: drop the last half-phrase or complete it"))
            continue
        number = re.search(r"(\d+(?:\.\d+)?)\s*$", value)
        # "Set of 2", "Pack of 4", "× 3": a count, finished where it stands.
        counted = number and re.search(r"(?:\bof|(?<![\w.])(?<!\d )[x×*])\s*$", value[:number.start()], re.IGNORECASE)
        if number and not counted and ctx.source and (kind == "title" or name in ("headline", "subject")):
            # A title cut inside a fact: the product says "6小时" and the copy ends on the bare 6.
            # Within one line of the product's text: a field that ends on the number ("Pack of 4") is not cut.
            whole = re.search(rf"(?<![\d.]){re.escape(number.group(1))}[ \t]*([^\d\s.,，、;；:：/|)）]+)", ctx.source)
            ends = re.search(rf"(?<![\d.]){re.escape(number.group(1))}[ \t]*$", ctx.source, re.MULTILINE)
            if whole and not ends:
                unit = whole.group(1)[:4]
                flags.append(_flag("fragment", start + number.start(), end, text, ctx,
                                   f"数字后面被截断了（资料里是“{number.group(1)}{unit}”）：写全或删掉这个数字",
                                   f"it is cut off after the number (the product says \"{number.group(1)}{unit}\"): "
                                   "write it in full or drop it"))
    return flags


def _shapes(text: str, ctx: GateContext) -> list[Flag]:
    if ctx.kind not in ("description", "ad", "email"):  # a social post may be as clipped as it likes
        return []
    zh = ctx.lang == "zh"
    if ctx.kind == "description":
        lines = _LIST_LINE.findall(text)
        heading = _HEADING_LINE.search(text)
        listed = len(lines) >= 2 or len(_INLINE_LIST.findall(text)) >= 3 or len(_KEY_VALUE_LINE.findall(text)) >= 3
        if listed or (heading and len(text.strip().splitlines()) >= 2):
            at = heading.start() if heading else text.find(lines[0].strip()) if lines else 0
            return [_flag("shape", max(at, 0), len(text), text, ctx,
                          "描述要写成连贯的一段话，不要分点或小标题：把要点串成完整的句子",
                          "a description is prose, not a list or headings: join the points into sentences")]
        scenes = list((_SCENE_ZH if zh else _SCENE_EN).finditer(text))
        if scenes:
            rest = text
            for m in scenes:
                rest = rest.replace(m.group(), "")
            if _size(rest, ctx.lang) < (25 if zh else 10):
                return [_flag("shape", scenes[0].start(), len(text), text, ctx,
                              "只罗列了使用场景：先写它是什么、用什么做的、好在哪里，场景最多提一两个",
                              "it only lists where to use it: say what it is, what it is made of and why it is good; "
                              "name one or two uses at most")]
    # Every prose field (a description, an ad's or e-mail's body, a post): not a string of attribute values.
    spec = ctx.spec_sheet
    for name, value in _main_text(text, ctx):
        if name in ("headline", "subject", "hashtags"):
            continue
        # "Key features: 65W" counts as its value: the label before a colon is no sentence either.
        chunks = [re.sub(r"^[^:：]{1,20}[:：]\s*", "", c.strip()) for c in (_CHUNKS_ZH if zh else _CHUNKS_EN).split(value)]
        chunks = [c for c in chunks if c]
        short = [c for c in chunks if _size(c, ctx.lang) <= (6 if zh else 3)]
        # Known values are the attributes' and the title's: phrases taken from the product's own prose are its
        # wording, not a spec sheet read out ("汤色红浓，滋味醇厚" in a tea's e-mail).
        known = [c for c in chunks if c.casefold() in spec] if spec else []
        if len(chunks) >= 5 and len(short) >= 0.7 * len(chunks) and len(known) >= 0.4 * len(chunks):
            start = max(text.find(value), 0)
            return [_flag("shape", start, start + len(value), text, ctx,
                          "只是把属性罗列在一起：用完整的句子说清这些属性对顾客意味着什么",
                          "it only strings the attributes together: say in full sentences what they mean for the buyer")]
    return []


@dataclass(frozen=True)
class Fit:
    name: str
    claims: re.Pattern[str]
    allowed: tuple[str, ...]  # words in a product's category or title that make the claim plausible
    advice: tuple[str, str]


@functools.lru_cache(maxsize=1)
def _fits() -> tuple[Fit, ...]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple(Fit(name, re.compile("|".join(spec["claims"]), re.IGNORECASE), tuple(spec["allowed"]),
                     (spec["advice_zh"], spec["advice_en"])) for name, spec in data.items())


def _category(text: str, ctx: GateContext) -> list[Flag]:
    if not ctx.product or ctx.kind == "review-reply":
        return []
    what = f"{ctx.product.get('category') or ''} {ctx.product.get('title') or ''}".casefold()
    flags = []
    for fit in _fits():
        if any(word.casefold() in what for word in fit.allowed):
            continue
        for m in fit.claims.finditer(text):
            if _NEGATED.search(text[max(0, m.start() - 8):m.start()]) or _in_product(m.group(), ctx):
                continue
            flags.append(_flag("category", m.start(), m.end(), text, ctx, *fit.advice))
    return flags


def check(text: str, ctx: GateContext) -> list[Flag]:
    """Every publishability flag on `text` (see the module docstring)."""
    flags = _patterns(text, ctx) + _category(text, ctx)
    if not any(f.check == "echo" for f in flags):  # an echo is the whole problem; its sentence needs no more flags
        flags += _shapes(text, ctx) + _fragments(text, ctx)
    return outermost(flags)

