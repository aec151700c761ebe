"""Which language a text is written in: Chinese or English, by script."""

from __future__ import annotations

import re

from shopscribe.catalog.cleaning import CJK

_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' or 'en'. A Chinese character carries about as much as two Latin letters, so an English
    text with a Chinese brand name stays English and a Chinese text with a model number stays Chinese."""
    cjk = len(CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 2 >= latin else "en"
