"""The quality gate: run every check on a text in one GateContext and collect one CheckReport.

`check_copy` is the one gate: `shopscribe check`, the pipeline and the web API all call it, with a context
built by the same function (content.gate_context), so copy one of them passes the others never block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from shopscribe.channels import Limit
from shopscribe.quality import compliance, duplicates, facts, injection, publishable, seo, shape, voice
from shopscribe.quality.context import GateContext
from shopscribe.quality.lang import detect_lang
from shopscribe.quality.report import CheckReport, Flag

Check = Callable[[str, GateContext], list[Flag]]

# Product-independent checks run always; `fact` needs a product to compare against. `fields` is the format
# check and, on copy of the right shape, the per-field length check.
CHECKS: dict[str, Check] = {
    "language": shape.check_language,
    "fields": shape.check_fields,
    "compliance": compliance.check,
    "injection": injection.check,
    "publishable": publishable.check,  # its flags are named by family: echo, escape, fragment, shape, category, …
    "seo": seo.check,
    "duplicate": duplicates.check,
    "fact": facts.check,
    "voice": voice.check,
}
NEEDS_PRODUCT = {"fact"}


def check_copy(text: str, ctx: GateContext, *, only: Sequence[str] | None = None) -> CheckReport:
    """Check one text; without a product only the product-independent checks run."""
    flags: list[Flag] = []
    for name, check in CHECKS.items():
        if only is not None and name not in only:
            continue
        if name in NEEDS_PRODUCT and not ctx.product:
            continue
        flags += check(text, ctx)
    report = CheckReport([]).with_flags(flags)
    if ctx.critic is not None:
        report.critic = ctx.critic.probability(text)
    return report


def check_text(
    text: str,
    product: dict[str, Any] | None = None,
    *,
    lang: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    limits: dict[str, Limit] | None = None,
    keywords: Sequence[str] | None = None,
    others: Sequence[str] | None = None,
    banned_words: Sequence[str] | None = None,
    required_phrases: Sequence[str] | None = None,
    home: Path | None = None,
    only: Sequence[str] | None = None,
) -> CheckReport:
    """check_copy for a text without a kind's shape (plain copy), the language taken from the text unless given."""
    ctx = GateContext(product=product, lang=lang or detect_lang(text), kind=kind, channel=channel,
                      limits=dict(limits or {}), keywords=list(keywords or []), others=list(others or []),
                      banned_words=list(banned_words or []), required_phrases=list(required_phrases or []),
                      home=home)
    return check_copy(text, ctx, only=only)
