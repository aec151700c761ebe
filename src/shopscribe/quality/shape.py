"""Whether copy has the shape its kind and channel ask for: its language, its fields, and their lengths."""

from __future__ import annotations

from shopscribe.quality.context import GateContext
from shopscribe.quality.lang import detect_lang
from shopscribe.quality.report import Flag


def check_language(text: str, ctx: GateContext) -> list[Flag]:
    written = detect_lang(text)
    if written == ctx.lang:
        return []
    return [Flag("language", "block", 0, len(text), text[:40], f"written in {written}, the draft must be in {ctx.lang}")]


def check_fields(text: str, ctx: GateContext) -> list[Flag]:
    """A 'format' flag when the text does not read as the kind's fields, else a 'length' flag per field over its
    channel's limit."""
    try:
        fields = ctx.read_fields(text)
    except ValueError as exc:
        what = ctx.kind or "copy"
        return [Flag("format", "block", 0, len(text), text[:40], f"not usable as {what}: {exc}")]
    flags = []
    for name, limit in ctx.limits.items():
        values = fields.get(name)
        for value in values if isinstance(values, list) else [values]:
            value = value or ""
            size = limit.measure(value)
            if size <= limit.max:
                continue
            start = max(text.find(value), 0) if value else 0
            where = f"{ctx.channel} allows" if ctx.channel else "the limit is"
            flags.append(Flag("length", "block", start, start + len(value), value[:40],
                              f"{name} is {size} {limit.describe()} long; {where} at most {limit.max}"))
    return flags
