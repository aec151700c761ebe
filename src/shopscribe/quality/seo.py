"""SEO and readability: required keywords, keyword density, sentence and run lengths, emoji."""

from __future__ import annotations

import re

from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag

# Keyword density band (share of the text a keyword's occurrences cover). Below: the keyword is
# missing; above: stuffing, which marketplaces demote. Short texts (titles) are exempt from the top.
DENSITY_MAX = 0.08
DENSITY_MIN_TEXT = {"zh": 80, "en": 40}  # chars (zh) / words (en) before density is judged
SENTENCE_MAX = {"zh": 80, "en": 35}  # characters / words per sentence
RUN_MAX_ZH = 40  # Chinese characters without any punctuation: unreadable on a phone screen
SOCIAL_KINDS = {"social"}

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\.(?=\s|$)")
_ZH_PUNCT = re.compile(r"[，。！？；：、,.!?;:（）()《》“”\"'\s…—\-·•#]")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F000-\U0001F2FF]")


def check(text: str, ctx: GateContext) -> list[Flag]:
    return [*_keywords(text, ctx), *_sentences(text, ctx), *_emoji(text, ctx)]


def _keywords(text: str, ctx: GateContext) -> list[Flag]:
    flags = []
    low = text.lower()
    size = len(re.sub(r"\s", "", text)) if ctx.lang == "zh" else len(text.split())
    for kw in ctx.keywords:
        k = kw.lower().strip()
        if not k:
            continue
        hits = [m.start() for m in re.finditer(re.escape(k), low)]
        if not hits:
            flags.append(Flag("seo", "warn", 0, 0, "", f"keyword '{kw}' is missing; work it into the copy once"))
            continue
        if size < DENSITY_MIN_TEXT[ctx.lang]:
            continue
        covered = len(hits) * (len(k) if ctx.lang == "zh" else len(k.split()))
        density = covered / size
        if density > DENSITY_MAX:
            flags.append(Flag("seo", "warn", hits[-1], hits[-1] + len(k), text[hits[-1]:hits[-1] + len(k)],
                              f"keyword '{kw}' covers {density:.0%} of the text (over {DENSITY_MAX:.0%}): "
                              "keyword stuffing; use it fewer times"))
    return flags


def _sentences(text: str, ctx: GateContext) -> list[Flag]:
    flags = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        sentence = text[start:end]
        stripped = sentence.strip()
        if stripped:
            offset = start + sentence.index(stripped)
            size = len(stripped) if ctx.lang == "zh" else len(stripped.split())
            if size > SENTENCE_MAX[ctx.lang]:
                unit = "characters" if ctx.lang == "zh" else "words"
                flags.append(Flag("seo", "warn", offset, offset + len(stripped), stripped[:40],
                                  f"sentence of {size} {unit} (over {SENTENCE_MAX[ctx.lang]}); split it"))
            elif ctx.lang == "zh":
                flags += _long_runs(stripped, offset)
        start = m.end() if m else len(text)
    return flags


def _long_runs(sentence: str, offset: int) -> list[Flag]:
    flags, pos = [], 0
    for part in _ZH_PUNCT.split(sentence):
        idx = sentence.find(part, pos)
        if len(part) > RUN_MAX_ZH:
            flags.append(Flag("seo", "warn", offset + idx, offset + idx + len(part), part[:40],
                              f"{len(part)} characters without punctuation (over {RUN_MAX_ZH}); add commas"))
        pos = idx + len(part)
    return flags


def _emoji(text: str, ctx: GateContext) -> list[Flag]:
    if ctx.kind in SOCIAL_KINDS:
        return []
    return [Flag("seo", "warn", m.start(), m.end(), m.group(0), "emoji do not belong in this kind of copy")
            for m in _EMOJI.finditer(text)]
