"""Which language a text is written in: Chinese or English, by script."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' or 'en'. A Chinese character carries about as much as two Latin letters, so an English
    text with a Chinese brand name stays English and a Chinese text with a model number stays Chinese."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 2 >= latin else "en"
