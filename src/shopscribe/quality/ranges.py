"""Ranges the copy stretches beyond the product's: children's shoe sizes (toddler 5 to big kid 3 against Toddler
5–10) and the oldest system a device works with (安卓7.0以上 against Android 9.0及以上; "iOS 13 or newer" against iOS
15 and later).

Decision: only a range the data states can be overrun; a size or version the data never mentions is left to the
other checks (a product without a size attribute cannot contradict one). Letter and numbered sizes (S–XL, 36–44码)
are facts._check_sizes', ages align.check_ages'.
"""

from __future__ import annotations

import re

from shopscribe.quality.align import contradicts, flag
from shopscribe.quality.report import Flag

_SIZE_KEY = re.compile(r"尺码|码数|鞋码|号型|size", re.IGNORECASE)


# ---- children's shoe sizes: toddler 1–13, then kid (little/big/youth) 1–7 ----------------------------

_KID = re.compile(r"\b(?P<band>toddlers?|infants?|baby|little\s+kids?|big\s+kids?|youth|kids?)\s*(?:size\s*)?"
                  r"(?P<n>\d{1,2}(?:\.5)?)(?:(?:-|–|~|\s+to\s+)(?P<m>\d{1,2}(?:\.5)?))?", re.IGNORECASE)


def _kid_scale(band: str, n: float) -> float:
    """One line from the smallest toddler size to the largest kid's: kid sizes restart at 1 after toddler 13."""
    return n if re.match(r"toddler|infant|baby", band, re.IGNORECASE) or n >= 10 else n + 13


def _kid_sizes(s: str) -> list[tuple[int, int, float]]:
    out = []
    for m in _KID.finditer(s):
        band = m.group("band")
        out.append((m.start(), m.end(), _kid_scale(band, float(m.group("n")))))
        if m.group("m"):  # 'Toddler 5–10': the end is in the same band
            out.append((m.start(), m.end(), _kid_scale(band, float(m.group("m")))))
    return out


def _check_kid_sizes(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    for key, value in attrs.items():
        stated = [v for _, _, v in _kid_sizes(value)] if _SIZE_KEY.search(key) else []
        if stated:
            lo, hi = min(stated), max(stated)
            return [flag(a, b, text, contradicts(lang, text[a:b], key, value)) for a, b, v in _kid_sizes(text) if v < lo or v > hi]
    return []


# ---- the oldest system version a device works with ------------------------------------------------

_SYSTEM_KEY = re.compile(r"兼容|系统|适配|要求|compatib|works\s+with|platform|\bos\b|requires?", re.IGNORECASE)
_VERSION = re.compile(r"(?P<os>android|安卓|ios|iphone\s*os|ipados|macos|windows|win)\s*(?:系统|version|版本)?\s*"
                      r"(?P<v>\d+(?:\.\d+)?)", re.IGNORECASE)
_OS_NAME = {"安卓": "android", "iphoneos": "ios", "win": "windows"}


def _versions(s: str) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """(start, end, system, version) for 'Android 9.0', '安卓7.0', 'iOS 13'; 9.0 and 9 are the same version."""
    out = []
    for m in _VERSION.finditer(s):
        name = re.sub(r"\s+", "", m.group("os").lower())
        version = tuple(int(x) for x in m.group("v").split("."))
        while len(version) > 1 and version[-1] == 0:
            version = version[:-1]
        out.append((m.start(), m.end(), _OS_NAME.get(name, name), version))
    return out


def _check_versions(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    """A version below the lowest the data names for that system: the copy promises older phones than it supports."""
    lowest: dict[str, tuple[tuple[int, ...], str, str]] = {}
    for key, value in attrs.items():
        if not _SYSTEM_KEY.search(key):
            continue
        for _, _, name, v in _versions(value):
            if name not in lowest or v < lowest[name][0]:
                lowest[name] = (v, key, value)
    return [flag(a, b, text, contradicts(lang, text[a:b], lowest[name][1], lowest[name][2])) for a, b, name, v in _versions(text)
            if name in lowest and v < lowest[name][0]]


def check(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    return [*_check_kid_sizes(text, attrs, lang), *_check_versions(text, attrs, lang)]
