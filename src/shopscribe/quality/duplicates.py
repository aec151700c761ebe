"""Duplicates: near-copies of other products' copy, and phrases repeated inside one text."""

from __future__ import annotations

import functools
import re

from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag

BLOCK_SIMILARITY = 0.8  # Jaccard of shingles: this close to another product's copy is the same copy
WARN_SIMILARITY = 0.5
REPEAT_MIN = {"zh": 8, "en": 5}  # characters (zh) / words (en) a repeated phrase must span to count
_SENTENCE = re.compile(r"[^。！？!?；;\n.]+[。！？!?；;\n.]?")
# A phrase said three or more times in a row: a decoding loop (greedy decoding of small models does this).
_LOOP = re.compile(r"([^\s\W].{3,29}?)(?:[\s，,、。.]*\1){2,}", re.S)


@functools.lru_cache(maxsize=8192)
def shingles(text: str, lang: str) -> frozenset[str]:
    """Character 3-grams for Chinese, word 3-grams for English: the units near-duplicate detection compares."""
    if lang == "zh":
        chars = re.sub(r"\s+", "", text)
        return frozenset(chars[i:i + 3] for i in range(max(len(chars) - 2, 1)))
    words = re.findall(r"\w+", text.lower())
    return frozenset(" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1)))


def similarity(a: str, b: str, lang: str) -> float:
    sa, sb = shingles(a, lang), shingles(b, lang)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def check(text: str, ctx: GateContext) -> list[Flag]:
    return [*_near_copies(text, ctx), *_repeats(text, ctx), *_loops(text)]


def _loops(text: str) -> list[Flag]:
    return [Flag("duplicate", "block", m.start(), m.end(), m.group(0)[:40],
                 f"“{m.group(1).strip()}” repeats {m.group(0).count(m.group(1))} times in a row; the text looped")
            for m in _LOOP.finditer(text)]


def _near_copies(text: str, ctx: GateContext) -> list[Flag]:
    if not ctx.others or not text.strip():
        return []
    best, most = "", 0.0
    for other in ctx.others:
        s = similarity(text, other, ctx.lang)
        if s > most:
            best, most = other, s
    if most < WARN_SIMILARITY:
        return []
    severity = "block" if most >= BLOCK_SIMILARITY else "warn"
    return [Flag("duplicate", severity, 0, len(text), text[:40],
                 f"{most:.0%} the same as another product's copy (“{best[:30]}…”); write copy for this product")]


def _repeats(text: str, ctx: GateContext) -> list[Flag]:
    """A sentence said twice is filler the model looped on; the second one is flagged."""
    seen: dict[str, int] = {}
    flags = []
    for m in _SENTENCE.finditer(text):
        key = re.sub(r"[\s，,。！？!?；;.]", "", m.group(0)).lower()
        size = len(key) if ctx.lang == "zh" else len(m.group(0).split())
        if size < REPEAT_MIN[ctx.lang]:
            continue
        if key in seen:
            s = m.group(0).strip()
            start = m.start() + m.group(0).index(s)
            flags.append(Flag("duplicate", "block", start, start + len(s), s,
                              "this sentence repeats an earlier one word for word; say it once"))
        else:
            seen[key] = m.start()
    return flags
