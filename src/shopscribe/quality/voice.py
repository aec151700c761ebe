"""Brand voice: words the shop's profile bans, and phrases it wants in every piece of copy."""

from __future__ import annotations

import re

from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag


def check(text: str, ctx: GateContext) -> list[Flag]:
    flags = []
    for word in ctx.banned_words:
        for m in re.finditer(re.escape(word), text, re.IGNORECASE):
            flags.append(Flag("voice", "block", m.start(), m.end(), m.group(0),
                              f"the shop's profile bans “{word}”; say it another way"))
    low = text.lower()
    for phrase in ctx.required_phrases:
        if phrase.lower() not in low:
            flags.append(Flag("voice", "warn", 0, 0, "", f"the shop's profile asks for “{phrase}” in its copy"))
    return flags
