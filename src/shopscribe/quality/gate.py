"""The quality gate: run every check on a text and collect one CheckReport."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from shopscribe.quality import compliance, critic, duplicates, facts, injection, seo, voice
from shopscribe.quality.context import Context
from shopscribe.quality.lang import detect_lang
from shopscribe.quality.report import CheckReport, Flag

Check = Callable[[str, Context], list[Flag]]

# Product-independent checks run always; `fact` needs a product to compare against.
CHECKS: dict[str, Check] = {
    "compliance": compliance.check,
    "injection": injection.check,
    "seo": seo.check,
    "length": seo.check_length,
    "duplicate": duplicates.check,
    "fact": facts.check,
    "voice": voice.check,
}
NEEDS_PRODUCT = {"fact"}


def check_text(
    text: str,
    product: dict[str, Any] | None = None,
    *,
    kind: str | None = None,
    lang: str | None = None,
    channel: str | None = None,
    keywords: Sequence[str] | None = None,
    others: Sequence[str] | None = None,
    max_length: int | None = None,
    length_unit: str = "chars",
    banned_words: Sequence[str] | None = None,
    required_phrases: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
) -> CheckReport:
    """Check one text; without a product only the product-independent checks run."""
    ctx = Context(product=product, lang=lang or detect_lang(text), kind=kind, channel=channel,
                  keywords=list(keywords or []), others=list(others or []), max_length=max_length,
                  length_unit=length_unit, banned_words=list(banned_words or []),
                  required_phrases=list(required_phrases or []))
    flags: list[Flag] = []
    for name, check in CHECKS.items():
        if only is not None and name not in only:
            continue
        if name in NEEDS_PRODUCT and not product:
            continue
        flags += check(text, ctx)
    report = CheckReport([]).with_flags(flags)
    if (model := critic.current()) is not None:
        report.critic = model.probability(text)
    return report
