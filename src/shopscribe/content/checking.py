"""The gate as the pipeline and `shopscribe check` both see it: one context per product, kind and channel.

gate_context() is the only place a GateContext is assembled, so copy that `check` passes is never blocked by the
pipeline, and the reverse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator

from shopscribe import quality
from shopscribe.content.kinds import get_kind
from shopscribe.errors import UserError
from shopscribe.prompts import ShopProfile
from shopscribe.quality import critic


def gate_context(
    kind_name: str | None,
    lang: str,
    *,
    channel: str | None = None,
    product: dict[str, Any] | None = None,
    voice: ShopProfile | None = None,
    keywords: list[str] | None = None,
    others: list[str] | None = None,
    home: Path | None = None,
) -> quality.GateContext:
    """The context the gate judges copy of `kind_name` in `lang` with. Without a kind, copy is plain text with no
    channel limit; `home` brings the shop's trained critic, when there is one."""
    ctx = quality.GateContext(
        product=product, lang=lang, keywords=list(keywords or []), others=list(others or []),
        banned_words=list(voice.banned_words) if voice else [],
        required_phrases=list(voice.required_phrases) if voice else [],
        critic=critic.current(home) if home else None, home=home,
    )
    if kind_name:
        kind = get_kind(kind_name)
        ctx.kind = kind.name
        ctx.channel = kind.channel_for(lang, channel)
        ctx.limits = kind.limits(ctx.channel)
        ctx.read_fields = kind.read
    elif channel:
        raise UserError("--channel sets the limits of a kind of copy: give --kind as well")
    return ctx


class CheckRequest(BaseModel):
    """A text to run through the gate, as `shopscribe check` and POST /api/v1/check take it."""

    text: str
    product: dict[str, Any] | None = None  # the `export products` line shape
    kind: str | None = None
    channel: str | None = None
    lang: str | None = None  # zh | en; default: the language the text is written in
    keywords: list[str] = Field(default_factory=list)
    voice: ShopProfile | None = None  # the shop's profile (HOME/shop.toml)
    home: Path | None = None  # where the shop's critic lives

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        text = text.strip()
        if not text:
            raise UserError("no text to check: give a non-empty file or pipe text to `shopscribe check -`")
        return text

    @field_validator("lang")
    @classmethod
    def _lang(cls, lang: str | None) -> str | None:
        if lang not in (None, "zh", "en"):
            raise UserError(f"--lang must be zh or en, not '{lang}'")
        return lang

    @field_validator("product")
    @classmethod
    def _product(cls, product: dict[str, Any] | None) -> dict[str, Any] | None:
        if product is not None and not isinstance(product.get("attributes", {}), dict):
            raise UserError("the product's 'attributes' must be an object of name → value")
        return product


class CheckResult(BaseModel):
    passed: bool
    score: float
    lang: str
    kind: str | None
    channel: str | None
    flags: list[dict[str, Any]]


def check(req: CheckRequest) -> CheckResult:
    """Run the gate on one text with the same context the pipeline would use for that product and kind."""
    lang = req.lang or quality.detect_lang(req.text)
    ctx = gate_context(req.kind, lang, channel=req.channel, product=req.product, voice=req.voice,
                       keywords=req.keywords, home=req.home)
    report = quality.check_copy(req.text, ctx)
    return CheckResult(passed=report.passed, score=report.score, lang=lang, kind=ctx.kind, channel=ctx.channel,
                       flags=[f.to_dict() for f in report.flags])
