"""Where a product may be used: copy that sends an indoor-only product outdoors (a bath mat on the balcony, a USB
fairy light in a garden tree, a jute pouf on the patio) when the data says 室内 / 仅限室内 / Indoor only.

Decision: only an attribute about where it is used counts, and only when it names indoors and not outdoors; a
place the title or description names itself (an 'outdoor' product) is supported. A negated place ("not for outdoor
use", 请勿放在户外) is advice, not a claim.
"""

from __future__ import annotations

import re

from shopscribe.quality import claims as C
from shopscribe.quality.report import Flag

CHECK = "fact"
_PLACE_KEY = re.compile(r"场景|环境|场所|位置|室内|户外|indoor|outdoor|\buse\b|usage|environment|placement|where", re.IGNORECASE)
_INDOOR = re.compile(r"室内|屋内|indoor", re.IGNORECASE)
_OUTDOOR_OK = re.compile(r"户外|室外|outdoor|outside", re.IGNORECASE)
# Places outside the house, in both languages.
_OUTDOORS = re.compile(r"户外|室外|露天|阳台|院子|庭院|花园|露台|草坪|草地|门外|屋外|野外|露营|泳池|"
                       r"\b(?:outdoors?|outside|patios?|pool\s*(?:side|decks?)|decks?|gardens?|yards?|backyard|porch(?:es)?|"
                       r"balcon(?:y|ies)|lawns?|camping|campsites?|terraces?)\b", re.IGNORECASE)


def check(text: str, attrs: dict[str, str], source: str, lang: str) -> list[Flag]:
    indoor = [(k, v) for k, v in attrs.items() if _PLACE_KEY.search(k) and _INDOOR.search(v) and not _OUTDOOR_OK.search(v)]
    if not indoor:
        return []
    key, value = indoor[0]
    said_by_data = {m.group().lower() for m in _OUTDOORS.finditer(source)}
    flags = []
    for m in _OUTDOORS.finditer(text):
        if m.group().lower() in said_by_data or C.negated(text, m.start(), m.end()):
            continue
        msg = (f"文案写“{m.group()}”，但{key}是“{value}”" if lang == "zh"
               else f'says "{m.group()}" but {key} is "{value}"')
        flags.append(Flag(CHECK, "block", m.start(), m.end(), m.group(), msg))
    return flags
